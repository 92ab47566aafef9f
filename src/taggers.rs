//! `newsgraph train pos|ner` and `newsgraph eval pos|ner`.

use std::borrow::Cow;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use newsgraph_core::eval::{score_ner, Prf};
use newsgraph_core::parse::{attachment_scores, FeatureSet, Parser, TrainSentence, Tree};
use newsgraph_core::tag::{bio_to_iob1, corpus, iob1_to_bio, Tagger, Task};
use serde::Serialize;

use crate::commands::save_artifact;

/// Loads `--model PATH`, or the model compiled into the binary.
fn load(task: Task, model: Option<&Path>) -> Result<Cow<'static, Tagger>> {
    match model {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            Ok(Cow::Owned(Tagger::from_bytes(task, &bytes)?))
        }
        None => Ok(Cow::Borrowed(match task {
            Task::Pos => newsgraph_core::tag::embedded_pos(),
            Task::Ner => newsgraph_core::tag::embedded_ner(),
        })),
    }
}

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

pub fn train(task: Task, a: &crate::TrainArgs) -> Result<ExitCode> {
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

pub fn eval(task: Task, a: &crate::EvalTaggerArgs) -> Result<ExitCode> {
    let (file, json, predictions) = (&a.file, a.json, a.predictions.as_ref());
    let t = Instant::now();
    let tagger = load(task, a.model.as_deref())?;
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
        print_tagging(
            file,
            tokens,
            seconds,
            format_args!(
                "UPOS accuracy {upos:.4}   XPOS: not predicted (the tagger predicts UPOS)"
            ),
        );
    }
    Ok(())
}

/// The text report of a tagger's accuracy on gold tokens: the file, `accuracy`, the speed.
fn print_tagging(file: &Path, tokens: usize, seconds: f64, accuracy: std::fmt::Arguments) {
    println!("{}: {tokens} tokens (gold tokenisation)", file.display());
    println!("{accuracy}");
    println!(
        "tagging took {seconds:.3}s ({:.0} tokens/s)",
        tokens as f64 / seconds.max(1e-9)
    );
}

/// Copies a CoNLL-U file, letting `edit(sentence, word, columns)` change each word line's
/// columns; comments, multiword-token and empty-node lines pass through unchanged.
fn rewrite_conllu(
    input: &Path,
    out: &Path,
    mut edit: impl FnMut(usize, usize, &mut Vec<String>),
) -> Result<()> {
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
        let mut cols: Vec<String> = line.split('\t').map(str::to_string).collect();
        if line.starts_with('#') || cols.len() < 8 || cols[0].contains('-') || cols[0].contains('.')
        {
            writeln!(w, "{line}")?;
            continue;
        }
        edit(s, i, &mut cols);
        i += 1;
        writeln!(w, "{}", cols.join("\t"))?;
    }
    w.flush()?;
    Ok(())
}

/// The CoNLL-U input with UPOS replaced by the predictions.
fn write_conllu_predictions(input: &Path, out: &Path, predicted: &[Vec<String>]) -> Result<()> {
    rewrite_conllu(input, out, |s, i, cols| {
        if let Some(tag) = predicted.get(s).and_then(|p| p.get(i)) {
            cols[3] = tag.clone();
        }
    })
}

fn report_ner(
    tagger: &Tagger,
    file: &Path,
    json: bool,
    predictions: Option<&PathBuf>,
) -> Result<()> {
    let (data, doc_of) = corpus::read_conll2003_docs(file)?;
    let t = Instant::now();
    let mut predicted: Vec<Vec<String>> = Vec::with_capacity(data.len());
    let mut start = 0;
    for i in 1..=data.len() {
        if i == data.len() || doc_of[i] != doc_of[i - 1] {
            let doc: Vec<Vec<&str>> = data[start..i]
                .iter()
                .map(|(toks, _)| toks.iter().map(String::as_str).collect())
                .collect();
            for tags in tagger.tag_document(&doc) {
                predicted.push(
                    tags.into_iter()
                        .map(|k| tagger.classes()[k].clone())
                        .collect(),
                );
            }
            start = i;
        }
    }
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

/// Trains the parser. Its POS input is jackknifed (each fifth of the training data tagged by a
/// tagger trained on the other four fifths), so it learns from tags as noisy as at run time;
/// with `--given-tags` the files' UPOS are taken as such tags.
pub fn train_parser(a: &crate::TrainArgs) -> Result<ExitCode> {
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
            crate::ParseFeatures::Base => FeatureSet::Base,
            crate::ParseFeatures::Brown => FeatureSet::Brown,
            crate::ParseFeatures::Rich => FeatureSet::Rich,
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

/// Loads `--model PATH`, or the embedded parser for `beam`, with the width to decode with:
/// `beam`, or the one the model was trained for.
pub fn load_parser(
    model: Option<&Path>,
    beam: Option<usize>,
) -> Result<(Cow<'static, Parser>, usize)> {
    let parser = match model {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            Cow::Owned(
                Parser::from_bytes(&bytes).with_context(|| format!("loading {}", p.display()))?,
            )
        }
        None => Cow::Borrowed(newsgraph_core::parse::embedded_for(beam.unwrap_or(1))),
    };
    let beam = beam.unwrap_or(parser.beam());
    Ok((parser, beam))
}

pub fn eval_parse(a: &crate::EvalParseArgs) -> Result<ExitCode> {
    let t = Instant::now();
    let (parser, beam) = load_parser(a.model.as_deref(), a.beam.map(usize::from))?;
    eprintln!(
        "model loaded in {:.1} ms (beam {beam})",
        t.elapsed().as_secs_f64() * 1e3,
    );
    let tagger = (!a.gold_upos).then(newsgraph_core::tag::embedded_pos);
    report_parse(
        &parser,
        beam,
        tagger,
        &a.file,
        a.json,
        a.predictions.as_ref(),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Scores `parser`, decoding with beam width `beam`, on a CoNLL-U file, with `tagger`'s UPOS
/// (or, without one, the file's).
fn report_parse(
    parser: &Parser,
    beam: usize,
    tagger: Option<&Tagger>,
    file: &Path,
    json: bool,
    predictions: Option<&PathBuf>,
) -> Result<()> {
    let sentences = corpus::read_conllu(file)?;
    let t = Instant::now();
    let mut tags_out = Vec::with_capacity(sentences.len());
    let trees: Vec<Tree> = sentences
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.iter().map(|w| w.form.as_str()).collect();
            let tags: Vec<&str> = match tagger {
                None => s.iter().map(|w| w.upos.as_str()).collect(),
                Some(tagger) => tagger
                    .tag(&words)
                    .into_iter()
                    .map(|k| tagger.classes()[k].as_str())
                    .collect(),
            };
            let tree = parser.parse_with_beam(&words, &tags, beam);
            tags_out.push(tags.iter().map(|t| t.to_string()).collect::<Vec<_>>());
            tree
        })
        .collect();
    let seconds = t.elapsed().as_secs_f64();
    let gold: Vec<(Vec<usize>, Vec<String>)> = sentences
        .iter()
        .map(|s| {
            (
                s.iter().map(|w| w.head).collect(),
                s.iter().map(|w| w.deprel.clone()).collect(),
            )
        })
        .collect();
    let (uas, las, tokens) = attachment_scores(&gold, &trees);
    if let Some(path) = predictions {
        write_conllu_parse(file, path, &tags_out, &trees)?;
    }
    if json {
        #[derive(Serialize)]
        struct J {
            uas: f64,
            las: f64,
            tokens: usize,
            seconds: f64,
            beam: usize,
            gold_upos: bool,
        }
        println!(
            "{}",
            serde_json::to_string(&J {
                uas,
                las,
                tokens,
                seconds,
                beam,
                gold_upos: tagger.is_none(),
            })?
        );
    } else {
        println!(
            "{}: {tokens} words (gold tokenisation, {} UPOS, beam {})",
            file.display(),
            if tagger.is_some() {
                "predicted"
            } else {
                "gold"
            },
            parser.beam()
        );
        println!("UAS {uas:.4}   LAS {las:.4}   (punctuation included; labels compared without subtypes)");
        println!(
            "tagging + parsing took {seconds:.3}s ({:.0} words/s)",
            tokens as f64 / seconds.max(1e-9)
        );
    }
    Ok(())
}

/// The CoNLL-U input with UPOS, HEAD and DEPREL replaced by the predictions.
fn write_conllu_parse(
    input: &Path,
    out: &Path,
    tags: &[Vec<String>],
    trees: &[Tree],
) -> Result<()> {
    rewrite_conllu(input, out, |s, i, cols| {
        if let (Some(t), Some(tree)) = (tags.get(s).and_then(|t| t.get(i)), trees.get(s)) {
            cols[3] = t.clone();
            cols[6] = tree.heads[i].to_string();
            cols[7] = tree.labels[i].clone();
        }
    })
}

pub fn prune(task: crate::TaskArg, model: &Path, threshold: f32, out: &Path) -> Result<ExitCode> {
    let bytes = std::fs::read(model).with_context(|| format!("reading {}", model.display()))?;
    let (features, pruned) = match task {
        crate::TaskArg::Parse => {
            let p = Parser::from_bytes(&bytes)?.pruned(threshold);
            (p.features(), p.to_bytes()?)
        }
        crate::TaskArg::Pos | crate::TaskArg::Ner => {
            let t = task.tagger().expect("a tagger task");
            let m = Tagger::from_bytes(t, &bytes)?.pruned(threshold);
            (m.features(), m.to_bytes()?)
        }
    };
    save_artifact(
        out,
        &pruned,
        format_args!(
            "{features} features, was {:.2} MB",
            bytes.len() as f64 / 1e6
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}
