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
    Failed(String),
}

impl RawRecord {
    /// Parses the record into an article. Runs on a worker thread.
    pub fn ingest(&self) -> Result<Ingested, RecordError> {
        let path = Some(self.origin.path.as_str());
        match &self.payload {
            Payload::Bytes(InputFormat::Jsonl, b) => ingest::from_json_line(b),
            Payload::Bytes(InputFormat::Text, b) => ingest::from_text(b, path),
            Payload::Bytes(InputFormat::Html, b) => ingest::from_html(b, path),
            Payload::Failed(reason) => Err(RecordError {
                id: None,
                reason: reason.clone(),
            }),
        }
    }

    /// Bytes this record occupies in the input (for progress and throughput).
    pub fn len(&self) -> usize {
        match &self.payload {
            Payload::Bytes(_, b) => b.len(),
            Payload::Failed(_) => 0,
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
    sources: std::vec::IntoIter<Result<Source, String>>,
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
    /// Expands the paths (directories recursively, sorted) into sources.
    pub fn new(paths: &[PathBuf], kind: InputKind, max_bytes: usize) -> Self {
        let mut sources = Vec::new();
        for p in paths {
            if p.as_os_str() == "-" {
                sources.push(Ok(Source::Stdin));
            } else if p.is_dir() {
                for entry in walkdir::WalkDir::new(p).sort_by_file_name() {
                    match entry {
                        Ok(e) if e.file_type().is_file() => {
                            let ext = e
                                .path()
                                .extension()
                                .and_then(|x| x.to_str())
                                .map(str::to_ascii_lowercase);
                            if ext.is_some_and(|x| DIR_EXTENSIONS.contains(&x.as_str())) {
                                sources.push(Ok(Source::File(e.into_path())));
                            }
                        }
                        Ok(_) => {}
                        Err(e) => sources.push(Err(format!("{}: {e}", p.display()))),
                    }
                }
            } else {
                sources.push(Ok(Source::File(p.clone())));
            }
        }
        RecordReader {
            sources: sources.into_iter(),
            kind,
            max_bytes,
            current: None,
        }
    }

    /// Total bytes of the file sources, for a progress bar (None when stdin is among them).
    pub fn total_bytes(paths: &[PathBuf]) -> Option<u64> {
        let mut total = 0;
        for p in paths {
            if p.as_os_str() == "-" {
                return None;
            }
            if p.is_dir() {
                for e in walkdir::WalkDir::new(p).into_iter().flatten() {
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
        let format = self.format_for(path.as_deref(), &head);
        if format == InputFormat::Jsonl {
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

fn failed(path: String, line: usize, reason: String) -> RawRecord {
    RawRecord {
        origin: Origin { path, line },
        payload: Payload::Failed(reason),
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
                            return Some(failed(
                                src.name.clone(),
                                src.line,
                                format!(
                                    "line is {len} bytes, over the {}-byte limit (--max-record-bytes)",
                                    self.max_bytes
                                ),
                            ));
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
                Err(reason) => return Some(failed("-".into(), 0, reason)),
                Ok(source) => {
                    if let Some(rec) = self.open(source) {
                        return Some(rec);
                    }
                }
            }
        }
    }
}

/// Reads one line (without its `\n` / `\r\n`) into `buf`, keeping at most `max` bytes: a longer
/// line is consumed to its end but not stored, so memory stays bounded. Returns the line's full
/// length, or `None` at end of input.
pub fn read_line_bounded(
    r: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<usize>> {
    buf.clear();
    let mut len = 0usize;
    let mut any = false;
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
        if len <= max {
            buf.extend_from_slice(part);
        } else {
            buf.clear();
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
    if buf.last() == Some(&b'\r') {
        buf.pop();
        len -= 1;
    }
    Ok(Some(len))
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
        assert!(buf.is_empty());
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).unwrap(), Some(0));
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).unwrap(), Some(4));
        assert_eq!(buf, b"last");
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).unwrap(), None);
    }
}
