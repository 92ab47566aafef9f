//! One bad record never stops a batch or loses the good ones; nothing panics.

use super::{json_lines, newsgraph, write};

#[test]
fn mixed_good_and_bad_jsonl_keeps_order_and_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let mut input: Vec<u8> = Vec::new();
    input.extend_from_slice(b"{\"id\": \"good1\", \"text\": \"Putin visited China.\"}\n"); // 1
    input.extend_from_slice(b"{\"id\": \"bad-json\", \"text\": \n"); // 2 invalid JSON
    input.extend_from_slice(b"{\"id\": \"bad-type\", \"text\": [1, 2]}\n"); // 3 wrong type
    input.extend_from_slice(b"{\"id\": \"bad-utf8\", \"text\": \"caf\xe9\"}\n"); // 4 invalid UTF-8
    input.extend_from_slice(b"{\"id\": \"nul\", \"text\": \"a\\u0000b\"}\n"); // 5 NUL
    input.extend_from_slice(b"{\"id\": \"empty\", \"text\": \"\"}\n"); // 6 empty
    input.extend_from_slice(b"{\"id\": \"blank\", \"text\": \" \\n\\t \"}\n"); // 7 whitespace only
    input.extend_from_slice(b"\xEF\xBB\xBF{\"id\": \"bom\", \"text\": \"With a BOM.\"}\r\n"); // 8 BOM + CRLF
    input.extend_from_slice(b"{\"id\": 42, \"published\": \"yesterday\", \"text\": \"x\"}\n"); // 9 unreadable date: analysed without it
    input.extend_from_slice(b"[\"not\", \"an\", \"object\"]\n"); // 10
                                                                 // 11: a 50 MB single-line record, over the default 16 MiB limit
    input.extend_from_slice(b"{\"id\": \"huge\", \"text\": \"");
    input.extend(std::iter::repeat_n(b'a', 50 << 20));
    input.extend_from_slice(b"\"}\n");
    input.extend_from_slice(b"{\"id\": \"good2\", \"text\": \"Xi Jinping met Putin.\"}\n"); // 12
    let path = write(dir.path(), "mixed.jsonl", &input);

    let out = newsgraph()
        .args(["analyze", "--output", "jsonl"])
        .arg(&path)
        .assert()
        .code(3);
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.len(), 12, "exactly one output line per input record");
    let ok: Vec<bool> = lines.iter().map(|l| l.get("error").is_none()).collect();
    assert_eq!(
        ok,
        [true, false, false, false, false, false, false, true, true, false, false, true]
    );
    for (i, l) in lines.iter().enumerate() {
        if let Some(err) = l.get("error") {
            assert_eq!(l["line"], i + 1, "{l}");
            assert!(!err.as_str().unwrap().is_empty());
        }
    }
    assert_eq!(lines[2]["id"], "bad-type");
    assert!(lines[2]["error"].as_str().unwrap().contains("`text`"));
    assert!(lines[3]["error"].as_str().unwrap().contains("UTF-8"));
    assert!(lines[4]["error"].as_str().unwrap().contains("NUL"));
    assert!(lines[5]["error"].as_str().unwrap().contains("empty"));
    assert_eq!(lines[8]["article"]["external_id"], "42");
    assert_eq!(lines[8]["article"]["published"], serde_json::Value::Null);
    assert!(lines[8]["issues"][0]
        .as_str()
        .unwrap()
        .contains("\"yesterday\""));
    // an over-limit line's id is read from its first bytes
    assert_eq!(lines[10]["id"], "huge");
    assert!(lines[10]["error"].as_str().unwrap().contains("limit"));
    assert_eq!(lines[7]["article"]["external_id"], "bom");
    assert_eq!(lines[11]["article"]["external_id"], "good2");
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(
        stderr.contains("12 records: 4 analysed, 8 failed"),
        "{stderr}"
    );
}

#[test]
fn the_record_size_limit_is_a_flag() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "China and Russia trade across the Amur river. ";
    let text = sentence.repeat(200); // 9,400 bytes
    let path = write(dir.path(), "big.txt", &text);
    let out = newsgraph()
        .args(["analyze", "--output", "jsonl", "--max-record-bytes", "5000"])
        .arg(&path)
        .assert()
        .code(3);
    assert!(json_lines(&out.get_output().stdout)[0]["error"]
        .as_str()
        .unwrap()
        .contains("5000-byte limit"));
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
        .success();
    assert_eq!(
        json_lines(&out.get_output().stdout)[0]["sentences"]
            .as_array()
            .unwrap()
            .len(),
        200
    );
}

#[test]
fn bad_files_are_records_too() {
    let dir = tempfile::tempdir().unwrap();
    let nested = write(dir.path(), "nested.html", "<div>".repeat(200_000) + "deep");
    let binary = write(dir.path(), "bin.txt", b"\x00\x01\x02binary");
    let empty = write(dir.path(), "empty.txt", b"");
    let crlf = write(
        dir.path(),
        "crlf.txt",
        b"\xEF\xBB\xBFTitle line\r\n\r\nFirst sentence.\r\nSecond one.\r\n",
    );
    let latin1 = write(
        dir.path(),
        "latin1.txt",
        b"Profits of \xA3600m were reported.",
    );
    let out = newsgraph()
        .args(["analyze", "--output", "jsonl"])
        .args([&nested, &binary, &empty, &crlf, &latin1])
        .assert()
        .code(3);
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.len(), 5);
    assert!(lines[0]["error"].as_str().unwrap().contains("deep"));
    assert!(lines[1]["error"].as_str().unwrap().contains("NUL"));
    assert!(lines[2]["error"].as_str().unwrap().contains("empty"));
    assert_eq!(lines[3]["article"]["title"], "Title line");
    assert_eq!(lines[3]["sentences"].as_array().unwrap().len(), 3);
    assert!(lines[4]["article"]["text"]
        .as_str()
        .unwrap()
        .contains("£600m"));
    assert!(lines[4]["issues"][0]
        .as_str()
        .unwrap()
        .contains("Windows-1252"));
}

#[test]
fn every_record_kind_of_garbage_on_stdin() {
    // arbitrary bytes must never panic the binary
    let mut seed = 0x2545F4914F6CDD1Du64;
    for _ in 0..20 {
        let mut bytes = Vec::new();
        for _ in 0..2000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            bytes.push((seed >> 24) as u8);
        }
        for kind in ["text", "jsonl", "html"] {
            let out = newsgraph()
                .args(["analyze", "-", "--output", "jsonl", "--input", kind])
                .write_stdin(bytes.clone())
                .output()
                .unwrap();
            let code = out.status.code();
            assert!(
                code == Some(0) || code == Some(3),
                "{kind}: {:?} {}",
                code,
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
