//! Parse: a greedy arc-eager dependency parser (Nivre 2003) scored by an averaged perceptron
//! over Zhang & Nivre (2011)-style features, trained with the dynamic oracle of Goldberg &
//! Nivre (2012) so it learns to recover from its own mistakes (and copes with non-projective
//! training trees). Labels are UD's universal relations (subtypes dropped, as LAS in the
//! CoNLL 2018 shared task compares them).

use crate::error::Result;
use crate::tag::perceptron::{
    feat2_k, feat_k, feat_nk, Feature, Key, Model, Rng, Trainer, Weights,
};

const MAGIC: [u8; 4] = *b"NGDP";
/// 3: the model is stored as its compiled scoring table.
const VERSION: u16 = 3;
const SHIFT: usize = 0;
const REDUCE: usize = 1;
const NONE: usize = usize::MAX;

/// The parser compiled into the binary (trained on UD English EWT + GUM train).
pub fn embedded() -> &'static Parser {
    static MODEL: std::sync::OnceLock<Parser> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        Parser::from_bytes(include_bytes!("../../../artifacts/parser-ud-en.ngl"))
            .expect("the embedded parser is valid: checked by its tests")
    })
}

/// A trained dependency parser.
#[derive(Debug, Clone)]
pub struct Parser {
    model: Model,
    labels: Vec<String>,
    keys: Keys,
}

/// One parsed sentence: for each word, its head (0 = root, else 1-based word index) and label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tree {
    /// Heads, 1-based positions; 0 for the root.
    pub heads: Vec<usize>,
    /// Relation labels.
    pub labels: Vec<String>,
}

/// Parser state. Position 0 is the artificial root; words are 1..=n.
struct State {
    stack: Vec<usize>,
    next: usize,
    n: usize,
    heads: Vec<usize>,
    labels: Vec<usize>,
    lefts: Vec<Vec<usize>>,
    rights: Vec<Vec<usize>>,
    /// The labels of each word's left and right dependents, a bit per label.
    left_labels: Vec<u64>,
    right_labels: Vec<u64>,
}

impl State {
    fn new(n: usize) -> Self {
        State {
            stack: vec![0],
            next: 1,
            n,
            heads: vec![NONE; n + 1],
            labels: vec![NONE; n + 1],
            lefts: vec![Vec::new(); n + 1],
            rights: vec![Vec::new(); n + 1],
            left_labels: vec![0; n + 1],
            right_labels: vec![0; n + 1],
        }
    }

    fn done(&self) -> bool {
        self.next > self.n
    }

    fn s0(&self) -> Option<usize> {
        self.stack.last().copied()
    }

    fn valid(&self, t: usize, nl: usize) -> bool {
        let s0 = self.s0();
        match kind(t, nl) {
            Kind::Shift => !self.done(),
            Kind::Reduce => {
                s0.is_some_and(|s| s != 0 && self.heads[s] != NONE)
                    || (self.done() && s0.is_some_and(|s| s != 0))
            }
            Kind::Left(_) => !self.done() && s0.is_some_and(|s| s != 0 && self.heads[s] == NONE),
            Kind::Right(_) => !self.done() && s0.is_some(),
        }
    }

    /// The highest-scoring valid transition (the first on ties), validity checked once per
    /// kind rather than once per transition.
    fn best_valid(&self, scores: &[f32], nl: usize) -> usize {
        let ok = [SHIFT, REDUCE, 2, 2 + nl].map(|t| self.valid(t, nl));
        let mut best = NONE;
        for (t, &sc) in scores.iter().enumerate() {
            let kind = match t {
                SHIFT | REDUCE => t,
                t if t < 2 + nl => 2,
                _ => 3,
            };
            if ok[kind] && (best == NONE || sc > scores[best]) {
                best = t;
            }
        }
        best
    }

    fn apply(&mut self, t: usize, nl: usize) {
        match kind(t, nl) {
            Kind::Shift => {
                self.stack.push(self.next);
                self.next += 1;
            }
            Kind::Reduce => {
                self.stack.pop();
            }
            Kind::Left(l) => {
                let s = self.stack.pop().expect("valid");
                self.attach(self.next, s, l);
            }
            Kind::Right(l) => {
                let s = *self.stack.last().expect("valid");
                let b = self.next;
                self.attach(s, b, l);
                self.stack.push(b);
                self.next += 1;
            }
        }
    }

    fn attach(&mut self, head: usize, dep: usize, label: usize) {
        self.heads[dep] = head;
        self.labels[dep] = label;
        let bit = 1u64 << (label % 64);
        if dep < head {
            self.lefts[head].push(dep);
            self.left_labels[head] |= bit;
        } else {
            self.rights[head].push(dep);
            self.right_labels[head] |= bit;
        }
    }

    /// Dynamic-oracle cost of transition `t`: gold arcs it makes unreachable (+1 for a wrong label).
    fn cost(&self, t: usize, nl: usize, gh: &[usize], gl: &[usize]) -> usize {
        let s = self.s0();
        let b = self.next;
        let in_buffer = |k: usize| k >= b && k <= self.n;
        match kind(t, nl) {
            Kind::Shift => self
                .stack
                .iter()
                .filter(|&&k| gh[k] == b || gh[b] == k)
                .count(),
            Kind::Reduce => {
                let s = s.expect("valid");
                (b..=self.n).filter(|&k| gh[k] == s).count()
            }
            Kind::Left(l) => {
                let s = s.expect("valid");
                let lost_head = usize::from(gh[s] != b && in_buffer(gh[s]));
                let lost_deps = (b..=self.n).filter(|&k| gh[k] == s).count();
                lost_head + lost_deps + usize::from(gh[s] == b && gl[s] != l)
            }
            Kind::Right(l) => {
                let s = s.expect("valid");
                let head_elsewhere =
                    gh[b] != s && (in_buffer(gh[b]) || self.stack.contains(&gh[b]));
                let deps_on_stack = self.stack.iter().filter(|&&k| gh[k] == b).count();
                usize::from(head_elsewhere) + deps_on_stack + usize::from(gh[b] == s && gl[b] != l)
            }
        }
    }
}

enum Kind {
    Shift,
    Reduce,
    Left(usize),
    Right(usize),
}

fn kind(t: usize, nl: usize) -> Kind {
    match t {
        SHIFT => Kind::Shift,
        REDUCE => Kind::Reduce,
        t if t < 2 + nl => Kind::Left(t - 2),
        t => Kind::Right(t - 2 - nl),
    }
}

/// Keys of the feature values that do not come from the sentence: sentinels, distances,
/// valencies and the relation labels (hashed once per parser, not once per feature).
#[derive(Debug, Clone)]
struct Keys {
    root: Key,
    none: Key,
    dash: Key,
    empty: Key,
    attached: Key,
    free: Key,
    a: Key,
    f: Key,
    /// "1", "2", "3", "4", "5-9", "10+".
    dist: [Key; 6],
    /// "0" to "15".
    valency: [Key; 16],
    labels: Vec<Key>,
    /// The cluster ids of a word the clusters do not know.
    no_cluster: Key,
}

impl Keys {
    fn new(labels: &[String]) -> Keys {
        Keys {
            root: Key::of("<root>"),
            none: Key::of("<none>"),
            dash: Key::of("-"),
            empty: Key::of(""),
            attached: Key::of("s0-attached"),
            free: Key::of("s0-free"),
            a: Key::of("a"),
            f: Key::of("f"),
            dist: ["1", "2", "3", "4", "5-9", "10+"].map(Key::of),
            valency: std::array::from_fn(|k| Key::of(&k.to_string())),
            labels: labels.iter().map(|l| Key::of(l)).collect(),
            no_cluster: Key::of("?"),
        }
    }
}

/// A sentence's feature values, hashed once: per word its normalised form, POS tag and
/// word-cluster ids (128 and 1,024 granularity), with sentinels for positions outside it.
struct Sent {
    /// Index 0 is the root; words are 1..=n.
    words: Vec<Key>,
    tags: Vec<Key>,
    clusters: Vec<[Key; 2]>,
    none: Key,
}

impl Sent {
    fn new(words: &[&str], tags: &[&str], keys: &Keys) -> Self {
        let c = crate::tag::clusters::Clusters::embedded();
        let root = std::iter::once(keys.root);
        Sent {
            words: root
                .clone()
                .chain(words.iter().map(|w| Key::of(&crate::tag::norm(w))))
                .collect(),
            tags: root
                .clone()
                .chain(tags.iter().map(|t| Key::of(t)))
                .collect(),
            clusters: std::iter::once([keys.root; 2])
                .chain(words.iter().map(|w| match c.get(w) {
                    Some(ids) => [
                        crate::tag::cluster_key(ids[1]),
                        crate::tag::cluster_key(ids[2]),
                    ],
                    None => [keys.no_cluster; 2],
                }))
                .collect(),
            none: keys.none,
        }
    }

    fn w(&self, i: usize) -> Key {
        self.words.get(i).copied().unwrap_or(self.none)
    }

    fn p(&self, i: usize) -> Key {
        self.tags.get(i).copied().unwrap_or(self.none)
    }

    fn c(&self, i: usize, level: usize) -> Key {
        self.clusters.get(i).map_or(self.none, |c| c[level])
    }
}

fn features(st: &State, s: &Sent, keys: &Keys, out: &mut Vec<Feature>) {
    out.clear();
    let s0 = st.s0().unwrap_or(NONE);
    let s1 = if st.stack.len() >= 2 {
        st.stack[st.stack.len() - 2]
    } else {
        NONE
    };
    let (n0, n1, n2) = if st.done() {
        (NONE, NONE, NONE)
    } else {
        let f = |k: usize| if k <= st.n { k } else { NONE };
        (st.next, f(st.next + 1), f(st.next + 2))
    };
    let lab = |i: usize| -> Key {
        if i == NONE || st.labels[i] == NONE {
            keys.dash
        } else {
            keys.labels[st.labels[i]]
        }
    };
    let ok = |i: usize| i != NONE;
    let s0h = if ok(s0) && st.heads[s0] != NONE {
        st.heads[s0]
    } else {
        NONE
    };
    // leftmost / rightmost dependents, and the second ones (children are pushed in
    // attachment order, so take min/max rather than first/last)
    let lm = |i: usize| {
        if ok(i) {
            st.lefts[i].iter().copied().min().unwrap_or(NONE)
        } else {
            NONE
        }
    };
    let rm = |i: usize| {
        if ok(i) {
            st.rights[i].iter().copied().max().unwrap_or(NONE)
        } else {
            NONE
        }
    };
    // second leftmost (smallest) or second rightmost (largest) child, without allocating
    let second = |v: &Vec<usize>, left: bool| -> usize {
        if v.len() < 2 {
            return NONE;
        }
        let (mut a, mut b) = if left {
            (usize::MAX, usize::MAX)
        } else {
            (0, 0)
        };
        for &x in v {
            if left {
                if x < a {
                    b = a;
                    a = x;
                } else if x < b {
                    b = x;
                }
            } else if x > a {
                b = a;
                a = x;
            } else if x > b {
                b = x;
            }
        }
        b
    };
    let (s0l, s0r, n0l) = (lm(s0), rm(s0), lm(n0));
    let s0l2 = if ok(s0) {
        second(&st.lefts[s0], true)
    } else {
        NONE
    };
    let s0r2 = if ok(s0) {
        second(&st.rights[s0], false)
    } else {
        NONE
    };
    let n0l2 = if ok(n0) {
        second(&st.lefts[n0], true)
    } else {
        NONE
    };
    let s0h2 = if ok(s0h) && s0h != 0 && st.heads[s0h] != NONE {
        st.heads[s0h]
    } else {
        NONE
    };
    let dist = if ok(s0) && ok(n0) {
        keys.dist[match n0 - s0 {
            d @ 1..=4 => d - 1,
            5..=9 => 4,
            _ => 5,
        }]
    } else {
        keys.dash
    };
    let val = |i: usize| -> Key {
        if ok(i) {
            keys.valency[st.lefts[i].len().min(3) * 4 + st.rights[i].len().min(3)]
        } else {
            keys.dash
        }
    };

    let (s0w, s0p, n0w, n0p, n1w, n1p) = (s.w(s0), s.p(s0), s.w(n0), s.p(n0), s.w(n1), s.p(n1));
    let (n2p, s1p, s0hp) = (s.p(n2), s.p(s1), s.p(s0h));
    let (s0lp, s0rp, n0lp) = (s.p(s0l), s.p(s0r), s.p(n0l));
    let e = keys.empty;
    out.push(feat_k(0, e));
    // single words
    out.push(feat2_k(1, s0w, s0p));
    out.push(feat_k(2, s0w));
    out.push(feat_k(3, s0p));
    out.push(feat2_k(4, n0w, n0p));
    out.push(feat_k(5, n0w));
    out.push(feat_k(6, n0p));
    out.push(feat2_k(7, n1w, n1p));
    out.push(feat_k(8, n1w));
    out.push(feat_k(9, n1p));
    out.push(feat_k(10, n2p));
    out.push(feat_k(11, s.w(n2)));
    out.push(feat_k(12, s1p));
    out.push(feat2_k(13, s.w(s1), s1p));
    // pairs
    out.push(feat_nk(14, &[s0w, s0p, n0w, n0p]));
    out.push(feat_nk(15, &[s0w, s0p, n0w]));
    out.push(feat_nk(16, &[s0w, n0w, n0p]));
    out.push(feat_nk(17, &[s0w, s0p, n0p]));
    out.push(feat_nk(18, &[s0p, n0w, n0p]));
    out.push(feat2_k(19, s0w, n0w));
    out.push(feat2_k(20, s0p, n0p));
    out.push(feat2_k(21, n0p, n1p));
    // triples of tags
    out.push(feat_nk(22, &[n0p, n1p, n2p]));
    out.push(feat_nk(23, &[s0p, n0p, n1p]));
    out.push(feat_nk(24, &[s0hp, s0p, n0p]));
    out.push(feat_nk(25, &[s0p, s0lp, n0p]));
    out.push(feat_nk(26, &[s0p, s0rp, n0p]));
    out.push(feat_nk(27, &[s0p, n0p, n0lp]));
    out.push(feat_nk(28, &[s1p, s0p, n0p]));
    // distance and valency
    out.push(feat_nk(29, &[s0w, dist, e]));
    out.push(feat_nk(30, &[s0p, dist, e]));
    out.push(feat_nk(31, &[n0w, dist, e]));
    out.push(feat_nk(32, &[n0p, dist, e]));
    out.push(feat_nk(33, &[s0w, s0p, n0w, dist]));
    out.push(feat_nk(34, &[s0p, n0p, dist]));
    let (vs0, vn0) = (val(s0), val(n0));
    out.push(feat2_k(35, s0p, vs0));
    out.push(feat2_k(36, s0w, vs0));
    out.push(feat2_k(37, n0p, vn0));
    out.push(feat2_k(38, n0w, vn0));
    // structure: head and children of s0, left child of n0, with labels
    let (ls0, ls0l, ls0r, ln0l) = (lab(s0), lab(s0l), lab(s0r), lab(n0l));
    out.push(feat_k(39, s.w(s0h)));
    out.push(feat_k(40, s0hp));
    out.push(feat_k(41, ls0));
    out.push(feat2_k(42, s0lp, ls0l));
    out.push(feat2_k(43, s0rp, ls0r));
    out.push(feat2_k(44, n0lp, ln0l));
    out.push(feat_nk(45, &[s0p, ls0l, ls0r]));
    out.push(feat2_k(46, n0p, ln0l));
    out.push(feat_nk(47, &[s0w, ls0, n0p]));
    let attached = ok(s0) && st.heads[s0] != NONE;
    out.push(feat_k(48, if attached { keys.attached } else { keys.free }));
    out.push(feat2_k(49, s0p, if attached { keys.a } else { keys.f }));
    // Zhang & Nivre's third-order and unigram-of-structure features
    let (s0l2p, s0r2p, n0l2p, s0h2p) = (s.p(s0l2), s.p(s0r2), s.p(n0l2), s.p(s0h2));
    out.push(feat_k(50, s.w(s0l)));
    out.push(feat_k(51, s.w(s0r)));
    out.push(feat_k(52, s.w(n0l)));
    out.push(feat2_k(53, s0h2p, lab(s0h)));
    out.push(feat_k(54, s.w(s0h2)));
    out.push(feat2_k(55, s0l2p, lab(s0l2)));
    out.push(feat2_k(56, s0r2p, lab(s0r2)));
    out.push(feat2_k(57, n0l2p, lab(n0l2)));
    out.push(feat_nk(58, &[s0p, s0lp, s0l2p]));
    out.push(feat_nk(59, &[s0p, s0rp, s0r2p]));
    out.push(feat_nk(60, &[n0p, n0lp, n0l2p]));
    out.push(feat_nk(61, &[s0p, s0hp, s0h2p]));
    out.push(feat_nk(62, &[n0w, n0p, n1p]));
    out.push(feat_nk(63, &[s0w, n0p, n1p]));
    out.push(feat_nk(64, &[s0p, n0w, n1p]));
    out.push(feat_nk(65, &[n0p, n1w, n2p]));
    // word clusters: generalise word features to unseen words
    let (s0c, n0c) = (s.c(s0, 0), s.c(n0, 0));
    out.push(feat_k(66, s0c));
    out.push(feat_k(67, n0c));
    out.push(feat_k(68, s.c(n1, 0)));
    out.push(feat_nk(69, &[s0c, n0c]));
    out.push(feat_nk(70, &[s0c, n0p]));
    out.push(feat_nk(71, &[s0p, n0c]));
    let (s0c1, n0c1) = (s.c(s0, 1), s.c(n0, 1));
    out.push(feat_k(72, s0c1));
    out.push(feat_k(73, n0c1));
    out.push(feat_nk(74, &[s0c1, n0c1]));
    // Zhang & Nivre's label sets: which relations s0 and n0 already have
    let set = |v: &[u64], i: usize| if ok(i) { v[i] } else { u64::MAX };
    let mut buf = [0u8; 16];
    let s0rs = Key::of(hex(set(&st.right_labels, s0), &mut buf));
    let s0ls = Key::of(hex(set(&st.left_labels, s0), &mut buf));
    let n0ls = Key::of(hex(set(&st.left_labels, n0), &mut buf));
    out.push(feat2_k(75, s0w, s0rs));
    out.push(feat2_k(76, s0p, s0rs));
    out.push(feat2_k(77, s0w, s0ls));
    out.push(feat2_k(78, s0p, s0ls));
    out.push(feat2_k(79, n0w, n0ls));
    out.push(feat2_k(80, n0p, n0ls));
}

/// `v` as 16 hex digits, without allocating (a per-transition hot path).
fn hex(v: u64, buf: &mut [u8; 16]) -> &str {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (k, b) in buf.iter_mut().enumerate() {
        *b = DIGITS[((v >> (60 - 4 * k)) & 15) as usize];
    }
    std::str::from_utf8(buf).expect("ASCII digits")
}

/// Drops a relation's subtype (`nmod:poss` → `nmod`).
pub fn universal(label: &str) -> &str {
    label.split(':').next().unwrap_or(label)
}

/// One training sentence: words, POS tags (as the tagger will predict them at run time),
/// gold heads (1-based, 0 = root) and gold labels.
pub struct TrainSentence {
    /// Word forms.
    pub words: Vec<String>,
    /// POS tags.
    pub tags: Vec<String>,
    /// Gold heads.
    pub heads: Vec<usize>,
    /// Gold labels.
    pub labels: Vec<String>,
}

impl Parser {
    /// Loads a parser artifact.
    ///
    /// # Errors
    /// A wrong magic or version, or a malformed payload.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let model = Model::from_bytes("parser model", MAGIC, VERSION, bytes)?;
        let labels = labels_of(model.classes());
        let keys = Keys::new(&labels);
        Ok(Parser {
            model,
            labels,
            keys,
        })
    }

    /// Serialises the parser as an artifact.
    ///
    /// # Errors
    /// Compression failure.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        self.model.to_bytes(MAGIC, VERSION)
    }

    /// Number of features in the model.
    pub fn features(&self) -> usize {
        self.model.features()
    }

    /// A copy without weights below `threshold` (see [`Model::pruned`]).
    pub fn pruned(&self, threshold: f32) -> Parser {
        Parser {
            model: self.model.pruned(threshold),
            labels: self.labels.clone(),
            keys: self.keys.clone(),
        }
    }

    /// Parses a sentence given its words and POS tags.
    pub fn parse(&self, words: &[&str], tags: &[&str]) -> Tree {
        let n = words.len();
        let nl = self.labels.len();
        let sent = Sent::new(words, tags, &self.keys);
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(96);
        let mut scores = vec![0f32; 2 + 2 * nl];
        while !st.done() {
            features(&st, &sent, &self.keys, &mut feats);
            self.model.score(&feats, &mut scores);
            st.apply(st.best_valid(&scores, nl), nl);
        }
        finish(&st, &self.labels)
    }

    /// Trains `ensemble` parsers with the dynamic oracle on seeds `seed`, `seed + 1`..., in
    /// parallel, and keeps their mean; `on_epoch(member, epoch, share of zero-cost decisions)`.
    ///
    /// # Errors
    /// More relation labels than a model holds.
    pub fn train(
        sentences: &[TrainSentence],
        epochs: usize,
        seed: u64,
        prune: f32,
        ensemble: u64,
        on_epoch: impl Fn(u64, usize, f64) + Sync,
    ) -> Result<Parser> {
        use rayon::prelude::*;
        let mut labels: Vec<String> = sentences
            .iter()
            .flat_map(|s| s.labels.iter().map(|l| universal(l).to_string()))
            .collect();
        labels.sort();
        labels.dedup();
        let members: Vec<Weights> = (0..ensemble.max(1))
            .into_par_iter()
            .map(|m| {
                train_member(sentences, &labels, epochs, seed + m, prune, |e, g| {
                    on_epoch(m, e, g)
                })
            })
            .collect();
        Ok(Parser {
            model: Weights::mean(&members).compile()?,
            keys: Keys::new(&labels),
            labels,
        })
    }
}

/// One parser trained with the dynamic oracle; `on_epoch(epoch, share of zero-cost decisions)`.
fn train_member(
    sentences: &[TrainSentence],
    labels: &[String],
    epochs: usize,
    seed: u64,
    prune: f32,
    mut on_epoch: impl FnMut(usize, f64),
) -> Weights {
    {
        let nl = labels.len();
        let classes = class_names(labels);
        let mut trainer = Trainer::new(classes);
        let mut rng = Rng::new(seed);
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        let mut feats = Vec::with_capacity(96);
        let keys = Keys::new(labels);
        for epoch in 1..=epochs {
            rng.shuffle(&mut order);
            let (mut good, mut total) = (0usize, 0usize);
            for &i in &order {
                let s = &sentences[i];
                let n = s.words.len();
                let tags: Vec<&str> = s.tags.iter().map(String::as_str).collect();
                let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
                let sent = Sent::new(&words, &tags, &keys);
                let mut gh = vec![0usize; n + 1];
                let mut gl = vec![NONE; n + 1];
                for k in 0..n {
                    gh[k + 1] = s.heads[k];
                    gl[k + 1] = labels
                        .binary_search_by(|l| l.as_str().cmp(universal(&s.labels[k])))
                        .unwrap_or(NONE);
                }
                let mut st = State::new(n);
                while !st.done() {
                    features(&st, &sent, &keys, &mut feats);
                    let guess = best_valid(&mut trainer, &feats, &st, nl);
                    // the best zero-cost (or least-cost) transition, by the model's own ranking
                    let costs: Vec<usize> = (0..2 + 2 * nl)
                        .map(|t| {
                            if st.valid(t, nl) {
                                st.cost(t, nl, &gh, &gl)
                            } else {
                                usize::MAX
                            }
                        })
                        .collect();
                    let min = *costs.iter().min().expect("some transition is valid");
                    let gold = best_with_cost(&mut trainer, &feats, &costs, min);
                    trainer.update(gold, guess, &feats);
                    total += 1;
                    good += usize::from(costs[guess] == min);
                    // explore: after the first epoch, follow the model's own choice 90% of the time
                    let follow = if epoch > 1 && rng.next_u64() % 10 != 0 {
                        guess
                    } else {
                        gold
                    };
                    st.apply(follow, nl);
                }
            }
            on_epoch(epoch, good as f64 / total.max(1) as f64);
        }
        trainer.finish(prune)
    }
}

fn best_valid(trainer: &mut Trainer, feats: &[Feature], st: &State, nl: usize) -> usize {
    let scores = trainer.scores(feats);
    let mut best = NONE;
    for (t, &sc) in scores.iter().enumerate() {
        if st.valid(t, nl) && (best == NONE || sc > scores[best]) {
            best = t;
        }
    }
    best
}

fn best_with_cost(trainer: &mut Trainer, feats: &[Feature], costs: &[usize], min: usize) -> usize {
    let scores = trainer.scores(feats);
    let mut best = NONE;
    for (t, &sc) in scores.iter().enumerate() {
        if costs[t] == min && (best == NONE || sc > scores[best]) {
            best = t;
        }
    }
    best
}

fn class_names(labels: &[String]) -> Vec<String> {
    let mut c = vec!["SH".to_string(), "RE".to_string()];
    c.extend(labels.iter().map(|l| format!("L:{l}")));
    c.extend(labels.iter().map(|l| format!("R:{l}")));
    c
}

fn labels_of(classes: &[String]) -> Vec<String> {
    classes
        .iter()
        .filter_map(|c| c.strip_prefix("L:").map(str::to_string))
        .collect()
}

/// Attaches words left without a head: the first headless word (or the first word) becomes
/// the root, others attach to it, so the output is always a tree.
fn finish(st: &State, labels: &[String]) -> Tree {
    let n = st.n;
    let mut heads: Vec<usize> = (1..=n).map(|i| st.heads[i]).collect();
    let mut labs: Vec<String> = (1..=n)
        .map(|i| {
            if st.labels[i] == NONE {
                "dep".to_string()
            } else {
                labels[st.labels[i]].clone()
            }
        })
        .collect();
    let root = (0..n)
        .find(|&i| heads[i] == 0)
        .or_else(|| (0..n).find(|&i| heads[i] == NONE))
        .unwrap_or(0);
    for i in 0..n {
        if i == root {
            heads[i] = 0;
            labs[i] = "root".into();
        } else if heads[i] == NONE || heads[i] == 0 {
            heads[i] = root + 1;
            if labs[i] == "root" {
                labs[i] = "parataxis".into();
            }
        }
    }
    Tree {
        heads,
        labels: labs,
    }
}

/// Unlabelled and labelled attachment scores: `(uas, las, words)`.
pub fn attachment_scores(gold: &[(Vec<usize>, Vec<String>)], pred: &[Tree]) -> (f64, f64, usize) {
    let (mut words, mut u, mut l) = (0usize, 0usize, 0usize);
    for ((gh, gl), p) in gold.iter().zip(pred) {
        for k in 0..gh.len() {
            words += 1;
            if gh[k] == p.heads[k] {
                u += 1;
                if universal(&gl[k]) == universal(&p.labels[k]) {
                    l += 1;
                }
            }
        }
    }
    let d = words.max(1) as f64;
    (u as f64 / d, l as f64 / d, words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Vec<TrainSentence> {
        let s = |w: &[&str], t: &[&str], h: &[usize], l: &[&str]| TrainSentence {
            words: w.iter().map(|x| x.to_string()).collect(),
            tags: t.iter().map(|x| x.to_string()).collect(),
            heads: h.to_vec(),
            labels: l.iter().map(|x| x.to_string()).collect(),
        };
        (0..30)
            .map(|_| {
                s(
                    &["Putin", "met", "Xi", "in", "Beijing", "."],
                    &["PROPN", "VERB", "PROPN", "ADP", "PROPN", "PUNCT"],
                    &[2, 0, 2, 5, 2, 2],
                    &["nsubj", "root", "obj", "case", "obl", "punct"],
                )
            })
            .collect()
    }

    #[test]
    fn learns_a_toy_treebank_and_round_trips() {
        let p = Parser::train(&toy(), 5, 1, 0.0, 1, |_, _, _| {}).unwrap();
        let t = p.parse(
            &["Putin", "met", "Xi", "in", "Beijing", "."],
            &["PROPN", "VERB", "PROPN", "ADP", "PROPN", "PUNCT"],
        );
        assert_eq!(t.heads, vec![2, 0, 2, 5, 2, 2]);
        assert_eq!(t.labels[0], "nsubj");
        let back = Parser::from_bytes(&p.to_bytes().unwrap()).unwrap();
        assert_eq!(
            back.parse(
                &["Putin", "met", "Xi", "in", "Beijing", "."],
                &["PROPN", "VERB", "PROPN", "ADP", "PROPN", "PUNCT"]
            ),
            t
        );
    }

    #[test]
    fn always_a_tree() {
        let p = Parser::train(&toy(), 1, 1, 0.0, 2, |_, _, _| {}).unwrap();
        for n in 1..12 {
            let words: Vec<&str> = (0..n).map(|_| "x").collect();
            let tags: Vec<&str> = (0..n).map(|_| "X").collect();
            let t = p.parse(&words, &tags);
            assert_eq!(t.heads.iter().filter(|&&h| h == 0).count(), 1);
            assert!(t.heads.iter().all(|&h| h <= n));
        }
    }

    #[test]
    fn oracle_costs_are_zero_along_the_gold_path() {
        // a projective tree: the static derivation never costs anything
        let gh = [0, 2, 0, 2, 5, 2, 2];
        let gl = [NONE, 0, 1, 2, 3, 4, 5];
        let nl = 6;
        let mut st = State::new(6);
        while !st.done() {
            let t = (0..2 + 2 * nl)
                .find(|&t| st.valid(t, nl) && st.cost(t, nl, &gh, &gl) == 0)
                .expect("a zero-cost move");
            st.apply(t, nl);
        }
        assert_eq!(&st.heads[1..], &[2, 0, 2, 5, 2, 2][..]);
    }
}
