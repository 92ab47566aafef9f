//! `newsgraph train event-filter`: the learned event filter from whole-article annotations
//! and news that reports no political event, its penalty and threshold chosen by
//! cross-validation over articles.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use newsgraph_core::events::eval_articles::{matches, score_article, total, ArticleCounts, Level};
use newsgraph_core::events::filter::{EventFilter, BITS};
use newsgraph_core::learn::logistic::{Logistic, Settings};
use newsgraph_core::Pipeline;
use rayon::prelude::*;

use super::eval_articles::{analyse, load_split, predictions};
use crate::cli::{SplitArg, TrainFilterArgs};

/// One group of examples (an article): the unit of the folds.
struct Group {
    /// Proposals: features and label.
    examples: Vec<(Vec<u32>, bool)>,
    /// For annotated articles: what the scorer needs to count gold events at a threshold.
    scored: Option<Scored>,
    words: usize,
}

struct Scored {
    gold: Vec<newsgraph_core::events::eval_articles::ArticleEvent>,
    sentences: Vec<(usize, usize)>,
    predicted: Vec<newsgraph_core::events::eval_articles::ArticlePrediction>,
}

/// Files of a negatives folder used for training: odd-numbered (`001.txt`, `003.txt`, …).
pub fn odd_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "txt")
                && p.file_stem()
                    .and_then(|s| s.to_str())
                    .and_then(|s| s.parse::<u32>().ok())
                    .is_some_and(|n| n % 2 == 1)
        })
        .collect();
    v.sort();
    Ok(v)
}

pub fn train_event_filter(a: &TrainFilterArgs) -> Result<ExitCode> {
    let pipeline = Pipeline::embedded().with_event_filter(None);
    let (items, skipped) = load_split(&a.annotations, &a.data, SplitArg::Dev)?;
    for line in &skipped {
        eprintln!("skipped {line}");
    }
    if items.is_empty() {
        bail!("no dev annotations under {}", a.annotations.display());
    }
    let mut groups: Vec<Group> = items
        .par_iter()
        .map(|it| {
            let an = analyse(&pipeline, it.article.clone());
            let proposals = pipeline.proposals(&an);
            let events: Vec<_> = proposals.iter().map(|(e, _)| e.clone()).collect();
            let predicted = predictions(&events);
            let sentences: Vec<(usize, usize)> =
                an.sentences.iter().map(|s| (s.start, s.end)).collect();
            let labels = matches(Level::Event, &it.gold.events, &sentences, &predicted);
            Group {
                examples: proposals
                    .into_iter()
                    .zip(labels)
                    .map(|((_, f), l)| (f, l))
                    .collect(),
                scored: Some(Scored {
                    gold: it.gold.events.clone(),
                    sentences,
                    predicted,
                }),
                words: an.tokens.len(),
            }
        })
        .collect();
    let annotated = groups.len();
    let mut negative_files = Vec::new();
    for d in &a.negatives {
        negative_files.extend(odd_files(d)?);
    }
    let negatives: Vec<Group> = negative_files
        .par_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(p).ok()?;
            let ing =
                newsgraph_core::ingest::from_text(&bytes, Some(&p.display().to_string())).ok()?;
            let an = analyse(&pipeline, ing.article);
            Some(Group {
                examples: pipeline
                    .proposals(&an)
                    .into_iter()
                    .map(|(_, f)| (f, false))
                    .collect(),
                scored: None,
                words: an.tokens.len(),
            })
        })
        .collect();
    let negative_words: usize = negatives.iter().map(|g| g.words).sum();
    let negative_articles = negatives.len();
    groups.extend(negatives);
    if let Some(path) = &a.gsr {
        groups.extend(gsr_groups(&pipeline, path)?);
    }
    if let Some(path) = &a.conflibert {
        groups.extend(conflibert_groups(&pipeline, path)?);
    }
    let positives: usize = groups
        .iter()
        .flat_map(|g| &g.examples)
        .filter(|e| e.1)
        .count();
    let examples: usize = groups.iter().map(|g| g.examples.len()).sum();
    eprintln!(
        "{annotated} annotated articles, {negative_articles} negative articles ({negative_words} words), {} GSR and ConfliBERT sentences; {examples} proposals, {positives} right",
        groups.len() - annotated - negative_articles
    );
    // out-of-fold probabilities for each penalty
    let folds = a.folds.max(2);
    let fold_of = |g: usize| g % folds;
    let penalties = [1e-5f32, 1e-4, 1e-3, 1e-2];
    // fine steps where the probabilities of a rare class lie
    let thresholds: Vec<f64> = (0..10)
        .map(|i| f64::from(i) * 0.02)
        .chain((4..=18).map(|i| f64::from(i) * 0.05))
        .collect();
    let mut curves = Vec::new();
    let mut best: Option<(f64, f32, f64)> = None; // (F0.5, penalty, threshold)
    for &l2 in &penalties {
        let settings = Settings {
            l2,
            ..Settings::default()
        };
        let oof: Vec<Vec<f64>> = {
            let models: Vec<Logistic> = (0..folds)
                .into_par_iter()
                .map(|k| {
                    let train: Vec<(Vec<u32>, bool)> = groups
                        .iter()
                        .enumerate()
                        .filter(|(g, _)| fold_of(*g) != k)
                        .flat_map(|(_, g)| g.examples.iter().cloned())
                        .collect();
                    Logistic::train(BITS, &train, settings)
                })
                .collect();
            groups
                .iter()
                .enumerate()
                .map(|(g, grp)| {
                    let m = &models[fold_of(g)];
                    grp.examples.iter().map(|(f, _)| m.prob(f)).collect()
                })
                .collect()
        };
        for &th in &thresholds {
            let counts: Vec<(ArticleCounts, usize)> = groups
                .iter()
                .zip(&oof)
                .filter_map(|(grp, probs)| {
                    let s = grp.scored.as_ref()?;
                    let kept: Vec<_> = s
                        .predicted
                        .iter()
                        .zip(probs)
                        .filter(|(_, p)| **p >= th)
                        .map(|(x, _)| x.clone())
                        .collect();
                    Some((score_article(&s.gold, &s.sentences, &kept), grp.words))
                })
                .collect();
            let t = total(counts.iter().map(|(c, w)| (c, *w)));
            let kept_negative: usize = groups
                .iter()
                .zip(&oof)
                .filter(|(g, _)| g.scored.is_none() && g.words > 0)
                .map(|(_, probs)| probs.iter().filter(|p| **p >= th).count())
                .sum();
            let per_2000 = 2000.0 * kept_negative as f64 / negative_words.max(1) as f64;
            curves.push(serde_json::json!({
                "l2": l2, "threshold": th,
                "event": t.event, "triple": t.triple, "triple_role": t.triple_role,
                "negative_events_per_2000_words": per_2000,
            }));
            eprintln!(
                "l2 {l2:<7} threshold {th:.2}: triple P {:.3} R {:.3} F1 {:.3} | event P {:.3} R {:.3} | sport/ent {per_2000:.2} per 2,000 words",
                t.triple.precision, t.triple.recall, t.triple.f1, t.event.precision, t.event.recall
            );
            // precision first: F0.5 weighs precision twice as much as recall
            let (p, r) = (t.event.precision, t.event.recall);
            let f05 = if p + r == 0.0 {
                0.0
            } else {
                1.25 * p * r / (0.25 * p + r)
            };
            if best.is_none_or(|b| f05 > b.0) {
                best = Some((f05, l2, th));
            }
        }
    }
    let (f05, l2, th) = best.context("no setting scored")?;
    let all: Vec<(Vec<u32>, bool)> = groups
        .iter()
        .flat_map(|g| g.examples.iter().cloned())
        .collect();
    let model = Logistic::train(
        BITS,
        &all,
        Settings {
            l2,
            ..Settings::default()
        },
    );
    let filter = EventFilter::new(model, th);
    std::fs::write(&a.out, filter.to_bytes()?)
        .with_context(|| format!("writing {}", a.out.display()))?;
    if let Some(r) = &a.report {
        std::fs::write(
            r,
            serde_json::to_string_pretty(&serde_json::json!({
                "annotated_articles": annotated, "proposals": examples, "right": positives,
                "chosen": {"l2": l2, "threshold": th, "cv_event_f05": f05}, "curve": curves,
            }))?,
        )?;
    }
    writeln!(
        io::stdout(),
        "chose l2 {l2}, threshold {th:.2} (cross-validated whole-article event F0.5 {f05:.3}); wrote {}",
        a.out.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// PLOVER GSR sentences with an even index (the odd ones are left for measuring), one group
/// each: a proposal is right when its type, in the GSR's vocabulary, is one of the
/// sentence's gold events.
fn gsr_groups(pipeline: &Pipeline, path: &Path) -> Result<Vec<Group>> {
    use newsgraph_core::events::eval::{gsr_label, read_gsr};
    let gold = read_gsr(&path.display().to_string(), &super::read_text(path)?)?;
    Ok(gold
        .par_iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, g)| {
            sentence_group(pipeline, &g.text, |e| {
                let cameo = e.cameo.clone().unwrap_or_default();
                let label = gsr_label(&e.event, &cameo, &e.source);
                g.events.iter().any(|x| x.event == label)
            })
        })
        .collect())
}

/// One sentence of a labelled corpus as a group: each proposal the rules make for it, right
/// when it is not negated and `right` holds.
fn sentence_group(
    pipeline: &Pipeline,
    text: &str,
    right: impl Fn(&newsgraph_core::analysis::Event) -> bool,
) -> Group {
    let an = analyse(
        pipeline,
        newsgraph_core::Article::new(None, text.to_string()),
    );
    Group {
        examples: pipeline
            .proposals(&an)
            .into_iter()
            .map(|(e, f)| (f, !e.negated && right(&e)))
            .collect(),
        scored: None,
        words: 0,
    }
}

/// The class ConfliBERT's `cameo_class` gives a CAMEO code: 0 statements and appeals (01–02),
/// 1 verbal cooperation (03–05), 2 material cooperation (06–08), 3 verbal conflict (09–13)
/// and sanctions (16), 4 material conflict (14–15, 17–20).
pub fn penta_class(cameo: &str) -> Option<u8> {
    let root: u8 = cameo.get(..2)?.parse().ok()?;
    Some(match root {
        1..=2 => 0,
        3..=5 => 1,
        6..=8 => 2,
        9..=13 | 16 => 3,
        14 | 15 | 17..=20 => 4,
        _ => return None,
    })
}

/// ConfliBERT `cameo_class` sentences, one group each: a proposal is right when its code's
/// class is the sentence's. A line that is not `sentence<TAB>class` is skipped with a
/// warning naming it.
fn conflibert_groups(pipeline: &Pipeline, path: &Path) -> Result<Vec<Group>> {
    let text = super::read_text(path)?;
    let mut rows: Vec<(String, u8)> = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        match line
            .rsplit_once('\t')
            .map(|(s, c)| (s, c.trim().parse::<u8>()))
        {
            Some((sentence, Ok(class))) if class <= 4 && !sentence.trim().is_empty() => {
                rows.push((sentence.to_string(), class));
            }
            _ => eprintln!(
                "{}:{}: not `sentence<TAB>class`, skipped",
                path.display(),
                k + 1
            ),
        }
    }
    Ok(rows
        .par_iter()
        .map(|(sentence, class)| {
            sentence_group(pipeline, sentence, |e| {
                e.cameo.as_deref().and_then(penta_class) == Some(*class)
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::penta_class;

    #[test]
    fn penta_classes_of_cameo_codes() {
        assert_eq!(penta_class("023"), Some(0));
        assert_eq!(penta_class("057"), Some(1));
        assert_eq!(penta_class("0871"), Some(2));
        assert_eq!(penta_class("163"), Some(3));
        assert_eq!(penta_class("190"), Some(4));
        assert_eq!(penta_class("x"), None);
    }
}
