//! Training and evaluation commands on tiny synthetic corpora (made up here, not copied from
//! any benchmark): the contracts of `train`, `eval --json` and `--predictions`.

use super::{newsgraph, write};

const CONLLU: &str = "# text = Putin met Xi in Beijing.
1\tPutin\tPutin\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_
3\tXi\tXi\tPROPN\tNNP\t_\t2\tobj\t_\t_
4\tin\tin\tADP\tIN\t_\t5\tcase\t_\t_
5\tBeijing\tBeijing\tPROPN\tNNP\t_\t2\tobl\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# text = Officials praised the deal.
1\tOfficials\tofficial\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tpraised\tpraise\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\tdeal\tdeal\tNOUN\tNN\t_\t2\tobj\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

";

const CONLL: &str = "-DOCSTART- -X- O O

Putin NNP I-NP I-PER
met VBD I-VP O
Xi NNP I-NP I-PER
Jinping NNP I-NP I-PER
in IN I-PP O
Beijing NNP I-NP I-LOC
. . O O

NATO NNP I-NP I-ORG
criticised VBD I-VP O
Russia NNP I-NP I-LOC
. . O O
";

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(out)))
}

fn fraction(v: &serde_json::Value) -> f64 {
    let x = v.as_f64().expect("a number");
    assert!((0.0..=1.0).contains(&x), "{x} is not a fraction");
    x
}

#[test]
fn pos_and_parse_train_eval_and_predictions() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write(dir.path(), "tiny.conllu", CONLLU.repeat(5));
    let pos = dir.path().join("pos.ngl");
    newsgraph()
        .args(["train", "pos", "--epochs", "3", "--train"])
        .arg(&gold)
        .arg("--dev")
        .arg(&gold)
        .arg("--out")
        .arg(&pos)
        .assert()
        .success();
    let preds = dir.path().join("pos.conllu");
    let out = newsgraph()
        .args(["eval", "pos", "--json", "--model"])
        .arg(&pos)
        .arg("--predictions")
        .arg(&preds)
        .arg(&gold)
        .assert()
        .success();
    let j = json(&out.get_output().stdout);
    assert!(
        fraction(&j["upos"]) > 0.9,
        "it learned its training data: {j}"
    );
    assert_eq!(j["tokens"], 55);
    assert!(j["seconds"].as_f64().is_some());
    let written = std::fs::read_to_string(&preds).unwrap();
    assert_eq!(written.lines().count(), CONLLU.repeat(5).lines().count());

    let parser = dir.path().join("parser.ngl");
    newsgraph()
        .args(["train", "parse", "--epochs", "3", "--train"])
        .arg(&gold)
        .arg("--dev")
        .arg(&gold)
        .arg("--out")
        .arg(&parser)
        .assert()
        .success();
    let preds = dir.path().join("parse.conllu");
    let out = newsgraph()
        .args(["eval", "parse", "--json", "--model"])
        .arg(&parser)
        .arg("--predictions")
        .arg(&preds)
        .arg(&gold)
        .assert()
        .success();
    let j = json(&out.get_output().stdout);
    let (uas, las) = (fraction(&j["uas"]), fraction(&j["las"]));
    assert!(las <= uas);
    // every word line of the predictions has a numeric head within its sentence
    for line in std::fs::read_to_string(&preds).unwrap().lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() == 10 {
            let head: usize = cols[6].parse().unwrap();
            assert!(head <= 6);
        }
    }
    // uptraining: the parser's own CoNLL-U output on raw text trains a parser as silver data
    let raw = write(
        dir.path(),
        "raw.txt",
        "Putin met Xi in Beijing. Officials praised the deal.",
    );
    let out = newsgraph()
        .args(["analyze", "--output", "conllu"])
        .arg(&raw)
        .assert()
        .success();
    let silver = write(dir.path(), "silver.conllu", out.get_output().stdout.clone());
    let uptrained = dir.path().join("uptrained.ngl");
    newsgraph()
        .args(["train", "parse", "--epochs", "3", "--train"])
        .arg(&gold)
        .arg("--silver")
        .arg(&silver)
        .arg("--dev")
        .arg(&gold)
        .arg("--out")
        .arg(&uptrained)
        .assert()
        .success()
        .stderr(predicates::str::contains("(2 of them silver)"));
    // silver data trains the parser only
    newsgraph()
        .args(["train", "pos", "--epochs", "1", "--train"])
        .arg(&gold)
        .arg("--silver")
        .arg(&silver)
        .arg("--dev")
        .arg(&gold)
        .arg("--out")
        .arg(dir.path().join("pos.ngl"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("train parse"));
    // a parser trained for a beam of three keeps its width, and eval can decode wider
    let beam = dir.path().join("beam.ngl");
    newsgraph()
        .args(["train", "parse", "--epochs", "3", "--beam", "3", "--train"])
        .arg(&gold)
        .arg("--dev")
        .arg(&gold)
        .arg("--out")
        .arg(&beam)
        .assert()
        .success();
    for (args, width) in [(&[][..], 3), (&["--beam", "5"][..], 5)] {
        let out = newsgraph()
            .args(["eval", "parse", "--json", "--gold-upos", "--model"])
            .arg(&beam)
            .args(args)
            .arg(&gold)
            .assert()
            .success();
        let j = json(&out.get_output().stdout);
        assert_eq!(j["beam"], width);
        assert_eq!(j["gold_upos"], true);
        assert!(
            fraction(&j["uas"]) > 0.9,
            "it learned its training data: {j}"
        );
    }
    let pruned = dir.path().join("pruned.ngl");
    newsgraph()
        .args(["build", "prune", "parse", "--threshold", "0.5", "--model"])
        .arg(&parser)
        .arg("--out")
        .arg(&pruned)
        .assert()
        .success();
    // a model of the wrong kind is refused with a clear error
    newsgraph()
        .args(["eval", "pos", "--model"])
        .arg(&parser)
        .arg(&gold)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("magic"));
}

#[test]
fn ner_train_eval_and_predictions_in_the_input_scheme() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write(dir.path(), "tiny.conll", CONLL.repeat(5));
    let model = dir.path().join("ner.ngl");
    newsgraph()
        .args(["train", "ner", "--epochs", "5", "--train"])
        .arg(&gold)
        .arg("--dev")
        .arg(&gold)
        .arg("--out")
        .arg(&model)
        .assert()
        .success();
    let preds = dir.path().join("ner.txt");
    let out = newsgraph()
        .args(["eval", "ner", "--json", "--model"])
        .arg(&model)
        .arg("--predictions")
        .arg(&preds)
        .arg(&gold)
        .assert()
        .success();
    let j = json(&out.get_output().stdout);
    for k in ["precision", "recall", "f1"] {
        fraction(&j[k]);
    }
    assert!(j["f1"].as_f64().unwrap() > 0.9, "{j}");
    assert!(j["per_type"]["PER"]["f1"].as_f64().is_some());
    // predictions: the input lines plus one column, IOB1 like the input (no B- after O)
    let written = std::fs::read_to_string(&preds).unwrap();
    let input = CONLL.repeat(5);
    assert_eq!(written.lines().count(), input.lines().count());
    for (w, i) in written.lines().zip(input.lines()) {
        if !i.is_empty() {
            assert!(w.starts_with(i), "{w} / {i}");
            assert_eq!(w.split(' ').count(), i.split(' ').count() + 1);
        }
    }
    assert!(!written.contains(" B-"), "IOB1 in, IOB1 out");
}

#[test]
fn build_lexicon_from_spacy_tables_and_refuse_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    let clusters = write(
        dir.path(),
        "clusters.json",
        r#"{"the": 11, "a": 3, "Zzz": 0}"#,
    );
    let probs = write(
        dir.path(),
        "probs.json",
        r#"{"the": -3.5, "The": -5.9, "rare": -19.0}"#,
    );
    let out = dir.path().join("lexicon.ngl");
    newsgraph()
        .args(["build", "lexicon", "--clusters"])
        .arg(&clusters)
        .arg("--probs")
        .arg(&probs)
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicates::str::contains("3 word forms"));
    assert!(std::fs::read(&out).unwrap().starts_with(b"NGLX"));
    // a table of the wrong shape names the file and the reason
    let bad = write(dir.path(), "bad.json", r#"{"the": "eleven"}"#);
    newsgraph()
        .args(["build", "lexicon", "--clusters"])
        .arg(&bad)
        .arg("--probs")
        .arg(&probs)
        .arg("--out")
        .arg(dir.path().join("x.ngl"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("bad.json"))
        .stderr(predicates::str::contains("integers"));
}
