//! `newsgraph analyze`: news in, Analyses out (report, JSON Lines, CoNLL-U).

use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Result;
use newsgraph_core::Analysis;

use super::batch::run_batches;
use crate::cli::{AnalyzeArgs, OutputFormat};
use crate::report;

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
                        eprintln!("error: {f}");
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
