//! The averaged perceptron: a linear model over hashed features, one weight per (feature,
//! class), trained online and averaged over all updates (Collins 2002).

use std::hash::Hasher;

#[cfg(feature = "train")]
use rustc_hash::FxHashMap;
use rustc_hash::FxHasher;

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

/// FxHasher's multiplier (rustc-hash 2): hashing folds each part in as `h = (h + x) · K`.
const FX_K: u64 = 0xf135_7aea_2e62_a9c5;

/// A feature value hashed once: `hash_bytes(value) · K`, what `FxHasher::write` leaves in a
/// zero state. Since a fold is `h · K + x · K`, features built from keys hash with two integer
/// operations a part, bit for bit as [`feat`], [`feat2`] and [`feat_n`] hash the strings, so
/// the taggers hash each word, tag or cluster once per sentence instead of once per feature
/// (the trained models' hashes stay valid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Key(u64);

impl Key {
    /// The key of a string value.
    #[inline]
    pub fn of(value: &str) -> Key {
        let mut h = FxHasher::default();
        h.write(value.as_bytes());
        // finish() rotates the state left by 26: undo it to get the state itself
        Key(h.finish().rotate_right(26))
    }
}

/// The separator [`feat2`] and [`feat_n`] write between values (`write_u8(0xFF)`), premultiplied.
const SEP: u64 = 0xFF_u64.wrapping_mul(FX_K);

#[inline(always)]
fn fold(h: u64, premultiplied: u64) -> u64 {
    h.wrapping_mul(FX_K).wrapping_add(premultiplied)
}

#[inline(always)]
fn start(template: u8) -> u64 {
    u64::from(template).wrapping_mul(FX_K)
}

/// [`feat`] of a precomputed key.
#[inline(always)]
pub fn feat_k(template: u8, value: Key) -> Feature {
    fold(start(template), value.0).rotate_left(26)
}

/// [`feat2`] of precomputed keys.
#[inline(always)]
pub fn feat2_k(template: u8, a: Key, b: Key) -> Feature {
    fold(fold(fold(start(template), a.0), SEP), b.0).rotate_left(26)
}

/// [`feat_n`] of precomputed keys.
#[inline(always)]
pub fn feat_nk(template: u8, values: &[Key]) -> Feature {
    let mut h = start(template);
    for v in values {
        h = fold(fold(h, v.0), SEP);
    }
    h.rotate_left(26)
}

/// Trained weights in full precision, as training leaves them: per feature (in hash order)
/// its non-zero class weights. Ensembles average these; [`Weights::compile`] turns them into
/// the [`Model`] that scores.
#[derive(Debug, Clone)]
pub struct Weights {
    classes: Vec<String>,
    /// `(feature, first entry, entry count)`, sorted by feature.
    rows: Vec<(Feature, u32, u32)>,
    /// `(class, weight)`, rows contiguous.
    entries: Vec<(u8, f32)>,
}

impl Weights {
    fn empty(classes: Vec<String>) -> Self {
        Weights {
            classes,
            rows: Vec::new(),
            entries: Vec::new(),
        }
    }

    /// Appends a row (features must come in increasing order); zero weights are dropped.
    fn push_row(&mut self, f: Feature, row: impl Iterator<Item = (usize, f32)>) {
        debug_assert!(self.rows.last().is_none_or(|r| r.0 < f));
        let start = self.entries.len();
        self.entries
            .extend(row.filter(|(_, w)| *w != 0.0).map(|(c, w)| (c as u8, w)));
        let len = self.entries.len() - start;
        if len > 0 {
            self.rows.push((f, start as u32, len as u32));
        }
    }

    fn row(&self, r: usize) -> &[(u8, f32)] {
        let (_, start, len) = self.rows[r];
        &self.entries[start as usize..(start + len) as usize]
    }

    /// Class names, in index order.
    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    /// The mean of weights over the same classes (a weight a member lacks counts as zero):
    /// perceptrons trained on different shuffles of the data err differently, and their mean
    /// errs less than any of them.
    pub fn mean(members: &[Weights]) -> Weights {
        let Some(first) = members.first() else {
            return Weights::empty(Vec::new());
        };
        let k = first.classes.len();
        let n = members.len() as f32;
        let mut out = Weights::empty(first.classes.clone());
        let mut at = vec![0usize; members.len()];
        let mut row = vec![0f32; k];
        // a merge over the members' sorted rows; each weight is added in member order
        loop {
            let next = members
                .iter()
                .zip(&at)
                .filter_map(|(m, &i)| m.rows.get(i).map(|r| r.0))
                .min();
            let Some(f) = next else { break };
            row.iter_mut().for_each(|x| *x = 0.0);
            for (m, i) in members.iter().zip(at.iter_mut()) {
                if m.rows.get(*i).is_some_and(|r| r.0 == f) {
                    for &(c, w) in m.row(*i) {
                        row[c as usize] += w / n;
                    }
                    *i += 1;
                }
            }
            out.push_row(f, row.iter().copied().enumerate());
        }
        out
    }

    /// Quantises the weights to 16 bits (one scale for the model) and lays them out in the
    /// scoring table. Quantising changes no decision measurably; the eval figures are taken
    /// with compiled models.
    ///
    /// # Errors
    /// More classes than the format holds (254).
    pub fn compile(&self) -> Result<Model> {
        if self.classes.is_empty() || self.classes.len() > MAX_CLASSES {
            return Err(Error::Artifact {
                name: "model",
                reason: format!(
                    "{} classes; a model holds 1 to {MAX_CLASSES}",
                    self.classes.len()
                ),
            });
        }
        let max = self.entries.iter().fold(0f32, |m, e| m.max(e.1.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let rows: Vec<(Feature, Vec<(u8, i16)>)> = (0..self.rows.len())
            .map(|r| {
                let q: Vec<(u8, i16)> = self
                    .row(r)
                    .iter()
                    .map(|&(c, w)| (c, (w / scale).round() as i16))
                    .filter(|(_, x)| *x != 0)
                    .collect();
                (self.rows[r].0, q)
            })
            .filter(|(_, q)| !q.is_empty())
            .collect();
        // two slots in five filled: most lookups, and most lookups of absent features, end
        // in the first cache line they read (measured: at two in three, parsing took about
        // 10% longer; the empty slots cost memory, not artifact size, as they compress away)
        let mut slots = vec![Slot::default(); (rows.len() * 5 / 2).max(16)];
        let mut spill = Vec::new();
        let mut dense = Vec::new();
        for (f, q) in rows {
            let h = mix(f);
            let fp = fingerprint(h);
            let mut i = home(h, slots.len());
            while slots[i].fp != 0 {
                if slots[i].fp == fp {
                    break; // a 32-bit fingerprint shared within one probe run (~1e-4 a model): the first feature keeps it
                }
                i = (i + 1) % slots.len();
            }
            if slots[i].fp == fp {
                continue;
            }
            let mut s = Slot {
                fp,
                ..Slot::default()
            };
            let k = self.classes.len();
            if q.len() <= INLINE {
                for (j, (c, x)) in q.into_iter().enumerate() {
                    s.class[j] = c;
                    s.weight[j] = x;
                }
            } else if q.len() * 4 >= k {
                // a long row (the bias, tag-only features) is read often: dense, so it adds
                // as one vector operation per few classes instead of one per weight
                s.set_spill(DENSE, dense.len() / k, k);
                let at = dense.len();
                dense.resize(at + k, 0);
                for (c, x) in q {
                    dense[at + c as usize] = x;
                }
            } else {
                s.set_spill(SPARSE, spill.len(), q.len());
                spill.extend(q);
            }
            slots[i] = s;
        }
        Ok(Model {
            classes: self.classes.clone(),
            scale,
            slots,
            spill,
            dense,
        })
    }
}

/// Most classes a model holds: class ids are bytes and two values mark spilled rows.
const MAX_CLASSES: usize = 253;
/// Weights kept in a slot; longer rows spill to [`Model::spill`] or [`Model::dense`].
const INLINE: usize = 4;
/// In a slot's last class byte: the row lives in the spill array, as `(class, weight)` pairs.
const SPARSE: u8 = 255;
/// In a slot's last class byte: the row lives in the dense array, a weight for every class.
const DENSE: u8 = 254;

/// One feature of the scoring table: a 32-bit fingerprint of its hash and up to four
/// `(class, weight)` pairs (unused pairs are zero and add nothing), 16 bytes, four to a cache
/// line, so a lookup costs one memory access. Longer rows keep their spill range here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(C, align(16))]
struct Slot {
    /// 0 marks a free slot.
    fp: u32,
    class: [u8; INLINE],
    weight: [i16; INLINE],
}

/// Where a long row lives: `(kind, start, length)`, the kind [`SPARSE`] or [`DENSE`]; a
/// dense row's start counts rows.
type Spilled = (u8, usize, usize);

impl Slot {
    fn set_spill(&mut self, kind: u8, start: usize, len: usize) {
        self.class[INLINE - 1] = kind;
        self.weight[0] = start as u16 as i16;
        self.weight[1] = (start >> 16) as u16 as i16;
        self.weight[2] = len as u16 as i16;
    }

    #[inline(always)]
    fn spilled(&self) -> Option<Spilled> {
        let kind = self.class[INLINE - 1];
        (kind == SPARSE || kind == DENSE).then(|| {
            let start = u32::from(self.weight[0] as u16) | (u32::from(self.weight[1] as u16) << 16);
            (kind, start as usize, self.weight[2] as u16 as usize)
        })
    }
}

/// Mixes a feature hash (FxHash's low bits are weak) so its high half places it in the table
/// and its low half is the fingerprint, independently.
#[inline(always)]
fn mix(f: Feature) -> u64 {
    let mut x = f ^ (f >> 33);
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

#[inline(always)]
fn fingerprint(h: u64) -> u32 {
    (h as u32).max(1)
}

/// The first slot to probe: the high half of `h` scaled to `n` (no power-of-two size needed).
#[inline(always)]
fn home(h: u64, n: usize) -> usize {
    (((h >> 32) * n as u64) >> 32) as usize
}

/// What [`Model`]'s sums are handed out as: scores, or the exact integer sums.
trait Sum: Copy {
    fn of(sum: i32, scale: f32) -> Self;
}

impl Sum for f32 {
    #[inline(always)]
    fn of(sum: i32, scale: f32) -> f32 {
        sum as f32 * scale
    }
}

impl Sum for i32 {
    #[inline(always)]
    fn of(sum: i32, _: f32) -> i32 {
        sum
    }
}

/// A compiled model: class names and an open-addressing table from feature to its 16-bit
/// weights. It is stored in the artifact as laid out in memory, so loading is a decompression
/// and a check, not a rebuild.
#[derive(Debug, Clone)]
pub struct Model {
    classes: Vec<String>,
    /// A weight is `i16 × scale`.
    scale: f32,
    slots: Vec<Slot>,
    /// Rows longer than [`INLINE`] but short for the class count: `(class, weight)`.
    spill: Vec<(u8, i16)>,
    /// Long rows, a weight for every class.
    dense: Vec<i16>,
}

impl Model {
    /// Class names, in index order.
    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    /// Number of features with a non-zero weight.
    pub fn features(&self) -> usize {
        self.slots
            .iter()
            .filter(|s| s.fp != 0 && self.row(s).any(|(_, w)| w != 0))
            .count()
    }

    /// Number of non-zero weights.
    pub fn weights(&self) -> usize {
        self.slots
            .iter()
            .filter(|s| s.fp != 0)
            .map(|s| self.row(s).filter(|&(_, w)| w != 0).count())
            .sum()
    }

    /// The `(class, quantised weight)` pairs of an occupied slot.
    fn row<'m>(&'m self, s: &'m Slot) -> Box<dyn Iterator<Item = (u8, i16)> + 'm> {
        match s.spilled() {
            None => Box::new(s.class.iter().zip(s.weight).map(|(&c, w)| (c, w))),
            Some((SPARSE, start, len)) => Box::new(self.spill[start..start + len].iter().copied()),
            Some((_, row, k)) => Box::new(
                self.dense[row * k..(row + 1) * k]
                    .iter()
                    .enumerate()
                    .map(|(c, &w)| (c as u8, w)),
            ),
        }
    }

    #[inline(always)]
    fn find(&self, h: u64) -> Option<&Slot> {
        let fp = fingerprint(h);
        let n = self.slots.len();
        let mut i = home(h, n);
        loop {
            let s = &self.slots[i];
            if s.fp == fp {
                return Some(s);
            }
            if s.fp == 0 {
                return None;
            }
            i += 1;
            if i == n {
                i = 0;
            }
        }
    }

    /// Sets `scores` (length = number of classes) to the sum of the known features' weights.
    #[inline]
    pub fn score(&self, feats: &[Feature], scores: &mut [f32]) {
        self.score_groups(feats, &[feats.len()], scores);
    }

    /// Scores several groups of features at once: group `g` is `feats[ends[g - 1]..ends[g]]`
    /// and its scores go to `scores[g * k..(g + 1) * k]` (`k` classes). Lookups are
    /// memory-bound (the table is larger than the caches): every group's slots are asked
    /// for first, then probed, so the misses overlap instead of queueing.
    #[inline]
    pub fn score_groups(&self, feats: &[Feature], ends: &[usize], scores: &mut [f32]) {
        self.groups(feats, ends, scores);
    }

    /// [`Model::score_groups`] leaving each group's sums as exact integers, in units of
    /// [`Model::scale`]: sums of parts of a feature set add up to the sum of the whole, bit
    /// for bit, so a caller can keep the part that several decisions share and add it later.
    #[inline]
    pub fn sum_groups(&self, feats: &[Feature], ends: &[usize], sums: &mut [i32]) {
        self.groups(feats, ends, sums);
    }

    /// The score of one unit of [`Model::sum_groups`]: a score is `sum as f32 * scale`.
    pub fn scale(&self) -> f32 {
        self.scale
    }

    #[inline(always)]
    fn groups<T: Sum>(&self, feats: &[Feature], ends: &[usize], out: &mut [T]) {
        let n = self.slots.len();
        let mut buf = [0u64; 128];
        let mut long = Vec::new();
        let mixed: &mut [u64] = if feats.len() <= buf.len() {
            &mut buf[..feats.len()]
        } else {
            long.resize(feats.len(), 0);
            &mut long
        };
        for (m, &f) in mixed.iter_mut().zip(feats) {
            *m = mix(f);
            prefetch(self.slots.as_ptr().wrapping_add(home(*m, n)));
        }
        let k = self.classes.len();
        let mut start = 0;
        for (&end, out) in ends.iter().zip(out.chunks_mut(k)) {
            let group = mixed.get(start..end).unwrap_or(&[]);
            start = end;
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU has AVX2, checked just above.
                unsafe { self.sum_avx2(group, out) };
                continue;
            }
            self.sum(group, out);
        }
    }

    /// [`Model::sum`] compiled for AVX2, where adding a dense row of 16-bit weights to the
    /// 32-bit sums is a widening load and an add per eight classes.
    ///
    /// # Safety
    /// Only on a CPU with AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn sum_avx2<T: Sum>(&self, mixed: &[u64], out: &mut [T]) {
        self.sum(mixed, out);
    }

    /// Sums the weights of the features with these mixed hashes into `out`, in sums sized
    /// to the class count (zeroing 256 sums per call was a measurable share of NER's time).
    #[inline(always)]
    fn sum<T: Sum>(&self, mixed: &[u64], out: &mut [T]) {
        match self.classes.len() {
            0..=32 => self.sum_in::<32, T>(mixed, out),
            33..=128 => self.sum_in::<128, T>(mixed, out),
            _ => self.sum_in::<256, T>(mixed, out),
        }
    }

    /// [`Model::sum`] with `N` sums (a power of two above every class id, which loading
    /// checked, so masking an id with `N - 1` keeps it and spares the bounds checks).
    #[inline(always)]
    fn sum_in<const N: usize, T: Sum>(&self, mixed: &[u64], out: &mut [T]) {
        // the 16-bit weights add exactly in 32 bits; the scale is applied at the end
        let mut acc = [0i32; N];
        // long rows are asked for as their slots are found and added once all are found
        let mut spilled = [(0u8, 0usize, 0usize); 32];
        let mut ns = 0;
        for &h in mixed {
            let Some(s) = self.find(h) else {
                continue;
            };
            match s.spilled() {
                None => {
                    for k in 0..INLINE {
                        acc[s.class[k] as usize & (N - 1)] += i32::from(s.weight[k]);
                    }
                }
                Some(row) if ns < spilled.len() => {
                    prefetch(self.spilled_ptr(row));
                    spilled[ns] = row;
                    ns += 1;
                }
                Some(row) => self.add_spilled(row, &mut acc),
            }
        }
        for &row in &spilled[..ns] {
            self.add_spilled(row, &mut acc);
        }
        let scale = self.scale;
        for (s, &a) in out.iter_mut().zip(&acc) {
            *s = T::of(a, scale);
        }
    }

    fn spilled_ptr(&self, (kind, start, len): Spilled) -> *const u8 {
        if kind == SPARSE {
            self.spill.as_ptr().wrapping_add(start).cast()
        } else {
            self.dense.as_ptr().wrapping_add(start * len).cast()
        }
    }

    #[inline(always)]
    fn add_spilled<const N: usize>(&self, (kind, start, len): Spilled, acc: &mut [i32; N]) {
        if kind == SPARSE {
            for &(c, w) in &self.spill[start..start + len] {
                acc[c as usize & (N - 1)] += i32::from(w);
            }
        } else {
            for (a, &w) in acc
                .iter_mut()
                .zip(&self.dense[start * len..(start + 1) * len])
            {
                *a += i32::from(w);
            }
        }
    }

    /// A copy with weights smaller than `threshold` in absolute value set to zero. The table
    /// keeps its size (it holds fingerprints, not features, so it cannot be rebuilt smaller):
    /// the artifact shrinks, memory does not. Prune at training time (`--prune`) for a
    /// smaller table.
    pub fn pruned(&self, threshold: f32) -> Model {
        let mut m = self.clone();
        let small = |w: i16| (f32::from(w) * m.scale).abs() < threshold;
        for s in m
            .slots
            .iter_mut()
            .filter(|s| s.fp != 0 && s.spilled().is_none())
        {
            for k in 0..INLINE {
                if small(s.weight[k]) {
                    s.class[k] = 0;
                    s.weight[k] = 0;
                }
            }
        }
        for e in &mut m.spill {
            if small(e.1) {
                e.1 = 0;
            }
        }
        for w in &mut m.dense {
            if small(*w) {
                *w = 0;
            }
        }
        m
    }

    /// Serialises into the artifact container under `magic`/`version`.
    ///
    /// # Errors
    /// Compression failure.
    pub fn to_bytes(&self, magic: [u8; 4], version: u16) -> Result<Vec<u8>> {
        let mut p = Vec::new();
        self.write_payload(&mut p);
        artifact::encode(magic, version, &p)
    }

    /// Appends the model's payload to `p`, so several models can share one artifact.
    ///
    /// Payload: u32 class count, each class as u8 length + bytes, the f32 scale, u32 slot
    /// count and the slots (u32 fingerprint, 4 class bytes, 4 i16 weights), u32 spill count
    /// and the spilled pairs (u8 class, i16 weight), u32 dense count and the dense rows' i16
    /// weights; little-endian throughout.
    pub fn write_payload(&self, p: &mut Vec<u8>) {
        p.extend_from_slice(&(self.classes.len() as u32).to_le_bytes());
        for c in &self.classes {
            p.push(c.len() as u8);
            p.extend_from_slice(c.as_bytes());
        }
        p.extend_from_slice(&self.scale.to_le_bytes());
        p.extend_from_slice(&(self.slots.len() as u32).to_le_bytes());
        for s in &self.slots {
            p.extend_from_slice(&s.fp.to_le_bytes());
            p.extend_from_slice(&s.class);
            for w in s.weight {
                p.extend_from_slice(&w.to_le_bytes());
            }
        }
        p.extend_from_slice(&(self.spill.len() as u32).to_le_bytes());
        for (c, w) in &self.spill {
            p.push(*c);
            p.extend_from_slice(&w.to_le_bytes());
        }
        p.extend_from_slice(&(self.dense.len() as u32).to_le_bytes());
        for w in &self.dense {
            p.extend_from_slice(&w.to_le_bytes());
        }
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

    /// Reads one model payload from `p` at `*at`, leaving `*at` after it, and checks that
    /// every class id and spill range in it is in bounds (scoring then cannot fail).
    ///
    /// # Errors
    /// A truncated or malformed payload.
    pub fn read_payload(name: &'static str, p: &[u8], at: &mut usize) -> Result<Self> {
        let bad = |what: &str| Error::Artifact {
            name,
            reason: format!("malformed model payload: {what}"),
        };
        let mut take = |k: usize| -> Result<&[u8]> {
            let s = p
                .get(*at..at.saturating_add(k))
                .ok_or_else(|| bad("truncated"))?;
            *at += k;
            Ok(s)
        };
        let u32_of = |b: &[u8]| u32::from_le_bytes(b.try_into().expect("4 bytes"));
        let i16_of = |b: &[u8]| i16::from_le_bytes(b.try_into().expect("2 bytes"));
        let n = u32_of(take(4)?) as usize;
        if n == 0 || n > MAX_CLASSES {
            return Err(bad("class count"));
        }
        let mut classes = Vec::with_capacity(n);
        for _ in 0..n {
            let len = take(1)?[0] as usize;
            classes.push(String::from_utf8(take(len)?.to_vec()).map_err(|_| bad("class name"))?);
        }
        let scale = f32::from_le_bytes(take(4)?.try_into().expect("4 bytes"));
        if !(scale.is_finite() && scale > 0.0) {
            return Err(bad("scale"));
        }
        let count = u32_of(take(4)?) as usize;
        let raw = take(count.checked_mul(16).ok_or_else(|| bad("slot count"))?)?;
        let slots: Vec<Slot> = raw
            .chunks_exact(16)
            .map(|b| Slot {
                fp: u32_of(&b[0..4]),
                class: [b[4], b[5], b[6], b[7]],
                weight: [
                    i16_of(&b[8..10]),
                    i16_of(&b[10..12]),
                    i16_of(&b[12..14]),
                    i16_of(&b[14..16]),
                ],
            })
            .collect();
        let spills = u32_of(take(4)?) as usize;
        let raw = take(spills.checked_mul(3).ok_or_else(|| bad("spill count"))?)?;
        let spill: Vec<(u8, i16)> = raw
            .chunks_exact(3)
            .map(|b| (b[0], i16_of(&b[1..3])))
            .collect();
        let count = u32_of(take(4)?) as usize;
        let raw = take(count.checked_mul(2).ok_or_else(|| bad("dense count"))?)?;
        let dense: Vec<i16> = raw.chunks_exact(2).map(i16_of).collect();
        // a lookup stops at a free slot: without one, a missing feature would probe forever
        if !slots.iter().any(|s| s.fp == 0) {
            return Err(bad("no free slot"));
        }
        let in_bounds = slots
            .iter()
            .filter(|s| s.fp != 0)
            .all(|s| match s.spilled() {
                Some((SPARSE, start, len)) => {
                    start.checked_add(len).is_some_and(|end| end <= spill.len())
                }
                Some((_, row, len)) => {
                    len == n
                        && (row + 1)
                            .checked_mul(n)
                            .is_some_and(|end| end <= dense.len())
                }
                None => s.class.iter().all(|&c| (c as usize) < n),
            })
            && spill.iter().all(|&(c, _)| (c as usize) < n);
        if !in_bounds {
            return Err(bad("class or spill range out of bounds"));
        }
        Ok(Model {
            classes,
            scale,
            slots,
            spill,
            dense,
        })
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

#[cfg(feature = "train")]
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

#[cfg(feature = "train")]
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

    /// The averaged weights; averaged weights below `prune` in absolute value are dropped
    /// (they barely change any decision and cost size and load time).
    pub fn finish(mut self, prune: f32) -> Weights {
        let n = self.classes.len();
        let step = self.step.max(1);
        for i in 0..self.weights.len() {
            self.totals[i] += (step - self.stamps[i]) as f64 * self.weights[i] as f64;
            self.weights[i] = (self.totals[i] / step as f64) as f32;
        }
        let mut m = Weights::empty(self.classes);
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
mod tests;
