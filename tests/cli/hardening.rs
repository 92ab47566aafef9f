//! What a long run meets: closed pipes, racing first ingests, database names that are not
//! files, links in input folders, UTF-16 files, over-limit lines, missing paths.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use super::{json_lines, newsgraph, write};

/// Enough JSON Lines records that the output overflows a pipe's buffer.
fn many_records(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!(
            "{{\"id\": \"{i}\", \"text\": \"Russia accused Ukraine of shelling Donetsk on day {i}. China urged both sides to hold talks.\"}}\n"
        ));
    }
    write(dir, "many.jsonl", s)
}

/// Runs the command, reads one line of its stdout, closes the pipe and returns the exit code
/// and stderr.
fn read_one_line_then_close(mut cmd: std::process::Command) -> (Option<i32>, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.is_empty());
    // stdout is dropped here: the reader is gone, as `| head -1` leaves it
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let input = many_records(dir.path(), 600);
    for format in ["jsonl", "json", "text", "conllu"] {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("newsgraph"));
        cmd.args(["analyze", "--output", format]).arg(&input);
        let (code, stderr) = read_one_line_then_close(cmd);
        assert_eq!(code, Some(0), "{format}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{format}: {stderr}");
    }
    let db = dir.path().join("p.db");
    newsgraph()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&input)
        .assert()
        .success();
    for format in ["jsonl", "gdelt-events"] {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("newsgraph"));
        cmd.args(["export", "--format", format, "--db"]).arg(&db);
        let (code, stderr) = read_one_line_then_close(cmd);
        assert_eq!(code, Some(0), "{format}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{format}: {stderr}");
    }
}

#[test]
fn two_ingests_creating_one_database_both_store() {
    let dir = tempfile::tempdir().unwrap();
    let input = many_records(dir.path(), 20);
    for round in 0..4 {
        let db = dir.path().join(format!("race{round}.db"));
        let spawn = || {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("newsgraph"))
                .args(["ingest", "--db"])
                .arg(&db)
                .arg(&input)
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let out = newsgraph()
            .args(["stats", "--json", "--db"])
            .arg(&db)
            .assert()
            .success();
        let stats: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        assert_eq!(stats["articles"], 20);
    }
}

#[test]
fn in_memory_database_names_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let input = many_records(dir.path(), 1);
    for name in [":memory:", "file::memory:", "file:x.db?mode=memory"] {
        let out = newsgraph()
            .current_dir(dir.path())
            .args(["ingest", "--db", name])
            .arg(&input)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr);
        assert!(stderr.contains("not a file path"), "{name}: {stderr}");
    }
}

#[test]
fn a_missing_input_path_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let good = many_records(dir.path(), 1);
    let out = newsgraph()
        .args(["analyze", "--output", "jsonl"])
        .arg(&good)
        .arg(dir.path().join("no-such-file.txt"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(
        stderr.contains("no-such-file.txt: no such file"),
        "{stderr}"
    );
    // and ingest leaves no new database behind
    let db = dir.path().join("new.db");
    newsgraph()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(dir.path().join("no-such-file.txt"))
        .assert()
        .code(2);
    assert!(!db.exists());
}

#[test]
fn an_article_of_invisible_characters_is_one_record() {
    // zero-width characters are text to `trim` but give no tokens
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "zw.jsonl",
        "{\"id\": \"zw\", \"text\": \"\\u200b\\ufeff\\u200b\"}\n{\"id\": \"b\", \"text\": \"Xi met Putin.\"}\n",
    );
    let out = newsgraph()
        .args(["analyze", "--output", "jsonl"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 3)), "{out:?}");
    assert_eq!(json_lines(&out.stdout).len(), 2);
}

#[test]
fn links_in_input_folders_are_followed_or_reported() {
    let dir = tempfile::tempdir().unwrap();
    let outside = many_records(dir.path(), 2);
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    std::os::unix::fs::symlink(&outside, input.join("linked.jsonl")).unwrap();
    std::os::unix::fs::symlink(input.join("nowhere.jsonl"), input.join("dangling.jsonl")).unwrap();
    std::os::unix::fs::symlink(&input, input.join("sub").join("loop")).unwrap();
    // a second link to the same file is read once
    std::os::unix::fs::symlink(&outside, input.join("sub").join("again.jsonl")).unwrap();
    let out = newsgraph()
        .args(["analyze", "--output", "jsonl"])
        .arg(&input)
        .assert()
        .code(3);
    let lines = json_lines(&out.get_output().stdout);
    let analysed = lines.iter().filter(|l| l.get("error").is_none()).count();
    assert_eq!(analysed, 2, "the linked file's records are read");
    let failed: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l.get("error").is_some()).collect();
    assert_eq!(failed.len(), 2, "{failed:?}");
    for f in &failed {
        let path = f["path"].as_str().unwrap();
        assert!(
            path.ends_with("dangling.jsonl") || path.ends_with("loop"),
            "{f}"
        );
    }
}

#[test]
fn utf16_json_lines_are_one_record_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\"id\": \"a\", \"text\": \"Putin visited China.\"}\r\n{\"id\": \"b\", \"text\": \"Xi met Putin.\"}\r\n";
    for (name, bom, wide) in [
        (
            "le.jsonl",
            [0xFF, 0xFE],
            u16::to_le_bytes as fn(u16) -> [u8; 2],
        ),
        ("be.jsonl", [0xFE, 0xFF], u16::to_be_bytes),
    ] {
        let mut bytes = bom.to_vec();
        for u in text.encode_utf16() {
            bytes.extend(wide(u));
        }
        let path = write(dir.path(), name, bytes);
        let out = newsgraph()
            .args(["analyze", "--output", "jsonl"])
            .arg(&path)
            .assert()
            .success();
        let lines = json_lines(&out.get_output().stdout);
        assert_eq!(lines.len(), 2, "{name}");
        assert_eq!(lines[1]["article"]["external_id"], "b");
        assert_eq!(lines[1]["article"]["text"], "Xi met Putin.");
    }
}

#[test]
fn an_over_limit_line_keeps_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!(
        "{{\"id\": \"big-one\", \"text\": \"{}\"}}\n{{\"text\": \"{}\", \"id\": 9}}\n",
        "a".repeat(20_000),
        "b".repeat(20_000)
    );
    let path = write(dir.path(), "long.jsonl", long);
    let out = newsgraph()
        .args([
            "analyze",
            "--output",
            "jsonl",
            "--max-record-bytes",
            "10000",
        ])
        .arg(&path)
        .assert()
        .code(3);
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines[0]["id"], "big-one");
    assert!(lines[0]["error"].as_str().unwrap().contains("limit"));
    // an id after the limit cannot be read: null, not a guess
    assert!(lines[1]["id"].is_null());
}

#[test]
fn a_record_over_the_token_limit_is_an_error_and_the_others_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    // 1,200 tokens in 2,400 bytes: under any byte limit, over a token limit of 1,000
    let body = "a ".repeat(1_200);
    let input = format!(
        "{{\"id\": \"short\", \"text\": \"Russia accused Ukraine.\"}}\n{{\"id\": \"dense\", \"text\": \"{body}\"}}\n{{\"id\": \"after\", \"text\": \"China urged talks.\"}}\n"
    );
    let path = write(dir.path(), "dense.jsonl", input);
    let out = newsgraph()
        .args([
            "analyze",
            "--output",
            "jsonl",
            "--max-record-tokens",
            "1000",
        ])
        .arg(&path)
        .assert()
        .code(3);
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["article"]["external_id"], "short");
    assert_eq!(lines[1]["id"], "dense");
    assert_eq!(lines[1]["line"], 2);
    let error = lines[1]["error"].as_str().unwrap();
    assert!(
        error.contains("1200 tokens") && error.contains("--max-record-tokens"),
        "{error}"
    );
    assert_eq!(lines[2]["article"]["external_id"], "after");
    // the same record under the default limit is analysed
    newsgraph()
        .args(["analyze", "--output", "jsonl"])
        .arg(&path)
        .assert()
        .success();
    // ingest stores the good ones and reports the other
    let db = dir.path().join("t.db");
    let out = newsgraph()
        .args(["ingest", "--max-record-tokens", "1000", "--db"])
        .arg(&db)
        .arg(&path)
        .assert()
        .code(3);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(
        stderr.contains("dense.jsonl:2: text has 1200 tokens"),
        "{stderr}"
    );
    assert!(stderr.contains("2 new"), "{stderr}");
}
