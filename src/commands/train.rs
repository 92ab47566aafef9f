//! `newsgraph train`: the POS and NER taggers and the dependency parser.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use newsgraph_core::parse::{FeatureSet, Parser, TrainSentence};
use newsgraph_core::tag::{corpus, iob1_to_bio, Tagger, Task};

use super::eval::{report_ner, report_parse, report_pos};
use super::save_artifact;
use crate::cli::{ParseFeatures, TrainArgs};

type Sentences = Vec<(Vec<String>, Vec<String>)>;

/// Sentences with their tags, and the document of each (POS: every sentence its own).
fn training_data(task: Task, path: &Path) -> Result<(Sentences, Vec<usize>)> {
    Ok(match task {
        Task::Pos => {
            let s: Sentences = corpus::read_conllu(path)?
                .into_iter()
                .map(|s| s.into_iter().map(|w| (w.form, w.upos)).unzip())
                .collect();
            let docs = (0..s.len()).collect();
            (s, docs)
        }
        Task::Ner => {
            let (s, docs) = corpus::read_conll2003_docs(path)?;
            (
                s.into_iter()
                    .map(|(t, tags)| (t, iob1_to_bio(&tags)))
                    .collect(),
                docs,
            )
        }
    })
}

pub fn train(task: Task, a: &TrainArgs) -> Result<ExitCode> {
    if !a.silver.is_empty() {
        anyhow::bail!("--silver trains the parser: use it with `train parse`");
    }
    let (mut data, mut doc_of) = (Vec::new(), Vec::new());
    for path in &a.train {
        let (s, d) = training_data(task, path)?;
        let base = doc_of.last().map_or(0, |x| x + 1);
        doc_of.extend(d.into_iter().map(|x| x + base));
        data.extend(s);
    }
    let words: usize = data.iter().map(|(w, _)| w.len()).sum();
    let (epochs, seed) = (a.epochs, a.seed);
    eprintln!(
        "training on {} sentences, {words} words, {epochs} epochs, seed {seed}, ensemble of {}",
        data.len(),
        a.ensemble
    );
    let started = Instant::now();
    let ensemble = a.ensemble;
    let tagger = Tagger::train(
        task,
        &data,
        &doc_of,
        epochs,
        seed,
        a.prune,
        ensemble,
        |m, epoch, acc| {
            eprintln!(
                "  model {}/{ensemble}, epoch {epoch:>2}/{epochs}: training accuracy {acc:.4} ({:.0}s)",
                m + 1,
                started.elapsed().as_secs_f64()
            );
        },
    )?;
    let bytes = tagger.to_bytes()?;
    save_artifact(
        &a.out,
        &bytes,
        format_args!(
            "{} classes, {} features",
            tagger.classes().len(),
            tagger.features()
        ),
    )?;
    match task {
        Task::Pos => report_pos(&tagger, &a.dev, false, None)?,
        Task::Ner => report_ner(&tagger, &a.dev, false, None)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Trains the parser. Its POS input is jackknifed (each fifth of the training data tagged by a
/// tagger trained on the other four fifths), so it learns from tags as noisy as at run time;
/// with `--given-tags` the files' UPOS are taken as such tags.
pub fn train_parser(a: &TrainArgs) -> Result<ExitCode> {
    let (epochs, seed, prune, ensemble) = (a.epochs, a.seed, a.prune, a.ensemble);
    let mut sentences = Vec::new();
    for path in &a.train {
        sentences.extend(corpus::read_conllu(path)?);
    }
    let tags: Vec<Vec<String>> = if a.given_tags {
        sentences
            .iter()
            .map(|s| s.iter().map(|w| w.upos.clone()).collect())
            .collect()
    } else {
        jackknifed_tags(&sentences, seed)?
    };
    if let Some(path) = &a.save_tags {
        write_tagged_conllu(path, &sentences, &tags)?;
    }
    let mut silver = Vec::new();
    for path in &a.silver {
        silver.extend(corpus::read_conllu(path)?);
    }
    let silver_tags = silver
        .iter()
        .map(|s| s.iter().map(|w| w.upos.clone()).collect::<Vec<_>>());
    let data: Vec<TrainSentence> = sentences
        .iter()
        .zip(tags)
        .chain(silver.iter().zip(silver_tags))
        .map(|(s, tags)| TrainSentence {
            words: s.iter().map(|w| w.form.clone()).collect(),
            tags,
            heads: s.iter().map(|w| w.head).collect(),
            labels: s.iter().map(|w| w.deprel.clone()).collect(),
        })
        .collect();
    let words: usize = data.iter().map(|s| s.words.len()).sum();
    eprintln!(
        "training the parser on {} sentences ({} of them silver), {words} words, {epochs} \
         epochs, seed {seed}",
        data.len(),
        silver.len()
    );
    let started = Instant::now();
    let beam = usize::from(a.beam);
    let config = newsgraph_core::parse::TrainConfig {
        epochs,
        seed,
        prune,
        ensemble,
        beam,
        features: match a.features {
            ParseFeatures::Base => FeatureSet::Base,
            ParseFeatures::Brown => FeatureSet::Brown,
            ParseFeatures::Rich => FeatureSet::Rich,
        },
    };
    let parser = Parser::train(&data, &config, |m, epoch, good| {
        eprintln!(
            "  model {}/{ensemble}, epoch {epoch:>2}/{epochs}: optimal decisions {good:.4} ({:.0}s)",
            m + 1,
            started.elapsed().as_secs_f64()
        );
    })?;
    let bytes = parser.to_bytes()?;
    save_artifact(
        &a.out,
        &bytes,
        format_args!("{} features", parser.features()),
    )?;
    report_parse(
        &parser,
        parser.beam(),
        Some(newsgraph_core::tag::embedded_pos()),
        &a.dev,
        false,
        None,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// POS tags for every training sentence from a tagger trained on the other folds.
fn jackknifed_tags(sentences: &[Vec<corpus::Word>], seed: u64) -> Result<Vec<Vec<String>>> {
    let folds = 5;
    let mut tags: Vec<Vec<String>> = vec![Vec::new(); sentences.len()];
    for f in 0..folds {
        let train_part: Vec<(Vec<String>, Vec<String>)> = sentences
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds != f)
            .map(|(_, s)| s.iter().map(|w| (w.form.clone(), w.upos.clone())).unzip())
            .collect();
        let docs: Vec<usize> = (0..train_part.len()).collect();
        let tagger = Tagger::train(
            Task::Pos,
            &train_part,
            &docs,
            10,
            seed,
            0.05,
            1,
            |_, _, _| {},
        )?;
        for (i, s) in sentences.iter().enumerate().filter(|(i, _)| i % folds == f) {
            let words: Vec<&str> = s.iter().map(|w| w.form.as_str()).collect();
            tags[i] = tagger
                .tag(&words)
                .into_iter()
                .map(|k| tagger.classes()[k].clone())
                .collect();
        }
        eprintln!("  jackknifed POS tags: fold {}/{folds}", f + 1);
    }
    Ok(tags)
}

/// Writes sentences as CoNLL-U with `tags` as UPOS (what `--given-tags` reads back).
fn write_tagged_conllu(
    path: &Path,
    sentences: &[Vec<corpus::Word>],
    tags: &[Vec<String>],
) -> Result<()> {
    let file =
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut w = BufWriter::new(file);
    for (s, t) in sentences.iter().zip(tags) {
        for (i, (word, tag)) in s.iter().zip(t).enumerate() {
            writeln!(
                w,
                "{}\t{}\t_\t{tag}\t{}\t_\t{}\t{}\t_\t_",
                i + 1,
                word.form,
                word.xpos,
                word.head,
                word.deprel
            )?;
        }
        writeln!(w)?;
    }
    w.flush()?;
    eprintln!("wrote the tagged training data to {}", path.display());
    Ok(())
}
