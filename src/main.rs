//! `newsgraph`: the command-line front end. Thin: argument parsing (`cli`), the commands
//! (`commands/`), input reading (`input`), the terminal report (`report`); the pipeline
//! lives in `newsgraph-core`, storage in `newsgraph-store`.

mod cli;
mod commands;
mod conllu;
mod input;
mod report;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{
    AnalyzeArgs, BuildCommand, Cli, Command, EvalCommand, InputArgs, TrainCommand,
    DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_RECORD_TOKENS,
};
use commands::EXIT_FATAL;
use input::InputKind;
use newsgraph_core::tag::Task;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => commands::analyze::analyze(AnalyzeArgs {
            input: InputArgs {
                paths: Vec::new(),
                input: InputKind::Auto,
                max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
                max_record_tokens: DEFAULT_MAX_RECORD_TOKENS,
                threads: None,
                disable: Vec::new(),
                parse_beam: None,
                min_confidence: None,
            },
            output: None,
        }),
        Some(Command::Analyze(args)) => commands::analyze::analyze(args),
        Some(Command::Ingest(args)) => commands::store::ingest(args),
        Some(Command::Export(args)) => commands::store::export(args),
        Some(Command::Stats(args)) => commands::store::stats(args),
        Some(Command::Eval(EvalCommand::Segment(args))) => commands::eval::eval_segment(args),
        Some(Command::Eval(EvalCommand::Pos(a))) => {
            commands::eval::eval_tagger(newsgraph_core::tag::Task::Pos, &a)
        }
        Some(Command::Eval(EvalCommand::Ner(a))) => {
            commands::eval::eval_tagger(newsgraph_core::tag::Task::Ner, &a)
        }
        Some(Command::Eval(EvalCommand::Geo(a))) => commands::eval::eval_geo(a),
        Some(Command::Eval(EvalCommand::Events(a))) => commands::eval::eval_events(a),
        Some(Command::Eval(EvalCommand::Actors(a))) => commands::eval::eval_actor_spans(a),
        Some(Command::Eval(EvalCommand::Coref(a))) => commands::eval_articles::eval_coref(&a),
        Some(Command::Eval(EvalCommand::Places(a))) => commands::eval_articles::eval_places(&a),
        Some(Command::Eval(EvalCommand::Dates(a))) => commands::eval::eval_dates(a),
        Some(Command::Eval(EvalCommand::Parse(a))) => commands::eval::eval_parse(&a),
        Some(Command::Train(TrainCommand::Pos(a))) => commands::train::train(Task::Pos, &a),
        Some(Command::Train(TrainCommand::Ner(a))) => commands::train::train(Task::Ner, &a),
        Some(Command::Train(TrainCommand::Parse(a))) => commands::train::train_parser(&a),
        Some(Command::Train(TrainCommand::EventFilter(a))) => {
            commands::train_filter::train_event_filter(&a)
        }
        Some(Command::Build(BuildCommand::Lexicon {
            clusters,
            probs,
            min_logprob,
            out,
        })) => commands::build::build_lexicon(&clusters, &probs, min_logprob, &out),
        Some(Command::Build(BuildCommand::Clusters {
            sources,
            out,
            min_count,
            contexts,
            seed,
        })) => commands::build::build_clusters(&sources, &out, min_count, contexts, seed),
        Some(Command::Build(BuildCommand::Names {
            phoenix,
            geonames,
            out,
        })) => commands::build::build_names(&phoenix, &geonames, &out),
        Some(Command::Build(BuildCommand::FirstNames { female, male, out })) => {
            commands::build::build_first_names(&female, &male, &out)
        }
        Some(Command::Build(BuildCommand::Prune {
            task,
            model,
            threshold,
            out,
        })) => commands::build::prune(task, &model, threshold, &out),
        Some(Command::Build(BuildCommand::Gazetteer {
            cities500,
            admin1,
            country_info,
            subdivisions,
            world_countries,
            continents,
            us_counties,
            supplement,
            outlet_homes,
            out,
        })) => commands::build::build_gazetteer(
            [
                &cities500,
                &admin1,
                &country_info,
                &subdivisions,
                &world_countries,
                &continents,
                &us_counties,
                &supplement,
            ],
            outlet_homes.as_deref(),
            &out,
        ),
        Some(Command::Build(BuildCommand::Actors {
            phoenix,
            supplement,
            country_info,
            world_countries,
            out,
        })) => commands::build::build_actors(
            &phoenix,
            &supplement,
            &country_info,
            &world_countries,
            &out,
        ),
        Some(Command::Build(BuildCommand::Verbs {
            cameo_verbs,
            supplement,
            codebooks,
            out,
        })) => commands::build::build_verbs(&cameo_verbs, &supplement, &codebooks, &out),
        Some(Command::Build(BuildCommand::Tone { vader, out })) => {
            commands::build::build_tone(&vader, &out)
        }
        Some(Command::Schema) => {
            let mut out = io::stdout().lock();
            out.write_all(newsgraph_core::analysis::json_schema().as_bytes())
                .map(|_| ExitCode::SUCCESS)
                .map_err(anyhow::Error::from)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newsgraph: error: {e:#}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}

/// A closed stdout (`newsgraph ... | head`) is how pipelines end, not an error. The write may
/// have failed inside serde_json, which wraps the I/O error in its own.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == Some(io::ErrorKind::BrokenPipe)
    })
}
