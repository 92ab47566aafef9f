//! # newsgraph-store
//!
//! Analyses in SQLite. Articles are keyed by their content hash, so ingesting the same article
//! twice is a no-op; each batch is one transaction, so a crash leaves whole articles or none;
//! the schema's migrations are embedded in the binary and run on open; the database runs in
//! WAL mode so readers never block the writer.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use newsgraph_core::{ingest, Pipeline};
//! use newsgraph_store::Store;
//!
//! let mut store = Store::open_in_memory()?;
//! let a = Pipeline::embedded().analyze(ingest::from_text(b"Putin visited China.", None)?);
//! assert_eq!(store.insert_batch(&[a.clone()])?.inserted, 1);
//! assert_eq!(store.insert_batch(&[a])?.inserted, 0); // same content: no-op
//! assert_eq!(store.stats()?.articles, 1);
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

use std::path::Path;

use newsgraph_core::Analysis;
use rusqlite::{params, Connection, OptionalExtension};
use rusqlite_migration::{Migrations, M};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A schema migration failed.
    #[error("schema migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// A stored analysis could not be serialised or read back.
    #[error("stored analysis of article {id} is unreadable: {source}")]
    Json {
        /// The article.
        id: String,
        /// Why.
        source: serde_json::Error,
    },
}

/// The store's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The schema, one migration per step; applied in order, tracked by `PRAGMA user_version`.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(
        "CREATE TABLE articles (
            id           TEXT PRIMARY KEY,   -- content hash (Article.id)
            external_id  TEXT,
            url          TEXT,
            source       TEXT,
            path         TEXT,
            title        TEXT,
            published    TEXT,
            n_sentences  INTEGER NOT NULL,
            n_tokens     INTEGER NOT NULL,
            word_count   INTEGER NOT NULL,
            tone         REAL NOT NULL,
            schema       INTEGER NOT NULL,
            analysis     TEXT NOT NULL,      -- the Analysis JSON, the public contract
            ingested_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        ) STRICT;
        CREATE TABLE sentences (
            article_id   TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            idx          INTEGER NOT NULL,
            start        INTEGER NOT NULL,
            end          INTEGER NOT NULL,
            text         TEXT NOT NULL,
            PRIMARY KEY (article_id, idx)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX articles_published ON articles(published);",
    )])
}

/// A newsgraph database.
pub struct Store {
    conn: Connection,
}

/// What one batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    /// Articles new to the store.
    pub inserted: usize,
    /// Articles it already had (same content hash).
    pub duplicates: usize,
}

/// A summary of the store.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Stats {
    /// Articles stored.
    pub articles: u64,
    /// Sentences stored (rows of the sentences table).
    pub sentences: u64,
    /// Sentences the articles declare (sum of `n_sentences`); equal to `sentences` unless an
    /// article was stored partially, which transactions rule out.
    pub sentences_declared: u64,
    /// Tokens over all articles.
    pub tokens: u64,
    /// Words over all articles.
    pub words: u64,
    /// Earliest publication date.
    pub first_published: Option<String>,
    /// Latest publication date.
    pub last_published: Option<String>,
    /// Mean GDELT tone.
    pub mean_tone: Option<f64>,
    /// Articles per source, largest first (at most 10).
    pub top_sources: Vec<(String, u64)>,
    /// Schema version of the database.
    pub db_version: u32,
}

impl Store {
    /// Opens (creating if needed) a database file and brings its schema up to date.
    ///
    /// # Errors
    /// The file cannot be opened as SQLite, or a migration fails.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // NORMAL is durable across application crashes in WAL mode, which is what ingest needs.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        Self::init(conn)
    }

    /// An in-memory database, for tests and examples.
    ///
    /// # Errors
    /// A migration fails.
    pub fn open_in_memory() -> Result<Self> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Self> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrations().to_latest(&mut conn)?;
        Ok(Store { conn })
    }

    /// Stores a batch of analyses in one transaction: all of them or, on error, none.
    /// Articles already present are skipped.
    ///
    /// # Errors
    /// SQLite fails (disk full, locked beyond the timeout...).
    pub fn insert_batch(&mut self, analyses: &[Analysis]) -> Result<BatchOutcome> {
        let tx = self.conn.transaction()?;
        let mut outcome = BatchOutcome::default();
        {
            let mut insert_article = tx.prepare_cached(
                "INSERT OR IGNORE INTO articles
                 (id, external_id, url, source, path, title, published, n_sentences, n_tokens,
                  word_count, tone, schema, analysis)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?;
            let mut insert_sentence = tx.prepare_cached(
                "INSERT INTO sentences (article_id, idx, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for a in analyses {
                let art = &a.article;
                let json = serde_json::to_string(a).map_err(|source| Error::Json {
                    id: art.id.clone(),
                    source,
                })?;
                let changed = insert_article.execute(params![
                    art.id,
                    art.external_id,
                    art.url,
                    art.source,
                    art.path,
                    art.title,
                    art.published,
                    a.sentences.len() as i64,
                    a.tokens.len() as i64,
                    a.tone.word_count as i64,
                    a.tone.tone,
                    a.schema,
                    json,
                ])?;
                if changed == 0 {
                    outcome.duplicates += 1;
                    continue;
                }
                outcome.inserted += 1;
                for (i, s) in a.sentences.iter().enumerate() {
                    insert_sentence.execute(params![
                        art.id,
                        i as i64,
                        s.start as i64,
                        s.end as i64,
                        &art.text[s.start..s.end],
                    ])?;
                }
            }
        }
        tx.commit()?;
        Ok(outcome)
    }

    /// Whether an article with this content hash is stored.
    ///
    /// # Errors
    /// SQLite fails.
    pub fn contains(&self, id: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM articles WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Calls `f` with each stored Analysis JSON, in ingest order, streaming (one row in memory).
    ///
    /// # Errors
    /// SQLite fails, or `f` returns an error (which stops the walk).
    pub fn for_each_json<E>(
        &self,
        mut f: impl FnMut(&str) -> Result<(), E>,
    ) -> Result<Result<(), E>> {
        let mut stmt = self
            .conn
            .prepare("SELECT analysis FROM articles ORDER BY rowid")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let json: String = row.get(0)?;
            if let Err(e) = f(&json) {
                return Ok(Err(e));
            }
        }
        Ok(Ok(()))
    }

    /// Calls `f` with each stored Analysis, parsed, in ingest order.
    ///
    /// # Errors
    /// SQLite fails, a stored analysis does not parse, or `f` fails.
    pub fn for_each_analysis(&self, mut f: impl FnMut(Analysis)) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, analysis FROM articles ORDER BY rowid")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let json: String = row.get(1)?;
            let a = serde_json::from_str(&json).map_err(|source| Error::Json { id, source })?;
            f(a);
        }
        Ok(())
    }

    /// Summary figures.
    ///
    /// # Errors
    /// SQLite fails.
    pub fn stats(&self) -> Result<Stats> {
        let c = &self.conn;
        let (articles, declared, tokens, words, first, last, tone) = c.query_row(
            "SELECT count(*), coalesce(sum(n_sentences), 0), coalesce(sum(n_tokens), 0),
                    coalesce(sum(word_count), 0), min(published), max(published), avg(tone)
             FROM articles",
            [],
            |r| {
                Ok((
                    r.get::<_, i64>(0)? as u64,
                    r.get::<_, i64>(1)? as u64,
                    r.get::<_, i64>(2)? as u64,
                    r.get::<_, i64>(3)? as u64,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )?;
        let sentences =
            c.query_row("SELECT count(*) FROM sentences", [], |r| r.get::<_, i64>(0))? as u64;
        let mut stmt = c.prepare(
            "SELECT coalesce(source, '(unknown)'), count(*) AS n FROM articles
             GROUP BY 1 ORDER BY n DESC, 1 LIMIT 10",
        )?;
        let top_sources = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?
            .collect::<rusqlite::Result<_>>()?;
        let db_version = c.pragma_query_value(None, "user_version", |r| r.get(0))?;
        Ok(Stats {
            articles,
            sentences,
            sentences_declared: declared,
            tokens,
            words,
            first_published: first,
            last_published: last,
            mean_tone: tone,
            top_sources,
            db_version,
        })
    }

    /// SQLite's own consistency check; `"ok"` when the file is sound.
    ///
    /// # Errors
    /// SQLite fails.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_core::{ingest, Pipeline};

    fn analysis(text: &str) -> Analysis {
        Pipeline::embedded().analyze(ingest::from_text(text.as_bytes(), None).unwrap())
    }

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
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
                    duplicates: 1
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
        s.for_each_analysis(|x| back.push(x)).unwrap();
        assert_eq!(back[0], a);
        assert_eq!(s.integrity_check().unwrap(), "ok");
    }
}
