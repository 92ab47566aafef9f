//! The verbs. Each turns validated arguments into work and an exit code.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use newsgraph_core::ingest::InputFormat;
use newsgraph_core::{eval, Analysis, Pipeline};
use newsgraph_store::{Row, Store};
use rayon::prelude::*;
use serde::Serialize;

use crate::input::{Origin, Payload, RawRecord, RecordReader};
use crate::{
    report, AnalyzeArgs, EvalSegmentArgs, ExportArgs, GoldFormat, IngestArgs, InputArgs,
    OutputFormat, StatsArgs, EXIT_RECORD_ERRORS,
};

/// The seed article our user handed us, compiled in so a fresh clone needs nothing else.
pub const SEED: &[u8] = include_bytes!("../examples/seed.txt");

/// Records per parallel batch; also bounds memory (the batch's inputs and outputs). An
/// Analysis holds 30 bytes per byte of news, and up to 200 on text dense in places, its
/// JSON as much again, so a batch is cut at 1 MB of input; a record larger than that is a
/// batch of its own, analysed while no other is (its size bounded by --max-record-tokens).
const BATCH_RECORDS: usize = 512;
const BATCH_BYTES: usize = 1 << 20;
/// Bytes of serialised rows an ingest holds before it writes them, whatever `--batch-size`.
const PENDING_BYTES: usize = 64 << 20;

/// A record that could not be analysed, as the JSONL contract writes it.
#[derive(Debug, Serialize)]
struct Failure {
    line: usize,
    path: String,
    id: Option<String>,
    error: String,
}

type Outcome<T = Analysis> = Result<T, Failure>;

fn analyse_one<T>(
    rec: &RawRecord,
    pipeline: &Pipeline,
    max_tokens: usize,
    prepare: impl Fn(Analysis) -> T,
) -> Outcome<T> {
    let analysed = rec.ingest().and_then(|ingested| {
        pipeline
            .analyze_within(ingested, max_tokens)
            .map_err(|mut e| {
                e.reason.push_str(" (--max-record-tokens)");
                e
            })
    });
    match analysed {
        Ok(analysis) => Ok(prepare(analysis)),
        Err(e) => Err(Failure {
            line: rec.origin.line,
            path: rec.origin.path.clone(),
            id: e.id,
            error: e.reason,
        }),
    }
}

fn configure_threads(threads: Option<usize>) -> Result<()> {
    if let Some(n) = threads {
        if n == 0 {
            bail!("--threads must be at least 1");
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("starting the worker threads")?;
    }
    Ok(())
}

fn progress_bar(paths: &[std::path::PathBuf]) -> Option<ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let bar = match RecordReader::total_bytes(paths) {
        Some(total) => ProgressBar::new(total).with_style(
            ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta} {msg}",
            )
            .expect("valid template"),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {bytes} {bytes_per_sec} {msg}")
                .expect("valid template"),
        ),
    };
    Some(bar)
}

/// The next batch: records while they fit in `max_bytes` together, at most `max_records`. A
/// record that would take the batch past `max_bytes` waits for the next one, so a long
/// record is analysed alone rather than beside a batch's worth of others.
fn next_batch<T>(
    reader: &mut std::iter::Peekable<impl Iterator<Item = T>>,
    len: impl Fn(&T) -> usize,
    max_bytes: usize,
    max_records: usize,
) -> Vec<T> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    while batch.len() < max_records {
        match reader.next_if(|r| batch.is_empty() || bytes + len(r) <= max_bytes) {
            Some(r) => {
                bytes += len(&r);
                batch.push(r);
            }
            None => break,
        }
    }
    batch
}

/// Reads the input in batches, analyses each batch on all cores, turns each Analysis into
/// what the sink needs with `prepare` (on the worker threads), and hands the outcomes, in
/// input order, to `sink`. Memory is bounded by one batch.
fn run_batches<T: Send>(
    input: &InputArgs,
    prepare: impl Fn(Analysis) -> T + Sync,
    words: impl Fn(&T) -> usize,
    mut sink: impl FnMut(Vec<(usize, Outcome<T>)>) -> Result<()>,
) -> Result<Totals> {
    configure_threads(input.threads)?;
    let disabled: Vec<newsgraph_core::Stage> = input
        .disable
        .iter()
        .map(|s| match s {
            crate::StageArg::Places => newsgraph_core::Stage::Places,
            crate::StageArg::Events => newsgraph_core::Stage::Events,
        })
        .collect();
    let pipeline =
        Pipeline::embedded_configured(&disabled, input.parse_beam.map_or(1, usize::from));
    let started = Instant::now();
    let mut totals = Totals::default();
    let bar = if input.paths.is_empty() {
        None
    } else {
        progress_bar(&input.paths)
    };
    let reader: Box<dyn Iterator<Item = RawRecord>> = if input.paths.is_empty() {
        Box::new(std::iter::once(RawRecord {
            origin: Origin {
                path: "(embedded seed)".into(),
                line: 1,
            },
            payload: Payload::Bytes(InputFormat::Text, SEED.to_vec()),
        }))
    } else {
        Box::new(RecordReader::new(
            &input.paths,
            input.input,
            input.max_record_bytes,
        )?)
    };
    let mut reader = reader.peekable();
    loop {
        let batch = next_batch(&mut reader, RawRecord::len, BATCH_BYTES, BATCH_RECORDS);
        let bytes: usize = batch.iter().map(RawRecord::len).sum();
        if batch.is_empty() {
            break;
        }
        let outcomes: Vec<(usize, Outcome<T>)> = batch
            .par_iter()
            .map(|r| {
                (
                    r.len(),
                    analyse_one(r, &pipeline, input.max_record_tokens, &prepare),
                )
            })
            .collect();
        drop(batch);
        for (len, o) in &outcomes {
            totals.records += 1;
            totals.bytes += *len as u64;
            match o {
                Ok(a) => {
                    totals.ok += 1;
                    totals.words += words(a) as u64;
                }
                Err(_) => totals.failed += 1,
            }
        }
        if let Some(b) = &bar {
            b.inc(bytes as u64);
            b.set_message(format!(
                "{} records, {} failed",
                totals.records, totals.failed
            ));
        }
        sink(outcomes)?;
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    totals.seconds = started.elapsed().as_secs_f64();
    Ok(totals)
}

#[derive(Debug, Default)]
struct Totals {
    records: u64,
    ok: u64,
    failed: u64,
    bytes: u64,
    words: u64,
    seconds: f64,
}

impl Totals {
    fn summary(&self, verb: &str) -> String {
        let s = self.seconds.max(1e-9);
        format!(
            "newsgraph: {} records: {} {verb}, {} failed; {:.2}s, {:.2} MB/s, {:.0} words/s",
            self.records,
            self.ok,
            self.failed,
            self.seconds,
            self.bytes as f64 / 1e6 / s,
            self.words as f64 / s
        )
    }

    fn exit_code(&self) -> ExitCode {
        if self.failed > 0 {
            ExitCode::from(EXIT_RECORD_ERRORS)
        } else {
            ExitCode::SUCCESS
        }
    }
}

pub fn analyze(args: AnalyzeArgs) -> Result<ExitCode> {
    let stdout = io::stdout();
    let format = args.output.unwrap_or(if stdout.is_terminal() {
        OutputFormat::Text
    } else {
        OutputFormat::Jsonl
    });
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut first = true;
    if format == OutputFormat::Json {
        out.write_all(b"[")?;
    }
    let words = |a: &Analysis| a.tone.word_count;
    let totals = run_batches(
        &args.input,
        |a| a,
        words,
        |outcomes| {
            for (_, o) in outcomes {
                match (format, o) {
                    (OutputFormat::Jsonl, Ok(a)) => serde_json::to_writer(&mut out, &a)?,
                    (OutputFormat::Jsonl, Err(f)) => serde_json::to_writer(&mut out, &f)?,
                    (OutputFormat::Json, o) => {
                        out.write_all(if first { b"\n" } else { b",\n" })?;
                        match o {
                            Ok(a) => serde_json::to_writer_pretty(&mut out, &a)?,
                            Err(f) => serde_json::to_writer_pretty(&mut out, &f)?,
                        }
                    }
                    (OutputFormat::Text, Ok(a)) => {
                        if !first {
                            out.write_all(b"\n")?;
                        }
                        out.write_all(report::render(&a).as_bytes())?;
                    }
                    (OutputFormat::Conllu, Ok(a)) => crate::conllu::write(&a, &mut out)?,
                    (OutputFormat::Text | OutputFormat::Conllu, Err(f)) => {
                        out.flush()?;
                        eprintln!("error: {}:{}: {}", f.path, f.line, f.error);
                    }
                }
                if format == OutputFormat::Jsonl {
                    out.write_all(b"\n")?;
                }
                first = false;
            }
            // Flush per batch so a consumer (Spark's pipe) sees results as they are made.
            out.flush()?;
            Ok(())
        },
    )?;
    if format == OutputFormat::Json {
        out.write_all(b"\n]\n")?;
    }
    out.flush()?;
    eprintln!("{}", totals.summary("analysed"));
    Ok(totals.exit_code())
}

pub fn ingest(args: IngestArgs) -> Result<ExitCode> {
    if args.input.paths.is_empty() {
        bail!("ingest needs at least one PATH (or - for stdin)");
    }
    if args.batch_size == 0 {
        bail!("--batch-size must be at least 1");
    }
    // a typo in an input path leaves no new database behind
    crate::input::check_paths(&args.input.paths)?;
    let mut store =
        Store::open(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    // a database we cannot write is found before the first batch is analysed
    store
        .check_writable()
        .with_context(|| format!("{}", args.db.display()))?;
    let (mut inserted, mut duplicates, mut not_stored) = (0usize, 0usize, 0usize);
    // rows are made on the worker threads, so a long article's Analysis is gone before its
    // row waits here; the pending batch is flushed by count or by size, whichever comes first
    let mut pending: Vec<Row> = Vec::with_capacity(args.batch_size.min(4096));
    let mut pending_bytes = 0usize;
    let mut flush = |pending: &mut Vec<Row>| -> Result<()> {
        let r = store
            .insert_rows(std::mem::take(pending))
            .with_context(|| format!("storing into {}", args.db.display()))?;
        inserted += r.inserted;
        duplicates += r.duplicates;
        not_stored += r.too_big.len();
        for e in r.too_big {
            eprintln!("error: {e}");
        }
        Ok(())
    };
    let prepare = |a: Analysis| (a.tone.word_count, Row::from_analysis(a));
    let totals = run_batches(
        &args.input,
        prepare,
        |(w, _)| *w,
        |outcomes| {
            for (_, o) in outcomes {
                match o {
                    Ok((_, Ok(row))) => {
                        pending_bytes += row.size();
                        pending.push(row);
                    }
                    Ok((_, Err(e))) => return Err(e).context("serialising an analysis"),
                    Err(f) => eprintln!("error: {}:{}: {}", f.path, f.line, f.error),
                }
                if pending.len() >= args.batch_size || pending_bytes >= PENDING_BYTES {
                    flush(&mut pending)?;
                    pending_bytes = 0;
                }
            }
            Ok(())
        },
    )?;
    flush(&mut pending)?;
    let too_big = match not_stored {
        0 => String::new(),
        n => format!(", {n} too large to store"),
    };
    eprintln!(
        "{} ({inserted} new, {duplicates} already stored{too_big}) into {}",
        totals.summary("analysed"),
        args.db.display()
    );
    if not_stored > 0 {
        return Ok(ExitCode::from(EXIT_RECORD_ERRORS));
    }
    Ok(totals.exit_code())
}

fn open_existing(db: &Path) -> Result<Store> {
    if !db.exists() {
        bail!(
            "{}: no such database (create one with `newsgraph ingest --db`)",
            db.display()
        );
    }
    Store::open(db).with_context(|| format!("opening {}", db.display()))
}

pub fn export(args: ExportArgs) -> Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    match args.format {
        crate::ExportFormat::Jsonl => store.for_each_json(|json| -> io::Result<()> {
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")
        })??,
        crate::ExportFormat::GdeltEvents => {
            use newsgraph_core::{events::actors::ActorDict, export::gdelt};
            // GDELT's event files have no header row; neither do these.
            let dict = ActorDict::embedded();
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let added = gdelt::date_added(now);
            // a failed write (a closed pipe) stops the walk at once
            store.for_each_analysis(|a| -> io::Result<()> {
                for row in gdelt::rows(&a, dict, &added) {
                    out.write_all(row.as_bytes())?;
                    out.write_all(b"\n")?;
                }
                Ok(())
            })??;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn stats(args: StatsArgs) -> Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let s = store.stats()?;
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &s)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "database   {} (schema version {})",
        args.db.display(),
        s.db_version
    )?;
    writeln!(out, "articles   {}", s.articles)?;
    writeln!(out, "sentences  {}", s.sentences)?;
    writeln!(out, "tokens     {}", s.tokens)?;
    writeln!(out, "words      {}", s.words)?;
    match (&s.first_published, &s.last_published) {
        (Some(a), Some(b)) => writeln!(out, "published  {a} .. {b}")?,
        _ => writeln!(out, "published  (no dates)")?,
    }
    if let Some(t) = s.mean_tone {
        writeln!(out, "mean tone  {t:+.2}")?;
    }
    if !s.top_sources.is_empty() {
        writeln!(out, "sources")?;
        for (src, n) in &s.top_sources {
            writeln!(out, "  {n:>8}  {src}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn eval_segment(args: EvalSegmentArgs) -> Result<ExitCode> {
    let format = args.format.unwrap_or_else(|| {
        if args.file.extension().is_some_and(|e| e == "conllu") {
            GoldFormat::Conllu
        } else {
            GoldFormat::Conll2003
        }
    });
    let docs = match format {
        GoldFormat::Conllu => eval::read_conllu(&args.file)?,
        GoldFormat::Conll2003 => eval::read_conll2003(&args.file)?,
    };
    if let Some(p) = &args.write_gold {
        write_json_lines(p, &docs)?;
    }
    let r = eval::evaluate_segmentation(&docs);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut out = io::stdout().lock();
    if args.json {
        #[derive(Serialize)]
        struct J<'a> {
            file: String,
            format: &'a str,
            docs: usize,
            tokens: eval::Prf,
            sentences: eval::Prf,
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

pub fn build_tone(vader: &Path, out: &Path) -> Result<ExitCode> {
    let src = read_text(vader)?;
    let bytes = newsgraph_core::tone::ToneLexicon::build_artifact(&src)?;
    let lex = newsgraph_core::tone::ToneLexicon::from_bytes(&bytes)?;
    save_artifact(out, &bytes, format_args!("{} entries", lex.len()))?;
    Ok(ExitCode::SUCCESS)
}

/// Reads unlabeled text for cluster induction and returns tokenised sentences.
fn unlabeled_sentences(sources: &[std::path::PathBuf]) -> Result<Vec<Vec<String>>> {
    let mut files = Vec::new();
    for s in sources {
        for e in walkdir::WalkDir::new(s).sort_by_file_name() {
            let e = e.with_context(|| format!("reading {}", s.display()))?;
            if e.file_type().is_file() {
                files.push(e.into_path());
            }
        }
    }
    let mut out = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).with_context(|| format!("reading {}", f.display()))?;
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
        let text = match std::str::from_utf8(&bytes) {
            Ok(t) => std::borrow::Cow::Borrowed(t),
            Err(_) => text,
        };
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "sgm" {
            // Reuters-21578: the <TITLE> and <BODY> of each story
            for tag in ["TITLE", "BODY"] {
                let open = format!("<{tag}>");
                let close = format!("</{tag}>");
                let mut rest = text.as_ref();
                while let Some(i) = rest.find(&open) {
                    let after = &rest[i + open.len()..];
                    let end = after.find(&close).unwrap_or(after.len());
                    let body = after[..end]
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&amp;", "&")
                        .replace("&#3;", "");
                    push_sentences(&body, &mut out);
                    rest = &after[end..];
                }
            }
        } else if text.starts_with("-DOCSTART-") {
            let mut cur = Vec::new();
            for line in text.lines() {
                match line.split(' ').next() {
                    Some("") | None | Some("-DOCSTART-") => {
                        if !cur.is_empty() {
                            out.push(std::mem::take(&mut cur));
                        }
                    }
                    Some(tok) => cur.push(tok.to_string()),
                }
            }
        } else if matches!(ext, "txt" | "text" | "") {
            push_sentences(&text, &mut out);
        }
    }
    Ok(out)
}

fn push_sentences(text: &str, out: &mut Vec<Vec<String>>) {
    let seg = newsgraph_core::segment::segment(text);
    for s in &seg.sentences {
        out.push(
            seg.tokens[s.first_token..s.end_token]
                .iter()
                .map(|t| t.slice(text).to_string())
                .collect(),
        );
    }
}

pub fn build_clusters(
    sources: &[std::path::PathBuf],
    out: &Path,
    min_count: usize,
    contexts: usize,
    seed: u64,
) -> Result<ExitCode> {
    let t = Instant::now();
    let sentences = unlabeled_sentences(sources)?;
    let words: usize = sentences.iter().map(Vec::len).sum();
    eprintln!(
        "{} sentences, {words} words read in {:.1}s",
        sentences.len(),
        t.elapsed().as_secs_f64()
    );
    let clusters =
        newsgraph_core::tag::clusters::Clusters::induce(&sentences, min_count, contexts, seed);
    let bytes = clusters.to_bytes()?;
    save_artifact(
        out,
        &bytes,
        format_args!(
            "{} words, built in {:.1}s",
            clusters.len(),
            t.elapsed().as_secs_f64()
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn build_lexicon(
    clusters: &Path,
    probs: &Path,
    min_logprob: f64,
    out: &Path,
) -> Result<ExitCode> {
    let t = Instant::now();
    let read =
        |p: &Path| std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()));
    let lexicon = newsgraph_core::tag::lexicon::Lexicon::from_spacy(
        &read(clusters)?,
        &read(probs)?,
        min_logprob,
    )
    .with_context(|| {
        format!(
            "building the lexicon from {} and {}",
            clusters.display(),
            probs.display()
        )
    })?;
    let bytes = lexicon.to_bytes()?;
    save_artifact(
        out,
        &bytes,
        format_args!(
            "{} word forms, built in {:.1}s",
            lexicon.len(),
            t.elapsed().as_secs_f64()
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn build_names(phoenix: &Path, geonames: &Path, out: &Path) -> Result<ExitCode> {
    use newsgraph_core::tag::names::{kind, parse_phoenix, phoenix_kind, NameLists};
    let mut lists = NameLists::default();
    let mut add = |name: &str, bits: u8| {
        let toks = newsgraph_core::segment::tokenize(name);
        let words: Vec<&str> = toks.iter().map(|t| t.slice(name)).collect();
        lists.insert(&words, bits);
    };
    for file in [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ] {
        let text = read_text(&phoenix.join(file))?;
        for (names, codes) in parse_phoenix(&text) {
            let bits = phoenix_kind(&names[0], &codes);
            if bits == 0 {
                continue;
            }
            // a person's synonyms carry titles ("President Xi Jinping"); list the name alone
            let take = if bits == kind::PERSON { 1 } else { names.len() };
            for n in names.iter().take(take) {
                add(n, bits);
            }
        }
    }
    let read_json = |name: &str| -> Result<serde_json::Value> {
        let p = geonames.join(name);
        let text = read_text(&p)?;
        serde_json::from_str(&text).with_context(|| format!("parsing {}", p.display()))
    };
    let countries = read_json("countries.json")?;
    for c in countries.as_object().into_iter().flat_map(|o| o.values()) {
        if let Some(n) = c["name"].as_str() {
            add(n, kind::COUNTRY);
        }
    }
    for (file, bits) in [
        ("us_states.json", kind::REGION),
        ("continents.json", kind::REGION),
    ] {
        let v = read_json(file)?;
        for c in v.as_object().into_iter().flat_map(|o| o.values()) {
            if let Some(n) = c["name"].as_str().or_else(|| c["asciiName"].as_str()) {
                add(n, bits);
            }
        }
    }
    let cities = read_json("cities15000.json")?;
    for c in cities.as_object().into_iter().flat_map(|o| o.values()) {
        if let Some(n) = c["name"].as_str() {
            add(n, kind::CITY);
        }
        for alt in c["alternatenames"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str())
        {
            // Latin-script alternate names that look like names, not codes
            if alt.len() >= 3
                && alt.is_ascii()
                && alt.starts_with(|ch: char| ch.is_ascii_uppercase())
                && alt.chars().any(|ch| ch.is_ascii_lowercase())
                && !alt.chars().any(|ch| ch.is_ascii_digit())
            {
                add(alt, kind::CITY);
            }
        }
    }
    let bytes = lists.to_bytes()?;
    save_artifact(out, &bytes, format_args!("{} names", lists.len()))?;
    Ok(ExitCode::SUCCESS)
}

pub fn build_gazetteer(
    sources: [&std::path::PathBuf; 8],
    outlet_homes: Option<&Path>,
    out: &Path,
) -> Result<ExitCode> {
    let t = Instant::now();
    let texts: Vec<String> = sources
        .iter()
        .map(|p| read_text(p))
        .collect::<Result<_>>()?;
    let outlets = outlet_homes.map(read_text).transpose()?;
    let g = newsgraph_core::geo::gazetteer::build(&newsgraph_core::geo::gazetteer::Sources {
        cities500: &texts[0],
        admin1_codes: &texts[1],
        country_info: &texts[2],
        subdivisions: &texts[3],
        world_countries: &texts[4],
        continents: &texts[5],
        us_counties: &texts[6],
        supplement: &texts[7],
        outlet_homes: outlets.as_deref(),
    })?;
    let bytes = g.to_bytes()?;
    save_artifact(
        out,
        &bytes,
        format_args!(
            "{} places, built in {:.1}s",
            g.len(),
            t.elapsed().as_secs_f64()
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn eval_geo(args: crate::EvalGeoArgs) -> Result<ExitCode> {
    use newsgraph_core::geo::eval::{evaluate, read, GeoFormat};
    let format = match args.format {
        crate::GeoFormatArg::Lgl => GeoFormat::Lgl,
        crate::GeoFormatArg::Geovirus => GeoFormat::GeoVirus,
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

/// Writes a built artifact and says so on stderr: `wrote PATH (DETAIL, SIZE MB)`.
pub fn save_artifact(out: &Path, bytes: &[u8], detail: std::fmt::Arguments) -> Result<()> {
    std::fs::write(out, bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "wrote {} ({detail}, {:.2} MB)",
        out.display(),
        bytes.len() as f64 / 1e6
    );
    Ok(())
}

/// Writes one JSON value per line (predictions and gold files for external scorers).
fn write_json_lines<T: Serialize>(path: &Path, items: impl IntoIterator<Item = T>) -> Result<()> {
    let mut w = BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
    );
    for x in items {
        serde_json::to_writer(&mut w, &x)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}

fn read_text(p: &Path) -> Result<String> {
    std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))
}

pub fn build_actors(
    phoenix: &Path,
    supplement: &Path,
    country_info: &Path,
    world_countries: &Path,
    out: &Path,
) -> Result<ExitCode> {
    use newsgraph_core::events::actors::{build, BuildSources};
    let t = Instant::now();
    // Supplements first: earlier entries win on a shared phrase.
    let src = BuildSources {
        actors: vec![
            read_text(&supplement.join("actors-supplement.txt"))?,
            read_text(&phoenix.join("Phoenix.Countries.actors.txt"))?,
            read_text(&phoenix.join("Phoenix.International.actors.txt"))?,
            read_text(&phoenix.join("Phoenix.MilNonState.actors.txt"))?,
            world_countries_actors(world_countries)?,
        ],
        agents: vec![
            read_text(&supplement.join("agents-supplement.txt"))?,
            read_text(&phoenix.join("Phoenix.agents.txt"))?,
        ],
        country_info: read_text(country_info)?,
    };
    let dict = build(&src);
    let bytes = dict.to_bytes()?;
    save_artifact(
        out,
        &bytes,
        format_args!(
            "{} actor entries, built in {:.1}s",
            dict.len(),
            t.elapsed().as_secs_f64()
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Country names and demonyms from world-countries, as Phoenix-format entries (read after
/// the Phoenix files, so they only add what Phoenix lacks: "Azerbaijani", "Czechia"...).
fn world_countries_actors(path: &Path) -> Result<String> {
    let v: serde_json::Value = serde_json::from_str(&read_text(path)?)
        .with_context(|| format!("parsing {}", path.display()))?;
    let mut out = String::from("# generated from world-countries\n");
    for c in v.as_array().into_iter().flatten() {
        let Some(code) = c["cca3"].as_str() else {
            continue;
        };
        let mut names: Vec<&str> = Vec::new();
        for n in [
            &c["name"]["common"],
            &c["name"]["official"],
            &c["demonyms"]["eng"]["m"],
            &c["demonyms"]["eng"]["f"],
        ] {
            if let Some(n) = n.as_str() {
                names.push(n);
            }
        }
        names.extend(
            c["altSpellings"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|a| a.as_str())
                // two-letter codes ("AZ") would match ordinary words
                .filter(|a| a.len() > 3 && a.is_ascii()),
        );
        names.dedup();
        let Some((first, rest)) = names.split_first() else {
            continue;
        };
        let phrase = |n: &str| n.replace(' ', "_").to_uppercase() + "_";
        out.push_str(&format!("{}  [{code}]\n", phrase(first)));
        for n in rest {
            out.push_str(&format!("+{}\n", phrase(n)));
        }
    }
    Ok(out)
}

pub fn build_verbs(
    cameo_verbs: &Path,
    supplement: &Path,
    codebooks: &Path,
    out: &Path,
) -> Result<ExitCode> {
    use newsgraph_core::events::verbs::{Tables, Verbs};
    let t = Instant::now();
    let tables = Tables::parse(
        &read_text(&codebooks.join("CAMEO2PLOVER-2021.txt"))?,
        &read_text(&codebooks.join("CAMEO.goldsteinscale.txt"))?,
        &String::from_utf8_lossy(&std::fs::read(codebooks.join("CAMEO.eventcodes.txt"))?),
    );
    let bytes = Verbs::build(&tables, &[read_text(cameo_verbs)?, read_text(supplement)?])?;
    let verbs = Verbs::from_bytes(&bytes)?;
    save_artifact(
        out,
        &bytes,
        format_args!(
            "{} verb forms, built in {:.1}s",
            verbs.len(),
            t.elapsed().as_secs_f64()
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Runs the whole pipeline on one sentence of an event corpus.
fn analyze_sentence(pipeline: &Pipeline, text: &str) -> Analysis {
    pipeline.analyze(newsgraph_core::ingest::Ingested {
        article: newsgraph_core::Article::new(None, text.to_string()),
        warnings: Vec::new(),
    })
}

/// The pipeline `eval events|actors` scores: the embedded one, or one parsing with
/// `--parser-model`.
fn eval_pipeline(args: &crate::EvalEventsArgs) -> Result<Pipeline> {
    let (parser, beam) = crate::taggers::load_parser(
        args.parser_model.as_deref(),
        args.parse_beam.map(usize::from),
    )?;
    Ok(match parser {
        std::borrow::Cow::Borrowed(_) => Pipeline::embedded_configured(&[], beam),
        // the pipeline holds its models for the whole run, as the embedded ones are held
        std::borrow::Cow::Owned(p) => {
            Pipeline::embedded().with_parser(Box::leak(Box::new(p)), beam)
        }
    })
}

pub fn eval_events(args: crate::EvalEventsArgs) -> Result<ExitCode> {
    use newsgraph_core::events::eval::{gsr_label, read_gsr, score, PredictedEvent};
    let path = args.file.display().to_string();
    let gold = read_gsr(&path, &read_text(&args.file)?)?;
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

pub fn eval_actor_spans(args: crate::EvalEventsArgs) -> Result<ExitCode> {
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

pub fn eval_dates(args: crate::EvalDatesArgs) -> Result<ExitCode> {
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

#[cfg(test)]
mod tests {
    use super::next_batch;

    #[test]
    fn a_long_record_is_a_batch_of_its_own() {
        let sizes = [300, 300, 300, 5_000, 200, 900, 100, 1, 1, 1];
        let mut reader = sizes.into_iter().peekable();
        let mut batches = Vec::new();
        loop {
            let b = next_batch(&mut reader, |&n| n, 1_000, 3);
            if b.is_empty() {
                break;
            }
            batches.push(b);
        }
        let want: [&[usize]; 5] = [&[300, 300, 300], &[5_000], &[200], &[900, 100], &[1, 1, 1]];
        assert_eq!(batches, want);
    }
}
