//! Tag: part-of-speech and named-entity taggers, greedy averaged perceptrons over hashed
//! features of the word, its shape and affixes, its neighbours and the tags already assigned.
//!
//! Models are versioned artifacts (`artifacts/pos-ud-en.ngl`, `artifacts/ner-conll.ngl`) built by
//! `newsgraph train`, compiled in, and loaded from bytes.

pub mod clusters;
#[cfg(any(feature = "train", feature = "eval"))]
pub mod corpus;
pub mod lexicon;
pub mod names;
mod ner;

use std::borrow::Cow;

use crate::error::Result;
use crate::learn::perceptron::{argmax, feat2_k, feat_k, Feature, Key, Model};
#[cfg(feature = "train")]
use crate::learn::perceptron::{Rng, Trainer, Weights};

/// Which tagging task a model does; fixes its features and artifact magic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Universal POS tags (UD).
    Pos,
    /// BIO entity tags (PER, ORG, LOC, MISC).
    Ner,
}

impl Task {
    fn magic(self) -> [u8; 4] {
        match self {
            Task::Pos => *b"NGPS",
            Task::Ner => *b"NGNR",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Task::Pos => "POS model",
            Task::Ner => "NER model",
        }
    }

    /// Artifact version: 4 stores each model as its compiled scoring table (NER's 3 was the
    /// first first-order model, POS's 3 the first with a stacked second stage).
    fn version(self) -> u16 {
        match self {
            Task::Pos => 4,
            Task::Ner => 4,
        }
    }
}

/// The UPOS tagger compiled into the binary (trained on UD English EWT + GUM train).
pub fn embedded_pos() -> &'static Tagger {
    static MODEL: std::sync::OnceLock<Tagger> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        Tagger::from_bytes(Task::Pos, crate::artifact::embedded::POS)
            .expect("the embedded POS model is valid: checked by its tests")
    })
}

/// The NER tagger compiled into the binary (trained on CoNLL-2003 train).
pub fn embedded_ner() -> &'static Tagger {
    static MODEL: std::sync::OnceLock<Tagger> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        Tagger::from_bytes(Task::Ner, crate::artifact::embedded::NER)
            .expect("the embedded NER model is valid: checked by its tests")
    })
}

/// A trained sequence tagger.
#[derive(Debug, Clone)]
pub struct Tagger {
    task: Task,
    model: Model,
    /// POS's second stage: reads the first stage's tags to the right of each word.
    second: Option<Model>,
    /// Keys of the tag names ([`tag_keys`]), hashed once per model, not once per sentence.
    tags: Vec<Key>,
}

/// Lower-cases and maps digits to `0`, so "1996" and "2023" share a feature (the parser's
/// word features too).
pub(crate) fn norm(w: &str) -> Cow<'_, str> {
    if w.bytes()
        .all(|b| b.is_ascii_lowercase() || b == b'-' || b == b'\'')
    {
        return Cow::Borrowed(w);
    }
    Cow::Owned(
        w.chars()
            .flat_map(char::to_lowercase)
            .map(|c| if c.is_ascii_digit() { '0' } else { c })
            .collect(),
    )
}

/// Whether lower-casing `word` may change it (cheap: no allocation), so a lookup that
/// falls back to the lower case tries it only then.
pub(crate) fn lower_case_differs(word: &str) -> bool {
    !word.is_ascii() || word.bytes().any(|b| b.is_ascii_uppercase())
}

/// Word shape: `Xx`, `XX`, `d`, `x-x`... runs of the same class collapsed (`short`) or capped at 3.
#[cfg(test)]
fn shape(w: &str, short: bool) -> String {
    let mut s = String::with_capacity(8);
    shape_into(w, short, &mut s);
    s
}

/// [`shape`] into a reused buffer.
pub(crate) fn shape_into(w: &str, short: bool, s: &mut String) {
    s.clear();
    let mut last = ' ';
    let mut run = 0;
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
            if short || run >= 3 {
                continue;
            }
        } else {
            run = 0;
        }
        last = k;
        s.push(k);
    }
}

pub(crate) fn suffix(w: &str, n: usize) -> &str {
    let start = w
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &w[start..]
}

fn prefix(w: &str, n: usize) -> &str {
    let end = w.char_indices().nth(n).map_or(w.len(), |(i, _)| i);
    &w[..end]
}

/// Gazetteer kinds of the longest listed name covering each word, as feature values
/// (`B:city`, `I:person:org`, `-`).
fn name_features(words: &[&str]) -> Vec<String> {
    names::NameLists::embedded()
        .annotate(words)
        .into_iter()
        .map(|(bits, begins)| {
            if bits == 0 {
                return "-".to_string();
            }
            let mut v = String::from(if begins { "B" } else { "I" });
            for (k, n) in names::kind::NAMES.iter().enumerate() {
                if bits & (1 << k) != 0 {
                    v.push(':');
                    v.push_str(n);
                }
            }
            v
        })
        .collect()
}

/// Keys of the fixed feature values.
struct Fixed {
    empty: Key,
    first: Key,
    /// `<s>`: before the sentence, and the previous tag of its first word.
    start: Key,
    /// `</s>`: after the sentence.
    end: Key,
    /// The history values, by [`history_index`].
    hist: [Key; 6],
    /// Positions before and after the sentence.
    before: At,
    after: At,
    /// The cluster ids of a word the clusters do not know.
    no_cluster: [Key; 3],
}

fn fixed() -> &'static Fixed {
    static FIXED: std::sync::OnceLock<Fixed> = std::sync::OnceLock::new();
    FIXED.get_or_init(|| Fixed {
        empty: Key::of(""),
        first: Key::of("first"),
        start: Key::of("<s>"),
        end: Key::of("</s>"),
        hist: std::array::from_fn(|k| Key::of(if k == 0 { "-" } else { HISTORY_TYPES[k - 1] })),
        before: At::sentinel("<s>", u16::MAX - 1),
        after: At::sentinel("</s>", u16::MAX - 2),
        no_cluster: [cluster_key(u16::MAX); 3],
    })
}

/// The key of a cluster id, as its decimal digits. Ids below 1,024 (every cluster, Brown
/// cluster and lexicon bin) come from a table, hashed once: a few lookups per word per tagger.
pub(crate) fn cluster_key(id: u16) -> Key {
    static TABLE: std::sync::OnceLock<Vec<Key>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| (0..1024).map(decimal_key).collect());
    table
        .get(usize::from(id))
        .copied()
        .unwrap_or_else(|| decimal_key(id))
}

fn decimal_key(id: u16) -> Key {
    Key::of(decimal(id, &mut [0u8; 5]))
}

/// A document-history value as an index: 0 for "-", then [`HISTORY_TYPES`] in order.
fn history_index(value: &str) -> usize {
    HISTORY_TYPES
        .iter()
        .position(|t| *t == value)
        .map_or(0, |k| k + 1)
}

/// The keys of tag names, and `<s>` after them (the previous tag of a sentence's first word).
fn tag_keys(classes: &[String]) -> Vec<Key> {
    classes
        .iter()
        .map(|c| Key::of(c))
        .chain(std::iter::once(fixed().start))
        .collect()
}

/// What the features read of one position, neighbours' features included; positions outside
/// the sentence hold the sentinels' keys.
#[derive(Debug, Clone, Copy, Default)]
struct At {
    norm: Key,
    /// The last three characters of `norm`.
    norm_suf3: Key,
    shape: Key,
    word: Key,
    cluster: [Key; 3],
    /// The web lexicon's Brown cluster ids, frequency and casing bins (POS only).
    brown: [Key; 3],
    freq: Key,
    case: Key,
}

impl At {
    /// A position outside the sentence: every value is the sentinel.
    fn sentinel(value: &str, cluster: u16) -> At {
        At {
            norm: Key::of(value),
            norm_suf3: Key::of(suffix(value, 3)),
            shape: Key::of(value),
            word: Key::of(value),
            cluster: [cluster_key(cluster); 3],
            brown: [cluster_key(cluster); 3],
            freq: cluster_key(cluster),
            case: cluster_key(cluster),
        }
    }
}

/// What the features read only of the word itself.
#[derive(Debug, Clone, Copy, Default)]
struct Own {
    /// The word's first character.
    initial: Key,
    short_shape: Key,
    /// The normalised form's last 1 to 4 characters.
    suf: [Key; 4],
    /// The normalised form's first 1 to 4 characters.
    pre: [Key; 4],
}

/// Sentinel positions on each side of [`Context::at`].
const PAD: usize = 2;

/// Per-sentence context precomputed once: the keys of every feature value, so a feature
/// hashes with integer arithmetic alone, and NER's name-list and history values.
struct Context<'a> {
    words: &'a [&'a str],
    /// What earlier sentences of the document called each word (NER's non-local feature),
    /// as a [`history_index`].
    hist: Vec<usize>,
    /// Gazetteer kinds of the longest listed name covering each word, as a feature value.
    names: Vec<String>,
    name_keys: Vec<Key>,
    /// Positions `-PAD..n + PAD`.
    at: Vec<At>,
    own: Vec<Own>,
}

impl<'a> Context<'a> {
    /// Only NER reads the document history, the name lists and the word as written, so only
    /// NER pays for them.
    fn new(words: &'a [&'a str], task: Task, history: Option<&DocHistory>) -> Self {
        let ner = task == Task::Ner;
        let f = fixed();
        let hist: Vec<usize> = if ner {
            words
                .iter()
                .map(|w| history.map_or(0, |h| history_index(h.lookup(w))))
                .collect()
        } else {
            Vec::new()
        };
        let names = if ner {
            name_features(words)
        } else {
            Vec::new()
        };
        let c = clusters::Clusters::embedded();
        let web = (!ner).then(lexicon::Lexicon::embedded);
        let mut at = Vec::with_capacity(words.len() + 2 * PAD);
        at.extend([f.before; PAD]);
        let mut own = Vec::with_capacity(words.len());
        let mut buf = String::new();
        for w in words {
            let n = norm(w);
            let lx = web.map_or(lexicon::Lookup::NONE, |l| l.get(w));
            shape_into(w, false, &mut buf);
            at.push(At {
                norm: Key::of(&n),
                norm_suf3: Key::of(suffix(&n, 3)),
                shape: Key::of(&buf),
                word: if ner { Key::of(w) } else { Key::default() },
                cluster: c.get(w).map_or(f.no_cluster, |ids| ids.map(cluster_key)),
                brown: lx.brown.map_or(f.no_cluster, |ids| ids.map(cluster_key)),
                freq: lx.freq.map_or(f.no_cluster[0], cluster_key),
                case: lx.case.map_or(f.no_cluster[0], cluster_key),
            });
            shape_into(w, true, &mut buf);
            own.push(Own {
                initial: Key::of(prefix(w, 1)),
                short_shape: Key::of(&buf),
                suf: std::array::from_fn(|k| Key::of(suffix(&n, k + 1))),
                pre: std::array::from_fn(|k| Key::of(prefix(&n, k + 1))),
            });
        }
        at.extend([f.after; PAD]);
        Context {
            hist,
            name_keys: names.iter().map(|n| Key::of(n)).collect(),
            names,
            words,
            at,
            own,
        }
    }

    /// Keys of position `i` (within `PAD` of the sentence).
    #[inline]
    fn at(&self, i: isize) -> &At {
        &self.at[(i + PAD as isize) as usize]
    }

    /// Keys of word `i` and of the two positions on each side:
    /// `[i - 2, i - 1, i, i + 1, i + 2]`.
    #[inline]
    fn window(&self, i: usize) -> [&At; 5] {
        std::array::from_fn(|k| &self.at[i + k])
    }

    /// Replaces the document history each word reads.
    fn set_history(&mut self, history: &DocHistory) {
        self.hist = self
            .words
            .iter()
            .map(|w| history_index(history.lookup(w)))
            .collect();
    }

    /// The key of what earlier sentences called word `i`.
    #[inline]
    fn hist_key(&self, i: usize) -> Key {
        fixed().hist[self.hist[i]]
    }
}

fn pos_features(cx: &Context, i: usize, p1: Key, p2: Key, out: &mut Vec<Feature>) {
    out.clear();
    let f = fixed();
    let [prev2, prev, a, next, next2] = cx.window(i);
    let o = &cx.own[i];
    out.push(feat_k(0, f.empty));
    out.push(feat_k(1, a.norm));
    out.push(feat_k(2, a.norm_suf3));
    out.push(feat_k(3, o.initial));
    out.push(feat_k(4, p1));
    out.push(feat2_k(5, p2, p1));
    out.push(feat2_k(6, p1, a.norm));
    out.push(feat_k(7, prev.norm));
    out.push(feat_k(8, prev.norm_suf3));
    out.push(feat_k(9, prev2.norm));
    out.push(feat_k(10, next.norm));
    out.push(feat_k(11, next.norm_suf3));
    out.push(feat_k(12, next2.norm));
    out.push(feat_k(13, o.short_shape));
    out.push(feat_k(14, o.suf[1]));
    out.push(feat_k(15, o.suf[3]));
    out.push(feat_k(16, o.pre[2]));
    out.push(feat2_k(17, prev.norm, a.norm));
    out.push(feat2_k(18, a.norm, next.norm));
    out.push(feat2_k(19, if i == 0 { f.first } else { f.empty }, a.shape));
    out.push(feat_k(20, o.suf[0]));
    out.push(feat_k(21, a.shape));
    // cluster ids of the word and its neighbours at three granularities
    for level in 0..3 {
        let b = 22 + 4 * level as u8;
        out.push(feat_k(b, a.cluster[level]));
        out.push(feat_k(b + 1, prev.cluster[level]));
        out.push(feat_k(b + 2, next.cluster[level]));
        out.push(feat2_k(b + 3, p1, a.cluster[level]));
    }
    // the web lexicon: Brown clusters, frequency and casing
    out.push(feat_k(34, a.brown[0]));
    out.push(feat_k(35, a.brown[1]));
    out.push(feat_k(36, a.brown[2]));
    out.push(feat_k(37, prev.brown[2]));
    out.push(feat_k(38, next.brown[2]));
    out.push(feat2_k(39, p1, a.brown[2]));
    out.push(feat_k(40, a.freq));
    out.push(feat_k(41, a.case));
    out.push(feat2_k(42, a.case, o.short_shape));
    out.push(feat2_k(43, a.case, p1));
    out.push(feat2_k(44, a.case, if i == 0 { f.first } else { f.empty }));
    out.push(feat_k(45, next.case));
    out.push(feat_k(46, prev.case));
    out.push(feat2_k(47, a.case, a.brown[2]));
}

/// `v` in decimal, as `v.to_string()` writes it, without allocating (a per-token hot path).
fn decimal(mut v: u16, buf: &mut [u8; 5]) -> &str {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[at..]).expect("ASCII digits")
}

/// Features of the first stage's tags around word `i` (POS's second stage).
fn stacked_features(
    cx: &Context,
    ahead: &[usize],
    tags: &[Key],
    i: usize,
    p1: Key,
    out: &mut Vec<Feature>,
) {
    let t = |j: usize| ahead.get(j).map_or(fixed().end, |&k| tags[k]);
    let a = cx.at(i as isize);
    out.push(feat2_k(95, t(i + 1), a.norm));
    out.push(feat2_k(96, t(i), a.norm));
    out.push(feat2_k(97, t(i + 1), a.norm_suf3));
    out.push(feat_k(90, t(i + 1)));
    out.push(feat_k(91, t(i + 2)));
    out.push(feat2_k(92, t(i + 1), t(i + 2)));
    out.push(feat2_k(93, p1, t(i + 1)));
    out.push(feat_k(94, t(i)));
}

/// All POS features of word `i`; `tags` are the keys of the tag names ([`tag_keys`]).
fn pos_all(
    cx: &Context,
    ahead: Option<&[usize]>,
    tags: &[Key],
    i: usize,
    prev: &[usize],
    out: &mut Vec<Feature>,
) {
    let p = |back: usize| {
        if i >= back {
            tags[prev[i - back]]
        } else {
            fixed().start
        }
    };
    pos_features(cx, i, p(1), p(2), out);
    if let Some(ahead) = ahead {
        stacked_features(cx, ahead, tags, i, p(1), out);
    }
}

/// Greedy left-to-right decoding with `model`, whose tag names' keys are `tags`.
fn greedy(model: &Model, tags: &[Key], cx: &Context, ahead: Option<&[usize]>) -> Vec<usize> {
    let mut scores = vec![0f32; model.classes().len()];
    let mut feats = Vec::with_capacity(56);
    let mut out: Vec<usize> = Vec::with_capacity(cx.words.len());
    for i in 0..cx.words.len() {
        pos_all(cx, ahead, tags, i, &out, &mut feats);
        model.score(&feats, &mut scores);
        out.push(argmax(&scores));
    }
    out
}

/// Entity types that earlier sentences of a document gave each capitalised word, so a name
/// is tagged consistently through an article (Ratinov & Roth's prediction history).
#[derive(Debug, Clone, Default)]
pub struct DocHistory {
    seen: rustc_hash::FxHashMap<String, [u16; 5]>,
}

/// History is kept per lower-cased word, so an all-capitals headline ("JAPAN") and the body
/// ("Japan") share it.
fn history_key(word: &str) -> Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

pub(crate) const HISTORY_TYPES: [&str; 5] = ["PER", "ORG", "LOC", "MISC", "O"];

impl DocHistory {
    /// The type most often given to `word` so far ("-" when never seen).
    fn lookup(&self, word: &str) -> &'static str {
        if !word.starts_with(char::is_uppercase) {
            return "-";
        }
        match self.seen.get(history_key(word).as_ref()) {
            None => "-",
            Some(c) if c.iter().all(|&x| x == 0) => "-",
            Some(c) => {
                let best = (0..5).max_by_key(|&k| (c[k], 5 - k)).unwrap_or(4);
                HISTORY_TYPES[best]
            }
        }
    }

    /// Records a tagged sentence.
    pub fn record(&mut self, words: &[&str], tags: &[&str]) {
        self.count(words, tags, true);
    }

    /// Takes a recorded sentence back out (so a second pass sees only the other sentences).
    pub fn forget(&mut self, words: &[&str], tags: &[&str]) {
        self.count(words, tags, false);
    }

    fn count(&mut self, words: &[&str], tags: &[&str], add: bool) {
        for (w, t) in words.iter().zip(tags) {
            if !w.starts_with(char::is_uppercase) {
                continue;
            }
            let ty = t.split_once('-').map_or("O", |(_, ty)| ty);
            let k = HISTORY_TYPES.iter().position(|x| *x == ty).unwrap_or(4);
            let c = self.seen.entry(history_key(w).into_owned()).or_default();
            c[k] = if add {
                c[k].saturating_add(1)
            } else {
                c[k].saturating_sub(1)
            };
        }
    }
}

impl Tagger {
    /// Loads a tagger artifact.
    ///
    /// # Errors
    /// A wrong magic or version (e.g. a NER model given as POS), or a malformed payload.
    pub fn from_bytes(task: Task, bytes: &[u8]) -> Result<Self> {
        let name = task.name();
        let p = crate::artifact::decode(name, task.magic(), task.version(), bytes)?;
        let mut at = 0;
        let model = Model::read_payload(name, &p, &mut at)?;
        let second = match p.get(at) {
            Some(1) => {
                at += 1;
                Some(Model::read_payload(name, &p, &mut at)?)
            }
            Some(0) => {
                at += 1;
                None
            }
            _ => None,
        };
        let second_fits = second
            .as_ref()
            .is_none_or(|s| s.classes() == model.classes());
        if at != p.len() || !second_fits {
            return Err(crate::error::Error::Artifact {
                name,
                reason: "malformed second stage".into(),
            });
        }
        Ok(Tagger::new(task, model, second))
    }

    fn new(task: Task, model: Model, second: Option<Model>) -> Tagger {
        Tagger {
            tags: tag_keys(model.classes()),
            task,
            model,
            second,
        }
    }

    #[cfg(any(feature = "build", feature = "train"))]
    /// Serialises the tagger as an artifact.
    ///
    /// # Errors
    /// Compression failure.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        // payload: the model, then (POS) a flag byte and the second stage
        let mut p = Vec::new();
        self.model.write_payload(&mut p);
        if self.task != Task::Ner {
            match &self.second {
                Some(second) => {
                    p.push(1);
                    second.write_payload(&mut p);
                }
                None => p.push(0),
            }
        }
        crate::artifact::encode(self.task.magic(), self.task.version(), &p)
    }

    /// A copy without weights below `threshold` (see [`Model::pruned`]).
    pub fn pruned(&self, threshold: f32) -> Tagger {
        Tagger::new(
            self.task,
            self.model.pruned(threshold),
            self.second.as_ref().map(|s| s.pruned(threshold)),
        )
    }

    /// The tag set.
    pub fn classes(&self) -> &[String] {
        self.model.classes()
    }

    /// Number of features in the model (both stages).
    pub fn features(&self) -> usize {
        self.model.features() + self.second.as_ref().map_or(0, Model::features)
    }

    /// Tags one sentence of words; returns class indices into [`Tagger::classes`].
    pub fn tag(&self, words: &[&str]) -> Vec<usize> {
        match self.task {
            Task::Pos => self.tag_pos(words),
            Task::Ner => ner::tag_document(
                &self.model,
                &self.tags,
                &[words.to_vec()],
                &mut DocHistory::default(),
            )
            .pop()
            .unwrap_or_default(),
        }
    }

    /// Tags a document's sentences. NER reads the document: names are tagged consistently
    /// through it (see [`DocHistory`]), in two passes so early sentences learn from later ones.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<usize>> {
        self.tag_document_part(sentences, &mut DocHistory::default())
    }

    /// Tags one part of a long document whose earlier parts left `history` (NER; the other
    /// tasks read no history): what a windowed analysis calls, window by window.
    pub fn tag_document_part(
        &self,
        sentences: &[Vec<&str>],
        history: &mut DocHistory,
    ) -> Vec<Vec<usize>> {
        match self.task {
            Task::Pos => sentences.iter().map(|w| self.tag(w)).collect(),
            Task::Ner => ner::tag_document(&self.model, &self.tags, sentences, history),
        }
    }

    /// POS: greedy left to right, twice when the model has a second stage (which also reads
    /// the first stage's tags of the next words).
    fn tag_pos(&self, words: &[&str]) -> Vec<usize> {
        let cx = Context::new(words, self.task, None);
        let first = greedy(&self.model, &self.tags, &cx, None);
        match &self.second {
            Some(second) => greedy(second, &self.tags, &cx, Some(&first)),
            None => first,
        }
    }

    #[cfg(feature = "train")]
    /// Trains a tagger on `(words, tags)` sentences for `epochs` passes, shuffling with `seed`:
    /// `ensemble` models on seeds `seed`, `seed + 1`..., in parallel, whose mean it keeps.
    /// `on_epoch(member, epoch, training accuracy)` is called after each pass.
    /// `doc_of[i]` is the document of sentence `i` (sentences of a document are contiguous);
    /// documents are shuffled whole, so the NER history features see real document order.
    ///
    /// # Errors
    /// More tags than a model holds.
    #[allow(clippy::too_many_arguments)]
    pub fn train(
        task: Task,
        sentences: &[(Vec<String>, Vec<String>)],
        doc_of: &[usize],
        epochs: usize,
        seed: u64,
        prune: f32,
        ensemble: u64,
        on_epoch: impl Fn(u64, usize, f64) + Sync,
    ) -> Result<Tagger> {
        use rayon::prelude::*;
        let mut classes: Vec<String> = sentences
            .iter()
            .flat_map(|(_, t)| t.iter().cloned())
            .collect();
        classes.sort();
        classes.dedup();
        let class_id = |t: &str| {
            classes
                .binary_search_by(|c| c.as_str().cmp(t))
                .expect("known class")
        };
        let gold: Vec<Vec<usize>> = sentences
            .iter()
            .map(|(_, tags)| tags.iter().map(|t| class_id(t)).collect())
            .collect();
        let mut docs: Vec<Vec<usize>> = Vec::new();
        for (i, &d) in doc_of.iter().enumerate().take(sentences.len()) {
            if i == 0 || d != doc_of[i - 1] {
                docs.push(Vec::new());
            }
            docs.last_mut().expect("pushed").push(i);
        }
        let data = TrainData {
            task,
            sentences,
            gold: &gold,
            classes: &classes,
            epochs,
            prune,
        };
        // members train in parallel; each is reproducible from its seed, and the mean is taken
        // in seed order, so the result is too
        let members: Vec<(Weights, Option<Weights>)> = (0..ensemble.max(1))
            .into_par_iter()
            .map(|m| data.member(&docs, seed + m, |e, a| on_epoch(m, e, a)))
            .collect::<Result<_>>()?;
        let (firsts, seconds): (Vec<Weights>, Vec<Option<Weights>>) = members.into_iter().unzip();
        let seconds: Option<Vec<Weights>> = seconds.into_iter().collect();
        Ok(Tagger::new(
            task,
            Weights::mean(&firsts).compile()?,
            seconds.map(|s| Weights::mean(&s).compile()).transpose()?,
        ))
    }
}

#[cfg(feature = "train")]
/// A sentence index and its tags.
type Tagged = (usize, Vec<usize>);

#[cfg(feature = "train")]
/// Folds of documents for POS's jackknifed first stage.
const STACK_FOLDS: usize = 5;

#[cfg(feature = "train")]
/// What every training run of one tagger shares.
struct TrainData<'a> {
    task: Task,
    sentences: &'a [(Vec<String>, Vec<String>)],
    gold: &'a [Vec<usize>],
    classes: &'a [String],
    epochs: usize,
    prune: f32,
}

#[cfg(feature = "train")]
impl TrainData<'_> {
    /// One member of the ensemble: the model (NER) or the two stages (POS). POS's second
    /// stage learns from first-stage tags of words the first stage was not trained on
    /// (jackknifed over folds of documents), as it will see at run time; the first stage it
    /// runs after is trained on everything.
    fn member(
        &self,
        docs: &[Vec<usize>],
        seed: u64,
        on_epoch: impl FnMut(usize, f64),
    ) -> Result<(Weights, Option<Weights>)> {
        use rayon::prelude::*;
        if self.task == Task::Ner {
            return Ok((self.model(docs, None, seed, on_epoch), None));
        }
        let fold_docs = |f: usize, inside: bool| -> Vec<Vec<usize>> {
            docs.iter()
                .enumerate()
                .filter(|(k, _)| (k % STACK_FOLDS == f) == inside)
                .map(|(_, d)| d.clone())
                .collect()
        };
        let jobs: Vec<(Option<Weights>, Vec<Tagged>)> = (0..=STACK_FOLDS)
            .into_par_iter()
            .map(|f| {
                if f == STACK_FOLDS {
                    return Ok((Some(self.model(docs, None, seed, |_, _| {})), Vec::new()));
                }
                let model = self
                    .model(&fold_docs(f, false), None, seed, |_, _| {})
                    .compile()?;
                let tags = tag_keys(model.classes());
                let tagged = fold_docs(f, true)
                    .iter()
                    .flatten()
                    .map(|&s| {
                        let words: Vec<&str> =
                            self.sentences[s].0.iter().map(String::as_str).collect();
                        (
                            s,
                            greedy(&model, &tags, &Context::new(&words, self.task, None), None),
                        )
                    })
                    .collect();
                Ok((None, tagged))
            })
            .collect::<Result<_>>()?;
        let mut ahead: Vec<Vec<usize>> = vec![Vec::new(); self.sentences.len()];
        let mut first = None;
        for (model, tagged) in jobs {
            first = first.or(model);
            for (s, tags) in tagged {
                ahead[s] = tags;
            }
        }
        let second = self.model(docs, Some(&ahead), seed, on_epoch);
        Ok((
            first.expect("the full first stage is one of the jobs"),
            Some(second),
        ))
    }

    /// Trains one averaged-perceptron model on `docs` (sentence indices, each document's in
    /// order); POS's second stage also reads `ahead`, the first stage's tags of every sentence.
    fn model(
        &self,
        docs: &[Vec<usize>],
        ahead: Option<&[Vec<usize>]>,
        seed: u64,
        mut on_epoch: impl FnMut(usize, f64),
    ) -> Weights {
        let (task, classes) = (self.task, self.classes);
        let mut docs = docs.to_vec();
        let mut trainer = Trainer::new(classes.to_vec());
        let mut rng = Rng::new(seed);
        let mut feats = Vec::with_capacity(64);
        let allowed = ner::allowed_transitions(classes);
        let tags = tag_keys(classes);
        for epoch in 1..=self.epochs {
            rng.shuffle(&mut docs);
            let (mut correct, mut total) = (0usize, 0usize);
            for doc in &docs {
                let mut history = DocHistory::default();
                for &s in doc {
                    let words: Vec<&str> = self.sentences[s].0.iter().map(String::as_str).collect();
                    let gold = &self.gold[s];
                    let cx = Context::new(&words, task, Some(&history));
                    if task == Task::Ner {
                        let pred =
                            ner::train_sentence(&mut trainer, &cx, classes, &tags, &allowed, gold);
                        correct += pred.iter().zip(gold).filter(|(p, g)| p == g).count();
                        total += pred.len();
                        let names: Vec<&str> = pred.iter().map(|&k| classes[k].as_str()).collect();
                        history.record(&words, &names);
                        continue;
                    }
                    let ahead = ahead.map(|a| a[s].as_slice());
                    let mut pred: Vec<usize> = Vec::with_capacity(words.len());
                    for (i, &truth) in gold.iter().enumerate() {
                        // train on its own predictions as history, as it will run
                        pos_all(&cx, ahead, &tags, i, &pred, &mut feats);
                        let guess = trainer.predict(&feats);
                        trainer.update(truth, guess, &feats);
                        correct += (guess == truth) as usize;
                        total += 1;
                        pred.push(guess);
                    }
                }
            }
            on_epoch(epoch, correct as f64 / total.max(1) as f64);
        }
        trainer.finish(self.prune)
    }
}

/// Converts IOB1 tags (B- only between adjacent same-type entities) to BIO.
pub fn iob1_to_bio(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for (i, t) in tags.iter().enumerate() {
        if let Some(ty) = t.strip_prefix("I-") {
            let prev = if i > 0 { tags[i - 1].as_str() } else { "O" };
            let continues = prev.len() > 2 && &prev[2..] == ty;
            out.push(if continues {
                t.clone()
            } else {
                format!("B-{ty}")
            });
        } else {
            out.push(t.clone());
        }
    }
    out
}

/// Converts BIO tags to IOB1 (B- kept only where an entity directly follows one of its type).
pub fn bio_to_iob1(tags: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(tags.len());
    for (i, t) in tags.iter().enumerate() {
        if let Some(ty) = t.strip_prefix("B-") {
            let prev = if i > 0 { tags[i - 1].as_str() } else { "O" };
            let same_before = prev.len() > 2 && &prev[2..] == ty;
            out.push(if same_before {
                t.clone()
            } else {
                format!("I-{ty}")
            });
        } else {
            out.push(t.clone());
        }
    }
    out
}

/// Entity spans `(first, end, type)` over token indices from BIO or IOB1 tags, with
/// conlleval's chunk rules (an `I-` after `O` or another type starts a chunk).
pub fn entity_spans(tags: &[&str]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, &str)> = None;
    for (i, t) in tags.iter().enumerate() {
        let (prefix, ty) = match t.split_once('-') {
            Some((p, ty)) => (p, ty),
            None => ("O", ""),
        };
        let begins = prefix == "B" || (prefix == "I" && start.is_none_or(|(_, st)| st != ty));
        if let Some((s, st)) = start {
            if prefix == "O" || begins {
                out.push((s, i, st.to_string()));
                start = None;
            }
        }
        if prefix != "O" && (begins || start.is_none()) {
            start = Some((i, ty));
        }
    }
    if let Some((s, st)) = start {
        out.push((s, tags.len(), st.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn tag_scheme_conversions() {
        let iob1 = s(&["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"]);
        let bio = iob1_to_bio(&iob1);
        assert_eq!(bio, s(&["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "B-ORG"]));
        assert_eq!(bio_to_iob1(&bio), iob1);
        let tags: Vec<&str> = iob1.iter().map(String::as_str).collect();
        assert_eq!(
            entity_spans(&tags),
            vec![
                (0, 2, "PER".into()),
                (3, 4, "LOC".into()),
                (4, 5, "LOC".into()),
                (5, 6, "ORG".into())
            ]
        );
    }

    #[test]
    fn decimal_matches_to_string() {
        let mut buf = [0u8; 5];
        for v in [0u16, 7, 10, 99, 1023, 65533, u16::MAX] {
            assert_eq!(decimal(v, &mut buf), v.to_string());
        }
    }

    #[test]
    fn cluster_keys_from_the_table_are_the_hashed_digits() {
        for id in (0..1100).chain([u16::MAX - 2, u16::MAX]) {
            assert_eq!(cluster_key(id), Key::of(&id.to_string()), "{id}");
        }
    }

    #[test]
    fn shapes_and_affixes() {
        assert_eq!(shape("Putin", false), "Xxxx");
        assert_eq!(shape("Putin", true), "Xx");
        assert_eq!(shape("1996-08-22", true), "d-d-d");
        assert_eq!(suffix("Пекин", 3), "кин");
        assert_eq!(prefix("Пекин", 2), "Пе");
        assert_eq!(norm("Year1996"), "year0000");
    }

    #[test]
    fn trains_and_tags_a_toy_language() {
        let data: Vec<(Vec<String>, Vec<String>)> = (0..50)
            .map(|_| {
                (
                    s(&["Putin", "met", "Xi", "."]),
                    s(&["PROPN", "VERB", "PROPN", "PUNCT"]),
                )
            })
            .collect();
        let docs: Vec<usize> = (0..data.len()).collect();
        let t = Tagger::train(Task::Pos, &data, &docs, 3, 1, 0.0, 2, |_, _, _| {}).unwrap();
        let tags = t.tag(&["Xi", "met", "Putin", "."]);
        let names: Vec<&str> = tags.iter().map(|&i| t.classes()[i].as_str()).collect();
        assert_eq!(names, ["PROPN", "VERB", "PROPN", "PUNCT"]);
        let back = Tagger::from_bytes(Task::Pos, &t.to_bytes().unwrap()).unwrap();
        assert!(
            t.second.is_some() && back.second.is_some(),
            "POS is two stages"
        );
        assert_eq!(back.tag(&["Xi", "met", "Putin", "."]), tags);
        assert!(Tagger::from_bytes(Task::Ner, &t.to_bytes().unwrap()).is_err());
    }
}
