//! Unit tests of `lib`.

use super::*;
use newsgraph_core::{ingest, Pipeline};

fn analysis(text: &str) -> Analysis {
    Pipeline::embedded().analyze(ingest::from_text(text.as_bytes(), None).unwrap())
}

#[test]
fn migrations_reach_the_latest_version_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    let mut conn = Connection::open(&path).unwrap();
    migrate(&mut conn).unwrap();
    migrate(&mut conn).unwrap(); // a no-op the second time
    let v: usize = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, MIGRATIONS.len());
    conn.pragma_update(None, "user_version", 99).unwrap();
    assert!(matches!(
        migrate(&mut conn),
        Err(Error::TooNew { found: 99, .. })
    ));
}

#[test]
fn many_first_opens_at_once_all_succeed() {
    // the race of two ingests creating one database: every opener must see one schema
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("race{round}.db"));
        let results: Vec<Result<Store>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..6).map(|_| s.spawn(|| Store::open(&path))).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for r in results {
            let mut store = r.unwrap_or_else(|e| panic!("round {round}: {e}"));
            store.insert_batch(&[]).unwrap();
        }
    }
}

#[test]
fn a_row_over_sqlites_size_limit_is_reported_and_the_others_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("big.db")).unwrap();
    let long = "Putin met Xi in Beijing. ".repeat(40);
    let json_len = Row::of(&analysis(&long)).unwrap().json.len();
    // SQLite's limit is 1e9 bytes; lowered here so an ordinary article is over it
    store
        .conn
        .set_limit(
            rusqlite::limits::Limit::SQLITE_LIMIT_LENGTH,
            json_len as i32 - 1,
        )
        .unwrap();
    let rows = [
        analysis("Trade grew."),
        analysis(&long),
        analysis("Talks failed."),
    ]
    .iter()
    .map(|a| Row::of(a).unwrap())
    .collect();
    let outcome = store.insert_rows(rows).unwrap();
    assert_eq!(outcome.inserted, 2);
    assert_eq!(outcome.too_big.len(), 1);
    assert!(
        outcome.too_big[0].contains("size limit"),
        "{:?}",
        outcome.too_big
    );
    assert_eq!(store.stats().unwrap().articles, 2);
}

#[test]
fn in_memory_names_are_refused() {
    for name in [":memory:", "", "file::memory:", "file:x.db?mode=memory"] {
        let e = Store::open(Path::new(name)).err().expect(name);
        assert!(matches!(e, Error::NotAFile(_)), "{name}: {e}");
    }
}

#[test]
fn a_read_only_database_says_so_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    let mut store = Store::open(&path).unwrap();
    store.check_writable().unwrap();
    // what SQLite does with a read-only file (root may write one anyway, so say it so)
    store.conn.pragma_update(None, "query_only", true).unwrap();
    let e = store.check_writable().unwrap_err();
    assert!(matches!(e, Error::ReadOnly(_)), "{e}");
    // and an up-to-date database opens without taking the write lock
    let mut conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "query_only", true).unwrap();
    migrate(&mut conn).unwrap();
}

#[test]
fn insert_is_idempotent_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let a = analysis("One sentence. Two sentences.");
    let b = analysis("Another article here.");
    {
        let mut s = Store::open(&path).unwrap();
        let o = s.insert_batch(&[a.clone(), b.clone(), a.clone()]).unwrap();
        assert_eq!(
            o,
            BatchOutcome {
                inserted: 2,
                duplicates: 1,
                too_big: Vec::new(),
            }
        );
    }
    let mut s = Store::open(&path).unwrap(); // reopen: migrations are a no-op
    assert_eq!(s.insert_batch(&[b]).unwrap().duplicates, 1);
    let st = s.stats().unwrap();
    assert_eq!(st.articles, 2);
    assert_eq!(st.sentences, 3);
    assert_eq!(st.sentences_declared, 3);
    assert_eq!(st.db_version, 1);
    assert!(s.contains(&a.article.id).unwrap());
    let mut back = Vec::new();
    s.for_each_analysis(|x| -> Result<(), ()> {
        back.push(x);
        Ok(())
    })
    .unwrap()
    .unwrap();
    assert_eq!(back[0], a);
    // a row made by taking the analysis is the row made from a reference to it
    assert_eq!(Row::of(&a).unwrap(), Row::from_analysis(a.clone()).unwrap());
    // an error from the callback stops the walk (a closed pipe ends an export at once)
    let mut calls = 0;
    let r = s
        .for_each_analysis(|_| {
            calls += 1;
            Err("stop")
        })
        .unwrap();
    assert_eq!((r, calls), (Err("stop"), 1));
    assert_eq!(s.integrity_check().unwrap(), "ok");
}
