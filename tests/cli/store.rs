use super::{json_lines, newsgraph, write};

#[test]
fn ingest_is_idempotent_and_export_streams_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db");
    let input = write(
        dir.path(),
        "in.jsonl",
        "{\"id\":\"1\",\"source\":\"BBC\",\"published\":\"2023-10-18\",\"text\":\"Putin visited China. He met Xi.\"}\n\
         {\"id\":\"2\",\"text\":\"Trade across the Amur is slow.\"}\n\
         {\"id\":\"bad\",\"text\":7}\n\
         {\"id\":\"1-again\",\"source\":\"BBC\",\"published\":\"2023-10-18\",\"text\":\"Putin visited China. He met Xi.\"}\n",
    );
    newsgraph()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&input)
        .assert()
        .code(3);
    newsgraph()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&input)
        .assert()
        .code(3);
    newsgraph()
        .args(["ingest", "--db"])
        .arg(&db)
        .assert()
        .code(2); // no paths
    let out = newsgraph()
        .args(["stats", "--json", "--db"])
        .arg(&db)
        .assert()
        .success();
    let s: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(s["articles"], 2);
    assert_eq!(s["sentences"], 3);
    assert_eq!(s["first_published"], "2023-10-18");
    newsgraph()
        .args(["stats", "--db"])
        .arg(&db)
        .assert()
        .success();
    let out = newsgraph()
        .args(["export", "--format", "jsonl", "--db"])
        .arg(&db)
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["article"]["external_id"], "1");
    assert_eq!(lines[0]["schema"], 1);
    // the seed through the store
    newsgraph()
        .args(["export", "--db"])
        .arg(dir.path().join("nope.db"))
        .assert()
        .code(2);
}
