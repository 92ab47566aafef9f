//! Parse: a greedy arc-eager dependency parser (Nivre 2003) scored by an averaged perceptron
//! over Zhang & Nivre (2011)-style features, trained with the dynamic oracle of Goldberg &
//! Nivre (2012) so it learns to recover from its own mistakes (and copes with non-projective
//! training trees). Labels are UD's universal relations (subtypes dropped, as LAS in the
//! CoNLL 2018 shared task compares them).

use crate::error::Result;
use crate::learn::perceptron::{
    feat2_k, feat_k, feat_nk, Feature, Key, Model, Rng, Trainer, Weights,
};

const MAGIC: [u8; 4] = *b"NGDP";
/// 3: the model is stored as its compiled scoring table; 4: followed by the beam width
/// (u8) the model was trained for; 5: then the feature set (u8, [`FeatureSet`]).
const VERSION: u16 = 5;
const SHIFT: usize = 0;
const REDUCE: usize = 1;
const NONE: usize = usize::MAX;
/// The most features one transition reads (the rich set's).
const FEATURES_MAX: usize = 99;
/// The longest sentence parsed with a beam; longer ones are parsed greedily.
const BEAM_MAX_WORDS: usize = 1000;

/// What a feature template (its position in [`features`]' output) reads: the buffer alone
/// (n0, n1, n2, [`BUFFER`]); that and the stack top's position, not what is attached to it
/// ([`PAIR`]); or the structure built so far ([`STRUCTURE`]). The states of a sentence that
/// share a buffer position share the first kind's features, and beam items often share a
/// (top, buffer) pair (they differ in a label): the beam sums those once per sentence and
/// adds the sums, which are exact integers, so the scores are the same bit for bit. (The
/// greedy parser gained nothing measurable from it: a repeated lookup hits the cache.)
const BUFFER: u8 = 0;
const PAIR: u8 = 1;
const STRUCTURE: u8 = 2;
const READS: [u8; FEATURES_MAX] = {
    const BUFFER_ONLY: [usize; 22] = [
        0, 4, 5, 6, 7, 8, 9, 10, 11, 21, 22, 62, 65, 67, 68, 73, 82, 83, 88, 89, 93, 94,
    ];
    const WITH_TOP: [usize; 33] = [
        1, 2, 3, 14, 15, 16, 17, 18, 19, 20, 23, 29, 30, 31, 32, 33, 34, 63, 64, 66, 69, 70, 71,
        72, 74, 81, 84, 85, 86, 87, 90, 91, 92,
    ];
    let mut r = [STRUCTURE; FEATURES_MAX];
    let mut i = 0;
    while i < BUFFER_ONLY.len() {
        r[BUFFER_ONLY[i]] = BUFFER;
        i += 1;
    }
    let mut i = 0;
    while i < WITH_TOP.len() {
        r[WITH_TOP[i]] = PAIR;
        i += 1;
    }
    r
};

/// Appends the features of `feats` (one state's, in [`features`]' order) that read `what`.
fn reading(feats: &[Feature], what: u8, out: &mut Vec<Feature>) {
    out.extend(
        feats
            .iter()
            .zip(&READS)
            .filter(|&(_, &r)| r == what)
            .map(|(&f, _)| f),
    );
}

/// The parser compiled into the binary (trained on UD English EWT + GUM train).
pub fn embedded() -> &'static Parser {
    static MODEL: std::sync::OnceLock<Parser> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        Parser::from_bytes(crate::artifact::embedded::PARSER)
            .expect("the embedded parser is valid: checked by its tests")
    })
}

/// The beam-search parser compiled into the binary (trained globally for a beam of four on
/// the same data): more accurate and about three times slower than [`embedded`]; loaded the
/// first time it is asked for.
pub fn embedded_beam() -> &'static Parser {
    static MODEL: std::sync::OnceLock<Parser> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        Parser::from_bytes(crate::artifact::embedded::PARSER_BEAM)
            .expect("the embedded beam parser is valid: checked by its tests")
    })
}

/// The embedded parser to decode with beam width `k`: the greedy one for 1, the beam-search
/// one above.
pub fn embedded_for(k: usize) -> &'static Parser {
    if k > 1 {
        embedded_beam()
    } else {
        embedded()
    }
}

/// A trained dependency parser.
#[derive(Debug, Clone)]
pub struct Parser {
    model: Model,
    labels: Vec<String>,
    keys: Keys,
    /// Beam width the model was trained for, which [`Parser::parse`] decodes with (1: greedy).
    beam: usize,
}

/// One parsed sentence: for each word, its head (0 = root, else 1-based word index) and label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tree {
    /// Heads, 1-based positions; 0 for the root.
    pub heads: Vec<usize>,
    /// Relation labels.
    pub labels: Vec<String>,
}

/// What the parse state knows of one word (0 = none for the positions: the root is never a
/// dependent). Kept flat and `Copy` so a beam item branches by copying one slice.
#[derive(Debug, Clone, Copy)]
struct Node {
    head: u32,
    label: u32,
    /// The word under this one on the stack.
    below: u32,
    /// Leftmost and second-leftmost, rightmost and second-rightmost dependents.
    lm: u32,
    lm2: u32,
    rm: u32,
    rm2: u32,
    nleft: u16,
    nright: u16,
    /// The labels of the word's left and right dependents, a bit per label.
    left_labels: u64,
    right_labels: u64,
}

const NO: u32 = u32::MAX;

impl Node {
    const EMPTY: Node = Node {
        head: NO,
        label: NO,
        below: NO,
        lm: 0,
        lm2: 0,
        rm: 0,
        rm2: 0,
        nleft: 0,
        nright: 0,
        left_labels: 0,
        right_labels: 0,
    };
}

/// Parser state. Position 0 is the artificial root; words are 1..=n. The stack is a chain
/// through [`Node::below`] (each word is pushed once), so it needs no allocation of its own.
#[derive(Clone)]
struct State {
    nodes: Vec<Node>,
    /// Top of the stack (the root, at the bottom, is never popped).
    top: usize,
    next: usize,
    n: usize,
}

/// A stored head, label or stack link as an index (`NONE` for `NO`).
fn idx(v: u32) -> usize {
    if v == NO {
        NONE
    } else {
        v as usize
    }
}

/// A stored dependent position (0 = none) as an index.
fn pos(v: u32) -> usize {
    if v == 0 {
        NONE
    } else {
        idx(v)
    }
}

impl State {
    fn new(n: usize) -> Self {
        State {
            nodes: vec![Node::EMPTY; n + 1],
            top: 0,
            next: 1,
            n,
        }
    }

    fn done(&self) -> bool {
        self.next > self.n
    }

    /// The word under the top of the stack.
    fn s1(&self) -> usize {
        idx(self.nodes[self.top].below)
    }

    /// The stack, top first.
    fn stack(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(self.top), |&k| {
            Some(idx(self.nodes[k].below)).filter(|&b| b != NONE)
        })
    }

    fn head(&self, i: usize) -> usize {
        idx(self.nodes[i].head)
    }

    fn label(&self, i: usize) -> usize {
        idx(self.nodes[i].label)
    }

    fn valid(&self, t: usize, nl: usize) -> bool {
        let s = self.top;
        match kind(t, nl) {
            Kind::Shift | Kind::Right(_) => !self.done(),
            Kind::Reduce => s != 0 && (self.head(s) != NONE || self.done()),
            Kind::Left(_) => !self.done() && s != 0 && self.head(s) == NONE,
        }
    }

    /// Which of the four kinds of transition (shift, reduce, left, right) are valid.
    fn valid_kinds(&self, nl: usize) -> [bool; 4] {
        [SHIFT, REDUCE, 2, 2 + nl].map(|t| self.valid(t, nl))
    }

    /// The highest-scoring valid transition (the first on ties), validity checked once per
    /// kind rather than once per transition.
    fn best_valid(&self, scores: &[f32], nl: usize) -> usize {
        let ok = self.valid_kinds(nl);
        let mut best = NONE;
        for (t, &sc) in scores.iter().enumerate() {
            if ok[kind_index(t, nl)] && (best == NONE || sc > scores[best]) {
                best = t;
            }
        }
        best
    }

    fn push(&mut self, w: usize) {
        self.nodes[w].below = self.top as u32;
        self.top = w;
    }

    fn pop(&mut self) -> usize {
        let s = self.top;
        self.top = self.s1();
        s
    }

    fn apply(&mut self, t: usize, nl: usize) {
        match kind(t, nl) {
            Kind::Shift => {
                self.push(self.next);
                self.next += 1;
            }
            Kind::Reduce => {
                self.pop();
            }
            Kind::Left(l) => {
                let s = self.pop();
                self.attach(self.next, s, l);
            }
            Kind::Right(l) => {
                let s = self.top;
                let b = self.next;
                self.attach(s, b, l);
                self.push(b);
                self.next += 1;
            }
        }
    }

    fn attach(&mut self, head: usize, dep: usize, label: usize) {
        self.nodes[dep].head = head as u32;
        self.nodes[dep].label = label as u32;
        let bit = 1u64 << (label % 64);
        let d = dep as u32;
        let h = &mut self.nodes[head];
        if dep < head {
            h.nleft = h.nleft.saturating_add(1);
            h.left_labels |= bit;
            if h.lm == 0 || d < h.lm {
                h.lm2 = h.lm;
                h.lm = d;
            } else if h.lm2 == 0 || d < h.lm2 {
                h.lm2 = d;
            }
        } else {
            h.nright = h.nright.saturating_add(1);
            h.right_labels |= bit;
            if d > h.rm {
                h.rm2 = h.rm;
                h.rm = d;
            } else if d > h.rm2 {
                h.rm2 = d;
            }
        }
    }

    /// Dynamic-oracle cost of transition `t`: gold arcs it makes unreachable (+1 for a wrong label).
    fn cost(&self, t: usize, nl: usize, gh: &[usize], gl: &[usize]) -> usize {
        let s = self.top;
        let b = self.next;
        let in_buffer = |k: usize| k >= b && k <= self.n;
        match kind(t, nl) {
            Kind::Shift => self.stack().filter(|&k| gh[k] == b || gh[b] == k).count(),
            Kind::Reduce => (b..=self.n).filter(|&k| gh[k] == s).count(),
            Kind::Left(l) => {
                let lost_head = usize::from(gh[s] != b && in_buffer(gh[s]));
                let lost_deps = (b..=self.n).filter(|&k| gh[k] == s).count();
                lost_head + lost_deps + usize::from(gh[s] == b && gl[s] != l)
            }
            Kind::Right(l) => {
                let head_elsewhere =
                    gh[b] != s && (in_buffer(gh[b]) || self.stack().any(|k| k == gh[b]));
                let deps_on_stack = self.stack().filter(|&k| gh[k] == b).count();
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

/// 0 shift, 1 reduce, 2 left, 3 right (an index into [`State::valid_kinds`]).
fn kind_index(t: usize, nl: usize) -> usize {
    match t {
        SHIFT | REDUCE => t,
        t if t < 2 + nl => 2,
        _ => 3,
    }
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
    features: FeatureSet,
}

/// Which features a model reads, stored in its artifact so a model trained before a feature
/// was added keeps parsing as it was trained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureSet {
    /// Zhang & Nivre's features with the news clusters (the greedy parser of 2026-12-02,
    /// which the event coder's rules were tuned with).
    Base = 0,
    /// Those and the web lexicon's Brown clusters (`train parse`'s default).
    Brown = 1,
    /// Those and more of the words' form for the beam parser, which can afford them: the
    /// last three letters and shapes of s0, n0 and n1, the third stack word's tag, the second's
    /// word and cluster.
    Rich = 2,
}

impl FeatureSet {
    fn from_byte(b: u8) -> Option<FeatureSet> {
        [FeatureSet::Base, FeatureSet::Brown, FeatureSet::Rich]
            .into_iter()
            .find(|f| *f as u8 == b)
    }
}

/// How [`Parser::train`] trains.
#[derive(Debug, Clone, Copy)]
pub struct TrainConfig {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the first member; member `m` trains on `seed + m`.
    pub seed: u64,
    /// Weights smaller than this are dropped from the model.
    pub prune: f32,
    /// Members trained in parallel, whose mean is the model.
    pub ensemble: u64,
    /// Beam width trained for (1: greedy, with the dynamic oracle).
    pub beam: usize,
    /// The features the model reads.
    pub features: FeatureSet,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 12,
            seed: 1,
            prune: 0.0,
            ensemble: 1,
            beam: 1,
            features: FeatureSet::Brown,
        }
    }
}

impl Keys {
    fn new(labels: &[String], features: FeatureSet) -> Keys {
        Keys {
            features,
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
/// word-cluster ids (128 and 1,024 granularity) and Brown cluster, with sentinels for positions
/// outside it.
struct Sent {
    /// Index 0 is the root; words are 1..=n.
    words: Vec<Key>,
    tags: Vec<Key>,
    clusters: Vec<[Key; 2]>,
    /// The web lexicon's Brown cluster of each word (the whole cluster).
    brown: Vec<Key>,
    /// The last three letters of the normalised word, and its shape ([`FeatureSet::Rich`]).
    form: Vec<[Key; 2]>,
    none: Key,
}

impl Sent {
    fn new(words: &[&str], tags: &[&str], keys: &Keys) -> Self {
        use crate::tag::{cluster_key, clusters::Clusters, lexicon::Lexicon};
        let n = words.len() + 1;
        let (brown, rich) = (
            keys.features != FeatureSet::Base,
            keys.features == FeatureSet::Rich,
        );
        let mut tag_keys = Vec::with_capacity(n);
        tag_keys.push(keys.root);
        for t in tags {
            tag_keys.push(Key::of(t));
        }
        let mut sent = Sent {
            words: Vec::with_capacity(n),
            tags: tag_keys,
            clusters: Vec::with_capacity(n),
            brown: Vec::with_capacity(if brown { n } else { 0 }),
            form: Vec::with_capacity(if rich { n } else { 0 }),
            none: keys.none,
        };
        // index 0, the root
        sent.words.push(keys.root);
        sent.clusters.push([keys.root; 2]);
        if brown {
            sent.brown.push(keys.root);
        }
        if rich {
            sent.form.push([keys.root; 2]);
        }
        let (c, lx) = (Clusters::embedded(), brown.then(Lexicon::embedded));
        let mut buf = String::new();
        for w in words {
            let norm = crate::tag::norm(w);
            sent.words.push(Key::of(&norm));
            sent.clusters
                .push(c.get(w).map_or([keys.no_cluster; 2], |ids| {
                    [cluster_key(ids[1]), cluster_key(ids[2])]
                }));
            if let Some(lx) = lx {
                let b = lx.get(w).brown;
                sent.brown
                    .push(b.map_or(keys.no_cluster, |ids| cluster_key(ids[2])));
            }
            if rich {
                crate::tag::shape_into(w, false, &mut buf);
                sent.form
                    .push([Key::of(crate::tag::suffix(&norm, 3)), Key::of(&buf)]);
            }
        }
        sent
    }

    fn b(&self, i: usize) -> Key {
        self.brown.get(i).copied().unwrap_or(self.none)
    }

    fn f(&self, i: usize, which: usize) -> Key {
        self.form.get(i).map_or(self.none, |f| f[which])
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
    let s0 = st.top;
    let s1 = st.s1();
    let (n0, n1, n2) = if st.done() {
        (NONE, NONE, NONE)
    } else {
        let f = |k: usize| if k <= st.n { k } else { NONE };
        (st.next, f(st.next + 1), f(st.next + 2))
    };
    let ok = |i: usize| i != NONE;
    let node = |i: usize| if ok(i) { st.nodes[i] } else { Node::EMPTY };
    let lab = |i: usize| -> Key {
        match node(i).label {
            NO => keys.dash,
            l => keys.labels[l as usize],
        }
    };
    let s0h = st.head(s0);
    let (s0n, n0n) = (st.nodes[s0], node(n0));
    let (s0l, s0r, n0l) = (pos(s0n.lm), pos(s0n.rm), pos(n0n.lm));
    let (s0l2, s0r2, n0l2) = (pos(s0n.lm2), pos(s0n.rm2), pos(n0n.lm2));
    let s0h2 = if ok(s0h) && s0h != 0 {
        st.head(s0h)
    } else {
        NONE
    };
    let dist = if ok(n0) {
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
            let v = st.nodes[i];
            keys.valency[usize::from(v.nleft.min(3)) * 4 + usize::from(v.nright.min(3))]
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
    let attached = s0h != NONE;
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
    let set = |i: usize, left: bool| match (ok(i), left) {
        (false, _) => u64::MAX,
        (true, true) => st.nodes[i].left_labels,
        (true, false) => st.nodes[i].right_labels,
    };
    let mut buf = [0u8; 16];
    let s0rs = Key::of(hex(set(s0, false), &mut buf));
    let s0ls = Key::of(hex(set(s0, true), &mut buf));
    let n0ls = Key::of(hex(set(n0, true), &mut buf));
    out.push(feat2_k(75, s0w, s0rs));
    out.push(feat2_k(76, s0p, s0rs));
    out.push(feat2_k(77, s0w, s0ls));
    out.push(feat2_k(78, s0p, s0ls));
    out.push(feat2_k(79, n0w, n0ls));
    out.push(feat2_k(80, n0p, n0ls));
    if keys.features == FeatureSet::Base {
        return;
    }
    // the web lexicon's Brown clusters, induced from far more text than ours
    let (s0b, n0b) = (s.b(s0), s.b(n0));
    out.push(feat_k(81, s0b));
    out.push(feat_k(82, n0b));
    out.push(feat_k(83, s.b(n1)));
    out.push(feat_nk(84, &[s0b, n0b]));
    out.push(feat_nk(85, &[s0b, n0p]));
    out.push(feat_nk(86, &[s0p, n0b]));
    if keys.features != FeatureSet::Rich {
        return;
    }
    let s2 = if ok(s1) {
        idx(st.nodes[s1].below)
    } else {
        NONE
    };
    out.push(feat_k(87, s.f(s0, 0)));
    out.push(feat_k(88, s.f(n0, 0)));
    out.push(feat_k(89, s.f(n1, 0)));
    out.push(feat2_k(90, s.f(s0, 0), n0p));
    out.push(feat2_k(91, s0p, s.f(n0, 0)));
    out.push(feat_k(92, s.f(s0, 1)));
    out.push(feat_k(93, s.f(n0, 1)));
    out.push(feat_k(94, s.f(n1, 1)));
    out.push(feat_nk(95, &[s.p(s2), s1p, s0p]));
    out.push(feat_k(96, s.p(s2)));
    out.push(feat_k(97, s.w(s1)));
    out.push(feat_k(98, s.c(s1, 0)));
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
        const NAME: &str = "parser model";
        let p = crate::artifact::decode(NAME, MAGIC, VERSION, bytes)?;
        let mut at = 0;
        let model = Model::read_payload(NAME, &p, &mut at)?;
        let tail = match &p[at..] {
            [b, f] if *b >= 1 => FeatureSet::from_byte(*f).map(|fs| (usize::from(*b), fs)),
            _ => None,
        };
        let Some((beam, features)) = tail else {
            return Err(crate::error::Error::Artifact {
                name: NAME,
                reason: "the model should be followed by its beam width (a byte from 1 to 255) \
                         and feature set (a byte, 0 to 2)"
                    .into(),
            });
        };
        let labels = labels_of(model.classes());
        let keys = Keys::new(&labels, features);
        Ok(Parser {
            model,
            labels,
            keys,
            beam,
        })
    }

    /// Serialises the parser as an artifact.
    ///
    /// # Errors
    /// Compression failure.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut p = Vec::new();
        self.model.write_payload(&mut p);
        p.push(self.beam.clamp(1, 255) as u8);
        p.push(self.keys.features as u8);
        crate::artifact::encode(MAGIC, VERSION, &p)
    }

    /// The beam width the parser decodes with (1: greedy).
    pub fn beam(&self) -> usize {
        self.beam
    }

    /// The features the model reads.
    pub fn feature_set(&self) -> FeatureSet {
        self.keys.features
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
            beam: self.beam,
        }
    }

    /// Parses a sentence given its words and POS tags, with the beam the model was trained for.
    pub fn parse(&self, words: &[&str], tags: &[&str]) -> Tree {
        self.parse_with_beam(words, tags, self.beam)
    }

    /// The relation labels the parser predicts, sorted.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Parses with beam width `k` (1: greedy). A model trained for a beam does best with
    /// that beam or a wider one; a narrower beam trades accuracy for speed.
    pub fn parse_with_beam(&self, words: &[&str], tags: &[&str], k: usize) -> Tree {
        // a beam item copies its state (linear in the sentence) at every step: past this
        // length (no real sentence; a segmenter's run-on) the parse is greedy
        if k > 1 && words.len() <= BEAM_MAX_WORDS {
            return self.parse_beam(words, tags, k);
        }
        let n = words.len();
        let nl = self.labels.len();
        let sent = Sent::new(words, tags, &self.keys);
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(FEATURES_MAX);
        let mut scores = vec![0f32; 2 + 2 * nl];
        while !st.done() {
            features(&st, &sent, &self.keys, &mut feats);
            self.model.score(&feats, &mut scores);
            st.apply(st.best_valid(&scores, nl), nl);
        }
        finish(&st, &self.labels)
    }

    /// Beam search: the `beam` best transition sequences by summed score, each followed to
    /// the end (2n transitions for every item), the best of them kept.
    fn parse_beam(&self, words: &[&str], tags: &[&str], k: usize) -> Tree {
        let nl = self.labels.len();
        let nc = 2 + 2 * nl;
        let sent = Sent::new(words, tags, &self.keys);
        let mut beam = vec![Item {
            st: State::new(words.len()),
            score: 0.0,
            gold: false,
        }];
        let mut next: Vec<Item> = Vec::with_capacity(k);
        let mut cands: Vec<Cand> = Vec::with_capacity(k + 1);
        let mut one = Vec::with_capacity(FEATURES_MAX);
        // this step's feature groups, where each group's sums go (an entry of `shared`, or
        // NO: the item's own), and per item its buffer entry, pair entry and own group
        let mut feats = Vec::with_capacity(FEATURES_MAX * k);
        let mut ends = Vec::with_capacity(3 * k);
        let mut store: Vec<u32> = Vec::with_capacity(3 * k);
        let mut parts: Vec<[u32; 3]> = Vec::with_capacity(k);
        let mut sums = vec![0i32; 3 * k * nc];
        // sums kept for the sentence: per buffer position, per (top, buffer) pair
        let mut shared: Vec<i32> = Vec::new();
        let mut by_next = vec![NO; words.len() + 2];
        let mut by_pair: rustc_hash::FxHashMap<(u32, u32), u32> = Default::default();
        let mut scores = vec![0f32; nc * k];
        let scale = self.model.scale();
        // an item whose buffer is empty is finished (what is left on its stack attaches to
        // the root); it stays in the beam as it is while the others go on
        while !beam.iter().all(|b| b.st.done()) {
            // every item's missing sums are asked for in one scoring pass, so the table
            // lookups (memory-bound) of all items overlap
            feats.clear();
            ends.clear();
            store.clear();
            parts.clear();
            for Item { st, .. } in &beam {
                if st.done() {
                    parts.push([NO; 3]);
                    continue;
                }
                features(st, &sent, &self.keys, &mut one);
                let mut entry = |at: &mut u32, what: u8| -> u32 {
                    if *at == NO {
                        *at = (shared.len() / nc) as u32;
                        shared.resize(shared.len() + nc, 0);
                        reading(&one, what, &mut feats);
                        ends.push(feats.len());
                        store.push(*at);
                    }
                    *at
                };
                let b = entry(&mut by_next[st.next], BUFFER);
                let p = entry(
                    by_pair.entry((st.top as u32, st.next as u32)).or_insert(NO),
                    PAIR,
                );
                reading(&one, STRUCTURE, &mut feats);
                ends.push(feats.len());
                store.push(NO);
                parts.push([b, p, (ends.len() - 1) as u32]);
            }
            if sums.len() < ends.len() * nc {
                sums.resize(ends.len() * nc, 0);
            }
            self.model
                .sum_groups(&feats, &ends, &mut sums[..ends.len() * nc]);
            for (g, &at) in store.iter().enumerate() {
                if at != NO {
                    let at = at as usize * nc;
                    shared[at..at + nc].copy_from_slice(&sums[g * nc..(g + 1) * nc]);
                }
            }
            cands.clear();
            for (i, (b, &[buf, pair, own])) in beam.iter().zip(&parts).enumerate() {
                let sc = &mut scores[i * nc..(i + 1) * nc];
                if own != NO {
                    let [buf, pair, own] = [buf, pair, own].map(|x| x as usize * nc);
                    let three = shared[buf..buf + nc]
                        .iter()
                        .zip(&shared[pair..pair + nc])
                        .zip(&sums[own..own + nc]);
                    for (s, ((&x, &y), &z)) in sc.iter_mut().zip(three) {
                        *s = (x + y + z) as f32 * scale;
                    }
                }
                expand(&b.st, b.score, i, sc, nl, &mut cands, k);
            }
            step(&mut beam, &mut next, &cands, nl, NONE);
        }
        finish(&beam[0].st, &self.labels)
    }

    /// Trains `ensemble` parsers with the dynamic oracle on seeds `seed`, `seed + 1`..., in
    /// parallel, and keeps their mean; `on_epoch(member, epoch, share of zero-cost decisions)`.
    /// With `beam` above 1 each is trained globally for beam search (max-violation updates,
    /// Huang et al. 2012), and `on_epoch` gets the share of sentences decoded without a
    /// violation instead.
    ///
    /// # Errors
    /// More relation labels than a model holds.
    pub fn train(
        sentences: &[TrainSentence],
        config: &TrainConfig,
        on_epoch: impl Fn(u64, usize, f64) + Sync,
    ) -> Result<Parser> {
        use rayon::prelude::*;
        let mut labels: Vec<String> = sentences
            .iter()
            .flat_map(|s| s.labels.iter().map(|l| universal(l).to_string()))
            .collect();
        labels.sort();
        labels.dedup();
        let members: Vec<Weights> = (0..config.ensemble.max(1))
            .into_par_iter()
            .map(|m| {
                let report = |e, g| on_epoch(m, e, g);
                let seed = config.seed + m;
                if config.beam > 1 {
                    train_member_beam(sentences, &labels, config, seed, report)
                } else {
                    train_member(sentences, &labels, config, seed, report)
                }
            })
            .collect();
        Ok(Parser {
            model: Weights::mean(&members).compile()?,
            keys: Keys::new(&labels, config.features),
            labels,
            beam: config.beam.clamp(1, 255),
        })
    }
}

/// A beam item: a state, its summed score and (in training) whether it is still on the
/// reference sequence.
#[derive(Clone)]
struct Item {
    st: State,
    score: f32,
    gold: bool,
}

/// Moves the beam one step: `next` becomes the `cands`' items, each its parent extended;
/// an item stays on the reference when its parent was and it took `g`.
fn step(beam: &mut Vec<Item>, next: &mut Vec<Item>, cands: &[Cand], nl: usize, g: usize) {
    next.truncate(cands.len());
    for (j, c) in cands.iter().enumerate() {
        let parent = &beam[c.item];
        if j == next.len() {
            next.push(parent.clone());
        } else {
            next[j].st.clone_from(&parent.st);
        }
        if c.t != NONE {
            next[j].st.apply(c.t, nl);
        }
        next[j].score = c.score;
        next[j].gold = parent.gold && c.t == g;
    }
    std::mem::swap(beam, next);
}

/// A beam item's extension: the parent item, the transition and the summed score.
#[derive(Debug, Clone, Copy)]
struct Cand {
    score: f32,
    item: usize,
    t: usize,
}

/// Adds the valid extensions of `st` (item `item`, summed score `total`) to `cands`, which
/// holds the `k` best so far, best first. A finished item extends as itself (`t` = NONE).
fn expand(
    st: &State,
    total: f32,
    item: usize,
    scores: &[f32],
    nl: usize,
    cands: &mut Vec<Cand>,
    k: usize,
) {
    let mut offer = |c: Cand| {
        // most candidates fall below the k-th best: one comparison (ties take the full order)
        if cands.len() == k && (c.score < cands[k - 1].score || !before(&c, &cands[k - 1])) {
            return;
        }
        let at = cands.partition_point(|x| before(x, &c));
        if cands.len() == k {
            cands.pop();
        }
        cands.insert(at, c);
    };
    if st.done() {
        offer(Cand {
            score: total,
            item,
            t: NONE,
        });
        return;
    }
    let ok = st.valid_kinds(nl);
    for (t, &sc) in scores.iter().enumerate() {
        if ok[kind_index(t, nl)] {
            offer(Cand {
                score: total + sc,
                item,
                t,
            });
        }
    }
}

/// Beam order: higher score first; on ties the earlier item, then the lower transition, so
/// decoding is deterministic.
fn before(a: &Cand, b: &Cand) -> bool {
    b.score
        .total_cmp(&a.score)
        .then(a.item.cmp(&b.item))
        .then(a.t.cmp(&b.t))
        .is_lt()
}

/// One parser trained with the dynamic oracle; `on_epoch(epoch, share of zero-cost decisions)`.
fn train_member(
    sentences: &[TrainSentence],
    labels: &[String],
    config: &TrainConfig,
    seed: u64,
    mut on_epoch: impl FnMut(usize, f64),
) -> Weights {
    let nl = labels.len();
    let classes = class_names(labels);
    let mut trainer = Trainer::new(classes);
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut feats = Vec::with_capacity(FEATURES_MAX);
    let keys = Keys::new(labels, config.features);
    let mut scores = vec![0f32; 2 + 2 * nl];
    for epoch in 1..=config.epochs {
        rng.shuffle(&mut order);
        let (mut good, mut total) = (0usize, 0usize);
        for &i in &order {
            let s = &sentences[i];
            let (sent, gh, gl) = prepare(s, labels, &keys);
            let mut st = State::new(s.words.len());
            while !st.done() {
                features(&st, &sent, &keys, &mut feats);
                scores.copy_from_slice(trainer.scores(&feats));
                let guess = st.best_valid(&scores, nl);
                // the best zero-cost (or least-cost) transition, by the model's own ranking
                let (costs, min) = oracle_costs(&st, nl, &gh, &gl);
                let gold = best_with_cost(&scores, &costs, min);
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
    trainer.finish(config.prune)
}

/// The dynamic-oracle cost of every transition from `st` (`usize::MAX` where invalid) and
/// the least of them.
fn oracle_costs(st: &State, nl: usize, gh: &[usize], gl: &[usize]) -> (Vec<usize>, usize) {
    let costs: Vec<usize> = (0..2 + 2 * nl)
        .map(|t| {
            if st.valid(t, nl) {
                st.cost(t, nl, gh, gl)
            } else {
                usize::MAX
            }
        })
        .collect();
    let min = *costs.iter().min().expect("some transition is valid");
    (costs, min)
}

/// A training sentence's hashed feature values and its gold arcs (see [`gold_arcs`]).
fn prepare(s: &TrainSentence, labels: &[String], keys: &Keys) -> (Sent, Vec<usize>, Vec<usize>) {
    let tags: Vec<&str> = s.tags.iter().map(String::as_str).collect();
    let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
    let (gh, gl) = gold_arcs(s, labels);
    (Sent::new(&words, &tags, keys), gh, gl)
}

/// Gold heads and label indices of a training sentence, 1-based (position 0 is the root).
fn gold_arcs(s: &TrainSentence, labels: &[String]) -> (Vec<usize>, Vec<usize>) {
    let n = s.words.len();
    let mut gh = vec![0usize; n + 1];
    let mut gl = vec![NONE; n + 1];
    for k in 0..n {
        gh[k + 1] = s.heads[k];
        gl[k + 1] = labels
            .binary_search_by(|l| l.as_str().cmp(universal(&s.labels[k])))
            .unwrap_or(NONE);
    }
    (gh, gl)
}

/// One parser trained for beam search with max-violation updates. The reference sequence
/// follows the dynamic oracle: at each step the model's best zero-cost (or least-cost)
/// transition, so non-projective trees train towards their best reachable tree.
/// `on_epoch(epoch, share of sentences without a violation)`.
fn train_member_beam(
    sentences: &[TrainSentence],
    labels: &[String],
    config: &TrainConfig,
    seed: u64,
    mut on_epoch: impl FnMut(usize, f64),
) -> Weights {
    let k = config.beam;
    let nl = labels.len();
    let mut trainer = Trainer::new(class_names(labels));
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut feats = Vec::with_capacity(FEATURES_MAX);
    let keys = Keys::new(labels, config.features);
    let mut scores = vec![0f32; 2 + 2 * nl];
    let mut cands: Vec<Cand> = Vec::new();
    for epoch in 1..=config.epochs {
        rng.shuffle(&mut order);
        let mut clean = 0usize;
        for &i in &order {
            let s = &sentences[i];
            let n = s.words.len();
            let (sent, gh, gl) = prepare(s, labels, &keys);
            let mut beam = vec![Item {
                st: State::new(n),
                score: 0.0,
                gold: true,
            }];
            let mut next: Vec<Item> = Vec::with_capacity(k);
            let mut gold = State::new(n);
            let (mut gold_score, mut gold_seq) = (0f32, Vec::with_capacity(2 * n));
            // per step, the kept candidates (parent, transition), to trace a sequence back
            let mut back: Vec<Vec<(usize, usize)>> = Vec::with_capacity(2 * n);
            let mut worst: Option<(usize, f32)> = None;
            while !(gold.done() && beam.iter().all(|b| b.st.done())) {
                // the reference transition (NONE once the reference is finished)
                let g = if gold.done() {
                    NONE
                } else {
                    features(&gold, &sent, &keys, &mut feats);
                    scores.copy_from_slice(trainer.scores(&feats));
                    let (costs, min) = oracle_costs(&gold, nl, &gh, &gl);
                    let g = best_with_cost(&scores, &costs, min);
                    gold_score += scores[g];
                    gold.apply(g, nl);
                    g
                };
                gold_seq.push(g);
                cands.clear();
                for (j, b) in beam.iter().enumerate() {
                    if !b.st.done() {
                        features(&b.st, &sent, &keys, &mut feats);
                        scores.copy_from_slice(trainer.scores(&feats));
                    }
                    expand(&b.st, b.score, j, &scores, nl, &mut cands, k);
                }
                step(&mut beam, &mut next, &cands, nl, g);
                back.push(cands.iter().map(|c| (c.item, c.t)).collect());
                if !beam.iter().any(|b| b.gold) {
                    let v = beam[0].score - gold_score;
                    if worst.is_none_or(|(_, w)| v > w) {
                        worst = Some((back.len() - 1, v));
                    }
                }
            }
            match worst {
                None => clean += 1,
                Some((step, _)) => {
                    // the best item's sequence up to the step of the largest violation
                    let mut seq = vec![0usize; step + 1];
                    let mut item = 0;
                    for j in (0..=step).rev() {
                        let (parent, t) = back[j][item];
                        seq[j] = t;
                        item = parent;
                    }
                    let same = seq
                        .iter()
                        .zip(&gold_seq)
                        .take_while(|(a, b)| a == b)
                        .count();
                    let mut st = State::new(n);
                    for &t in seq[..same].iter().filter(|&&t| t != NONE) {
                        st.apply(t, nl);
                    }
                    let mut gst = st.clone();
                    for j in same..=step {
                        for (state, t, delta) in
                            [(&mut gst, gold_seq[j], 1.0), (&mut st, seq[j], -1.0)]
                        {
                            if t != NONE {
                                features(state, &sent, &keys, &mut feats);
                                trainer.adjust(&feats, t, delta);
                                state.apply(t, nl);
                            }
                        }
                    }
                }
            }
            trainer.advance();
        }
        on_epoch(epoch, clean as f64 / sentences.len().max(1) as f64);
    }
    trainer.finish(config.prune)
}

/// The highest-scoring transition of least cost (the first on ties).
fn best_with_cost(scores: &[f32], costs: &[usize], min: usize) -> usize {
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
    let mut heads: Vec<usize> = (1..=n).map(|i| st.head(i)).collect();
    let mut labs: Vec<String> = (1..=n)
        .map(|i| match st.label(i) {
            NONE => "dep".to_string(),
            l => labels[l].clone(),
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
mod tests;
