//! Ingest: bytes in the formats users have (plain text, JSON Lines, HTML) → [`Article`].
//!
//! Every function here works on one record and returns a [`RecordError`] for that record
//! alone, so a caller reading a batch reports the bad record and carries on.

use std::path::Path;

use serde_json::Value;

use crate::article::Article;

/// Why one record could not become an article. `id` is the record's own id when it could be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct RecordError {
    /// The record's id (JSONL `id`), when the record got far enough to have one.
    pub id: Option<String>,
    /// A human-readable reason naming the field or byte at fault.
    pub reason: String,
}

impl RecordError {
    fn new(reason: impl Into<String>) -> Self {
        RecordError {
            id: None,
            reason: reason.into(),
        }
    }

    fn with_id(mut self, id: Option<String>) -> Self {
        self.id = id;
        self
    }
}

/// An article plus the warnings that ingest had about it (e.g. a guessed encoding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ingested {
    /// The article.
    pub article: Article,
    /// Non-fatal problems worth telling the user, carried into the Analysis `issues`.
    pub warnings: Vec<String>,
}

/// The input formats newsgraph reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One article per file; the first non-empty line is the title when it looks like one.
    Text,
    /// One JSON object per line: `{"id"?, "url"?, "title"?, "published"?, "source"?, "text"|"body"}`.
    Jsonl,
    /// A web page; the main content is extracted, title and date come from the meta tags.
    Html,
}

impl InputFormat {
    /// The format a file's extension implies, if any.
    pub fn from_extension(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" | "json" => Some(InputFormat::Jsonl),
            "html" | "htm" | "xhtml" => Some(InputFormat::Html),
            "txt" | "text" => Some(InputFormat::Text),
            _ => None,
        }
    }

    /// Guesses the format from the first bytes of a stream (used for stdin and unknown
    /// extensions): `{` means JSON Lines, `<` means HTML, anything else is text.
    pub fn sniff(head: &[u8]) -> Self {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => InputFormat::Jsonl,
            Some(b'<') => InputFormat::Html,
            _ => InputFormat::Text,
        }
    }
}

/// Decodes bytes that should be text: strips a UTF-8 BOM, honours a UTF-16 BOM, and falls back
/// to Windows-1252 (the usual culprit in news archives) with a warning when the bytes are not
/// UTF-8. NUL bytes mean binary data and are an error.
fn decode_text(bytes: &[u8], warnings: &mut Vec<String>) -> Result<String, RecordError> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let text = if enc == encoding_rs::UTF_8 {
            match std::str::from_utf8(body) {
                Ok(s) => s.to_owned(),
                Err(e) => return fallback_1252(body, e, warnings),
            }
        } else {
            let (text, had_errors) = enc.decode_without_bom_handling(body);
            if had_errors {
                warnings.push(format!("invalid {} sequences replaced", enc.name()));
            }
            text.into_owned()
        };
        return reject_nul(text);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => reject_nul(s.to_owned()),
        Err(e) => fallback_1252(bytes, e, warnings),
    }
}

fn fallback_1252(
    bytes: &[u8],
    e: std::str::Utf8Error,
    warnings: &mut Vec<String>,
) -> Result<String, RecordError> {
    if let Some(pos) = memchr_nul(bytes) {
        return Err(nul_error(pos));
    }
    warnings.push(format!(
        "not valid UTF-8 (byte {} is 0x{:02X}); decoded as Windows-1252",
        e.valid_up_to(),
        bytes[e.valid_up_to()]
    ));
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    Ok(text.into_owned())
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

fn nul_error(pos: usize) -> RecordError {
    RecordError::new(format!("NUL byte at offset {pos}: binary data, not text"))
}

fn reject_nul(text: String) -> Result<String, RecordError> {
    match memchr_nul(text.as_bytes()) {
        Some(pos) => Err(nul_error(pos)),
        None => Ok(text),
    }
}

fn require_content(text: &str) -> Result<(), RecordError> {
    if text.trim().is_empty() {
        Err(RecordError::new("empty text: nothing to analyse"))
    } else {
        Ok(())
    }
}

/// A plain-text article. The first non-empty line becomes the title when it looks like a
/// headline (short, no sentence-final full stop, followed by more text); the text keeps it,
/// so spans index the file as written (less a BOM).
///
/// # Errors
/// NUL bytes (binary data) and empty or whitespace-only text.
pub fn from_text(bytes: &[u8], path: Option<&str>) -> Result<Ingested, RecordError> {
    let mut warnings = Vec::new();
    let text = decode_text(bytes, &mut warnings)?;
    require_content(&text)?;
    let title = headline(&text).map(str::to_owned);
    let mut article = Article::new(title, text);
    article.path = path.map(str::to_owned);
    Ok(Ingested { article, warnings })
}

/// The first non-empty line, if it looks like a headline.
fn headline(text: &str) -> Option<&str> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next()?;
    lines.next()?; // a one-line text has no separate title
    let words = first.split_whitespace().count();
    let looks_like = first.chars().count() <= 200
        && words <= 30
        && !first.ends_with('.')
        && !first.ends_with(',')
        && !first.ends_with(';');
    looks_like.then_some(first)
}

/// One JSON Lines record.
///
/// # Errors
/// Invalid JSON or UTF-8, a value that is not an object, a field of the wrong type, a missing
/// or empty `text`/`body`, NUL characters in the text, or a `published` that is not an ISO date.
pub fn from_json_line(line: &[u8]) -> Result<Ingested, RecordError> {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    let value: Value = serde_json::from_slice(line).map_err(|e| {
        let what = if std::str::from_utf8(line).is_err() {
            "invalid UTF-8 in JSON"
        } else {
            "invalid JSON"
        };
        RecordError::new(format!("{what}: {e}"))
    })?;
    let Value::Object(obj) = value else {
        return Err(RecordError::new(format!(
            "expected a JSON object, found {}",
            json_type(&value)
        )));
    };
    let id = match obj.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(other) => {
            return Err(RecordError::new(format!(
                "field `id` must be a string or number, found {}",
                json_type(other)
            )))
        }
    };
    let fail = |e: RecordError| e.with_id(id.clone());
    let field = |name: &str| -> Result<Option<String>, RecordError> {
        match obj.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(RecordError::new(format!(
                "field `{name}` must be a string, found {}",
                json_type(other)
            ))),
        }
    };
    let text = match (field("text").map_err(fail)?, field("body").map_err(fail)?) {
        (Some(t), _) | (None, Some(t)) => t,
        (None, None) => return Err(fail(RecordError::new("missing field `text` (or `body`)"))),
    };
    let text = text
        .strip_prefix('\u{FEFF}')
        .map(str::to_owned)
        .unwrap_or(text);
    require_content(&text).map_err(fail)?;
    if let Some(pos) = memchr_nul(text.as_bytes()) {
        return Err(fail(RecordError::new(format!(
            "NUL character at byte {pos} of `text`"
        ))));
    }
    let published = match field("published").map_err(fail)? {
        Some(p) => Some(normalise_date(&p).ok_or_else(|| {
            fail(RecordError::new(format!(
                "field `published` is {p:?}, not an ISO date (YYYY-MM-DD) or date-time"
            )))
        })?),
        None => None,
    };
    let title = field("title")
        .map_err(fail)?
        .filter(|t| !t.trim().is_empty());
    let url = field("url").map_err(fail)?;
    let source = field("source").map_err(fail)?;
    let mut article = Article::new(title, text);
    article.external_id = id;
    article.url = url;
    article.source = source;
    article.published = published;
    Ok(Ingested {
        article,
        warnings: Vec::new(),
    })
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Normalises an ISO 8601 date or date-time: `YYYY-MM-DD`, or RFC 3339 with the offset it had
/// (a date-time without offset is taken as UTC).
pub fn normalise_date(s: &str) -> Option<String> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d.format("%Y-%m-%d").to_string());
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(
                dt.and_utc()
                    .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            );
        }
    }
    if let Ok(dt) = DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z") {
        return Some(dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    }
    // RFC 2822 is what RSS feeds and some meta tags carry.
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    }
    None
}

/// Deeper than this, an HTML page is rejected before parsing: real pages nest a few dozen
/// levels, and pathological nesting makes tree algorithms slow or recursive ones overflow.
pub const MAX_HTML_DEPTH: usize = 512;

/// A web page: main content by readability (`dom_smoothie`), title, site name, canonical URL
/// and publication date from the meta tags (`article:published_time`, JSON-LD `datePublished`...).
///
/// # Errors
/// NUL bytes, nesting deeper than [`MAX_HTML_DEPTH`], or a page with no readable text.
pub fn from_html(bytes: &[u8], path: Option<&str>) -> Result<Ingested, RecordError> {
    let mut warnings = Vec::new();
    let html = decode_html(bytes, &mut warnings)?;
    let depth = nesting_depth(&html);
    if depth > MAX_HTML_DEPTH {
        return Err(RecordError::new(format!(
            "HTML nests {depth} elements deep (limit {MAX_HTML_DEPTH}): not a real page"
        )));
    }
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut reader = dom_smoothie::Readability::new(html.as_str(), None, Some(cfg))
        .map_err(|e| RecordError::new(format!("HTML could not be read: {e}")))?;
    let page = reader
        .parse()
        .map_err(|e| RecordError::new(format!("no readable content in the page: {e}")))?;
    let text = tidy_extracted(&page.text_content);
    require_content(&text)?;
    let title = Some(page.title.trim().to_owned()).filter(|t| !t.is_empty());
    let mut article = Article::new(title, text);
    article.path = path.map(str::to_owned);
    article.url = page.url.filter(|u| !u.is_empty());
    article.source = page.site_name.filter(|s| !s.is_empty());
    if let Some(raw) = page.published_time.as_deref() {
        match normalise_date(raw) {
            Some(d) => article.published = Some(d),
            None => warnings.push(format!("publication date {raw:?} not understood; ignored")),
        }
    }
    Ok(Ingested { article, warnings })
}

/// HTML bytes to a string: UTF-8 if valid, else the `<meta charset>` the page declares, else
/// Windows-1252.
fn decode_html(bytes: &[u8], warnings: &mut Vec<String>) -> Result<String, RecordError> {
    if let Some(pos) = memchr_nul(bytes) {
        return Err(nul_error(pos));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let declared = head.find("charset=").and_then(|i| {
        let rest = head[i + 8..].trim_start_matches(['"', '\'']);
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        encoding_rs::Encoding::for_label(&rest.as_bytes()[..end])
    });
    let enc = declared.unwrap_or(encoding_rs::WINDOWS_1252);
    if declared.is_none() {
        warnings.push("HTML is not UTF-8 and declares no charset; decoded as Windows-1252".into());
    }
    let (text, _, _) = enc.decode(bytes);
    Ok(text.into_owned())
}

/// An upper bound on element nesting, from a linear scan of tags (void elements ignored).
fn nesting_depth(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "!doctype", "!--",
    ];
    let (mut depth, mut max) = (0usize, 0usize);
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        i += off + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let end = bytes[start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'!' || *b == b'-'))
            .map_or(bytes.len(), |p| start + p);
        let name = html[start..end].to_ascii_lowercase();
        if name.is_empty() || VOID.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Readability's formatted text keeps a paragraph per line; trim line ends and collapse runs
/// of blank lines so sentence splitting sees clean paragraph breaks.
fn tidy_extracted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_title_is_first_line_when_headline() {
        let got = from_text(
            b"Putin in China\n\nPresident Putin arrived. He spoke.",
            None,
        )
        .unwrap();
        assert_eq!(got.article.title.as_deref(), Some("Putin in China"));
        assert!(got.article.text.starts_with("Putin in China"));
        let got = from_text(b"A full sentence here.\nAnother one.", None).unwrap();
        assert_eq!(got.article.title, None);
    }

    #[test]
    fn text_bom_crlf_and_latin1() {
        let got = from_text(b"\xEF\xBB\xBFTitle\r\nBody text.\r\n", None).unwrap();
        assert!(got.article.text.starts_with("Title"));
        assert_eq!(got.article.title.as_deref(), Some("Title"));
        let got = from_text(b"Costs \xA3600m today.", None).unwrap();
        assert_eq!(got.article.text, "Costs \u{a3}600m today.");
        assert_eq!(got.warnings.len(), 1);
    }

    #[test]
    fn text_rejects_nul_and_empty() {
        assert!(from_text(b"abc\0def", None)
            .unwrap_err()
            .reason
            .contains("NUL"));
        assert!(from_text(b" \n\t ", None)
            .unwrap_err()
            .reason
            .contains("empty"));
        assert!(from_text(b"", None).is_err());
    }

    #[test]
    fn jsonl_fields_and_errors() {
        let ok = from_json_line(
            br#"{"id": 7, "title": "T", "published": "2023-10-18", "body": "Some text."}"#,
        )
        .unwrap();
        assert_eq!(ok.article.external_id.as_deref(), Some("7"));
        assert_eq!(ok.article.published.as_deref(), Some("2023-10-18"));
        assert_eq!(ok.article.text, "Some text.");

        let e = from_json_line(br#"{"id": "a1", "text": 5}"#).unwrap_err();
        assert_eq!(e.id.as_deref(), Some("a1"));
        assert!(e.reason.contains("`text` must be a string"), "{}", e.reason);
        assert!(from_json_line(b"[1,2]")
            .unwrap_err()
            .reason
            .contains("object"));
        assert!(from_json_line(b"{bad json")
            .unwrap_err()
            .reason
            .contains("invalid JSON"));
        assert!(from_json_line(b"{\"text\": \"\xff\"}")
            .unwrap_err()
            .reason
            .contains("UTF-8"));
        assert!(from_json_line(br#"{"title": "x"}"#)
            .unwrap_err()
            .reason
            .contains("missing"));
        assert!(
            from_json_line(br#"{"text": "a", "published": "last week"}"#)
                .unwrap_err()
                .reason
                .contains("published")
        );
        assert!(from_json_line(br#"{"text": "a\u0000b"}"#)
            .unwrap_err()
            .reason
            .contains("NUL"));
    }

    #[test]
    fn dates_normalise() {
        assert_eq!(
            normalise_date("2023-10-18T09:30:00Z").unwrap(),
            "2023-10-18T09:30:00Z"
        );
        assert_eq!(
            normalise_date("2023-10-18T09:30:00+08:00").unwrap(),
            "2023-10-18T09:30:00+08:00"
        );
        assert_eq!(
            normalise_date("2023-10-18 09:30:00").unwrap(),
            "2023-10-18T09:30:00Z"
        );
        assert!(normalise_date("2023-13-45").is_none());
    }

    #[test]
    fn html_main_content_title_and_date() {
        let html = br#"<html><head><title>Putin visits China | News</title>
            <meta property="og:site_name" content="Example News">
            <meta property="article:published_time" content="2023-10-18T08:00:00Z"></head>
            <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <article><h1>Putin visits China</h1>
            <p>President Vladimir Putin is making a key trip to China, Russia's most important ally, that will seek to shore up an alliance against the West.</p>
            <p>China's border with Russia is marked by the small city of Heihe. Many local tourists come here to peek into neighbouring Blagoveshchensk, just across the river.</p>
            </article><footer>Copyright 2023</footer></body></html>"#;
        let got = from_html(html, None).unwrap();
        let a = got.article;
        assert!(a.text.contains("Heihe"), "{}", a.text);
        assert!(!a.text.contains("Copyright"), "{}", a.text);
        assert_eq!(a.published.as_deref(), Some("2023-10-18T08:00:00Z"));
        assert_eq!(a.source.as_deref(), Some("Example News"));
        assert!(a.title.unwrap().contains("Putin visits China"));
    }

    #[test]
    fn html_rejects_absurd_nesting() {
        let html = "<div>".repeat(100_000) + "text";
        let e = from_html(html.as_bytes(), None).unwrap_err();
        assert!(e.reason.contains("deep"), "{}", e.reason);
    }

    #[test]
    fn sniffing() {
        assert_eq!(InputFormat::sniff(b"  {\"text\":1}"), InputFormat::Jsonl);
        assert_eq!(InputFormat::sniff(b"\xEF\xBB\xBF<html>"), InputFormat::Html);
        assert_eq!(InputFormat::sniff(b"Hello"), InputFormat::Text);
    }
}
