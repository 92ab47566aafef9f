//! Whole-article event evaluation (`eval events DIR`), the event filter's threshold option
//! and its training command, on a tiny annotated corpus written in the test.

use std::path::PathBuf;

use crate::{json_lines, newsgraph, write};

const TEXT: &str = "Russia accused the United States of lying about the talks.\n";
/// SHA-256 of TEXT.
const SHA: &str = "c2d23680968cccc60e5425046293983827fa3761d9d502e532eb66e7b049d16e";

fn annotation(sha: &str, split: &str) -> String {
    format!(
        r#"{{"doc": "news/a.txt", "text_sha256": "{sha}", "split": "{split}",
 "entities": [], "places": [{{"span": [0, 6], "geonameid": 2017370, "kind": "Country"}}],
 "quotations": [],
 "events": [{{"evidence": [0, 40], "verb": [7, 14], "type": "ACCUSE", "cameo": "112",
   "source": "RUS", "target": "USA", "hypothetical": false, "negated": false}}]}}"#
    )
}

/// A temporary folder with the corpora folder `data` holding `news/NAME` (`text`) and an
/// empty annotations folder `ann`.
fn corpus(name: &str, text: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("news")).unwrap();
    write(&data.join("news"), name, text);
    let ann = dir.path().join("ann");
    std::fs::create_dir_all(&ann).unwrap();
    (dir, data, ann)
}

#[test]
fn whole_articles_are_scored_and_bad_annotations_skipped_by_name() {
    let (dir, data, ann) = corpus("a.txt", TEXT);
    write(&ann, "bbc-politics-001.json", annotation(SHA, "dev"));
    write(
        &ann,
        "bbc-politics-002.json",
        annotation(&"0".repeat(64), "dev"),
    );
    write(&ann, "bbc-politics-003.json", "{not json");
    write(&ann, "aquaint-X.json", annotation(SHA, "test"));
    let preds = dir.path().join("p.jsonl");
    let out = newsgraph()
        .args(["eval", "events", "--json", "--data"])
        .arg(&data)
        .arg("--predictions")
        .arg(&preds)
        .arg(&ann)
        .assert()
        .success();
    let j: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(j["overall"]["articles"], 1, "{j}");
    assert_eq!(j["overall"]["event"]["gold"], 1, "{j}");
    assert_eq!(j["overall"]["triple"]["correct"], 1, "{j}");
    assert_eq!(j["overall"]["triple"]["recall"], 1.0, "{j}");
    let skipped = j["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 2, "{j}");
    assert!(skipped
        .iter()
        .any(|s| s.as_str().unwrap().contains("002.json")
            && s.as_str().unwrap().contains("not the text annotated")));
    assert!(skipped
        .iter()
        .any(|s| s.as_str().unwrap().contains("003.json")));
    let lines = json_lines(&std::fs::read(&preds).unwrap());
    assert_eq!(lines[0]["gold"][0]["evidence"], &TEXT[..40]);
    assert_eq!(lines[0]["predicted"][0]["type"], "ACCUSE");
    // the test split is scored apart, with its group
    let out = newsgraph()
        .args(["eval", "events", "--json", "--split", "test", "--data"])
        .arg(&data)
        .arg(&ann)
        .assert()
        .success();
    let j: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(j["overall"]["articles"], 1);
    assert!(j["groups"].get("aquaint").is_some(), "{j}");
    // a threshold above every probability keeps no event
    let out = newsgraph()
        .args([
            "eval",
            "events",
            "--json",
            "--min-confidence",
            "1",
            "--data",
        ])
        .arg(&data)
        .arg(&ann)
        .assert()
        .success();
    let j: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(j["overall"]["event"]["predicted"], 0, "{j}");
    // a threshold outside [0, 1] is refused
    newsgraph()
        .args(["eval", "events", "--min-confidence", "1.5"])
        .arg(&ann)
        .assert()
        .code(2);
}

#[test]
fn analyze_reports_each_events_confidence_and_honours_the_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "a.txt", TEXT);
    let all = newsgraph().arg("analyze").arg(&f).assert().success();
    let a = &json_lines(&all.get_output().stdout)[0];
    let events = a["events"].as_array().unwrap();
    assert!(!events.is_empty(), "{a}");
    let p = events[0]["confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p));
    let none = newsgraph()
        .args(["analyze", "--min-confidence"])
        .arg(format!("{}", (p + 1.0) / 2.0))
        .arg(&f)
        .assert()
        .success();
    let b = &json_lines(&none.get_output().stdout)[0];
    assert!(b["events"].as_array().unwrap().len() < events.len(), "{b}");
}

#[test]
fn the_event_filter_trains_from_annotations_and_negatives() {
    let (dir, data, ann) = corpus("a.txt", TEXT);
    write(&ann, "bbc-politics-001.json", annotation(SHA, "dev"));
    let neg = dir.path().join("sport");
    std::fs::create_dir_all(&neg).unwrap();
    write(
        &neg,
        "001.txt",
        "United beat City 3-1 on Saturday.\n\nThe striker attacked the goal.\n",
    );
    let out_file = dir.path().join("filter.ngl");
    let report = dir.path().join("report.json");
    newsgraph()
        .args(["train", "event-filter", "--folds", "2", "--annotations"])
        .arg(&ann)
        .arg("--data")
        .arg(&data)
        .arg("--negatives")
        .arg(&neg)
        .arg("--out")
        .arg(&out_file)
        .arg("--report")
        .arg(&report)
        .assert()
        .success();
    let bytes = std::fs::read(&out_file).unwrap();
    assert_eq!(&bytes[..4], b"NGEF");
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(r["annotated_articles"], 1);
    assert!(r["curve"].as_array().unwrap().len() > 10);
    // no dev annotation: a clear error
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    newsgraph()
        .args(["train", "event-filter", "--annotations"])
        .arg(&empty)
        .arg("--out")
        .arg(&out_file)
        .assert()
        .code(2);
}

/// "He" is Jack Straw, whom no dictionary knows, not Jacques Chirac, whom one does.
const STRAW: &str = "Jack Straw met Jacques Chirac in Paris.\n\nHe said the talks went well.\n";
const STRAW_SHA: &str = "32341090f475bb2e1efea56df2563ed4a374b5d65e1bab1aff970c14eed30235";

#[test]
fn coreference_is_scored_against_the_annotated_entities() {
    let (dir, data, ann) = corpus("b.txt", STRAW);
    write(
        &ann,
        "bbc-politics-001.json",
        format!(
            r#"{{"doc": "news/b.txt", "text_sha256": "{STRAW_SHA}", "split": "dev",
 "entities": [{{"id": "E1", "type": "PER", "code": "GBRGOV", "mentions": [[0, 10], [41, 43]]}},
              {{"id": "E2", "type": "PER", "code": "FRAGOV", "mentions": [[15, 29]]}}],
 "places": [], "quotations": [], "events": []}}"#
        ),
    );
    let run = |extra: &[&str]| -> serde_json::Value {
        let chains = dir.path().join("chains.jsonl");
        let out = newsgraph()
            .args(["eval", "coref", "--json", "--data"])
            .arg(&data)
            .arg("--predictions")
            .arg(&chains)
            .args(extra)
            .arg(&ann)
            .assert()
            .success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    };
    let j = run(&[]);
    assert_eq!(j["links"]["pronoun"]["gold"], 1, "{j}");
    assert_eq!(j["links"]["pronoun"]["correct"], 1, "{j}");
    // Straw has no actor: the pronoun is credited to none, not to Chirac.
    assert_eq!(j["pronoun_actors"]["wrong"], 0, "{j}");
    assert_eq!(j["pronoun_actors"]["none"], 1, "{j}");
    let chains = json_lines(&std::fs::read(dir.path().join("chains.jsonl")).unwrap());
    let texts: Vec<&str> = chains[0]["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Jack Straw", "Jacques Chirac", "He"]);
    // Without chains the latest person a dictionary knows takes the pronoun.
    let j = run(&["--no-coreference"]);
    assert_eq!(j["pronoun_actors"]["wrong"], 1, "{j}");
}

#[test]
fn first_names_build_into_an_artifact() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "female.txt", "Tessa\nJean\n");
    let m = write(dir.path(), "male.txt", "David\nJean\n");
    let out_file = dir.path().join("first-names.ngl");
    newsgraph()
        .args(["build", "first-names", "--female"])
        .arg(&f)
        .arg("--male")
        .arg(&m)
        .arg("--out")
        .arg(&out_file)
        .assert()
        .success();
    assert_eq!(&std::fs::read(&out_file).unwrap()[..4], b"NGFN");
    // A missing list is a clear error.
    newsgraph()
        .args(["build", "first-names", "--female"])
        .arg(dir.path().join("none.txt"))
        .arg("--male")
        .arg(&m)
        .arg("--out")
        .arg(&out_file)
        .assert()
        .failure();
}

#[test]
fn places_are_scored_against_the_annotated_places() {
    let (dir, data, ann) = corpus("a.txt", TEXT);
    // Russia with its GeoNames id; "United States" left out: a place no gold covers.
    write(&ann, "bbc-politics-001.json", annotation(SHA, "dev"));
    let preds = dir.path().join("places.jsonl");
    let out = newsgraph()
        .args(["eval", "places", "--json", "--data"])
        .arg(&data)
        .arg("--predictions")
        .arg(&preds)
        .arg(&ann)
        .assert()
        .success();
    let j: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let c = &j["overall"]["counts"];
    assert_eq!(c["gold"], 1, "{j}");
    assert_eq!(c["right"], 1, "{j}");
    assert_eq!(c["predicted"], 2, "{j}");
    assert_eq!(j["overall"]["end_to_end"]["precision"], 0.5, "{j}");
    let lines = json_lines(&std::fs::read(&preds).unwrap());
    assert_eq!(
        lines[0]["gold"][0]["predicted"]["name"], "Russia",
        "{}",
        lines[0]
    );
    assert_eq!(
        lines[0]["no_gold_place"][0]["text"], "United States",
        "{}",
        lines[0]
    );
}
