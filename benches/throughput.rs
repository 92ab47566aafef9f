//! Throughput of the whole pipeline (ingest, segmentation, UPOS, parse, NER, geoparsing, tone,
//! actors and events) over the
//! BBC News corpus (2,225 articles).
//!
//! `cargo bench --bench throughput` (corpus at `../shared/data/bbc-news-2225`, or set
//! `NEWSGRAPH_DATA` to the folder holding `bbc-news-2225`; `NEWSGRAPH_BENCH_EVERY=N` keeps every
//! Nth article; `NEWSGRAPH_BENCH_ONLY=taggers` stops after the taggers' line). Prints each artifact's load time,
//! then MB/s and words/s on one core and on all cores; asserts every article analysed.

use std::path::PathBuf;
use std::time::Instant;

use newsgraph_core::events::{actors::ActorDict, verbs::Verbs};
use newsgraph_core::geo::gazetteer::Gazetteer;
use newsgraph_core::parse::Parser;
use newsgraph_core::tag::{clusters::Clusters, lexicon::Lexicon, names::NameLists, Tagger, Task};
use newsgraph_core::{ingest, tone::ToneLexicon, Pipeline};
use rayon::prelude::*;

/// `NEWSGRAPH_BENCH_EVERY=N` keeps every Nth article (a quick run while developing).
fn docs_every() -> usize {
    std::env::var("NEWSGRAPH_BENCH_EVERY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1)
}

fn corpus() -> Option<Vec<Vec<u8>>> {
    let root = std::env::var_os("NEWSGRAPH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    let dir = root.join("bbc-news-2225");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| e.into_path())
        .collect();
    if files.is_empty() {
        eprintln!("no corpus at {}: set NEWSGRAPH_DATA", dir.display());
        return None;
    }
    files.sort();
    files = files.into_iter().step_by(docs_every()).collect();
    Some(
        files
            .iter()
            .map(|p| std::fs::read(p).expect("readable corpus file"))
            .collect(),
    )
}

struct Artifacts {
    tone: Vec<u8>,
    clusters: Vec<u8>,
    names: Vec<u8>,
    pos: Vec<u8>,
    ner: Vec<u8>,
    lexicon: Vec<u8>,
    parser: Vec<u8>,
    beam_parser: Vec<u8>,
    gazetteer: Vec<u8>,
    actors: Vec<u8>,
    verbs: Vec<u8>,
}

fn artifacts() -> Artifacts {
    let read = |name: &str| {
        std::fs::read(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("artifacts")
                .join(name),
        )
        .expect("artifact present")
    };
    Artifacts {
        tone: read("tone-vader.ngl"),
        clusters: read("clusters-news.ngl"),
        names: read("names.ngl"),
        pos: read("pos-ud-en.ngl"),
        ner: read("ner-conll.ngl"),
        lexicon: read("lexicon-web.ngl"),
        parser: read("parser-ud-en.ngl"),
        beam_parser: read("parser-ud-en-beam.ngl"),
        gazetteer: read("gazetteer.ngl"),
        actors: read("actors.ngl"),
        verbs: read("verbs.ngl"),
    }
}

fn main() {
    // Load times, each artifact from its bytes (what `Pipeline::embedded` does once).
    fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let v = f();
        println!(
            "load {name:<14} {:>7.1} ms",
            t.elapsed().as_secs_f64() * 1e3
        );
        v
    }
    let a = artifacts();
    timed("tone lexicon", || {
        ToneLexicon::from_bytes(&a.tone).expect("valid")
    });
    timed("clusters", || {
        Clusters::from_bytes(&a.clusters).expect("valid")
    });
    timed("web lexicon", || {
        Lexicon::from_bytes(&a.lexicon).expect("valid")
    });
    timed("name lists", || {
        NameLists::from_bytes(&a.names).expect("valid")
    });
    timed("POS model", || {
        Tagger::from_bytes(Task::Pos, &a.pos).expect("valid")
    });
    timed("NER model", || {
        Tagger::from_bytes(Task::Ner, &a.ner).expect("valid")
    });
    timed("parser model", || {
        Parser::from_bytes(&a.parser).expect("valid")
    });
    timed("beam parser", || {
        // loaded only by `--parse-beam` above 1, so not part of "everything" below
        Parser::from_bytes(&a.beam_parser).expect("valid")
    });
    timed("gazetteer", || {
        Gazetteer::from_bytes(&a.gazetteer).expect("valid")
    });
    timed("actor dict", || {
        ActorDict::from_bytes(&a.actors).expect("valid")
    });
    timed("verb dict", || Verbs::from_bytes(&a.verbs).expect("valid"));
    let t = Instant::now();
    let pipeline = Pipeline::embedded();
    pipeline.analyze(ingest::from_text(b"Warm up: Putin met Xi.", None).expect("ingests"));
    println!(
        "load everything   {:>7.1} ms (first analysis included)",
        t.elapsed().as_secs_f64() * 1e3
    );

    let Some(docs) = corpus() else { return };
    let bytes: usize = docs.iter().map(Vec::len).sum();
    let run = |doc: &Vec<u8>| -> usize {
        let got = ingest::from_text(doc, None).expect("BBC articles ingest");
        pipeline.analyze(got).tone.word_count
    };

    // Ingest + segmentation + tone alone (the foundation, without the trained models).
    let lexicon = ToneLexicon::embedded();
    let mut best_seg = f64::MAX;
    let mut seg_words = 0;
    for _ in 0..5 {
        let t = Instant::now();
        seg_words = docs
            .iter()
            .map(|d| {
                let a = ingest::from_text(d, None)
                    .expect("BBC articles ingest")
                    .article;
                let seg = newsgraph_core::segment::segment(&a.text);
                lexicon.score(&a.text, &seg.tokens).word_count
            })
            .sum::<usize>();
        best_seg = best_seg.min(t.elapsed().as_secs_f64());
    }
    println!(
        "ingest + segment + tone, 1 core: {:.1} MB/s, {:.0} words/s",
        bytes as f64 / 1e6 / best_seg,
        seg_words as f64 / best_seg
    );

    // Tag + parse + NER alone (issue 3's speed target): the articles segmented beforehand,
    // then each stage timed on its own (best of 3): UPOS sentence by sentence, the parse of
    // every sentence from its (precomputed) tags, NER over each document.
    let mut tag_words = 0;
    let mut tokens = 0;
    let sentences: Vec<Vec<Vec<String>>> = docs
        .iter()
        .map(|d| {
            let a = ingest::from_text(d, None)
                .expect("BBC articles ingest")
                .article;
            let seg = newsgraph_core::segment::segment(&a.text);
            // words counted as the whole-pipeline figure counts them (tone's word count)
            tag_words += lexicon.score(&a.text, &seg.tokens).word_count;
            tokens += seg.tokens.len();
            seg.sentences
                .iter()
                .map(|s| {
                    seg.tokens[s.first_token..s.end_token]
                        .iter()
                        .map(|t| t.slice(&a.text).to_string())
                        .collect()
                })
                .collect()
        })
        .collect();
    let words: Vec<Vec<Vec<&str>>> = sentences
        .iter()
        .map(|d| {
            d.iter()
                .map(|s| s.iter().map(String::as_str).collect())
                .collect()
        })
        .collect();
    let (pos, ner, parser) = (
        newsgraph_core::tag::embedded_pos(),
        newsgraph_core::tag::embedded_ner(),
        newsgraph_core::parse::embedded(),
    );
    let best_of_3 = |f: &dyn Fn()| {
        (0..3)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .fold(f64::MAX, f64::min)
    };
    let tags: Vec<Vec<Vec<&str>>> = words
        .iter()
        .map(|d| {
            d.iter()
                .map(|w| {
                    pos.tag(w)
                        .into_iter()
                        .map(|k| pos.classes()[k].as_str())
                        .collect()
                })
                .collect()
        })
        .collect();
    let t_pos = best_of_3(&|| {
        for w in words.iter().flatten() {
            std::hint::black_box(pos.tag(w));
        }
    });
    let t_parse = best_of_3(&|| {
        for (w, t) in words.iter().flatten().zip(tags.iter().flatten()) {
            std::hint::black_box(parser.parse(w, t));
        }
    });
    let t_ner = best_of_3(&|| {
        for d in &words {
            std::hint::black_box(ner.tag_document(d));
        }
    });
    let rate = |t: f64| tag_words as f64 / t;
    println!(
        "1 core, {tag_words} words ({tokens} tokens): UPOS {:.0} words/s, parse {:.0}, NER {:.0}; \
         UPOS + parse + NER {:.0} words/s",
        rate(t_pos),
        rate(t_parse),
        rate(t_ner),
        rate(t_pos + t_parse + t_ner)
    );
    // the beam-search parser (`--parse-beam K`) at a few widths, the parse alone
    let beam_parser = newsgraph_core::parse::embedded_beam();
    for k in [2, 4, 8] {
        let t = best_of_3(&|| {
            for (w, t) in words.iter().flatten().zip(tags.iter().flatten()) {
                std::hint::black_box(beam_parser.parse_with_beam(w, t, k));
            }
        });
        println!(
            "  beam-search parser, beam {k}: parse {:.0} words/s; UPOS + parse + NER {:.0} words/s",
            rate(t),
            rate(t_pos + t + t_ner)
        );
    }
    if std::env::var("NEWSGRAPH_BENCH_ONLY").is_ok_and(|v| v == "taggers") {
        return;
    }

    // The whole pipeline, one core: best of 3
    let mut best = f64::MAX;
    let mut words = 0;
    for _ in 0..3 {
        let t = Instant::now();
        words = docs.iter().map(run).sum::<usize>();
        best = best.min(t.elapsed().as_secs_f64());
    }
    assert!(
        words > 700_000 / docs_every(),
        "the BBC corpus has ~850k words, got {words} from every {}th article",
        docs_every()
    );
    println!(
        "whole pipeline, 1 core: {} articles, {:.1} MB, {} words in {:.3}s = {:.1} MB/s, {:.0} words/s",
        docs.len(),
        bytes as f64 / 1e6,
        words,
        best,
        bytes as f64 / 1e6 / best,
        words as f64 / best
    );

    // Actor linking + event coding alone, on the tagged, parsed and geoparsed analyses.
    let mut analyses: Vec<newsgraph_core::Analysis> = docs
        .par_iter()
        .map(|d| pipeline.analyze(ingest::from_text(d, None).expect("BBC articles ingest")))
        .collect();
    let mut best_code = f64::MAX;
    let mut events = 0;
    for _ in 0..3 {
        let t = Instant::now();
        for a in &mut analyses {
            pipeline.recode(a);
        }
        best_code = best_code.min(t.elapsed().as_secs_f64());
        events = analyses.iter().map(|a| a.events.len()).sum::<usize>();
    }
    let tokens: usize = analyses.iter().map(|a| a.tokens.len()).sum();
    println!(
        "actor linking + event coding, 1 core: {events} events, {:.0} words/s ({:.0} tokens/s)",
        words as f64 / best_code,
        tokens as f64 / best_code
    );

    let threads = rayon::current_num_threads();
    let mut best_par = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let w: usize = docs.par_iter().map(run).sum();
        assert_eq!(w, words);
        best_par = best_par.min(t.elapsed().as_secs_f64());
    }
    println!(
        "whole pipeline, {threads} cores: {:.1} MB/s, {:.0} words/s ({:.1} MB/s per core)",
        bytes as f64 / 1e6 / best_par,
        words as f64 / best_par,
        bytes as f64 / 1e6 / best_par / threads as f64
    );
}
