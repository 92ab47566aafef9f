//! `newsgraph train pos|ner` and `newsgraph eval pos|ner`.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use newsgraph_core::eval::{score_ner, Prf};
use newsgraph_core::tag::{bio_to_iob1, corpus, iob1_to_bio, Tagger, Task};
use serde::Serialize;

/// Loads `--model PATH`, or the model compiled into the binary.
fn load(task: Task, model: Option<&Path>) -> Result<Tagger> {
    match model {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            Ok(Tagger::from_bytes(task, &bytes)?)
        }
        None => Ok(match task {
            Task::Pos => newsgraph_core::tag::embedded_pos(),
            Task::Ner => newsgraph_core::tag::embedded_ner(),
        }
        .clone()),
    }
}

fn training_data(task: Task, path: &Path) -> Result<Vec<(Vec<String>, Vec<String>)>> {
    Ok(match task {
        Task::Pos => corpus::read_conllu(path)?
            .into_iter()
            .map(|s| s.into_iter().map(|w| (w.form, w.upos)).unzip())
            .collect(),
        Task::Ner => corpus::read_conll2003(path)?
            .into_iter()
            .map(|(t, tags)| (t, iob1_to_bio(&tags)))
            .collect(),
    })
}

pub fn train(
    task: Task,
    train: &[PathBuf],
    dev: &Path,
    out: &Path,
    epochs: usize,
    seed: u64,
    prune: f32,
) -> Result<ExitCode> {
    let mut data = Vec::new();
    for path in train {
        data.extend(training_data(task, path)?);
    }
    let words: usize = data.iter().map(|(w, _)| w.len()).sum();
    eprintln!(
        "training on {} sentences, {words} words, {epochs} epochs, seed {seed}",
        data.len()
    );
    let started = Instant::now();
    let tagger = Tagger::train(task, &data, epochs, seed, prune, |epoch, acc| {
        eprintln!(
            "  epoch {epoch:>2}/{epochs}: training accuracy {acc:.4} ({:.0}s)",
            started.elapsed().as_secs_f64()
        );
    });
    let bytes = tagger.to_bytes()?;
    std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "wrote {} ({} classes, {} features, {:.1} MB)",
        out.display(),
        tagger.classes().len(),
        tagger.features(),
        bytes.len() as f64 / 1e6
    );
    match task {
        Task::Pos => report_pos(&tagger, dev, false, None)?,
        Task::Ner => report_ner(&tagger, dev, false, None)?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn eval(
    task: Task,
    file: &Path,
    model: Option<&Path>,
    json: bool,
    predictions: Option<&PathBuf>,
) -> Result<ExitCode> {
    let t = Instant::now();
    let tagger = load(task, model)?;
    eprintln!("model loaded in {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    match task {
        Task::Pos => report_pos(&tagger, file, json, predictions)?,
        Task::Ner => report_ner(&tagger, file, json, predictions)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn report_pos(
    tagger: &Tagger,
    file: &Path,
    json: bool,
    predictions: Option<&PathBuf>,
) -> Result<()> {
    let sentences = corpus::read_conllu(file)?;
    let t = Instant::now();
    let predicted: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.iter().map(|w| w.form.as_str()).collect();
            tagger
                .tag(&words)
                .into_iter()
                .map(|i| tagger.classes()[i].clone())
                .collect()
        })
        .collect();
    let seconds = t.elapsed().as_secs_f64();
    let (mut tokens, mut correct) = (0usize, 0usize);
    for (s, p) in sentences.iter().zip(&predicted) {
        tokens += s.len();
        correct += s.iter().zip(p).filter(|(w, t)| &w.upos == *t).count();
    }
    let upos = correct as f64 / tokens.max(1) as f64;
    if let Some(path) = predictions {
        write_conllu_predictions(file, path, &predicted)?;
    }
    #[derive(Serialize)]
    struct J {
        upos: f64,
        xpos: Option<f64>,
        tokens: usize,
        seconds: f64,
    }
    if json {
        println!(
            "{}",
            serde_json::to_string(&J {
                upos,
                xpos: None,
                tokens,
                seconds
            })?
        );
    } else {
        println!("{}: {tokens} tokens (gold tokenisation)", file.display());
        println!("UPOS accuracy {upos:.4}   XPOS: not predicted (the tagger predicts UPOS)");
        println!(
            "tagging took {seconds:.3}s ({:.0} tokens/s)",
            tokens as f64 / seconds.max(1e-9)
        );
    }
    Ok(())
}

/// Copies the CoNLL-U input, replacing UPOS on each word line with the prediction.
fn write_conllu_predictions(input: &Path, out: &Path, predicted: &[Vec<String>]) -> Result<()> {
    let content = std::fs::read_to_string(input)?;
    let mut w = BufWriter::new(
        std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?,
    );
    let (mut s, mut i) = (0usize, 0usize);
    for line in content.lines() {
        if line.is_empty() {
            if i > 0 {
                s += 1;
                i = 0;
            }
            writeln!(w)?;
            continue;
        }
        let mut cols: Vec<&str> = line.split('\t').collect();
        if line.starts_with('#') || cols.len() < 8 || cols[0].contains('-') || cols[0].contains('.')
        {
            writeln!(w, "{line}")?;
            continue;
        }
        if let Some(tag) = predicted.get(s).and_then(|p| p.get(i)) {
            cols[3] = tag;
        }
        i += 1;
        writeln!(w, "{}", cols.join("\t"))?;
    }
    w.flush()?;
    Ok(())
}

fn report_ner(
    tagger: &Tagger,
    file: &Path,
    json: bool,
    predictions: Option<&PathBuf>,
) -> Result<()> {
    let data = corpus::read_conll2003(file)?;
    let t = Instant::now();
    let predicted: Vec<Vec<String>> = data
        .iter()
        .map(|(toks, _)| {
            let words: Vec<&str> = toks.iter().map(String::as_str).collect();
            tagger
                .tag(&words)
                .into_iter()
                .map(|i| tagger.classes()[i].clone())
                .collect()
        })
        .collect();
    let seconds = t.elapsed().as_secs_f64();
    // Answer in the input's scheme: IOB1 when the gold never starts an entity with B- after O.
    let iob1 = data.iter().all(|(_, tags)| {
        tags.iter()
            .enumerate()
            .all(|(i, t)| !t.starts_with("B-") || (i > 0 && tags[i - 1].get(2..) == t.get(2..)))
    });
    let predicted: Vec<Vec<String>> = if iob1 {
        predicted.iter().map(|p| bio_to_iob1(p)).collect()
    } else {
        predicted
    };
    let gold: Vec<Vec<String>> = data.iter().map(|(_, t)| t.clone()).collect();
    let e = score_ner(&gold, &predicted);
    if let Some(path) = predictions {
        write_conll_predictions(file, path, &predicted)?;
    }
    if json {
        #[derive(Serialize)]
        struct J<'a> {
            precision: f64,
            recall: f64,
            f1: f64,
            accuracy: f64,
            per_type: &'a std::collections::BTreeMap<String, Prf>,
            tokens: usize,
            seconds: f64,
        }
        println!(
            "{}",
            serde_json::to_string(&J {
                precision: e.micro.precision,
                recall: e.micro.recall,
                f1: e.micro.f1,
                accuracy: e.accuracy,
                per_type: &e.per_type,
                tokens: e.tokens,
                seconds,
            })?
        );
    } else {
        let mut out = io::stdout().lock();
        writeln!(
            out,
            "{}: {} tokens, {} gold entities (scheme: {})",
            file.display(),
            e.tokens,
            e.micro.gold,
            if iob1 { "IOB1" } else { "BIO" }
        )?;
        writeln!(
            out,
            "accuracy {:.4}; precision {:.4}; recall {:.4}; F1 {:.4}",
            e.accuracy, e.micro.precision, e.micro.recall, e.micro.f1
        )?;
        for (ty, p) in &e.per_type {
            writeln!(
                out,
                "{ty:>6}: precision {:.4}; recall {:.4}; F1 {:.4}  ({} predicted, {} gold)",
                p.precision, p.recall, p.f1, p.predicted, p.gold
            )?;
        }
        writeln!(
            out,
            "tagging took {seconds:.3}s ({:.0} tokens/s)",
            e.tokens as f64 / seconds.max(1e-9)
        )?;
    }
    Ok(())
}

/// The input lines with the predicted tag appended as a last column (conlleval's input).
fn write_conll_predictions(input: &Path, out: &Path, predicted: &[Vec<String>]) -> Result<()> {
    let content = std::fs::read_to_string(input)?;
    let mut w = BufWriter::new(
        std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?,
    );
    let (mut s, mut i) = (0usize, 0usize);
    for line in content.lines() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with("-DOCSTART-") {
            if i > 0 {
                s += 1;
                i = 0;
            }
            if line.is_empty() {
                writeln!(w)?;
            } else {
                writeln!(w, "{line} O")?;
            }
            continue;
        }
        let tag = predicted
            .get(s)
            .and_then(|p| p.get(i))
            .map_or("O", String::as_str);
        writeln!(w, "{line} {tag}")?;
        i += 1;
    }
    w.flush()?;
    Ok(())
}
