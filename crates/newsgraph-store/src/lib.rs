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
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A schema migration failed.
    #[error("schema migration to version {version} failed: {source}")]
    Migration {
        /// The version the failed step leads to.
        version: usize,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The database's schema is newer than this program knows.
    #[error("the database has schema version {found}, newer than this newsgraph's {known}")]
    TooNew {
        /// The database's version.
        found: usize,
        /// The newest this build knows.
        known: usize,
    },
    /// The path names an in-memory or URI database, which would store nothing on disk.
    #[error("{0:?} is not a file path (in-memory databases and `file:` URIs are refused: nothing would be kept)")]
    NotAFile(String),
    /// The database cannot be written (read-only file, folder or mount).
    #[error("the database is not writable: {0}")]
    ReadOnly(rusqlite::Error),
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

/// The schema, one step per version: step `i` takes the database from version `i` to `i + 1`,
/// tracked by `PRAGMA user_version`.
const MIGRATIONS: &[&str] = &["CREATE TABLE articles (
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
        CREATE INDEX articles_published ON articles(published);"];

/// Brings the schema up to date. Safe when several processes open a new database at once:
/// the version is read inside an IMMEDIATE transaction, which holds the write lock (waiting
/// for it up to the busy timeout), so a second process sees the first one's work and applies
/// nothing twice. (rusqlite_migration reads the version before its transaction starts, so two
/// first uses both create the tables, and one fails.)
fn migrate(conn: &mut Connection) -> Result<()> {
    // an up-to-date database needs no lock (and may be read-only, for export)
    let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version == MIGRATIONS.len() {
        return Ok(());
    }
    if version > MIGRATIONS.len() {
        return Err(Error::TooNew {
            found: version,
            known: MIGRATIONS.len(),
        });
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: usize = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > MIGRATIONS.len() {
        return Err(Error::TooNew {
            found: version,
            known: MIGRATIONS.len(),
        });
    }
    for (i, step) in MIGRATIONS.iter().enumerate().skip(version) {
        tx.execute_batch(step).map_err(|source| Error::Migration {
            version: i + 1,
            source,
        })?;
    }
    if version < MIGRATIONS.len() {
        tx.pragma_update(None, "user_version", MIGRATIONS.len())?;
    }
    tx.commit()?;
    Ok(())
}

/// Runs `step` again while SQLite says the database is busy, for up to the busy timeout.
fn retry_busy<T>(mut step: impl FnMut() -> Result<T>) -> Result<T> {
    let started = std::time::Instant::now();
    loop {
        match step() {
            Err(Error::Sqlite(e))
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && started.elapsed() < std::time::Duration::from_secs(30) =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

/// Whether SQLite would open `path` as something other than a plain file: `:memory:`, the
/// empty name (a temporary database), or a `file:` URI.
fn is_special_name(path: &Path) -> bool {
    let s = path.to_string_lossy();
    s.is_empty() || s == ":memory:" || s.starts_with("file:")
}

/// One article as the store writes it: the Analysis serialised, with the columns drawn from
/// it. A long article's JSON is smaller than its Analysis, so a caller that holds many (an
/// ingest's pending batch) can make rows on its worker threads and drop the Analyses.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    id: String,
    external_id: Option<String>,
    url: Option<String>,
    source: Option<String>,
    path: Option<String>,
    title: Option<String>,
    published: Option<String>,
    n_tokens: usize,
    word_count: usize,
    tone: f64,
    schema: u32,
    json: String,
    /// The article's text and its sentences' byte spans, for the sentences table.
    text: String,
    sentences: Vec<(usize, usize)>,
}

impl Row {
    /// The row of an analysis.
    ///
    /// # Errors
    /// The analysis cannot be serialised.
    pub fn of(a: &Analysis) -> Result<Row> {
        let mut row = Row::from_parts(a)?;
        row.text = a.article.text.clone();
        Ok(row)
    }

    /// The row of an analysis, taking it: its text moves into the row rather than being
    /// copied, and the rest is freed on return.
    ///
    /// # Errors
    /// The analysis cannot be serialised.
    pub fn from_analysis(mut a: Analysis) -> Result<Row> {
        let mut row = Row::from_parts(&a)?;
        row.text = std::mem::take(&mut a.article.text);
        Ok(row)
    }

    /// Everything but the text.
    fn from_parts(a: &Analysis) -> Result<Row> {
        let art = &a.article;
        let json = to_json_exact(a).map_err(|source| Error::Json {
            id: art.id.clone(),
            source,
        })?;
        Ok(Row {
            id: art.id.clone(),
            external_id: art.external_id.clone(),
            url: art.url.clone(),
            source: art.source.clone(),
            path: art.path.clone(),
            title: art.title.clone(),
            published: art.published.clone(),
            n_tokens: a.tokens.len(),
            word_count: a.tone.word_count,
            tone: a.tone.tone,
            schema: a.schema,
            json,
            text: String::new(),
            sentences: a.sentences.iter().map(|s| (s.start, s.end)).collect(),
        })
    }

    /// Bytes the row holds (its JSON and text), for batching by size.
    pub fn size(&self) -> usize {
        self.json.len() + self.text.len()
    }
}

/// Serialises into a buffer of exactly the JSON's size, measured by a first pass: a long
/// article's JSON is hundreds of MB, and a growing buffer would briefly hold one and a half
/// times that again while it doubles.
fn to_json_exact(a: &Analysis) -> serde_json::Result<String> {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, a)?;
    let mut buf = Vec::with_capacity(count.0);
    serde_json::to_writer(&mut buf, a)?;
    // serde_json writes UTF-8 only
    String::from_utf8(buf).map_err(|e| serde::ser::Error::custom(e.to_string()))
}

/// A newsgraph database.
pub struct Store {
    conn: Connection,
}

/// What one batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    /// Articles new to the store.
    pub inserted: usize,
    /// Articles it already had (same content hash).
    pub duplicates: usize,
    /// Articles not stored because a value is over SQLite's size limit (1e9 bytes), each
    /// as a message naming the article; the rest of the batch is stored.
    pub too_big: Vec<String>,
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
        if is_special_name(path) {
            return Err(Error::NotAFile(path.display().to_string()));
        }
        // no URI interpretation: the path is a file's
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        // before anything that locks: a process that opens a new database at the same moment
        // as another waits for it instead of failing with "database is locked"
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // SQLite answers "database is locked" without waiting in a few places the busy
        // handler does not cover (switching a new file to WAL while another connection does,
        // reading a WAL another is recovering): retried here and in `init`, each step being
        // idempotent
        retry_busy(|| {
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(Error::from)
        })?;
        // NORMAL is durable across application crashes in WAL mode, which is what ingest needs.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
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
        retry_busy(|| migrate(&mut conn))?;
        Ok(Store { conn })
    }

    /// Checks that the database can be written, by taking and releasing its write lock: what
    /// a long ingest asks before it analyses anything.
    ///
    /// # Errors
    /// [`Error::ReadOnly`] when SQLite refuses to write (a read-only file, folder or mount).
    pub fn check_writable(&mut self) -> Result<()> {
        // only a refusal to write says read-only; a lock held past the timeout says so itself
        let read_only = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen) => {
                Error::ReadOnly(e)
            }
            _ => Error::Sqlite(e),
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(read_only)?;
        // an empty write transaction writes nothing: ask for a real write and roll it back
        tx.execute("UPDATE articles SET id = id WHERE 0", [])
            .map_err(read_only)?;
        tx.pragma_update(None, "user_version", MIGRATIONS.len())
            .map_err(read_only)?;
        tx.rollback()?;
        Ok(())
    }

    /// Stores a batch of analyses in one transaction: all of them or, on error, none.
    /// Articles already present are skipped.
    ///
    /// # Errors
    /// SQLite fails (disk full, locked beyond the timeout...).
    pub fn insert_batch(&mut self, analyses: &[Analysis]) -> Result<BatchOutcome> {
        let rows = analyses.iter().map(Row::of).collect::<Result<Vec<_>>>()?;
        self.insert_rows(rows)
    }

    /// Stores a batch of rows (analyses already serialised, see [`Row::of`]) in one
    /// transaction: all of them or, on error, none. Articles already present are skipped.
    /// Each row's JSON is freed as soon as SQLite has bound its own copy, so a long
    /// article's JSON is held twice at most, not three times (SQLite copies a bound text,
    /// then builds the record from that copy).
    ///
    /// # Errors
    /// SQLite fails (disk full, locked beyond the timeout...).
    pub fn insert_rows(&mut self, rows: Vec<Row>) -> Result<BatchOutcome> {
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
            for mut r in rows {
                let bound = (|| -> rusqlite::Result<()> {
                    for (i, p) in [
                        &r.id as &dyn rusqlite::ToSql,
                        &r.external_id,
                        &r.url,
                        &r.source,
                        &r.path,
                        &r.title,
                        &r.published,
                        &(r.sentences.len() as i64),
                        &(r.n_tokens as i64),
                        &(r.word_count as i64),
                        &r.tone,
                        &r.schema,
                        &r.json,
                    ]
                    .into_iter()
                    .enumerate()
                    {
                        insert_article.raw_bind_parameter(i + 1, p)?;
                    }
                    Ok(())
                })();
                r.json = String::new(); // SQLite holds its own copy now
                let changed = bound.and_then(|()| insert_article.raw_execute());
                // a reset statement keeps its bindings: free SQLite's copy of the JSON now
                insert_article.clear_bindings();
                let changed = match changed {
                    Err(rusqlite::Error::SqliteFailure(e, _))
                        if e.code == rusqlite::ErrorCode::TooBig =>
                    {
                        outcome.too_big.push(format!(
                            "article {}: its analysis is over SQLite's size limit; not stored",
                            r.external_id.as_deref().unwrap_or(&r.id)
                        ));
                        continue;
                    }
                    other => other?,
                };
                if changed == 0 {
                    outcome.duplicates += 1;
                    continue;
                }
                outcome.inserted += 1;
                for (i, &(start, end)) in r.sentences.iter().enumerate() {
                    insert_sentence.execute(params![
                        r.id,
                        i as i64,
                        start as i64,
                        end as i64,
                        &r.text[start..end],
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

    /// Calls `f` with each stored Analysis, parsed, in ingest order, streaming.
    ///
    /// # Errors
    /// SQLite fails, a stored analysis does not parse, or `f` returns an error (which stops
    /// the walk and is returned inside).
    pub fn for_each_analysis<E>(
        &self,
        mut f: impl FnMut(Analysis) -> Result<(), E>,
    ) -> Result<Result<(), E>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, analysis FROM articles ORDER BY rowid")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let json: String = row.get(1)?;
            let a = serde_json::from_str(&json).map_err(|source| Error::Json { id, source })?;
            if let Err(e) = f(a) {
                return Ok(Err(e));
            }
        }
        Ok(Ok(()))
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
mod tests;
