//! The record loop `analyze` and `ingest` share: records are read in bounded batches,
//! analysed in parallel, and written in input order; a failed record is reported, never fatal.

use std::io::{self, IsTerminal};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use newsgraph_core::ingest::InputFormat;
use newsgraph_core::{Analysis, Pipeline};
use rayon::prelude::*;
use serde::Serialize;

use super::{EXIT_RECORD_ERRORS, SEED};
use crate::cli::{InputArgs, StageArg};
use crate::input::{Origin, Payload, RawRecord, RecordReader};

/// Records per parallel batch; also bounds memory (the batch's inputs and outputs). An
/// Analysis holds 30 bytes per byte of news, and up to 200 on text dense in places, its
/// JSON as much again, so a batch is cut at 1 MB of input; a record larger than that is a
/// batch of its own, analysed while no other is (its size bounded by --max-record-tokens).
const BATCH_RECORDS: usize = 512;

const BATCH_BYTES: usize = 1 << 20;

/// Bytes of serialised rows an ingest holds before it writes them, whatever `--batch-size`.
pub const PENDING_BYTES: usize = 64 << 20;

/// A record that could not be analysed, as the JSONL contract writes it.
#[derive(Debug, Serialize)]
pub struct Failure {
    line: usize,
    path: String,
    id: Option<String>,
    error: String,
}

/// `path:line: reason`, as the analyse and ingest commands report a failed record on stderr.
impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.error)
    }
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
pub fn run_batches<T: Send>(
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
            StageArg::Places => newsgraph_core::Stage::Places,
            StageArg::Events => newsgraph_core::Stage::Events,
        })
        .collect();
    let pipeline = super::with_min_confidence(
        Pipeline::embedded_configured(&disabled, input.parse_beam.map_or(1, usize::from)),
        input.min_confidence,
    );
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
pub struct Totals {
    records: u64,
    ok: u64,
    failed: u64,
    bytes: u64,
    words: u64,
    seconds: f64,
}

impl Totals {
    pub fn summary(&self, verb: &str) -> String {
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

    pub fn exit_code(&self) -> ExitCode {
        if self.failed > 0 {
            ExitCode::from(EXIT_RECORD_ERRORS)
        } else {
            ExitCode::SUCCESS
        }
    }
}

#[cfg(test)]
mod tests {
    use super::next_batch;

    #[test]
    pub fn a_long_record_is_a_batch_of_its_own() {
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
