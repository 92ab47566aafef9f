//! The library on its own: news text on stdin, its Analysis as one JSON line on stdout.
//! Builds without the CLI's features (`cargo run -p newsgraph-core --example analyze
//! --no-default-features < article.txt`), as a library user such as a Python binding would.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use newsgraph_core::{ingest, Pipeline};

fn main() -> ExitCode {
    let mut bytes = Vec::new();
    if let Err(e) = io::stdin().read_to_end(&mut bytes) {
        eprintln!("analyze: cannot read stdin: {e}");
        return ExitCode::from(2);
    }
    let ingested = match ingest::from_text(&bytes, None) {
        Ok(ingested) => ingested,
        Err(e) => {
            eprintln!("analyze: {}", e.reason);
            return ExitCode::from(3);
        }
    };
    let analysis = Pipeline::embedded().analyze(ingested);
    let mut out = io::stdout().lock();
    let written = serde_json::to_writer(&mut out, &analysis)
        .map_err(io::Error::from)
        .and_then(|()| writeln!(out));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("analyze: cannot write: {e}");
            ExitCode::from(2)
        }
    }
}
