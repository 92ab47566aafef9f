//! `newsgraph ingest`, `export` and `stats`: the SQLite store.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use newsgraph_core::Analysis;
use newsgraph_store::{Row, Store};

use super::batch::{run_batches, PENDING_BYTES};
use super::EXIT_RECORD_ERRORS;
use crate::cli::{ExportArgs, ExportFormat, IngestArgs, StatsArgs};

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
                    Err(f) => eprintln!("error: {f}"),
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
        ExportFormat::Jsonl => store.for_each_json(|json| -> io::Result<()> {
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")
        })??,
        ExportFormat::GdeltEvents => {
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
