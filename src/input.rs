//! Reading records from files, directories and stdin, in input order, with bounded memory.
//!
//! A record is one JSON line, or one whole text or HTML file. Reading never fails for the
//! whole run because of one source: an unreadable file or an oversized line becomes a record
//! whose payload is the error, reported in its place in the output.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use newsgraph_core::ingest::{self, Ingested, InputFormat, RecordError};

/// `--input`: how to read each source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputKind {
    /// By file extension (.jsonl/.ndjson/.json, .html/.htm, .txt), else by the first byte.
    Auto,
    /// One article per file.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// One web page per file.
    Html,
}

/// Where a record came from: its file (`-` for stdin) and its line (1 for whole files).
#[derive(Debug, Clone)]
pub struct Origin {
    pub path: String,
    pub line: usize,
}

/// One record's bytes, not yet parsed (parsing happens on the worker threads).
pub struct RawRecord {
    pub origin: Origin,
    pub payload: Payload,
}

pub enum Payload {
    Bytes(InputFormat, Vec<u8>),
    /// Why the record could not be read, and its id when that much of it could be.
    Failed(String, Option<String>),
}

impl RawRecord {
    /// Parses the record into an article. Runs on a worker thread.
    pub fn ingest(&self) -> Result<Ingested, RecordError> {
        let path = Some(self.origin.path.as_str());
        match &self.payload {
            Payload::Bytes(InputFormat::Jsonl, b) => ingest::from_json_line(b),
            Payload::Bytes(InputFormat::Text, b) => ingest::from_text(b, path),
            Payload::Bytes(InputFormat::Html, b) => ingest::from_html(b, path),
            Payload::Failed(reason, id) => Err(RecordError {
                id: id.clone(),
                reason: reason.clone(),
            }),
        }
    }

    /// Bytes this record occupies in the input (for progress and throughput).
    pub fn len(&self) -> usize {
        match &self.payload {
            Payload::Bytes(_, b) => b.len(),
            Payload::Failed(..) => 0,
        }
    }
}

/// A source: a file, or stdin.
enum Source {
    File(PathBuf),
    Stdin,
}

/// Iterates records over all sources, in order.
pub struct RecordReader {
    /// A source, or the path and reason of one that could not be listed.
    sources: std::vec::IntoIter<Result<Source, (String, String)>>,
    kind: InputKind,
    max_bytes: usize,
    current: Option<LineSource>,
}

/// A JSON Lines source being read.
struct LineSource {
    name: String,
    reader: Box<dyn BufRead + Send>,
    line: usize,
}

/// File extensions picked up when a directory is given.
const DIR_EXTENSIONS: &[&str] = &[
    "txt", "text", "jsonl", "ndjson", "json", "html", "htm", "xhtml",
];

impl RecordReader {
    /// Expands the paths (directories recursively, sorted, following links) into sources.
    ///
    /// # Errors
    /// A path that does not exist: a usage error, before any record is read.
    pub fn new(paths: &[PathBuf], kind: InputKind, max_bytes: usize) -> anyhow::Result<Self> {
        check_paths(paths)?;
        let mut sources = Vec::new();
        // a file reached twice through links (or named twice) is read once
        let mut seen = std::collections::HashSet::new();
        for p in paths {
            if p.as_os_str() == "-" {
                sources.push(Ok(Source::Stdin));
                continue;
            }
            if p.is_dir() {
                // links are followed (walkdir reports a loop as an error, which becomes a
                // failed record naming the link, as does a dangling one)
                for entry in walkdir::WalkDir::new(p)
                    .follow_links(true)
                    .sort_by_file_name()
                {
                    match entry {
                        Ok(e) if e.file_type().is_file() => {
                            let ext = e
                                .path()
                                .extension()
                                .and_then(|x| x.to_str())
                                .map(str::to_ascii_lowercase);
                            let wanted = ext.is_some_and(|x| DIR_EXTENSIONS.contains(&x.as_str()));
                            let canonical = std::fs::canonicalize(e.path());
                            if wanted && canonical.map_or(true, |c| seen.insert(c)) {
                                sources.push(Ok(Source::File(e.into_path())));
                            }
                        }
                        Ok(_) => {}
                        Err(e) => {
                            let at = e.path().unwrap_or(p).display().to_string();
                            let why = match e.io_error() {
                                Some(io) => format!("cannot read: {io}"),
                                None => format!("cannot read: {e}"),
                            };
                            sources.push(Err((at, why)));
                        }
                    }
                }
            } else if std::fs::canonicalize(p).map_or(true, |c| seen.insert(c)) {
                sources.push(Ok(Source::File(p.clone())));
            }
        }
        Ok(RecordReader {
            sources: sources.into_iter(),
            kind,
            max_bytes,
            current: None,
        })
    }

    /// Total bytes of the file sources, for a progress bar (None when stdin is among them).
    /// (Approximate: a file reached twice through links is counted twice.)
    pub fn total_bytes(paths: &[PathBuf]) -> Option<u64> {
        let mut total = 0;
        for p in paths {
            if p.as_os_str() == "-" {
                return None;
            }
            if p.is_dir() {
                for e in walkdir::WalkDir::new(p)
                    .follow_links(true)
                    .into_iter()
                    .flatten()
                {
                    total += e.metadata().map(|m| m.len()).unwrap_or(0);
                }
            } else {
                total += std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
            }
        }
        Some(total)
    }

    fn format_for(&self, path: Option<&Path>, head: &[u8]) -> InputFormat {
        match self.kind {
            InputKind::Text => InputFormat::Text,
            InputKind::Jsonl => InputFormat::Jsonl,
            InputKind::Html => InputFormat::Html,
            InputKind::Auto => path
                .and_then(InputFormat::from_extension)
                .unwrap_or_else(|| InputFormat::sniff(head)),
        }
    }

    fn open(&mut self, source: Source) -> Option<RawRecord> {
        let (name, path, reader): (String, Option<PathBuf>, Box<dyn BufRead + Send>) = match source
        {
            Source::Stdin => (
                "-".into(),
                None,
                Box::new(BufReader::with_capacity(1 << 16, io::stdin())),
            ),
            Source::File(p) => match File::open(&p) {
                Ok(f) => (
                    p.display().to_string(),
                    Some(p),
                    Box::new(BufReader::with_capacity(1 << 16, f)),
                ),
                Err(e) => {
                    return Some(failed(
                        p.display().to_string(),
                        1,
                        format!("cannot open: {e}"),
                    ))
                }
            },
        };
        let mut reader = reader;
        let head = match reader.fill_buf() {
            Ok(h) => h.to_vec(),
            Err(e) => return Some(failed(name, 1, format!("cannot read: {e}"))),
        };
        let utf16 = encoding_rs::Encoding::for_bom(&head)
            .map(|(enc, _)| enc)
            .filter(|&enc| enc != encoding_rs::UTF_8);
        let format = match utf16 {
            // sniff what the UTF-16 says, not its bytes
            Some(enc) => self.format_for(path.as_deref(), enc.decode(&head).0.as_bytes()),
            None => self.format_for(path.as_deref(), &head),
        };
        if format == InputFormat::Jsonl {
            if utf16.is_some() {
                // JSON Lines in UTF-16 (as Windows tools write it): read it as UTF-8 lines, so
                // a record is one line, not split at the newline's second byte
                reader = Box::new(BufReader::with_capacity(
                    1 << 16,
                    encoding_rs_io::DecodeReaderBytesBuilder::new()
                        .bom_sniffing(true)
                        .build(reader),
                ));
            }
            self.current = Some(LineSource {
                name,
                reader,
                line: 0,
            });
            return None;
        }
        // A whole file is one record, read up to the limit.
        let mut bytes = Vec::new();
        match reader
            .take(self.max_bytes as u64 + 1)
            .read_to_end(&mut bytes)
        {
            Ok(_) if bytes.len() > self.max_bytes => Some(failed(
                name,
                1,
                format!(
                    "record is over the {}-byte limit (--max-record-bytes)",
                    self.max_bytes
                ),
            )),
            Ok(_) => Some(RawRecord {
                origin: Origin {
                    path: name,
                    line: 1,
                },
                payload: Payload::Bytes(format, bytes),
            }),
            Err(e) => Some(failed(name, 1, format!("cannot read: {e}"))),
        }
    }
}

/// Refuses a path that does not exist: a typo is the user's mistake, not a bad record, so it
/// stops the run (a usage error) before any work.
pub fn check_paths(paths: &[PathBuf]) -> anyhow::Result<()> {
    for p in paths {
        if p.as_os_str() == "-" {
            continue;
        }
        if let Err(e) = std::fs::metadata(p) {
            if e.kind() == io::ErrorKind::NotFound {
                anyhow::bail!("{}: no such file or directory", p.display());
            }
        }
    }
    Ok(())
}

fn failed(path: String, line: usize, reason: String) -> RawRecord {
    RawRecord {
        origin: Origin { path, line },
        payload: Payload::Failed(reason, None),
    }
}

impl Iterator for RecordReader {
    type Item = RawRecord;

    fn next(&mut self) -> Option<RawRecord> {
        loop {
            if let Some(src) = self.current.as_mut() {
                let mut buf = Vec::new();
                match read_line_bounded(&mut src.reader, &mut buf, self.max_bytes) {
                    Ok(None) => self.current = None,
                    Ok(Some(len)) => {
                        src.line += 1;
                        if len > self.max_bytes {
                            let mut rec = failed(
                                src.name.clone(),
                                src.line,
                                format!(
                                    "line is {len} bytes, over the {}-byte limit (--max-record-bytes)",
                                    self.max_bytes
                                ),
                            );
                            if let Payload::Failed(_, id) = &mut rec.payload {
                                *id = id_in_prefix(&buf);
                            }
                            return Some(rec);
                        }
                        if buf.iter().all(u8::is_ascii_whitespace) {
                            continue; // a blank line is not a record
                        }
                        return Some(RawRecord {
                            origin: Origin {
                                path: src.name.clone(),
                                line: src.line,
                            },
                            payload: Payload::Bytes(InputFormat::Jsonl, buf),
                        });
                    }
                    Err(e) => {
                        let rec =
                            failed(src.name.clone(), src.line + 1, format!("cannot read: {e}"));
                        self.current = None;
                        return Some(rec);
                    }
                }
                continue;
            }
            match self.sources.next()? {
                // line 0: the failure is the path's own, not one of its lines
                Err((path, reason)) => return Some(failed(path, 0, reason)),
                Ok(source) => {
                    if let Some(rec) = self.open(source) {
                        return Some(rec);
                    }
                }
            }
        }
    }
}

/// How much of an over-limit line is kept: enough to read the record's id when it comes first.
const OVERSIZE_PREFIX: usize = 4096;

/// Reads one line (without its `\n` / `\r\n`) into `buf`, keeping at most `max` bytes: a longer
/// line is consumed to its end but only its first [`OVERSIZE_PREFIX`] bytes are kept, so memory
/// stays bounded. Returns the line's full length, or `None` at end of input.
pub fn read_line_bounded(
    r: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<usize>> {
    buf.clear();
    // a CRLF line's '\r' is not the record's: room for it past `max`
    let bound = max.saturating_add(1);
    let mut len = 0usize;
    let mut any = false;
    let mut last = None;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (part, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], Some(i + 1)),
            None => (chunk, None),
        };
        len += part.len();
        last = part.last().copied().or(last);
        if len <= bound {
            buf.extend_from_slice(part);
        } else {
            buf.truncate(OVERSIZE_PREFIX);
            let take = OVERSIZE_PREFIX.saturating_sub(buf.len()).min(part.len());
            buf.extend_from_slice(&part[..take]);
        }
        let consumed = done.unwrap_or(chunk.len());
        r.consume(consumed);
        if done.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if last == Some(b'\r') {
        len -= 1;
        if buf.len() == len + 1 {
            buf.pop(); // the whole line is held
        }
    }
    if len > max {
        buf.truncate(OVERSIZE_PREFIX);
    }
    Ok(Some(len))
}

/// The top-level `"id"` of a JSON object of which only the first bytes are at hand (an
/// over-limit line), when those bytes reach past it: a string, or a number as written.
pub fn id_in_prefix(prefix: &[u8]) -> Option<String> {
    let ws = |i: &mut usize| {
        while prefix.get(*i).is_some_and(u8::is_ascii_whitespace) {
            *i += 1;
        }
    };
    // the end (one past the closing quote) of the string that opens at `i`
    let string_end = |mut i: usize| -> Option<usize> {
        i += 1;
        loop {
            match prefix.get(i)? {
                b'\\' => i += 2,
                b'"' => return Some(i + 1),
                _ => i += 1,
            }
        }
    };
    let mut i = 0;
    if prefix.starts_with(b"\xEF\xBB\xBF") {
        i = 3;
    }
    ws(&mut i);
    if prefix.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        ws(&mut i);
        if prefix.get(i) != Some(&b'"') {
            return None;
        }
        let key_end = string_end(i)?;
        let key: String = serde_json::from_slice(&prefix[i..key_end]).ok()?;
        i = key_end;
        ws(&mut i);
        if prefix.get(i) != Some(&b':') {
            return None;
        }
        i += 1;
        ws(&mut i);
        let start = i;
        // skip the value: a string, or anything up to a top-level comma
        let mut depth = 0usize;
        loop {
            match *prefix.get(i)? {
                b'"' => i = string_end(i)?,
                b'{' | b'[' => {
                    depth += 1;
                    i += 1;
                }
                b'}' | b']' if depth > 0 => {
                    depth -= 1;
                    i += 1;
                }
                b',' | b'}' if depth == 0 => break,
                _ => i += 1,
            }
        }
        if key == "id" {
            let value = std::str::from_utf8(&prefix[start..i]).ok()?.trim_end();
            return match serde_json::from_str::<serde_json::Value>(value).ok()? {
                serde_json::Value::String(s) => Some(s),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            };
        }
        if prefix[i] == b'}' {
            return None;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines() {
        let mut r = io::Cursor::new(b"abc\r\n0123456789\n\nlast".to_vec());
        let mut buf = Vec::new();
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).unwrap(), Some(3));
        assert_eq!(buf, b"abc");
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).unwrap(), Some(10));
        assert_eq!(
            buf, b"0123456789",
            "an over-limit line keeps its first bytes"
        );
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).unwrap(), Some(0));
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).unwrap(), Some(4));
        assert_eq!(buf, b"last");
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).unwrap(), None);
        // only a prefix of a long line is held
        let long = [
            b"{\"id\": 1, \"text\": \"".as_slice(),
            &[b'a'; 100_000],
            b"\"}\n",
        ]
        .concat();
        let line_len = long.len() - 1;
        let mut r = io::Cursor::new(long);
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 50).unwrap(),
            Some(line_len)
        );
        assert_eq!(buf.len(), OVERSIZE_PREFIX);
    }

    #[test]
    fn a_crlf_line_of_exactly_the_limit_is_within_it() {
        let mut r = io::Cursor::new(b"abcde\r\nabcdef\r\nxy\r".to_vec());
        let mut buf = Vec::new();
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).unwrap(), Some(5));
        assert_eq!(buf, b"abcde");
        // one over: its length without the '\r'
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).unwrap(), Some(6));
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).unwrap(), Some(2));
        assert_eq!(buf, b"xy");
    }

    #[test]
    fn ids_of_truncated_records() {
        assert_eq!(
            id_in_prefix(br#"{"id": "a\"1", "text": "aaaa"#).as_deref(),
            Some("a\"1")
        );
        assert_eq!(
            id_in_prefix(br#"  {"url": "x", "meta": {"id": 5}, "id": 42, "text": "#).as_deref(),
            Some("42")
        );
        assert_eq!(id_in_prefix(br#"{"text": "aaaaaaaa"#), None);
        assert_eq!(id_in_prefix(br#"{"text": "a", "id": nul"#), None);
        assert_eq!(id_in_prefix(br#"[1, 2]"#), None);
        assert_eq!(id_in_prefix(b""), None);
        assert_eq!(id_in_prefix(br#"{"id": [1], "text": ""}"#), None);
    }
}
