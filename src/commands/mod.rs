//! The commands. Each turns the arguments clap parsed (`crate::cli`) into work and an exit
//! code: `analyze` (news → Analyses), `store` (ingest into SQLite, export, stats), `eval`
//! (score a stage against a gold corpus), `train` (the taggers and the parser) and `build`
//! (artifacts from their public sources). `batch` is the parallel record loop analyze and
//! ingest share; this module holds the few helpers the others share.

pub mod analyze;
pub mod batch;
pub mod build;
pub mod eval;
pub mod eval_articles;
pub mod store;
pub mod train;
pub mod train_filter;

use std::borrow::Cow;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};
use newsgraph_core::parse::Parser;
use newsgraph_core::tag::{Tagger, Task};
use serde::Serialize;

/// Exit codes: 0 every record succeeded, 3 some records failed, 2 usage or fatal error.
pub const EXIT_RECORD_ERRORS: u8 = 3;
/// A usage error or a fatal one: nothing (more) could be done.
pub const EXIT_FATAL: u8 = 2;

/// The seed article our user handed us, compiled in so a fresh clone needs nothing else.
pub const SEED: &[u8] = include_bytes!("../../examples/seed.txt");

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

/// The pipeline keeping events of confidence `p` and above (the pipeline's default when
/// `None`).
fn with_min_confidence(
    pipeline: newsgraph_core::Pipeline,
    p: Option<f64>,
) -> newsgraph_core::Pipeline {
    match (p, pipeline.event_filter()) {
        (Some(p), Some((filter, _))) => pipeline.with_event_filter(Some((filter, p))),
        _ => pipeline,
    }
}

fn read_text(p: &Path) -> Result<String> {
    std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))
}
