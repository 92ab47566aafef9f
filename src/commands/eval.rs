//! `newsgraph eval`: each stage scored against its gold corpus, with optional per-item
//! predictions for inspection.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use newsgraph_core::eval::{score_ner, Prf};
use newsgraph_core::parse::{attachment_scores, Parser, Tree};
use newsgraph_core::tag::{bio_to_iob1, corpus, Tagger, Task};
use newsgraph_core::{Analysis, Pipeline};
use rayon::prelude::*;
use serde::Serialize;

use super::{load, load_parser, read_text, write_json_lines};
use crate::cli::{
    EvalDatesArgs, EvalEventsArgs, EvalGeoArgs, EvalParseArgs, EvalSegmentArgs, EvalTaggerArgs,
    GeoFormatArg, GoldFormat,
};

pub fn eval_segment(args: EvalSegmentArgs) -> Result<ExitCode> {
    let format = args.format.unwrap_or_else(|| {
        if args.file.extension().is_some_and(|e| e == "conllu") {
            GoldFormat::Conllu
        } else {
            GoldFormat::Conll2003
        }
    });
    let docs = match format {
        GoldFormat::Conllu => newsgraph_core::eval::read_conllu(&args.file)?,
        GoldFormat::Conll2003 => newsgraph_core::eval::read_conll2003(&args.file)?,
    };
    if let Some(p) = &args.write_gold {
        write_json_lines(p, &docs)?;
    }
    let r = newsgraph_core::eval::evaluate_segmentation(&docs);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut out = io::stdout().lock();
    if args.json {
        #[derive(Serialize)]
        struct J<'a> {
            file: String,
            format: &'a str,
            docs: usize,
            tokens: newsgraph_core::eval::Prf,
            sentences: newsgraph_core::eval::Prf,
            seconds: f64,
            bytes: usize,
        }
        serde_json::to_writer(
            &mut out,
            &J {
                file: args.file.display().to_string(),
                format: match format {
                    GoldFormat::Conllu => "conllu",
                    GoldFormat::Conll2003 => "conll2003",
                },
                docs: r.docs,
                tokens: r.tokens,
                sentences: r.sentences,
                seconds: r.seconds,
                bytes,
            },
        )?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{}: {} documents, {} bytes",
            args.file.display(),
            r.docs,
            bytes
        )?;
        for (name, p) in [("tokens", r.tokens), ("sentences", r.sentences)] {
            if format == GoldFormat::Conll2003 && name == "sentences" {
                continue; // CoNLL-2003 sentences are lines of a rebuilt text, not real boundaries
            }
            writeln!(
                out,
                "{name:<10} gold {:>7}  predicted {:>7}  correct {:>7}  P {:.4}  R {:.4}  F1 {:.4}",
                p.gold, p.predicted, p.correct, p.precision, p.recall, p.f1
            )?;
        }
        writeln!(
            out,
            "segmentation took {:.3}s ({:.1} MB/s)",
            r.seconds,
            bytes as f64 / 1e6 / r.seconds.max(1e-9)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn eval_geo(args: EvalGeoArgs) -> Result<ExitCode> {
    use newsgraph_core::geo::eval::{evaluate, read, GeoFormat};
    let format = match args.format {
        GeoFormatArg::Lgl => GeoFormat::Lgl,
        GeoFormatArg::Geovirus => GeoFormat::GeoVirus,
    };
    let docs = read(&args.file, format)?;
    let t = Instant::now();
    newsgraph_core::geo::gazetteer::Gazetteer::embedded();
    eprintln!(
        "gazetteer loaded in {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let (s, preds) = evaluate(&docs, args.gold_spans, format);
    if let Some(p) = &args.predictions {
        write_json_lines(p, &preds)?;
    }
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &s)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{}: {} articles, {} gold toponyms with coordinates ({})",
            args.file.display(),
            docs.len(),
            s.n,
            if args.gold_spans {
                "gold spans"
            } else {
                "end to end"
            }
        )?;
        writeln!(
            out,
            "acc161 {:.4}  exact {}  mean {:.0} km  median {:.1} km  AUC {:.4}",
            s.acc161,
            s.exact.map_or(
                "n/a (no GeoNames ids in the corpus)".to_string(),
                |x| format!("{x:.4}")
            ),
            s.mean_km,
            s.median_km,
            s.auc
        )?;
        if let Some(o) = s.oracle_acc161 {
            writeln!(
                out,
                "oracle acc161 {o:.4} (a candidate within 161 km: the most this gazetteer allows)"
            )?;
        }
        if let (Some(p), Some(r), Some(f)) = (s.precision, s.recall, s.f1) {
            writeln!(
                out,
                "recognition: precision {p:.4}  recall {r:.4}  F1 {f:.4}"
            )?;
        }
        writeln!(
            out,
            "{:.0} toponyms/s ({:.2}s)",
            s.toponyms_per_second, s.seconds
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs the whole pipeline on one sentence of an event corpus.
fn analyze_sentence(pipeline: &Pipeline, text: &str) -> Analysis {
    super::eval_articles::analyse(
        pipeline,
        newsgraph_core::Article::new(None, text.to_string()),
    )
}

/// The pipeline `eval events|actors` scores: the embedded one, or one parsing with
/// `--parser-model`.
pub(super) fn eval_pipeline(args: &EvalEventsArgs) -> Result<Pipeline> {
    let (parser, beam) = super::load_parser(
        args.parser_model.as_deref(),
        args.parse_beam.map(usize::from),
    )?;
    let pipeline = match parser {
        std::borrow::Cow::Borrowed(_) => Pipeline::embedded_configured(&[], beam),
        // the pipeline holds its models for the whole run, as the embedded ones are held
        std::borrow::Cow::Owned(p) => {
            Pipeline::embedded().with_parser(Box::leak(Box::new(p)), beam)
        }
    };
    Ok(super::with_min_confidence(pipeline, args.min_confidence)
        .with_coreference(!args.no_coreference))
}

pub fn eval_events(args: EvalEventsArgs) -> Result<ExitCode> {
    use newsgraph_core::events::eval::{gsr_label, read_gsr, score, PredictedEvent};
    if args.file.is_dir() {
        let pipeline = eval_pipeline(&args)?;
        return super::eval_articles::eval_articles(&args, &pipeline);
    }
    let path = args.file.display().to_string();
    let mut gold = read_gsr(&path, &read_text(&args.file)?)?;
    if let Some(half) = args.half {
        let keep = usize::from(half == crate::cli::HalfArg::Odd);
        gold = gold
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % 2 == keep)
            .map(|(_, g)| g)
            .collect();
    }
    let pipeline = eval_pipeline(&args)?;
    let t = Instant::now();
    let analyses: Vec<Analysis> = gold
        .par_iter()
        .map(|g| analyze_sentence(&pipeline, &g.text))
        .collect();
    let seconds = t.elapsed().as_secs_f64();
    // A negated event did not happen: it is not a prediction of one.
    let predicted: Vec<Vec<PredictedEvent>> = analyses
        .iter()
        .map(|a| {
            a.events
                .iter()
                .filter(|e| !e.negated)
                .map(|e| {
                    let cameo = e.cameo.clone().unwrap_or_default();
                    PredictedEvent {
                        event: gsr_label(&e.event, &cameo, &e.source),
                        cameo,
                        source: e.source.clone(),
                        target: e.target.clone().unwrap_or_default(),
                    }
                })
                .collect()
        })
        .collect();
    let s = score(&gold, &predicted);
    if let Some(p) = &args.predictions {
        write_json_lines(
            p,
            gold.iter()
                .zip(&predicted)
                .map(|(g, events)| serde_json::json!({"text": g.text, "events": events})),
        )?;
    }
    let words: usize = analyses.iter().map(|a| a.tokens.len()).sum();
    let mut out = io::stdout().lock();
    if args.json {
        let mut v = serde_json::to_value(&s)?;
        v["words"] = words.into();
        v["seconds"] = seconds.into();
        v["parse_beam"] = pipeline.parse_beam().into();
        v["parser_model"] = args
            .parser_model
            .as_ref()
            .map(|p| p.display().to_string())
            .into();
        serde_json::to_writer(&mut out, &v)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} sentences, {} gold events, {words} words, {seconds:.2}s (whole pipeline)",
            s.sentences, s.gold_events
        )?;
        for (name, m) in [
            ("event", &s.event),
            ("triple", &s.triple),
            ("triple_full", &s.triple_full),
        ] {
            writeln!(
                out,
                "{name:<12} P {:.3}  R {:.3}  F1 {:.3}  (tp {}, predicted {}, gold {})",
                m.precision, m.recall, m.f1, m.correct, m.predicted, m.gold
            )?;
        }
        match s.cameo_root {
            Some(a) => writeln!(out, "cameo_root   {a:.3} over {} records", s.cameo_records)?,
            None => writeln!(out, "cameo_root   n/a (no record carries a cameo code)")?,
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Byte spans of one sentence.
type Spans = Vec<(usize, usize)>;

pub fn eval_actor_spans(args: EvalEventsArgs) -> Result<ExitCode> {
    use newsgraph_core::events::eval::{read_cameo_ner, span_prf};
    let sents = read_cameo_ner(&read_text(&args.file)?);
    let pipeline = eval_pipeline(&args)?;
    // Gold token spans → byte spans of the sentence rebuilt with single spaces.
    let rebuilt: Vec<(String, Spans, Spans)> = sents
        .iter()
        .map(|s| {
            let mut text = String::new();
            let mut offs = Vec::new();
            for w in &s.words {
                if !text.is_empty() {
                    text.push(' ');
                }
                offs.push((text.len(), text.len() + w.len()));
                text.push_str(w);
            }
            let to_bytes = |v: &[(usize, usize)]| -> Vec<(usize, usize)> {
                v.iter().map(|&(a, b)| (offs[a].0, offs[b - 1].1)).collect()
            };
            (text, to_bytes(&s.sources), to_bytes(&s.targets))
        })
        .collect();
    let t = Instant::now();
    let preds: Vec<(Spans, Spans)> = rebuilt
        .par_iter()
        .map(|(text, _, _)| {
            let a = analyze_sentence(&pipeline, text);
            let mut src: Vec<(usize, usize)> = a
                .events
                .iter()
                .filter_map(|e| e.source_span.map(|s| (s.start, s.end)))
                .collect();
            let mut tgt: Vec<(usize, usize)> = a
                .events
                .iter()
                .filter_map(|e| e.target_span.map(|s| (s.start, s.end)))
                .collect();
            src.sort_unstable();
            src.dedup();
            tgt.sort_unstable();
            tgt.dedup();
            (src, tgt)
        })
        .collect();
    let seconds = t.elapsed().as_secs_f64();
    let gold_s: Vec<_> = rebuilt.iter().map(|r| r.1.clone()).collect();
    let gold_t: Vec<_> = rebuilt.iter().map(|r| r.2.clone()).collect();
    let pred_s: Vec<_> = preds.iter().map(|p| p.0.clone()).collect();
    let pred_t: Vec<_> = preds.iter().map(|p| p.1.clone()).collect();
    let (s_exact, s_overlap) = span_prf(&gold_s, &pred_s);
    let (t_exact, t_overlap) = span_prf(&gold_t, &pred_t);
    if let Some(p) = &args.predictions {
        write_json_lines(
            p,
            rebuilt
                .iter()
                .zip(&preds)
                .map(|(r, pr)| serde_json::json!({"text": r.0, "sources": pr.0, "targets": pr.1})),
        )?;
    }
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({
                "sentences": sents.len(),
                "source_exact": s_exact, "source_overlap": s_overlap,
                "target_exact": t_exact, "target_overlap": t_overlap,
                "seconds": seconds,
                "parse_beam": pipeline.parse_beam(),
                "parser_model": args.parser_model.as_ref().map(|p| p.display().to_string()),
            }),
        )?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} sentences, {seconds:.2}s (whole pipeline)",
            sents.len()
        )?;
        for (name, m) in [
            ("source exact", s_exact),
            ("source overlap", s_overlap),
            ("target exact", t_exact),
            ("target overlap", t_overlap),
        ] {
            writeln!(
                out,
                "{name:<15} P {:.3}  R {:.3}  F1 {:.3}  (tp {}, predicted {}, gold {})",
                m.precision, m.recall, m.f1, m.correct, m.predicted, m.gold
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn eval_dates(args: EvalDatesArgs) -> Result<ExitCode> {
    use newsgraph_core::dates::{read_timeml, score_doc, DateScores};
    let mut files = Vec::new();
    for p in &args.paths {
        for e in walkdir::WalkDir::new(p).sort_by_file_name() {
            let e = e.with_context(|| format!("reading {}", p.display()))?;
            if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "tml") {
                files.push(e.into_path());
            }
        }
    }
    if files.is_empty() {
        bail!("no .tml files under the given paths");
    }
    let mut s = DateScores::default();
    let t = Instant::now();
    for f in &files {
        let doc = read_timeml(&read_text(f)?)
            .map_err(|e| anyhow::anyhow!("{}: not TimeML: {e}", f.display()))?;
        score_doc(&doc, &mut s);
    }
    s.finish();
    let seconds = t.elapsed().as_secs_f64();
    let mut out = io::stdout().lock();
    if args.json {
        let mut v = serde_json::to_value(s)?;
        v["documents"] = files.len().into();
        v["seconds"] = seconds.into();
        serde_json::to_writer(&mut out, &v)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} documents, {} gold DATE expressions, {} predicted, {seconds:.2}s",
            files.len(),
            s.gold,
            s.predicted
        )?;
        writeln!(
            out,
            "strict span F1   {:.3}  (tp {})",
            s.strict_f1, s.strict_tp
        )?;
        writeln!(
            out,
            "relaxed span F1  {:.3}  (tp {})",
            s.relaxed_f1, s.relaxed_tp
        )?;
        writeln!(
            out,
            "value accuracy   {:.3} of relaxed matches; value F1 {:.3}",
            s.value_accuracy, s.value_f1
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn eval_tagger(task: Task, a: &EvalTaggerArgs) -> Result<ExitCode> {
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

pub fn report_pos(
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

pub fn report_ner(
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

pub fn eval_parse(a: &EvalParseArgs) -> Result<ExitCode> {
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
pub fn report_parse(
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
