//! NER decoding: a first-order model (each tag scored with the previous one) decoded by
//! Viterbi over legal BIO transitions, so "Daniels Pharmaceuticals Inc" comes out as one
//! organisation rather than a person followed by a company; and two passes over a document,
//! the second seeing what the first said of each name in every other sentence.

use super::{fixed, Context, DocHistory, Task, HISTORY_TYPES};
#[cfg(feature = "train")]
use crate::learn::perceptron::Trainer;
use crate::learn::perceptron::{argmax, feat, feat2, feat2_k, feat_k, Feature, Key, Model};

/// Emission features of word `i` that do not read the document history.
fn emission_static(cx: &Context, i: usize, out: &mut Vec<Feature>) {
    let f = fixed();
    let [prev2, prev, a, next, next2] = cx.window(i);
    let o = &cx.own[i];
    out.push(feat_k(0, f.empty));
    out.push(feat_k(1, a.norm));
    out.push(feat_k(2, a.word));
    out.push(feat_k(3, a.shape));
    out.push(feat_k(4, o.short_shape));
    for k in 1..=4 {
        out.push(feat_k(5 + k as u8, o.pre[k - 1]));
        out.push(feat_k(10 + k as u8, o.suf[k - 1]));
    }
    out.push(feat_k(24, prev.norm));
    out.push(feat_k(25, prev2.norm));
    out.push(feat_k(26, next.norm));
    out.push(feat_k(27, next2.norm));
    out.push(feat_k(28, prev.shape));
    out.push(feat_k(29, next.shape));
    out.push(feat2_k(30, prev.norm, a.norm));
    out.push(feat2_k(31, a.norm, next.norm));
    out.push(feat2_k(32, prev.shape, a.shape));
    out.push(feat2_k(33, a.shape, next.shape));
    out.push(feat2_k(34, if i == 0 { f.first } else { f.empty }, a.shape));
    out.push(feat2_k(35, prev.norm, next.shape));
    out.push(feat_k(36, next.word));
    out.push(feat_k(37, prev.word));
    for level in 0..3 {
        let b = 40 + 4 * level as u8;
        out.push(feat_k(b, a.cluster[level]));
        out.push(feat_k(b + 1, prev.cluster[level]));
        out.push(feat_k(b + 2, next.cluster[level]));
    }
    let name = cx.name_keys[i];
    let prev_name = if i > 0 { cx.name_keys[i - 1] } else { f.start };
    let next_name = cx.name_keys.get(i + 1).copied().unwrap_or(f.end);
    out.push(feat_k(64, name));
    out.push(feat2_k(65, name, a.shape));
    out.push(feat2_k(67, prev_name, name));
    out.push(feat2_k(68, name, next_name));
}

/// Emission features of word `i` that read the document history (what other sentences called
/// this word).
fn emission_history(cx: &Context, i: usize, out: &mut Vec<Feature>) {
    let hist = cx.hist_key(i);
    out.push(feat_k(60, hist));
    out.push(feat2_k(61, hist, cx.at(i as isize).shape));
    let before = if i > 0 {
        cx.hist_key(i - 1)
    } else {
        fixed().start
    };
    out.push(feat2_k(63, before, hist));
}

/// Transition features: word `i` conjoined with the previous tag `p1`, without history. With
/// `tabled`, those whose scores [`Tables`] hold are left out.
fn transition_static(cx: &Context, i: usize, p1: Key, tabled: bool, out: &mut Vec<Feature>) {
    let a = cx.at(i as isize);
    if !tabled {
        out.push(feat_k(20, p1));
    }
    out.push(feat2_k(22, p1, a.norm));
    out.push(feat2_k(23, p1, a.shape));
    if !tabled || cx.names[i] != NO_NAME {
        out.push(feat2_k(66, cx.name_keys[i], p1));
    }
}

/// The name-list value of a word no list names.
const NO_NAME: &str = "-";

/// Scores of the transition features whose values come from a small fixed set (the tag
/// bigram, the history value, the absent name), looked up once per document rather than once
/// per word and previous tag: `[value][p][y]`.
struct Tables {
    k: usize,
    bigram: Vec<f32>,
    no_name: Vec<f32>,
    /// Indexed by [`super::history_index`].
    history: Vec<f32>,
}

impl Tables {
    fn new(model: &Model) -> Tables {
        let classes = model.classes();
        let k = classes.len();
        let table = |f: &dyn Fn(&str) -> Feature| {
            let mut t = vec![0f32; (k + 1) * k];
            for p in 0..=k {
                model.score(&[f(tag_name(classes, p))], &mut t[p * k..(p + 1) * k]);
            }
            t
        };
        let bigram = table(&|p| feat(20, p));
        let no_name = table(&|p| feat2(66, NO_NAME, p));
        let mut history = Vec::with_capacity((HISTORY_TYPES.len() + 1) * (k + 1) * k);
        for h in std::iter::once("-").chain(HISTORY_TYPES) {
            history.extend(table(&|p| feat2(62, h, p)));
        }
        Tables {
            k,
            bigram,
            no_name,
            history,
        }
    }

    /// Adds the tabled static transition scores of word `i` after `p` to `t`.
    fn add_static(&self, cx: &Context, i: usize, p: usize, t: &mut [f32]) {
        let k = self.k;
        let row = p * k..(p + 1) * k;
        for (t, b) in t.iter_mut().zip(&self.bigram[row.clone()]) {
            *t += b;
        }
        if cx.names[i] == NO_NAME {
            for (t, b) in t.iter_mut().zip(&self.no_name[row]) {
                *t += b;
            }
        }
    }

    /// The history transition scores of word `i` after `p`.
    fn history(&self, cx: &Context, i: usize, p: usize) -> &[f32] {
        let k = self.k;
        let at = (cx.hist[i] * (k + 1) + p) * k;
        &self.history[at..at + k]
    }
}

/// The history feature conjoined with the previous tag.
fn transition_history(cx: &Context, i: usize, p1: Key, out: &mut Vec<Feature>) {
    out.push(feat2_k(62, cx.hist_key(i), p1));
}

#[cfg(feature = "train")]
/// Every emission feature of word `i` (for training updates).
fn emission(cx: &Context, i: usize, out: &mut Vec<Feature>) {
    out.clear();
    emission_static(cx, i, out);
    emission_history(cx, i, out);
}

#[cfg(feature = "train")]
/// Every transition feature of word `i` after `p1` (for training updates).
fn transition(cx: &Context, i: usize, p1: Key, out: &mut Vec<Feature>) {
    out.clear();
    transition_static(cx, i, p1, false, out);
    transition_history(cx, i, p1, out);
}

/// Which tag may follow which: `allowed[prev * k + tag]`, with `prev == k` the sentence start.
/// An `I-X` only continues a `B-X` or an `I-X`.
pub(super) fn allowed_transitions(classes: &[String]) -> Vec<bool> {
    let k = classes.len();
    let mut allowed = vec![true; (k + 1) * k];
    for (y, tag) in classes.iter().enumerate() {
        let Some(ty) = tag.strip_prefix("I-") else {
            continue;
        };
        for p in 0..=k {
            allowed[p * k + y] = p < k
                && (classes[p].strip_prefix("B-") == Some(ty)
                    || classes[p].strip_prefix("I-") == Some(ty));
        }
    }
    allowed
}

/// A sentence's scores from the features that do not read the document history, kept so a
/// second pass with new history costs only the history features.
struct Lattice {
    k: usize,
    /// `[i][y]`.
    emit: Vec<f32>,
    /// `[i][p][y]`, `p == k` the sentence start (the only previous tag at `i == 0`).
    trans: Vec<f32>,
}

fn previous(i: usize, k: usize) -> std::ops::Range<usize> {
    if i == 0 {
        k..k + 1
    } else {
        0..k
    }
}

fn tag_name(classes: &[String], p: usize) -> &str {
    classes.get(p).map_or("<s>", String::as_str)
}

impl Lattice {
    fn new(
        cx: &Context,
        classes: &[String],
        tags: &[Key],
        tables: Option<&Tables>,
        score: &mut impl FnMut(&[Feature], &[usize], &mut [f32]),
    ) -> Lattice {
        let (len, k) = (cx.words.len(), classes.len());
        let mut emit = vec![0f32; len * k];
        let mut trans = vec![0f32; len * (k + 1) * k];
        let mut feats = Vec::with_capacity(64);
        let mut ends = Vec::with_capacity(k + 1);
        for i in 0..len {
            feats.clear();
            emission_static(cx, i, &mut feats);
            score(&feats, &[feats.len()], &mut emit[i * k..(i + 1) * k]);
            // every previous tag's features in one call: their lookups overlap
            feats.clear();
            ends.clear();
            for p in previous(i, k) {
                transition_static(cx, i, tags[p], tables.is_some(), &mut feats);
                ends.push(feats.len());
            }
            let first = (i * (k + 1) + previous(i, k).start) * k;
            score(&feats, &ends, &mut trans[first..first + ends.len() * k]);
            if let Some(tables) = tables {
                for p in previous(i, k) {
                    let at = (i * (k + 1) + p) * k;
                    tables.add_static(cx, i, p, &mut trans[at..at + k]);
                }
            }
        }
        Lattice { k, emit, trans }
    }

    /// Adds the history features of `cx` and returns the best legal tag sequence.
    fn decode(
        &self,
        cx: &Context,
        tags: &[Key],
        allowed: &[bool],
        tables: Option<&Tables>,
        score: &mut impl FnMut(&[Feature], &[usize], &mut [f32]),
    ) -> Vec<usize> {
        let (len, k) = (cx.words.len(), self.k);
        if len == 0 || k == 0 {
            return Vec::new();
        }
        let mut feats = Vec::with_capacity(8);
        let mut e = vec![0f32; k];
        let mut t = vec![0f32; k];
        let mut delta = vec![f32::NEG_INFINITY; len * k];
        let mut back = vec![0u16; len * k];
        for i in 0..len {
            feats.clear();
            emission_history(cx, i, &mut feats);
            score(&feats, &[feats.len()], &mut e);
            for (e, s) in e.iter_mut().zip(&self.emit[i * k..(i + 1) * k]) {
                *e += s;
            }
            for p in previous(i, k) {
                let dp = if i == 0 { 0.0 } else { delta[(i - 1) * k + p] };
                if dp == f32::NEG_INFINITY {
                    continue;
                }
                match tables {
                    Some(tables) => t.copy_from_slice(tables.history(cx, i, p)),
                    None => {
                        feats.clear();
                        transition_history(cx, i, tags[p], &mut feats);
                        score(&feats, &[feats.len()], &mut t);
                    }
                }
                let at = (i * (k + 1) + p) * k;
                for y in 0..k {
                    if !allowed[p * k + y] {
                        continue;
                    }
                    let s = dp + e[y] + t[y] + self.trans[at + y];
                    if s > delta[i * k + y] {
                        delta[i * k + y] = s;
                        back[i * k + y] = p as u16;
                    }
                }
            }
        }
        let mut y = argmax(&delta[(len - 1) * k..]);
        let mut out = vec![0; len];
        for i in (0..len).rev() {
            out[i] = y;
            if i > 0 {
                y = back[i * k + y] as usize;
            }
        }
        out
    }
}

fn names<'c>(classes: &'c [String], tags: &[usize]) -> Vec<&'c str> {
    tags.iter().map(|&t| classes[t].as_str()).collect()
}

/// Tags a document: a first pass sentence by sentence with the history of earlier sentences,
/// then a second pass in which each sentence sees the first pass's tags of all the others.
///
/// `history` holds what earlier parts of the same document said (empty for a whole document);
/// on return it also holds this part's first-pass tags, for the next part.
pub(super) fn tag_document(
    model: &Model,
    tags: &[Key],
    sentences: &[Vec<&str>],
    history: &mut DocHistory,
) -> Vec<Vec<usize>> {
    let classes = model.classes();
    let allowed = allowed_transitions(classes);
    let tables = Tables::new(model);
    let tables = Some(&tables);
    let mut score =
        |f: &[Feature], ends: &[usize], out: &mut [f32]| model.score_groups(f, ends, out);
    let mut state = Vec::with_capacity(sentences.len());
    for words in sentences {
        let cx = Context::new(words, Task::Ner, Some(history));
        let lattice = Lattice::new(&cx, classes, tags, tables, &mut score);
        let found = lattice.decode(&cx, tags, &allowed, tables, &mut score);
        history.record(words, &names(classes, &found));
        state.push((cx, lattice, found));
    }
    if state.len() < 2 {
        return state.into_iter().map(|(_, _, found)| found).collect();
    }
    state
        .iter_mut()
        .map(|(cx, lattice, first)| {
            let first = names(classes, first);
            history.forget(cx.words, &first);
            cx.set_history(history);
            let found = lattice.decode(cx, tags, &allowed, tables, &mut score);
            history.record(cx.words, &first);
            found
        })
        .collect()
}

#[cfg(feature = "train")]
/// One structured-perceptron step on a sentence: decodes with the current weights and, where
/// the best sequence differs from `gold`, moves the weights of the features on both paths.
/// Returns the decoded tags (the document history records them, as it will at run time).
pub(super) fn train_sentence(
    trainer: &mut Trainer,
    cx: &Context,
    classes: &[String],
    tags: &[Key],
    allowed: &[bool],
    gold: &[usize],
) -> Vec<usize> {
    let pred = {
        let mut score = |f: &[Feature], ends: &[usize], out: &mut [f32]| {
            let k = out.len() / ends.len().max(1);
            let mut start = 0;
            for (&end, out) in ends.iter().zip(out.chunks_mut(k)) {
                out.copy_from_slice(trainer.scores(&f[start..end]));
                start = end;
            }
        };
        let lattice = Lattice::new(cx, classes, tags, None, &mut score);
        lattice.decode(cx, tags, allowed, None, &mut score)
    };
    for _ in 0..pred.len() {
        trainer.advance();
    }
    let mut feats = Vec::with_capacity(64);
    for i in 0..pred.len() {
        if pred[i] != gold[i] {
            emission(cx, i, &mut feats);
            trainer.adjust(&feats, gold[i], 1.0);
            trainer.adjust(&feats, pred[i], -1.0);
        }
        if pred[i] != gold[i] || (i > 0 && pred[i - 1] != gold[i - 1]) {
            let before = |seq: &[usize]| if i == 0 { classes.len() } else { seq[i - 1] };
            transition(cx, i, tags[before(gold)], &mut feats);
            trainer.adjust(&feats, gold[i], 1.0);
            transition(cx, i, tags[before(&pred)], &mut feats);
            trainer.adjust(&feats, pred[i], -1.0);
        }
    }
    pred
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabled_scores_match_the_features_they_replace() {
        let model = &crate::tag::embedded_ner().model;
        let classes = model.classes();
        let allowed = allowed_transitions(classes);
        let tables = Tables::new(model);
        let words = [
            "Daniels",
            "Pharmaceuticals",
            "Inc",
            "of",
            "St.",
            "Petersburg",
            "said",
            "Putin",
            "met",
            "Xi",
            "in",
            "Beijing",
            ".",
        ];
        let mut history = DocHistory::default();
        history.record(&["Putin", "Xi"], &["B-PER", "O"]);
        let cx = Context::new(&words, Task::Ner, Some(&history));
        let mut score =
            |f: &[Feature], ends: &[usize], out: &mut [f32]| model.score_groups(f, ends, out);
        let tags = crate::tag::tag_keys(classes);
        let plain = Lattice::new(&cx, classes, &tags, None, &mut score);
        let tabled = Lattice::new(&cx, classes, &tags, Some(&tables), &mut score);
        for (a, b) in plain.trans.iter().zip(&tabled.trans) {
            assert!((a - b).abs() < 1e-3, "{a} vs {b}");
        }
        assert_eq!(
            plain.decode(&cx, &tags, &allowed, None, &mut score),
            tabled.decode(&cx, &tags, &allowed, Some(&tables), &mut score)
        );
    }

    #[test]
    fn inside_tags_only_continue_their_type() {
        let classes: Vec<String> = ["B-ORG", "B-PER", "I-ORG", "I-PER", "O"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let a = allowed_transitions(&classes);
        let k = classes.len();
        let ok = |p: usize, y: usize| a[p * k + y];
        assert!(ok(0, 2)); // B-ORG → I-ORG
        assert!(ok(2, 2)); // I-ORG → I-ORG
        assert!(!ok(1, 2)); // B-PER → I-ORG
        assert!(!ok(4, 3)); // O → I-PER
        assert!(!ok(k, 2)); // start → I-ORG
        assert!(ok(k, 1) && ok(3, 0) && ok(4, 4));
    }
}
