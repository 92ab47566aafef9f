//! Training: the dynamic oracle for the greedy parser, max-violation updates for the beam, and
//! ensembles averaged into one model.

use super::beam::{expand, step, Cand, Item};
use super::features::{features, FeatureSet, Keys, Sent, FEATURES_MAX};
use super::state::{State, NONE};
use super::{class_names, universal, Parser};
use crate::error::Result;
use crate::learn::perceptron::{Rng, Trainer, Weights};

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

/// One parser trained with the dynamic oracle; `on_epoch(epoch, share of zero-cost decisions)`.
pub(super) fn train_member(
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
pub(super) fn oracle_costs(
    st: &State,
    nl: usize,
    gh: &[usize],
    gl: &[usize],
) -> (Vec<usize>, usize) {
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
pub(super) fn prepare(
    s: &TrainSentence,
    labels: &[String],
    keys: &Keys,
) -> (Sent, Vec<usize>, Vec<usize>) {
    let tags: Vec<&str> = s.tags.iter().map(String::as_str).collect();
    let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
    let (gh, gl) = gold_arcs(s, labels);
    (Sent::new(&words, &tags, keys), gh, gl)
}

/// Gold heads and label indices of a training sentence, 1-based (position 0 is the root).
pub(super) fn gold_arcs(s: &TrainSentence, labels: &[String]) -> (Vec<usize>, Vec<usize>) {
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
pub(super) fn train_member_beam(
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
pub(super) fn best_with_cost(scores: &[f32], costs: &[usize], min: usize) -> usize {
    let mut best = NONE;
    for (t, &sc) in scores.iter().enumerate() {
        if costs[t] == min && (best == NONE || sc > scores[best]) {
            best = t;
        }
    }
    best
}
