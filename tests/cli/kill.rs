//! Crash safety: SIGKILL an ingest at random points; a rerun ends with exactly one row per
//! unique article and no partial article.

use std::time::{Duration, Instant};

use super::{newsgraph, write};

/// Articles committed so far, read without a write lock (0 while the schema is not there yet).
fn stored_articles(db: &std::path::Path) -> u64 {
    let Ok(conn) =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return 0;
    };
    conn.query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))
        .map_or(0, |n| n as u64)
}

fn stats(db: &std::path::Path) -> serde_json::Value {
    let out = newsgraph()
        .args(["stats", "--json", "--db"])
        .arg(db)
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

#[test]
fn sigkill_at_random_points_then_rerun() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = String::new();
    let unique = 1200;
    for i in 0..unique + 300 {
        let n = i % unique; // the last 300 repeat earlier articles
        let body = format!(
            "Article {n}. President Vladimir Putin met Xi Jinping in Beijing on day {n}. \
             Trade across the Amur between Heihe and Blagoveshchensk was discussed. \
             Officials said talks would continue. {}",
            "Both sides praised the partnership. ".repeat(20)
        );
        input.push_str(&serde_json::json!({"id": i, "text": body}).to_string());
        input.push('\n');
    }
    let path = write(dir.path(), "in.jsonl", &input);
    let binary = assert_cmd::cargo::cargo_bin("newsgraph");

    // How long does a full ingest take here? Kill points are spread over that time.
    let probe_db = dir.path().join("probe.db");
    let t = Instant::now();
    newsgraph()
        .args(["ingest", "--batch-size", "16", "--db"])
        .arg(&probe_db)
        .arg(&path)
        .assert()
        .success();
    let full = t.elapsed();
    assert_eq!(stats(&probe_db)["articles"], unique);

    let db = dir.path().join("news.db");
    let mut seed = 0x9E3779B97F4A7C15u64;
    let mut interrupted = 0;
    for round in 0..6 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let before = stored_articles(&db);
        let mut child = std::process::Command::new(&binary)
            .args(["ingest", "--batch-size", "16", "--db"])
            .arg(&db)
            .arg(&path)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait until this run has committed a batch, so the kill lands mid-ingest rather than
        // during start-up; a fixed share of a probe run's time proved flaky on a loaded CI
        // machine, where every kill could land after the run had finished.
        let deadline = Instant::now() + Duration::from_secs(120);
        while stored_articles(&db) <= before
            && child.try_wait().unwrap().is_none()
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(2));
        }
        // The first kill comes at once; later ones up to a third of a full run's time on,
        // so some may land after the run finished, which must be harmless too.
        if round > 0 {
            let frac = (seed % 1000) as f64 / 3000.0;
            std::thread::sleep(Duration::from_secs_f64(full.as_secs_f64() * frac));
        }
        child.kill().unwrap(); // SIGKILL on Unix; Ok as well when the run has already ended
        child.wait().unwrap();
        if db.exists() {
            let s = stats(&db);
            assert_eq!(
                s["sentences"], s["sentences_declared"],
                "a partial article after a kill"
            );
            assert!(s["articles"].as_u64().unwrap() <= unique as u64);
            let n = s["articles"].as_u64().unwrap();
            if n < unique as u64 {
                interrupted += 1;
            }
        }
    }
    assert!(
        interrupted > 0,
        "no kill landed before the ingest finished: the test proved nothing"
    );
    newsgraph()
        .args(["ingest", "--batch-size", "16", "--db"])
        .arg(&db)
        .arg(&path)
        .assert()
        .success();
    let s = stats(&db);
    assert_eq!(s["articles"], unique);
    assert_eq!(s["sentences"], s["sentences_declared"]);
    // and the rows are the same as an uninterrupted run's
    assert_eq!(s["sentences"], stats(&probe_db)["sentences"]);
}
