//! The feature templates: what a transition's score reads from the state (words, tags, clusters
//! and the arcs built so far), hashed into perceptron features.

use super::state::{idx, pos, Node, State, NO, NONE};
use crate::learn::perceptron::{feat2_k, feat_k, feat_nk, Feature, Key};

/// The most features one transition reads (the rich set's).
pub(super) const FEATURES_MAX: usize = 99;

/// What a feature template (its position in [`features`]' output) reads: the buffer alone
/// (n0, n1, n2, [`BUFFER`]); that and the stack top's position, not what is attached to it
/// ([`PAIR`]); or the structure built so far ([`STRUCTURE`]). The states of a sentence that
/// share a buffer position share the first kind's features, and beam items often share a
/// (top, buffer) pair (they differ in a label): the beam sums those once per sentence and
/// adds the sums, which are exact integers, so the scores are the same bit for bit. (The
/// greedy parser gained nothing measurable from it: a repeated lookup hits the cache.)
pub(super) const BUFFER: u8 = 0;

pub(super) const PAIR: u8 = 1;

pub(super) const STRUCTURE: u8 = 2;

pub(super) const READS: [u8; FEATURES_MAX] = {
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
pub(super) fn reading(feats: &[Feature], what: u8, out: &mut Vec<Feature>) {
    out.extend(
        feats
            .iter()
            .zip(&READS)
            .filter(|&(_, &r)| r == what)
            .map(|(&f, _)| f),
    );
}

/// Keys of the feature values that do not come from the sentence: sentinels, distances,
/// valencies and the relation labels (hashed once per parser, not once per feature).
#[derive(Debug, Clone)]
pub(super) struct Keys {
    pub(super) root: Key,
    pub(super) none: Key,
    pub(super) dash: Key,
    pub(super) empty: Key,
    pub(super) attached: Key,
    pub(super) free: Key,
    pub(super) a: Key,
    pub(super) f: Key,
    /// "1", "2", "3", "4", "5-9", "10+".
    pub(super) dist: [Key; 6],
    /// "0" to "15".
    pub(super) valency: [Key; 16],
    pub(super) labels: Vec<Key>,
    /// The cluster ids of a word the clusters do not know.
    pub(super) no_cluster: Key,
    pub(super) features: FeatureSet,
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
    pub(super) fn from_byte(b: u8) -> Option<FeatureSet> {
        [FeatureSet::Base, FeatureSet::Brown, FeatureSet::Rich]
            .into_iter()
            .find(|f| *f as u8 == b)
    }
}

impl Keys {
    pub(super) fn new(labels: &[String], features: FeatureSet) -> Keys {
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
pub(super) struct Sent {
    /// Index 0 is the root; words are 1..=n.
    pub(super) words: Vec<Key>,
    pub(super) tags: Vec<Key>,
    pub(super) clusters: Vec<[Key; 2]>,
    /// The web lexicon's Brown cluster of each word (the whole cluster).
    pub(super) brown: Vec<Key>,
    /// The last three letters of the normalised word, and its shape ([`FeatureSet::Rich`]).
    pub(super) form: Vec<[Key; 2]>,
    pub(super) none: Key,
}

impl Sent {
    pub(super) fn new(words: &[&str], tags: &[&str], keys: &Keys) -> Self {
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

    pub(super) fn b(&self, i: usize) -> Key {
        self.brown.get(i).copied().unwrap_or(self.none)
    }

    pub(super) fn f(&self, i: usize, which: usize) -> Key {
        self.form.get(i).map_or(self.none, |f| f[which])
    }

    pub(super) fn w(&self, i: usize) -> Key {
        self.words.get(i).copied().unwrap_or(self.none)
    }

    pub(super) fn p(&self, i: usize) -> Key {
        self.tags.get(i).copied().unwrap_or(self.none)
    }

    pub(super) fn c(&self, i: usize, level: usize) -> Key {
        self.clusters.get(i).map_or(self.none, |c| c[level])
    }
}

pub(super) fn features(st: &State, s: &Sent, keys: &Keys, out: &mut Vec<Feature>) {
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
pub(super) fn hex(v: u64, buf: &mut [u8; 16]) -> &str {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (k, b) in buf.iter_mut().enumerate() {
        *b = DIGITS[((v >> (60 - 4 * k)) & 15) as usize];
    }
    std::str::from_utf8(buf).expect("ASCII digits")
}
