//! The averaged perceptron: a linear model over hashed features, one weight per (feature,
//! class), trained online and averaged over all updates (Collins 2002).

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};

use crate::artifact;
use crate::error::{Error, Result};

/// A feature: a 64-bit hash of a template id and its values.
pub type Feature = u64;

/// Hashes a feature template id with one string value.
#[inline]
pub fn feat(template: u8, value: &str) -> Feature {
    let mut h = FxHasher::default();
    h.write_u8(template);
    h.write(value.as_bytes());
    h.finish()
}

/// Hashes a feature template id with two string values.
#[inline]
pub fn feat2(template: u8, a: &str, b: &str) -> Feature {
    let mut h = FxHasher::default();
    h.write_u8(template);
    h.write(a.as_bytes());
    h.write_u8(0xFF);
    h.write(b.as_bytes());
    h.finish()
}

/// Hashes a feature template id with any number of string values.
#[inline]
pub fn feat_n(template: u8, values: &[&str]) -> Feature {
    let mut h = FxHasher::default();
    h.write_u8(template);
    for v in values {
        h.write(v.as_bytes());
        h.write_u8(0xFF);
    }
    h.finish()
}

/// A trained model: class names and, per known feature, its non-zero weights as
/// `(class, weight)` pairs (sparse: most features speak for a few classes only).
#[derive(Debug, Clone)]
pub struct Model {
    classes: Vec<String>,
    /// Feature → (first entry, number of entries).
    index: FeatureIndex,
    /// Every non-zero weight with its class, rows contiguous: one cache line per feature.
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    class: u32,
    weight: f32,
}

impl Model {
    fn empty(classes: Vec<String>) -> Self {
        Model {
            classes,
            index: FeatureIndex::default(),
            entries: Vec::new(),
        }
    }

    fn push_row(&mut self, f: Feature, row: impl Iterator<Item = (usize, f32)>) {
        let start = self.entries.len();
        for (c, w) in row {
            if w != 0.0 {
                self.entries.push(Entry {
                    class: c as u32,
                    weight: w,
                });
            }
        }
        let len = self.entries.len() - start;
        if len > 0 {
            self.index.insert(f, (start as u32, len as u32));
        }
    }

    /// Class names, in index order.
    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    /// Number of features with weights.
    pub fn features(&self) -> usize {
        self.index.len()
    }

    /// Number of non-zero weights.
    pub fn weights(&self) -> usize {
        self.entries.len()
    }

    /// Sets `scores` (length = number of classes) to the sum of the known features' weights.
    #[inline]
    pub fn score(&self, feats: &[Feature], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        // Lookups are memory-bound (the index is far larger than the caches): ask for every
        // slot first, then probe, then ask for every weight row, then add — so the misses
        // overlap instead of queueing.
        for f in feats {
            self.index.prefetch(*f);
        }
        let mut found = [(0u32, 0u32); 128];
        let mut n = 0;
        for f in feats {
            if let Some((start, len)) = self.index.get(*f) {
                prefetch(self.entries.as_ptr().wrapping_add(start as usize));
                if n < found.len() {
                    found[n] = (start, len);
                    n += 1;
                } else {
                    // more features than the scratch holds: add this one at once
                    for e in &self.entries[start as usize..(start + len) as usize] {
                        scores[e.class as usize] += e.weight;
                    }
                }
            }
        }
        for &(start, len) in &found[..n] {
            for e in &self.entries[start as usize..(start + len) as usize] {
                scores[e.class as usize] += e.weight;
            }
        }
    }

    /// The mean of models over the same classes (weights of a feature a model lacks count as
    /// zero): perceptrons trained on different shuffles of the data err differently, and their
    /// mean errs less than any of them.
    pub fn mean(models: &[Model]) -> Model {
        let Some(first) = models.first() else {
            return Model::empty(Vec::new());
        };
        let k = first.classes.len();
        let mut sum: FxHashMap<Feature, Vec<f32>> = FxHashMap::default();
        for m in models {
            for (f, (start, len)) in m.index.iter() {
                let row = sum.entry(f).or_insert_with(|| vec![0.0; k]);
                for e in &m.entries[start as usize..(start + len) as usize] {
                    row[e.class as usize] += e.weight / models.len() as f32;
                }
            }
        }
        let mut rows: Vec<(Feature, Vec<f32>)> = sum.into_iter().collect();
        rows.sort_unstable_by_key(|(f, _)| *f);
        let mut out = Model::empty(first.classes.clone());
        for (f, row) in rows {
            out.push_row(f, row.into_iter().enumerate());
        }
        out
    }

    /// A copy without weights smaller than `threshold` in absolute value (and without the
    /// features left with none): smaller, faster to load, usually as accurate.
    pub fn pruned(&self, threshold: f32) -> Model {
        let mut m = Model::empty(self.classes.clone());
        let mut rows: Vec<(Feature, (u32, u32))> = self.index.iter().collect();
        rows.sort_unstable();
        for (f, (start, len)) in rows {
            let row = self.entries[start as usize..(start + len) as usize]
                .iter()
                .map(|e| {
                    (
                        e.class as usize,
                        if e.weight.abs() < threshold {
                            0.0
                        } else {
                            e.weight
                        },
                    )
                })
                .collect::<Vec<_>>();
            m.push_row(f, row.into_iter());
        }
        m
    }

    /// Serialises into the artifact container under `magic`/`version`.
    ///
    /// Payload: u32 class count, each class as u8 length + bytes, an f32 scale, u32 feature
    /// count, then per feature its u64 hash, a u8 count of non-zero weights and
    /// (u8 class, i16 weight) pairs; a weight is `i16 × scale`. Quantising to 16 bits halves the
    /// artifact and changes no decision measurably (the eval figures are taken after loading).
    ///
    /// # Errors
    /// Compression failure.
    pub fn to_bytes(&self, magic: [u8; 4], version: u16) -> Result<Vec<u8>> {
        let mut p = Vec::new();
        self.write_payload(&mut p);
        artifact::encode(magic, version, &p)
    }

    /// Appends the model's payload (see [`Model::to_bytes`]) to `p`, so several models can
    /// share one artifact.
    pub fn write_payload(&self, p: &mut Vec<u8>) {
        let max = self.entries.iter().fold(0f32, |m, e| m.max(e.weight.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        p.extend_from_slice(&(self.classes.len() as u32).to_le_bytes());
        for c in &self.classes {
            p.push(c.len() as u8);
            p.extend_from_slice(c.as_bytes());
        }
        p.extend_from_slice(&scale.to_le_bytes());
        let mut rows: Vec<(Feature, (u32, u32))> = self.index.iter().collect();
        rows.sort_unstable(); // deterministic bytes
        let mut body = Vec::new();
        let mut kept = 0u32;
        for (f, (start, len)) in rows {
            let q: Vec<(u8, i16)> = self.entries[start as usize..(start + len) as usize]
                .iter()
                .map(|e| (e.class as u8, (e.weight / scale).round() as i16))
                .filter(|(_, x)| *x != 0)
                .collect();
            if q.is_empty() {
                continue;
            }
            kept += 1;
            body.extend_from_slice(&f.to_le_bytes());
            body.push(q.len() as u8);
            for (c, x) in q {
                body.push(c);
                body.extend_from_slice(&x.to_le_bytes());
            }
        }
        p.extend_from_slice(&kept.to_le_bytes());
        p.extend_from_slice(&body);
    }

    /// Loads a model written by [`Model::to_bytes`].
    ///
    /// # Errors
    /// A wrong magic or version, or a truncated or malformed payload.
    pub fn from_bytes(
        name: &'static str,
        magic: [u8; 4],
        version: u16,
        bytes: &[u8],
    ) -> Result<Self> {
        let p = artifact::decode(name, magic, version, bytes)?;
        let mut at = 0;
        let m = Model::read_payload(name, &p, &mut at)?;
        if at != p.len() {
            return Err(Error::Artifact {
                name,
                reason: "bytes after the model payload".into(),
            });
        }
        Ok(m)
    }

    /// Reads one model payload from `p` at `*at`, leaving `*at` after it.
    ///
    /// # Errors
    /// A truncated or malformed payload.
    pub fn read_payload(name: &'static str, p: &[u8], at: &mut usize) -> Result<Self> {
        let bad = || Error::Artifact {
            name,
            reason: "truncated or malformed model payload".into(),
        };
        let mut take = |k: usize| -> Result<&[u8]> {
            let s = p.get(*at..*at + k).ok_or_else(bad)?;
            *at += k;
            Ok(s)
        };
        let u32_at = |b: &[u8]| u32::from_le_bytes(b.try_into().expect("4 bytes"));
        let n = u32_at(take(4)?) as usize;
        if n == 0 || n > 255 {
            return Err(bad());
        }
        let mut classes = Vec::with_capacity(n);
        for _ in 0..n {
            let len = take(1)?[0] as usize;
            classes.push(String::from_utf8(take(len)?.to_vec()).map_err(|_| bad())?);
        }
        let scale = f32::from_le_bytes(take(4)?.try_into().expect("4 bytes"));
        let rows = u32_at(take(4)?) as usize;
        let mut m = Model::empty(classes);
        m.index = FeatureIndex::with_capacity(rows);
        for _ in 0..rows {
            let f = u64::from_le_bytes(take(8)?.try_into().expect("8 bytes"));
            let k = take(1)?[0] as usize;
            let start = m.entries.len() as u32;
            for _ in 0..k {
                let c = take(1)?[0];
                if c as usize >= n {
                    return Err(bad());
                }
                let x = i16::from_le_bytes(take(2)?.try_into().expect("2 bytes"));
                m.entries.push(Entry {
                    class: u32::from(c),
                    weight: f32::from(x) * scale,
                });
            }
            m.index.insert(f, (start, k as u32));
        }
        Ok(m)
    }
}

/// Asks the CPU to start loading `ptr`'s cache line; a hint with no effect on results.
#[inline(always)]
fn prefetch<T>(ptr: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is only a hint: it never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(ptr as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = ptr;
}

/// An open-addressing hash table from feature hash to a row of weights, kept at most half
/// full. Our own rather than a `HashMap` so `score` can prefetch slots before probing them.
#[derive(Debug, Clone)]
struct FeatureIndex {
    /// Feature hashes; `EMPTY` marks a free slot (the feature `EMPTY` itself lives in `empty_key`).
    slots: Vec<Slot>,
    empty_key: Option<(u32, u32)>,
    len: usize,
    shift: u32,
}

const EMPTY: u64 = 0;

/// A key and its row together: one cache line per probe.
#[derive(Debug, Clone, Copy)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

impl Default for FeatureIndex {
    fn default() -> Self {
        FeatureIndex::with_capacity(0)
    }
}

impl FeatureIndex {
    fn with_capacity(n: usize) -> Self {
        let slots = (n.max(8) * 2).next_power_of_two();
        FeatureIndex {
            slots: vec![
                Slot {
                    key: EMPTY,
                    start: 0,
                    len: 0
                };
                slots
            ],
            empty_key: None,
            len: 0,
            shift: 64 - slots.trailing_zeros(),
        }
    }

    #[inline(always)]
    fn slot(&self, key: u64) -> usize {
        // Fibonacci hashing: the top bits of a multiplicative hash spread any input evenly
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    fn len(&self) -> usize {
        self.len
    }

    #[inline(always)]
    fn prefetch(&self, f: Feature) {
        prefetch(self.slots.as_ptr().wrapping_add(self.slot(f)));
    }

    #[inline]
    fn get(&self, key: Feature) -> Option<(u32, u32)> {
        if key == EMPTY {
            return self.empty_key;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let s = self.slots[i];
            if s.key == key {
                return Some((s.start, s.len));
            }
            if s.key == EMPTY {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    fn insert(&mut self, key: Feature, row: (u32, u32)) {
        if key == EMPTY {
            self.len += usize::from(self.empty_key.is_none());
            self.empty_key = Some(row);
            return;
        }
        if (self.len + 1) * 2 > self.slots.len() {
            let mut bigger = FeatureIndex::with_capacity(self.slots.len());
            for (k, r) in self.iter() {
                bigger.insert(k, r);
            }
            *self = bigger;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let s = &mut self.slots[i];
            if s.key == EMPTY || s.key == key {
                self.len += usize::from(s.key == EMPTY);
                *s = Slot {
                    key,
                    start: row.0,
                    len: row.1,
                };
                return;
            }
            i = (i + 1) & mask;
        }
    }

    fn iter(&self) -> impl Iterator<Item = (Feature, (u32, u32))> + '_ {
        self.empty_key.map(|r| (EMPTY, r)).into_iter().chain(
            self.slots
                .iter()
                .filter(|s| s.key != EMPTY)
                .map(|s| (s.key, (s.start, s.len))),
        )
    }
}

/// Online training state with the bookkeeping for lazy averaging.
#[derive(Debug)]
pub struct Trainer {
    classes: Vec<String>,
    index: FxHashMap<Feature, u32>,
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u32>,
    step: u32,
    scores: Vec<f32>,
}

impl Trainer {
    /// A trainer for these classes.
    pub fn new(classes: Vec<String>) -> Self {
        let n = classes.len();
        Trainer {
            classes,
            index: FxHashMap::default(),
            weights: Vec::new(),
            totals: Vec::new(),
            stamps: Vec::new(),
            step: 0,
            scores: vec![0.0; n],
        }
    }

    /// The best class under the current (not averaged) weights.
    pub fn predict(&mut self, feats: &[Feature]) -> usize {
        argmax(self.scores(feats))
    }

    /// Scores of every class under the current (not averaged) weights.
    pub fn scores(&mut self, feats: &[Feature]) -> &[f32] {
        let n = self.classes.len();
        self.scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(&row) = self.index.get(f) {
                let w = &self.weights[row as usize * n..(row as usize + 1) * n];
                for (s, w) in self.scores.iter_mut().zip(w) {
                    *s += w;
                }
            }
        }
        &self.scores
    }

    /// Counts one training example; updates the weights when `guess` is wrong.
    pub fn update(&mut self, truth: usize, guess: usize, feats: &[Feature]) {
        self.step += 1;
        if truth == guess {
            return;
        }
        let n = self.classes.len();
        for f in feats {
            let row = match self.index.get(f) {
                Some(&r) => r as usize,
                None => {
                    let r = self.index.len();
                    self.index.insert(*f, r as u32);
                    self.weights.resize((r + 1) * n, 0.0);
                    self.totals.resize((r + 1) * n, 0.0);
                    self.stamps.resize((r + 1) * n, 0);
                    r
                }
            };
            for (c, delta) in [(truth, 1.0f32), (guess, -1.0f32)] {
                let i = row * n + c;
                self.totals[i] += (self.step - self.stamps[i]) as f64 * self.weights[i] as f64;
                self.stamps[i] = self.step;
                self.weights[i] += delta;
            }
        }
    }

    /// Counts one training example without updating (structured training updates through
    /// [`Trainer::adjust`] once the whole sequence is decoded).
    pub fn advance(&mut self) {
        self.step += 1;
    }

    /// Adds `delta` to the weight of `class` for every feature in `feats`.
    pub fn adjust(&mut self, feats: &[Feature], class: usize, delta: f32) {
        let n = self.classes.len();
        for f in feats {
            let row = match self.index.get(f) {
                Some(&r) => r as usize,
                None => {
                    let r = self.index.len();
                    self.index.insert(*f, r as u32);
                    self.weights.resize((r + 1) * n, 0.0);
                    self.totals.resize((r + 1) * n, 0.0);
                    self.stamps.resize((r + 1) * n, 0);
                    r
                }
            };
            let i = row * n + class;
            self.totals[i] += (self.step - self.stamps[i]) as f64 * self.weights[i] as f64;
            self.stamps[i] = self.step;
            self.weights[i] += delta;
        }
    }

    /// The averaged model; averaged weights below `prune` in absolute value are dropped (they
    /// barely change any decision and cost size and load time).
    pub fn finish(mut self, prune: f32) -> Model {
        let n = self.classes.len();
        let step = self.step.max(1);
        for i in 0..self.weights.len() {
            self.totals[i] += (step - self.stamps[i]) as f64 * self.weights[i] as f64;
            self.weights[i] = (self.totals[i] / step as f64) as f32;
        }
        let mut m = Model::empty(self.classes);
        let mut rows: Vec<(Feature, u32)> = self.index.into_iter().collect();
        rows.sort_unstable();
        for (f, row) in rows {
            let w = &self.weights[row as usize * n..(row as usize + 1) * n];
            m.push_row(
                f,
                w.iter()
                    .enumerate()
                    .map(|(c, x)| (c, if x.abs() < prune { 0.0 } else { *x })),
            );
        }
        m
    }
}

/// Index of the largest score (the first on ties).
#[inline]
pub fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, s) in scores.iter().enumerate() {
        if *s > scores[best] {
            best = i;
        }
    }
    best
}

/// A small deterministic RNG (xorshift64*) for shuffling training data reproducibly.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced by a fixed constant).
    pub fn new(seed: u64) -> Self {
        Rng(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_index_agrees_with_a_hash_map() {
        let mut idx = FeatureIndex::default();
        let mut map = FxHashMap::default();
        let mut rng = Rng::new(3);
        for i in 0..5000u32 {
            // include the reserved value and repeats
            let k = match i % 7 {
                0 => 0,
                1 => u64::from(i % 50),
                _ => rng.next_u64(),
            };
            idx.insert(k, (i, i + 1));
            map.insert(k, (i, i + 1));
        }
        assert_eq!(idx.len(), map.len());
        for (k, v) in &map {
            assert_eq!(idx.get(*k), Some(*v));
        }
        assert_eq!(idx.get(0xDEAD_BEEF_0000_0001), None);
        let mut all: Vec<_> = idx.iter().collect();
        all.sort_unstable();
        let mut expect: Vec<_> = map.into_iter().collect();
        expect.sort_unstable();
        assert_eq!(all, expect);
    }

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        let classes = vec!["A".to_string(), "B".to_string()];
        let mut t = Trainer::new(classes);
        let data = [(vec![feat(1, "x")], 0), (vec![feat(1, "y")], 1)];
        for _ in 0..5 {
            for (f, y) in &data {
                let g = t.predict(f);
                t.update(*y, g, f);
            }
        }
        let m = t.finish(0.0);
        let mut s = vec![0.0; 2];
        m.score(&[feat(1, "x")], &mut s);
        assert_eq!(argmax(&s), 0);
        m.score(&[feat(1, "y")], &mut s);
        assert_eq!(argmax(&s), 1);
        let bytes = m.to_bytes(*b"TEST", 1).unwrap();
        let back = Model::from_bytes("test", *b"TEST", 1, &bytes).unwrap();
        assert_eq!(back.classes(), m.classes());
        let mut s2 = vec![0.0; 2];
        back.score(&[feat(1, "y")], &mut s2);
        m.score(&[feat(1, "y")], &mut s);
        for (a, b) in s.iter().zip(&s2) {
            assert!((a - b).abs() <= 1e-4 * a.abs().max(1.0), "{a} vs {b}");
        }
        assert!(Model::from_bytes("test", *b"TEST", 1, &bytes[..bytes.len() - 3]).is_err());
    }
}
