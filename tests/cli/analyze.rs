use predicates::prelude::*;

use super::{json_lines, newsgraph, write};

#[test]
fn no_arguments_analyses_the_embedded_seed() {
    let out = newsgraph()
        .arg("analyze")
        .arg("--output")
        .arg("text")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("Putin in China aiming to strengthen anti-West coalition"));
    assert!(text.contains("Heihe"));
    assert!(text.contains("Tone (GDELT V2Tone)"));
    // piped without --output, the default is one JSON line
    let out = newsgraph().assert().success();
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.len(), 1);
    let a = &lines[0];
    assert_eq!(a["schema"], 1);
    assert_eq!(a["sentences"].as_array().unwrap().len(), 16);
}

#[test]
fn every_span_slices_the_text() {
    let out = newsgraph()
        .args(["analyze", "--output", "jsonl"])
        .assert()
        .success();
    let a = &json_lines(&out.get_output().stdout)[0];
    let text = a["article"]["text"].as_str().unwrap();
    for t in a["tokens"].as_array().unwrap() {
        let (s, e) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        let tok = text.get(s..e).expect("span on char boundaries");
        assert!(!tok.trim().is_empty());
    }
    let words: Vec<&str> = a["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &text[t["start"].as_u64().unwrap() as usize..t["end"].as_u64().unwrap() as usize])
        .collect();
    assert!(
        words.windows(2).any(|w| w == ["Russia", "’s"]),
        "curly possessive split"
    );
    assert!(words.contains(&"“") && words.contains(&"”"));
}

#[test]
fn jsonl_text_html_and_directories() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.jsonl",
        "{\"id\":\"x1\",\"text\":\"One. Two.\"}\n\n{\"id\":\"x2\",\"body\":\"Three.\"}\r\n",
    );
    write(dir.path(), "b.txt", "Headline\n\nBody text here.");
    write(
        dir.path(),
        "c.html",
        "<html><head><title>T</title></head><body><article><p>A paragraph long enough to be the main content of this small page, about trade between China and Russia across the Amur river.</p></article></body></html>",
    );
    write(dir.path(), "ignored.bin", [0u8, 1, 2]);
    let out = newsgraph()
        .args(["analyze", "--output", "jsonl"])
        .arg(dir.path())
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["article"]["external_id"], "x1");
    assert_eq!(lines[1]["article"]["external_id"], "x2");
    assert_eq!(lines[2]["article"]["title"], "Headline");
    assert!(lines[3]["article"]["text"]
        .as_str()
        .unwrap()
        .contains("Amur"));
}

#[test]
fn stdin_is_sniffed() {
    let out = newsgraph()
        .args(["analyze", "-"])
        .write_stdin("{\"text\": \"Putin met Xi. They talked.\"}\n")
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines[0]["sentences"].as_array().unwrap().len(), 2);
    let out = newsgraph()
        .args(["analyze", "-", "--output", "json"])
        .write_stdin("Plain text about Heihe.")
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
}

#[test]
fn summary_on_stderr_and_help_on_every_verb() {
    newsgraph()
        .args(["analyze", "--output", "jsonl"])
        .assert()
        .success()
        .stderr(predicate::str::contains("1 records: 1 analysed, 0 failed"));
    for verb in [
        "analyze", "ingest", "export", "stats", "eval", "build", "schema",
    ] {
        newsgraph().args([verb, "--help"]).assert().success();
    }
    newsgraph()
        .args(["analyze", "--no-such-flag"])
        .assert()
        .code(2);
}

#[test]
fn schema_command_matches_committed_schema() {
    let out = newsgraph().arg("schema").assert().success();
    let committed = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/analysis.schema.json"
    ))
    .unwrap();
    assert_eq!(out.get_output().stdout, committed);
}

#[test]
fn disabled_stages_are_left_out_and_the_rest_kept() {
    let full = newsgraph()
        .args(["analyze", "--output", "jsonl"])
        .assert()
        .success();
    let lean = newsgraph()
        .args(["analyze", "--output", "jsonl", "--disable", "places,events"])
        .assert()
        .success();
    let (full, lean) = (
        json_lines(&full.get_output().stdout).remove(0),
        json_lines(&lean.get_output().stdout).remove(0),
    );
    assert!(!full["places"].as_array().unwrap().is_empty());
    assert!(!full["events"].as_array().unwrap().is_empty());
    for k in ["places", "events", "actors", "dates"] {
        assert!(lean[k].as_array().unwrap().is_empty(), "{k}: {}", lean[k]);
    }
    // the linguistic layers are the same either way
    assert_eq!(full["tokens"], lean["tokens"]);
    assert_eq!(full["tone"], lean["tone"]);
    newsgraph()
        .args(["analyze", "--disable", "tagger"])
        .assert()
        .code(2);
}

#[test]
fn the_beam_parser_changes_only_the_parse() {
    let run = |args: &[&str]| {
        let out = newsgraph()
            .args(["analyze", "--output", "jsonl"])
            .args(args)
            .assert()
            .success();
        json_lines(&out.get_output().stdout).remove(0)
    };
    let (greedy, beam) = (run(&[]), run(&["--parse-beam", "4"]));
    let tokens = |a: &serde_json::Value| a["tokens"].as_array().unwrap().clone();
    let (g, b) = (tokens(&greedy), tokens(&beam));
    assert_eq!(g.len(), b.len());
    for (g, b) in g.iter().zip(&b) {
        for k in ["start", "end", "upos", "ner"] {
            assert_eq!(g[k], b[k]);
        }
    }
    // the seed's 500-odd words are not all attached alike by two different parsers
    assert!(g.iter().zip(&b).any(|(g, b)| g["head"] != b["head"]));
    assert_eq!(greedy["tone"], beam["tone"]);
    newsgraph()
        .args(["analyze", "--parse-beam", "0"])
        .assert()
        .code(2);
}

#[test]
fn conllu_output_is_one_valid_block_per_sentence_matching_the_json() {
    let dir = tempfile::tempdir().unwrap();
    // two articles, a bad record between them: it goes to stderr, the good ones are written
    let input = write(
        dir.path(),
        "in.jsonl",
        "{\"id\": \"a\", \"text\": \"Putin met Xi in Beijing. Officials praised the deal.\"}\n\
         {\"id\": \"x\", \"text\": 5}\n\
         {\"id\": \"b\", \"text\": \"Russia's army attacked Kharkiv on Monday.\"}\n",
    );
    let out = newsgraph()
        .args(["analyze", "--output", "conllu"])
        .arg(&input)
        .assert()
        .code(3);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!String::from_utf8_lossy(&out.get_output().stderr).is_empty());
    let docs: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# newdoc id = "))
        .collect();
    assert_eq!(docs, ["a", "b"]);
    let blocks: Vec<&str> = text
        .split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .collect();
    assert_eq!(blocks.len(), 3, "{text}");
    let jsonl = newsgraph()
        .args(["analyze", "--output", "jsonl"])
        .arg(&input)
        .assert()
        .code(3);
    let analyses = json_lines(&jsonl.get_output().stdout);
    let tokens: Vec<serde_json::Value> = analyses
        .iter()
        .filter(|a| a.get("tokens").is_some())
        .flat_map(|a| a["tokens"].as_array().unwrap().clone())
        .collect();
    let mut k = 0;
    for block in blocks {
        let words: Vec<Vec<&str>> = block
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').collect())
            .collect();
        assert!(block.contains("# text = "), "{block}");
        let n = words.len();
        let mut roots = 0;
        for (i, w) in words.iter().enumerate() {
            assert_eq!(w.len(), 10, "{w:?}");
            assert_eq!(w[0], (i + 1).to_string());
            let head: usize = w[6].parse().unwrap();
            assert!(head <= n && head != i + 1, "{w:?}");
            roots += usize::from(head == 0);
            assert!(w[9].contains("TokenRange="), "{w:?}");
            // the same tags and relations as the JSON Analysis
            let t = &tokens[k];
            assert_eq!(w[3], t["upos"]);
            assert_eq!(w[7], t["deprel"]);
            assert!(w[9].starts_with(&format!("NER={}|", t["ner"].as_str().unwrap())));
            k += 1;
        }
        assert_eq!(roots, 1, "{block}");
    }
    assert_eq!(k, tokens.len());
    assert!(text.contains("Beijing\t_\tPROPN") && text.contains("SpaceAfter=No"));
}
