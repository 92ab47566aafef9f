//! GDELT 2.0 Event table rows: the 61 tab-separated columns GDELT's own exports use, so
//! tools written for GDELT read newsgraph's events. Columns newsgraph has no value for are
//! empty (see the README for the column-by-column mapping).

use crate::analysis::{Analysis, Event, Place};
use crate::events::actors::ActorDict;

/// The GDELT 2.0 Event table header, in column order.
pub const COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The GDELT rows of one analysed article, one per coded event. `date_added` is GDELT's
/// `DATEADDED` (`YYYYMMDDHHMMSS`, when the rows are produced). Events are dated by their own
/// date, else the article's publication date; an event with neither has empty date columns.
pub fn rows(a: &Analysis, dict: &ActorDict, date_added: &str) -> Vec<String> {
    a.events
        .iter()
        .enumerate()
        .map(|(i, e)| row(a, i, e, dict, date_added))
        .collect()
}

/// GDELT's DATEADDED for a moment given as seconds since the Unix epoch: `YYYYMMDDHHMMSS`, UTC.
pub fn date_added(unix_seconds: u64) -> String {
    i64::try_from(unix_seconds)
        .ok()
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|t| t.format("%Y%m%d%H%M%S").to_string())
        .unwrap_or_default()
}

/// A stable positive 63-bit id for event `i` of an article: the same article always exports
/// the same ids.
fn event_id(article_id: &str, i: usize) -> u64 {
    let mut h = blake3::Hasher::new();
    h.update(article_id.as_bytes());
    h.update(&(i as u64).to_le_bytes());
    let b = h.finalize();
    u64::from_le_bytes(b.as_bytes()[..8].try_into().expect("8 bytes")) >> 1
}

/// Characters that split a field or a row: tab, and the line breaks of readers that go by
/// Unicode (Python's `splitlines`, for one), not only `\n` and `\r`.
const BREAKS: [char; 11] = [
    '\t', '\n', '\r', '\u{0B}', '\u{0C}', '\u{1C}', '\u{1D}', '\u{1E}', '\u{85}', '\u{2028}',
    '\u{2029}',
];

/// A text column's value, with [`BREAKS`] made spaces.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if BREAKS.contains(&c) { ' ' } else { c })
        .collect()
}

/// The actor columns: code, name, country, known group, ethnic, religion 1 and 2, types 1–3.
fn actor_columns(code: Option<&str>, a: &Analysis) -> [String; 10] {
    let mut out: [String; 10] = Default::default();
    let Some(code) = code.filter(|c| !c.is_empty()) else {
        return out;
    };
    out[0] = code.to_string();
    if let Some(actor) = a.actors.iter().find(|x| x.code == code) {
        out[1] = clean(&actor.name.to_uppercase());
        if let Some(c) = &actor.country {
            out[2] = c.clone();
        }
    }
    let head = code.get(..3).unwrap_or("");
    let rest = code.get(3..).unwrap_or("");
    let roles: Vec<&str> = (0..rest.len() / 3)
        .map(|k| &rest[3 * k..3 * k + 3])
        .collect();
    if matches!(head, "IGO" | "NGO" | "IMG" | "MNC") {
        // IGOWSTNAT: the known group is the last three letters (NAT).
        out[3] = roles.last().map_or_else(String::new, |r| (*r).to_string());
        out[7] = head.to_string();
    } else {
        for (k, r) in roles.iter().take(3).enumerate() {
            out[7 + k] = (*r).to_string();
        }
    }
    out
}

/// The geography columns: type, full name, country, ADM1, ADM2, lat, long, feature id.
fn geo_columns(p: Option<&Place>, dict: &ActorDict) -> [String; 8] {
    let mut out: [String; 8] = Default::default();
    let Some(p) = p else { return out };
    let country = p.country_code.as_deref().unwrap_or("");
    let fc = p.feature_code.as_deref().unwrap_or("");
    // GDELT: 1 country, 2 US state, 3 US city, 4 world city, 5 world state.
    out[0] = match (fc, country) {
        (f, _) if f.starts_with("PCL") => "1",
        ("ADM1", "US") => "2",
        ("ADM1", _) => "5",
        (_, "US") => "3",
        _ => "4",
    }
    .to_string();
    let mut full = vec![p.name.clone()];
    if let Some(r) = p.admin1.as_deref().filter(|r| *r != p.name) {
        full.push(r.to_string());
    }
    if !fc.starts_with("PCL") {
        if let Some(cn) = dict.iso3(country).and_then(|c3| dict.country_name(c3)) {
            full.push(cn.to_string());
        }
    }
    out[1] = clean(&full.join(", "));
    out[2] = dict.fips(country).unwrap_or(country).to_string();
    out[5] = format!("{}", p.lat);
    out[6] = format!("{}", p.lon);
    out[7] = p.geonameid.map_or_else(String::new, |g| g.to_string());
    out
}

fn row(a: &Analysis, i: usize, e: &Event, dict: &ActorDict, date_added: &str) -> String {
    let mut cols: Vec<String> = Vec::with_capacity(61);
    cols.push(event_id(&a.article.id, i).to_string());
    // GDELT dates are days: a coarser event date ("2022", "2023-W10") falls back to the
    // publication date.
    let day = |d: &str| -> Option<String> {
        let digits: String = d.chars().filter(char::is_ascii_digit).take(8).collect();
        (digits.len() == 8 && !d.contains('W')).then_some(digits)
    };
    let date: String = e
        .date
        .as_deref()
        .and_then(day)
        .or_else(|| a.article.published_date().and_then(day))
        .unwrap_or_default();
    if date.is_empty() {
        cols.extend(std::iter::repeat_n(String::new(), 4));
    } else {
        let (y, m) = (&date[..4], &date[4..6]);
        // FractionDate: the year plus the share of it elapsed, four digits.
        let frac = chrono::NaiveDate::parse_from_str(&date, "%Y%m%d")
            .map(|d| {
                use chrono::Datelike;
                let days = if d.leap_year() { 366 } else { 365 };
                (d.ordinal0() * 10_000 / days).to_string()
            })
            .unwrap_or_default();
        cols.push(date.clone());
        cols.push(format!("{y}{m}"));
        cols.push(y.to_string());
        cols.push(format!("{y}.{frac:0>4}"));
    }
    cols.extend(actor_columns(Some(&e.source), a));
    cols.extend(actor_columns(e.target.as_deref(), a));
    // GDELT marks events from the lead paragraph as root events.
    cols.push(u8::from(e.sentence <= 1).to_string());
    let cameo = e.cameo.clone().unwrap_or_default();
    cols.push(cameo.clone());
    cols.push(cameo.chars().take(3).collect());
    cols.push(cameo.chars().take(2).collect());
    cols.push(e.quad_class.map_or_else(String::new, |q| q.to_string()));
    cols.push(e.goldstein.map_or_else(String::new, |g| format!("{g}")));
    cols.extend(["1", "1", "1"].map(String::from));
    cols.push(format!("{}", a.tone.tone));
    // newsgraph locates the action, not each actor.
    cols.extend(geo_columns(None, dict));
    cols.extend(geo_columns(None, dict));
    cols.extend(geo_columns(e.place.and_then(|k| a.places.get(k)), dict));
    cols.push(date_added.to_string());
    cols.push(clean(
        a.article
            .url
            .as_deref()
            .or(a.article.path.as_deref())
            .unwrap_or(""),
    ));
    debug_assert_eq!(cols.len(), 61);
    cols.join("\t")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ingest, Pipeline};

    #[test]
    fn every_row_has_61_columns() {
        let text = "Russia attacked Ukraine\n\nRussian forces attacked Ukrainian troops in Kharkiv on Monday. \
                    President Vladimir Putin visited Beijing.";
        let mut got = ingest::from_text(text.as_bytes(), None).unwrap();
        got.article.published = Some("2023-03-20".into());
        let a = Pipeline::embedded().analyze(got);
        assert!(!a.events.is_empty());
        let dict = ActorDict::embedded();
        let rows = rows(&a, dict, "20231231120000");
        assert_eq!(rows.len(), a.events.len());
        for r in &rows {
            let cols: Vec<&str> = r.split('\t').collect();
            assert_eq!(cols.len(), COLUMNS.len());
            assert_eq!(cols[1], "20230320");
            assert_eq!(cols[3], "2023");
            assert!(cols[26].len() >= 3, "event code {r}");
            assert_eq!(cols[59], "20231231120000");
        }
        assert_eq!(date_added(1_701_345_600), "20231130120000");
        // Stable ids.
        assert_eq!(rows, super::rows(&a, dict, "20231231120000"));
    }

    #[test]
    fn text_columns_have_no_line_breaks() {
        let text = "Russia attacked Ukraine\n\nRussian forces attacked Ukrainian troops on Monday.";
        let mut got = ingest::from_text(text.as_bytes(), None).unwrap();
        got.article.url =
            Some("https://example.com/a\u{2028}b\u{2029}c\u{85}d\te\nf\u{0B}g".into());
        let a = Pipeline::embedded().analyze(got);
        let rows = rows(&a, ActorDict::embedded(), "20231231120000");
        assert!(!rows.is_empty());
        for r in &rows {
            let cols: Vec<&str> = r.split('\t').collect();
            assert_eq!(cols.len(), COLUMNS.len());
            assert_eq!(cols[60], "https://example.com/a b c d e f g");
            assert!(!r.contains(&BREAKS[1..]), "{r:?}");
        }
        assert_eq!(clean("A\u{1C}B\u{1D}C\u{1E}D\u{0C}E\rF"), "A B C D E F");
    }
}
