//! Ingest: bytes in the formats users have (plain text, JSON Lines, HTML) → [`Article`].
//!
//! Every function here works on one record and returns a [`RecordError`] for that record
//! alone, so a caller reading a batch reports the bad record and carries on.

use std::path::Path;

use serde_json::Value;

use crate::article::Article;
use crate::dates::month_number;
use shape::{element_budget, html_shape};

mod shape;

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
/// or empty `text`/`body`, or a NUL character in a string field (`id`, `text`/`body`, `title`,
/// `url`, `source`, `published`). A date never makes a record an error: a `published` that is
/// not a date we can read ([`normalise_date`]) is dropped with a warning, and the article is
/// analysed without it.
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
        Some(Value::String(s)) => {
            reject_nul_in("id", s)?;
            Some(s.clone())
        }
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
            Some(Value::String(s)) => reject_nul_in(name, s).map(|()| Some(s.clone())),
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
    let mut warnings = Vec::new();
    let published = match obj.get("published") {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) => {
            reject_nul_in("published", p).map_err(fail)?;
            let date = normalise_date(p);
            if date.is_none() {
                warnings.push(format!(
                    "field `published` is {:?}, not a date we can read; ignored",
                    clip(p, 80)
                ));
            }
            date
        }
        Some(other) => {
            warnings.push(format!(
                "field `published` is {}, not a date we can read; ignored",
                json_type(other)
            ));
            None
        }
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
    Ok(Ingested { article, warnings })
}

/// A NUL character in a string field is an error naming the field, in every field alike: a
/// NUL is never text, and in `title` it would make the content id (a hash of `title \0 text`)
/// ambiguous.
fn reject_nul_in(name: &str, value: &str) -> Result<(), RecordError> {
    match memchr_nul(value.as_bytes()) {
        Some(pos) => Err(RecordError::new(format!(
            "NUL character at byte {pos} of `{name}`"
        ))),
        None => Ok(()),
    }
}

/// The first `max` characters of `s`, with "..." when there were more (for messages).
fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((end, _)) => format!("{}...", &s[..end]),
        None => s.to_owned(),
    }
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

/// Normalises a publication date: ISO 8601, RFC 3339, RFC 2822, or a form news pages and
/// feeds write ("Wed Nov 23, 2016 | 3:01pm EST", "24 November 2016"; see [`free_form_date`]).
/// Gives `YYYY-MM-DD` for a date alone, RFC 3339 with the offset it had for a date-time (a
/// date-time without a zone is taken as UTC); `None` for anything else.
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
    free_form_date(s)
}

/// A zone in a free-form date.
#[derive(Clone, Copy)]
enum Zone {
    /// Seconds east of UTC.
    Fixed(i32),
    /// A US zone named without S or D ("ET"): its standard offset in hours, with daylight
    /// saving time by date.
    Us(i32),
}

/// The pieces of a free-form date, each at most once.
#[derive(Default)]
struct DateParts {
    /// Year, month and day of a numeric date (`24.11.2016`).
    ymd: Option<(u32, u32, u32)>,
    month: Option<u32>,
    /// Numbers that are not part of a time or numeric date: value and digit count.
    numbers: Vec<(u32, usize)>,
    /// Hours, minutes, seconds, nanoseconds.
    time: Option<(u32, u32, u32, u32)>,
    pm: Option<bool>,
    zone: Option<Zone>,
}

/// Fills an empty slot; `None` when it was already filled (a second time or zone).
fn fill<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    slot.is_none().then(|| *slot = Some(value))
}

/// A date as news pages and feeds write it. Read: month names, full or abbreviated, before
/// or after the day (`Nov 23, 2016`, `24 November 2016`, `23rd of November 2016`), with a
/// four-digit year; a weekday (not checked against the date); a time `H:MM[:SS[.fff]]`,
/// with am/pm if any (also `3pm`, `7:43a.m.`); a zone as `+hh:mm`, `-hhmm`, `UTC+1` or an
/// abbreviation ([`zone_named`]); separators such as `,` `|` `-` `/` `.` `·` and `at`, `on`,
/// `of`. A numeric date only where its order is certain: year first (`2016/11/24`), or one of
/// day and month over 12 (`24.11.2016`, `11/24/2016`); `01/02/2016` could be either. Anything
/// else (another word, a two-digit year, a second date or time) gives `None`.
fn free_form_date(s: &str) -> Option<String> {
    use chrono::{FixedOffset, NaiveDate, NaiveTime, TimeZone};
    let s: String = s
        .chars()
        .map(|c| match c {
            '\u{A0}' | '\u{2009}' | '\u{202F}' | '\u{B7}' | '\u{2013}' | '\u{2014}' => ' ',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    if !s.is_ascii() {
        return None;
    }
    let b = s.as_bytes();
    let mut p = DateParts::default();
    let mut i = 0;
    // After "UTC" or "GMT" a sign starts an offset ("GMT+1").
    let mut after_utc = false;
    while i < b.len() {
        let c = b[i];
        let digit_at = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit);
        let word_at = |k: usize, w: &[u8]| {
            b[k..].starts_with(w) && !b.get(k + w.len()).is_some_and(u8::is_ascii_alphabetic)
        };
        if c.is_ascii_digit() {
            let (n, len) = read_number(b, &mut i)?;
            let sep = b.get(i).copied();
            if sep == Some(b':') && digit_at(i + 1) {
                let time = read_time(b, &mut i, n, len)?;
                fill(&mut p.time, time)?;
            } else if matches!(sep, Some(b'.' | b'/' | b'-')) && digit_at(i + 1) {
                i += 1;
                let (n2, len2) = read_number(b, &mut i)?;
                if b.get(i).copied() != sep || !digit_at(i + 1) {
                    return None; // "10.30", "24/11": not a date we read
                }
                i += 1;
                let (n3, len3) = read_number(b, &mut i)?;
                fill(&mut p.ymd, numeric_date((n, len), (n2, len2), (n3, len3))?)?;
            } else if len <= 2
                && ["st", "nd", "rd", "th"]
                    .iter()
                    .any(|w| word_at(i, w.as_bytes()))
            {
                i += 2;
                p.numbers.push((n, len));
            } else if len <= 2 && (word_at(i, b"am") || word_at(i, b"pm")) {
                fill(&mut p.time, (n, 0, 0, 0))?; // "3pm"
            } else {
                p.numbers.push((n, len));
            }
            after_utc = false;
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_alphabetic) {
                i += 1;
            }
            let word = &s[start..i];
            if matches!(word, "a" | "p") && b[i..].starts_with(b".m") {
                i += 2 + usize::from(b.get(i + 2) == Some(&b'.')); // "a.m."
                fill(&mut p.pm, word == "p")?;
            } else if let Some(m) = month_number(word) {
                fill(&mut p.month, m)?;
            } else if matches!(word, "am" | "pm") {
                fill(&mut p.pm, word == "pm")?;
            } else if let Some(zone) = zone_named(word) {
                fill(&mut p.zone, zone)?;
            } else if !(is_weekday(word) || matches!(word, "t" | "at" | "on" | "of")) {
                return None;
            }
            after_utc = matches!(word, "z" | "ut" | "utc" | "gmt");
        } else if matches!(c, b'+' | b'-')
            && digit_at(i + 1)
            && (after_utc || (p.time.is_some() && p.zone.is_none()))
        {
            i += 1;
            let offset = read_offset(b, &mut i)?;
            p.zone = Some(Zone::Fixed(if c == b'-' { -offset } else { offset }));
            after_utc = false;
        } else if matches!(
            c,
            b' ' | b'\t' | b',' | b'|' | b'/' | b'-' | b'.' | b'(' | b')' | b';'
        ) {
            i += 1;
            after_utc = false;
        } else {
            return None;
        }
    }
    let (year, month, day) = match (p.ymd, p.month, &p.numbers[..]) {
        (Some(ymd), None, []) => ymd,
        (None, Some(month), &[(a, la), (b, lb)]) => match (la, lb) {
            (4, 1 | 2) => (a, month, b),
            (1 | 2, 4) => (b, month, a),
            _ => return None,
        },
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    let Some((hour, minute, second, nano)) = p.time else {
        return p.pm.is_none().then(|| date.format("%Y-%m-%d").to_string());
    };
    let hour = match p.pm {
        None => hour,
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(pm) => hour % 12 + if pm { 12 } else { 0 },
    };
    let local = date.and_time(NaiveTime::from_hms_nano_opt(hour, minute, second, nano)?);
    let offset = match p.zone {
        None => 0,
        Some(Zone::Fixed(seconds)) => seconds,
        Some(Zone::Us(standard)) => (standard + i32::from(us_daylight(local))) * 3600,
    };
    let dt = FixedOffset::east_opt(offset)?
        .from_local_datetime(&local)
        .single()?;
    Some(dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

/// The digits at `i` as a number and their count; `None` past nine digits.
fn read_number(b: &[u8], i: &mut usize) -> Option<(u32, usize)> {
    let start = *i;
    while b.get(*i).is_some_and(u8::is_ascii_digit) {
        *i += 1;
    }
    let len = *i - start;
    if len > 9 {
        return None;
    }
    let n = b[start..*i]
        .iter()
        .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    Some((n, len))
}

/// The rest of a time whose hours (`hour`, `len` digits) end at the `:` at `i`.
fn read_time(b: &[u8], i: &mut usize, hour: u32, len: usize) -> Option<(u32, u32, u32, u32)> {
    let two_digits = |i: &mut usize| {
        *i += 1; // the separator
        let (n, len) = read_number(b, i)?;
        (len == 2).then_some(n)
    };
    if len > 2 {
        return None;
    }
    let minute = two_digits(i)?;
    let mut second = 0;
    let mut nano = 0;
    if b.get(*i) == Some(&b':') {
        second = two_digits(i)?;
        if b.get(*i) == Some(&b'.') && b.get(*i + 1).is_some_and(u8::is_ascii_digit) {
            *i += 1;
            let (fraction, digits) = read_number(b, i)?;
            nano = fraction * 10u32.pow(9 - u32::try_from(digits).ok()?);
        }
    }
    Some((hour, minute, second, nano))
}

/// An offset after its sign at `i`: `hh:mm`, `hhmm` or `hh`, in seconds.
fn read_offset(b: &[u8], i: &mut usize) -> Option<i32> {
    let (n, len) = read_number(b, i)?;
    let (hours, minutes) = match len {
        1 | 2 if b.get(*i) == Some(&b':') => {
            *i += 1;
            let (m, mlen) = read_number(b, i)?;
            (mlen == 2).then_some((n, m))?
        }
        1 | 2 => (n, 0),
        4 => (n / 100, n % 100),
        _ => return None,
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    i32::try_from(hours * 3600 + minutes * 60).ok()
}

/// Year, month and day of a numeric date, when its order is certain (see [`free_form_date`]).
fn numeric_date(a: (u32, usize), b: (u32, usize), c: (u32, usize)) -> Option<(u32, u32, u32)> {
    match (a.1, b.1, c.1) {
        (4, 1 | 2, 1 | 2) => Some((a.0, b.0, c.0)),
        (1 | 2, 1 | 2, 4) => {
            let (x, y) = (a.0, b.0);
            if x == y || (x > 12 && y <= 12) {
                Some((c.0, y, x)) // day first (or both the same)
            } else if y > 12 && x <= 12 {
                Some((c.0, x, y)) // month first
            } else {
                None
            }
        }
        _ => None,
    }
}

fn is_weekday(word: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    DAYS.iter()
        .any(|d| word == *d || (word.len() == 3 && d.starts_with(word)))
        || matches!(word, "tues" | "thur" | "thurs")
}

/// Zone abbreviations read in dates. Only those with one reading in English-language news:
/// CST is US Central (as in RFC 822), not China; BST is British Summer Time, not Bangladesh;
/// IST (India, Ireland, Israel) and AST (Atlantic, Arabia) are left out. "ET", "CT", "MT"
/// and "PT" name a US zone without saying standard or daylight time: the date decides
/// ([`us_daylight`]).
fn zone_named(word: &str) -> Option<Zone> {
    let minutes = match word {
        "z" | "ut" | "utc" | "gmt" | "wet" => 0,
        "et" => return Some(Zone::Us(-5)),
        "ct" => return Some(Zone::Us(-6)),
        "mt" => return Some(Zone::Us(-7)),
        "pt" => return Some(Zone::Us(-8)),
        "hst" => -600,
        "akst" => -540,
        "akdt" | "pst" => -480,
        "pdt" | "mst" => -420,
        "mdt" | "cst" => -360,
        "cdt" | "est" => -300,
        "edt" => -240,
        "west" | "bst" | "cet" => 60,
        "cest" | "eet" => 120,
        "eest" | "msk" => 180,
        "awst" | "hkt" | "sgt" => 480,
        "jst" | "kst" => 540,
        "acst" => 570,
        "aest" => 600,
        "acdt" => 630,
        "aedt" => 660,
        "nzst" => 720,
        "nzdt" => 780,
        _ => return None,
    };
    Some(Zone::Fixed(minutes * 60))
}

/// Whether US daylight saving time is in force at a local time: from 2:00 on the second
/// Sunday of March to 2:00 on the first Sunday of November since 2007, from the first Sunday
/// of April to the last Sunday of October in 1987-2006; earlier years are taken as standard
/// time. The hour repeated in November counts as daylight time.
fn us_daylight(local: chrono::NaiveDateTime) -> bool {
    use chrono::{Datelike, NaiveDate, Weekday};
    let year = local.year();
    let sunday = |month, n| NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Sun, n);
    let (start, end) = match year {
        2007.. => (sunday(3, 2), sunday(11, 1)),
        1987..=2006 => (sunday(4, 1), sunday(10, 5).or_else(|| sunday(10, 4))),
        _ => return false,
    };
    let two = chrono::NaiveTime::from_hms_opt(2, 0, 0).unwrap_or_default();
    match (start, end) {
        (Some(start), Some(end)) => local >= start.and_time(two) && local < end.and_time(two),
        _ => false,
    }
}

/// Deeper than this (in the tree the HTML parser builds), a page is rejected before parsing:
/// real pages nest a few dozen levels, and pathological nesting makes tree algorithms slow
/// or recursive ones overflow.
pub const MAX_HTML_DEPTH: usize = 512;

/// A web page: main content by readability (`dom_smoothie`), title, site name, canonical URL
/// and publication date from the meta tags (`article:published_time`, JSON-LD `datePublished`...).
///
/// # Errors
/// NUL bytes, nesting deeper than [`MAX_HTML_DEPTH`], or a page with no readable text.
pub fn from_html(bytes: &[u8], path: Option<&str>) -> Result<Ingested, RecordError> {
    let mut warnings = Vec::new();
    let html = decode_html(bytes, &mut warnings)?;
    let shape = html_shape(&html, MAX_HTML_DEPTH);
    if shape.depth > MAX_HTML_DEPTH {
        return Err(RecordError::new(format!(
            "HTML nests elements more than {MAX_HTML_DEPTH} deep: not a real page"
        )));
    }
    let budget = element_budget(html.len());
    if shape.elements > budget {
        return Err(RecordError::new(format!(
            "HTML would make the parser create more than {budget} elements (formatting \
             elements reopened over and over): not a real page"
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

/// HTML bytes to a string, by the WHATWG encoding sniffing rules: a byte order mark; else
/// UTF-8 when the bytes are valid UTF-8 (a shortcut: most pages are, and no declaration
/// could read them better); else the charset the page declares in a `<meta>`; else a guess
/// from the bytes by chardetng (Firefox's detector). Warnings say what was guessed or replaced.
fn decode_html(bytes: &[u8], warnings: &mut Vec<String>) -> Result<String, RecordError> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            warnings.push(format!(
                "HTML has a {0} byte order mark but invalid {0} sequences; replaced",
                enc.name()
            ));
        }
        return reject_nul(text.into_owned());
    }
    if let Some(pos) = memchr_nul(bytes) {
        return Err(nul_error(pos));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    let declared = prescan_charset(&bytes[..bytes.len().min(PRESCAN_BYTES)]);
    let (enc, why) = match &declared {
        Declared::Usable { label, encoding } => {
            let read_as = if label.eq_ignore_ascii_case(encoding.name()) {
                String::new()
            } else {
                format!(" (read as {})", encoding.name())
            };
            (
                *encoding,
                format!("HTML declares charset {label:?}{read_as}"),
            )
        }
        Declared::Unsupported(label) => {
            let guess = guess_encoding(bytes);
            let why = format!(
                "HTML declares charset {label:?}, which is not supported; \
                 guessed {} from the bytes",
                guess.name()
            );
            (guess, why)
        }
        Declared::Nothing => {
            let guess = guess_encoding(bytes);
            let why = format!(
                "HTML is not UTF-8 and declares no charset; guessed {} from the bytes",
                guess.name()
            );
            (guess, why)
        }
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        warnings.push(format!("{why}; invalid {} sequences replaced", enc.name()));
    } else if !matches!(declared, Declared::Usable { .. }) {
        warnings.push(why);
    }
    Ok(text.into_owned())
}

/// How many bytes of a page to prescan for its charset. WHATWG suggests 1,024, but a browser
/// also honours a later `<meta>` in the head (by reparsing), and pages often open with long
/// comments and scripts.
const PRESCAN_BYTES: usize = 4096;

/// What a page declares its encoding to be.
#[derive(Debug, PartialEq, Eq)]
enum Declared {
    /// A label we can decode by (`label` as written, lower-cased).
    Usable {
        label: String,
        encoding: &'static encoding_rs::Encoding,
    },
    /// Only labels we cannot: the first one.
    Unsupported(String),
    Nothing,
}

/// The WHATWG prescan of a page's first bytes for `<meta charset>` or `<meta
/// http-equiv="content-type" content="...; charset=...">`, skipping comments and the
/// attributes of other tags. The first usable declaration wins; past an unknown label the
/// scan goes on. As WHATWG says, a UTF-16 label means UTF-8 (bytes without a byte order
/// mark or NULs are ASCII-compatible) and `x-user-defined` means windows-1252. Labels of the
/// "replacement" encoding (ISO-2022-KR, HZ...) count as unsupported: decoding by it would
/// make the whole page one U+FFFD.
fn prescan_charset(b: &[u8]) -> Declared {
    let mut unsupported = None;
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        let letter_at = |k: usize| rest.get(k).is_some_and(u8::is_ascii_alphabetic);
        if rest.starts_with(b"<!--") {
            // The `-->` may share its dashes with the `<!--`.
            i = find_bytes(b, i + 2, b"-->").map_or(b.len(), |p| p + 3);
            continue;
        }
        let meta = rest.len() > 5
            && rest[..5].eq_ignore_ascii_case(b"<meta")
            && (is_prescan_space(rest[5]) || rest[5] == b'/');
        if meta {
            i += 5;
            if let Some(label) = meta_charset(b, &mut i) {
                match usable_encoding(&label) {
                    Some(encoding) => return Declared::Usable { label, encoding },
                    None => {
                        unsupported.get_or_insert(label);
                    }
                }
            }
        } else if rest[0] == b'<' && (letter_at(1) || (rest.get(1) == Some(&b'/') && letter_at(2)))
        {
            // Another tag: its name, then its attributes, which may hold a quoted `>`.
            while i < b.len() && !is_prescan_space(b[i]) && b[i] != b'>' {
                i += 1;
            }
            while prescan_attribute(b, &mut i).is_some() {}
        } else if rest.starts_with(b"<!") || rest.starts_with(b"</") || rest.starts_with(b"<?") {
            i = find_bytes(b, i + 1, b">").unwrap_or(b.len());
        }
        i += 1;
    }
    unsupported.map_or(Declared::Nothing, Declared::Unsupported)
}

/// The charset label of the `<meta>` whose attributes start at `i`, if it declares one (by
/// `charset`, or by `content` with `http-equiv="content-type"`). Leaves `i` after them.
fn meta_charset(b: &[u8], i: &mut usize) -> Option<String> {
    let mut seen: Vec<String> = Vec::new();
    let (mut got_pragma, mut need_pragma, mut charset) = (false, None, None);
    while let Some((name, value)) = prescan_attribute(b, i) {
        if seen.contains(&name) {
            continue; // only an attribute's first occurrence counts
        }
        match name.as_str() {
            "http-equiv" => got_pragma |= value == "content-type",
            "content" if charset.is_none() => {
                if let Some(label) = charset_in_content(&value) {
                    charset = Some(label);
                    need_pragma = Some(true);
                }
            }
            "charset" if charset.is_none() => {
                charset = Some(value);
                need_pragma = Some(false);
            }
            _ => {}
        }
        seen.push(name);
    }
    let declared = match need_pragma {
        Some(true) => got_pragma,
        Some(false) => true,
        None => false,
    };
    charset
        .filter(|_| declared)
        .map(|label| label.trim().chars().take(40).collect())
}

/// The encoding a declared label means, if we can decode by it (see [`prescan_charset`]).
fn usable_encoding(label: &str) -> Option<&'static encoding_rs::Encoding> {
    use encoding_rs::{REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252, X_USER_DEFINED};
    match encoding_rs::Encoding::for_label(label.as_bytes())? {
        e if e == REPLACEMENT => None,
        e if e == UTF_16BE || e == UTF_16LE => Some(UTF_8),
        e if e == X_USER_DEFINED => Some(WINDOWS_1252),
        e => Some(e),
    }
}

fn is_prescan_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

fn find_bytes(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// WHATWG's "get an attribute" for the prescan: the next attribute's name and value, lower-
/// cased, from `i` on; `None` at a `>` (where `i` stays) or at the end.
fn prescan_attribute(b: &[u8], i: &mut usize) -> Option<(String, String)> {
    let at = |i: usize| b.get(i).copied();
    let skip_spaces = |i: &mut usize| {
        while at(*i).is_some_and(is_prescan_space) {
            *i += 1;
        }
    };
    while at(*i).is_some_and(|c| is_prescan_space(c) || c == b'/') {
        *i += 1;
    }
    if at(*i)? == b'>' {
        return None;
    }
    let (mut name, mut value) = (Vec::new(), Vec::new());
    let text = |v: Vec<u8>| String::from_utf8_lossy(&v).into_owned();
    loop {
        match at(*i)? {
            b'=' if !name.is_empty() => break,
            c if is_prescan_space(c) => {
                skip_spaces(i);
                if at(*i)? != b'=' {
                    return Some((text(name), String::new()));
                }
                break;
            }
            b'/' | b'>' => return Some((text(name), String::new())),
            c => name.push(c.to_ascii_lowercase()),
        }
        *i += 1;
    }
    *i += 1; // the `=`
    skip_spaces(i);
    match at(*i)? {
        q @ (b'"' | b'\'') => loop {
            *i += 1;
            match at(*i)? {
                c if c == q => {
                    *i += 1;
                    return Some((text(name), text(value)));
                }
                c => value.push(c.to_ascii_lowercase()),
            }
        },
        b'>' => return Some((text(name), String::new())),
        _ => {}
    }
    while let Some(c) = at(*i).filter(|&c| !is_prescan_space(c) && c != b'>') {
        value.push(c.to_ascii_lowercase());
        *i += 1;
    }
    at(*i)?;
    Some((text(name), text(value)))
}

/// WHATWG's "extracting a character encoding from a meta element": the label after
/// `charset=` in a `content` value (`text/html; charset=koi8-r`), quoted or not.
fn charset_in_content(content: &str) -> Option<String> {
    let s = content.as_bytes();
    let mut from = 0;
    loop {
        let at = find_bytes(s, from, b"charset")? + "charset".len();
        let mut k = at;
        while s.get(k).copied().is_some_and(is_prescan_space) {
            k += 1;
        }
        if s.get(k) != Some(&b'=') {
            from = at;
            continue;
        }
        k += 1;
        while s.get(k).copied().is_some_and(is_prescan_space) {
            k += 1;
        }
        let rest = &content[k..];
        return match rest.as_bytes().first()? {
            q @ (b'"' | b'\'') => {
                let end = rest[1..].find(char::from(*q))?;
                Some(rest[1..1 + end].to_owned())
            }
            _ => {
                let end = rest
                    .find(|c: char| c == ';' || c.is_ascii_whitespace())
                    .unwrap_or(rest.len());
                Some(rest[..end].to_owned())
            }
        };
    }
}

/// The encoding chardetng guesses for bytes that are not UTF-8.
fn guess_encoding(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
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
mod tests;
