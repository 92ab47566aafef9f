//! Beam search: parsing with the K best transition sequences instead of one (`--parse-beam`).

use super::features::{features, reading, Sent, BUFFER, FEATURES_MAX, PAIR, STRUCTURE};
use super::state::{kind_index, State, NO, NONE};
use super::{finish, Parser, Tree};

/// The longest sentence parsed with a beam; longer ones are parsed greedily.
pub(super) const BEAM_MAX_WORDS: usize = 1000;

impl Parser {
    /// Beam search: the `beam` best transition sequences by summed score, each followed to
    /// the end (2n transitions for every item), the best of them kept.
    pub(super) fn parse_beam(&self, words: &[&str], tags: &[&str], k: usize) -> Tree {
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
}

/// A beam item: a state, its summed score and (in training) whether it is still on the
/// reference sequence.
#[derive(Clone)]
pub(super) struct Item {
    pub(super) st: State,
    pub(super) score: f32,
    pub(super) gold: bool,
}

/// Moves the beam one step: `next` becomes the `cands`' items, each its parent extended;
/// an item stays on the reference when its parent was and it took `g`.
pub(super) fn step(
    beam: &mut Vec<Item>,
    next: &mut Vec<Item>,
    cands: &[Cand],
    nl: usize,
    g: usize,
) {
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
pub(super) struct Cand {
    pub(super) score: f32,
    pub(super) item: usize,
    pub(super) t: usize,
}

/// Adds the valid extensions of `st` (item `item`, summed score `total`) to `cands`, which
/// holds the `k` best so far, best first. A finished item extends as itself (`t` = NONE).
pub(super) fn expand(
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
pub(super) fn before(a: &Cand, b: &Cand) -> bool {
    b.score
        .total_cmp(&a.score)
        .then(a.item.cmp(&b.item))
        .then(a.t.cmp(&b.t))
        .is_lt()
}
