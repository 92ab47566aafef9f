//! Dates: date expressions in a sentence, resolved against the publication date.
//!
//! Recognised: "today", "yesterday", "tomorrow", "now", "a year ago", calendar quarters
//! ("the third quarter"), weekdays ("on Monday", "last Friday", "next
//! Tuesday"), "last/this/next week|month|year", month names with or without a day and year
//! ("March 5", "5 March 2023", "in March", "March 2023"), and years after "in", "since",
//! "by", "of", "until" ("in 2019"). Values are ISO dates or coarser ISO forms: `2023-03-05`,
//! `2023-W10`, `2023-03`, `2023`. Relative expressions need the publication date; without one
//! they are found but left unresolved. Weekdays and months without a year are taken as the
//! latest such day or month on or before publication (news mostly reports the past), unless
//! "next" says otherwise.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A date expression in a sentence: tokens `[first, end)` and its resolved value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateExpr {
    /// First token (sentence-relative).
    pub first: usize,
    /// One past the last token.
    pub end: usize,
    /// ISO value (`2023-03-05`, `2023-W10`, `2023-03`, `2023`), when it can be resolved.
    pub value: Option<String>,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_of(w: &str) -> Option<u32> {
    month_number(w.trim_end_matches('.'))
}

/// The month (1 to 12) a lowercase month name stands for: written in full, as its first three
/// letters, or as "sept". Shared with the feed-date reader in `ingest`.
pub(crate) fn month_number(word: &str) -> Option<u32> {
    let at = MONTHS
        .iter()
        .position(|m| *m == word || (word.len() == 3 && m.starts_with(word)))
        .or_else(|| (word == "sept").then_some(8))?;
    u32::try_from(at + 1).ok()
}

fn weekday_of(w: &str) -> Option<Weekday> {
    Some(match w {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

fn day_of(w: &str) -> Option<u32> {
    let d = w
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    d.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
}

fn year_of(w: &str) -> Option<i32> {
    (w.len() == 4)
        .then(|| w.parse::<i32>().ok())
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
}

/// Parses a publication date (`YYYY-MM-DD...`).
pub fn publication(published: Option<&str>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(published?.get(..10)?, "%Y-%m-%d").ok()
}

fn iso_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

fn shift_month(y: i32, m: u32, by: i32) -> (i32, u32) {
    let k = y * 12 + m as i32 - 1 + by;
    (k.div_euclid(12), k.rem_euclid(12) as u32 + 1)
}

/// Finds and resolves the date expressions of one sentence (`words` as written).
pub fn find(words: &[&str], published: Option<NaiveDate>) -> Vec<DateExpr> {
    let norm: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    find_normalised(words, &norm, published)
}

/// [`find`] for a caller that already has the words lowercased (`norm[i]` is `words[i]`
/// lowercased; the event coder's normalised words qualify).
pub fn find_normalised(
    words: &[&str],
    norm: &[String],
    published: Option<NaiveDate>,
) -> Vec<DateExpr> {
    let n = norm.len().min(words.len());
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let w = norm[i].as_str();
        let prev = i.checked_sub(1).map(|k| norm[k].as_str());
        let next = norm.get(i + 1).map(String::as_str);
        // "a year ago", "two weeks ago" (against publication)
        if let Some(unit) = next {
            let count = match w {
                "a" | "one" => Some(1),
                "two" => Some(2),
                "three" => Some(3),
                "four" => Some(4),
                "five" => Some(5),
                "six" => Some(6),
                "ten" => Some(10),
                x => x.parse::<i32>().ok().filter(|k| (1..=100).contains(k)),
            };
            let unit = unit.trim_end_matches('s');
            let after = norm.get(i + 2).map(String::as_str);
            if let (Some(k), true, Some("ago")) = (
                count,
                matches!(unit, "year" | "month" | "week" | "day"),
                after,
            ) {
                let value = published.map(|p| match unit {
                    "year" => format!("{}", p.year() - k),
                    "month" => {
                        let (y, m) = shift_month(p.year(), p.month(), -k);
                        format!("{y}-{m:02}")
                    }
                    "week" => iso_week(p - Duration::days(7 * k as i64)),
                    _ => (p - Duration::days(k as i64)).to_string(),
                });
                out.push(DateExpr {
                    first: i,
                    end: i + 3,
                    value,
                });
                i += 3;
                continue;
            }
        }
        // "the third quarter", "third-quarter" (calendar quarters): the latest one ended by
        // publication.
        let quarter = |x: &str| match x {
            "first" => Some(1),
            "second" => Some(2),
            "third" => Some(3),
            "fourth" => Some(4),
            _ => None,
        };
        let q = match (quarter(w), next) {
            (Some(q), Some("quarter")) => Some((q, 2)),
            _ => w.strip_suffix("-quarter").and_then(quarter).map(|q| (q, 1)),
        };
        if let Some((q, len)) = q {
            let value = published.map(|p| {
                let y = if q * 3 <= p.month() {
                    p.year()
                } else {
                    p.year() - 1
                };
                format!("{y}-Q{q}")
            });
            let first = if prev == Some("the") { i - 1 } else { i };
            out.push(DateExpr {
                first,
                end: i + len,
                value,
            });
            i += len;
            continue;
        }
        // today / yesterday / tomorrow / now
        let simple = match w {
            "today" | "tonight" | "now" => Some(0),
            "yesterday" => Some(-1),
            "tomorrow" => Some(1),
            _ => None,
        };
        if let Some(off) = simple {
            let value = published.map(|p| (p + Duration::days(off)).to_string());
            out.push(DateExpr {
                first: i,
                end: i + 1,
                value,
            });
            i += 1;
            continue;
        }
        // last / this / next week|month|year, and a weekday after "last"/"next"/"this"
        if matches!(w, "last" | "this" | "next" | "past") {
            if let Some(unit) = next {
                let dir = match w {
                    "last" | "past" => -1,
                    "next" => 1,
                    _ => 0,
                };
                let value = |p: NaiveDate| -> Option<String> {
                    Some(match unit {
                        "week" => iso_week(p + Duration::days(7 * dir as i64)),
                        "month" => {
                            let (y, m) = shift_month(p.year(), p.month(), dir);
                            format!("{y}-{m:02}")
                        }
                        "year" => format!("{}", p.year() + dir),
                        _ => return None,
                    })
                };
                if matches!(unit, "week" | "month" | "year") {
                    out.push(DateExpr {
                        first: i,
                        end: i + 2,
                        value: published.and_then(value),
                    });
                    i += 2;
                    continue;
                }
                if let Some(wd) = weekday_of(unit) {
                    let value = published.map(|p| weekday_near(p, wd, dir).to_string());
                    out.push(DateExpr {
                        first: i,
                        end: i + 2,
                        value,
                    });
                    i += 2;
                    continue;
                }
            }
        }
        // a weekday on its own ("on Monday")
        if let Some(wd) = weekday_of(w) {
            if words[i].starts_with(char::is_uppercase) {
                let value = published.map(|p| weekday_near(p, wd, -1).to_string());
                out.push(DateExpr {
                    first: i,
                    end: i + 1,
                    value,
                });
                i += 1;
                continue;
            }
        }
        // "5 March 2023", "March 5, 2023", "March 2023", "in March"
        let capital = words[i].starts_with(char::is_uppercase);
        if let Some(m) = month_of(w).filter(|_| capital) {
            // "may" the verb is lowercase; "May" at a sentence start is ambiguous: needs a day
            // or year next to it.
            let day_before = prev.and_then(day_of).filter(|_| i > 0);
            let day_after = next.and_then(day_of);
            let mut end = i + 1;
            let mut first = i;
            let mut day = None;
            if let Some(d) = day_after {
                day = Some(d);
                end = i + 2;
            } else if let Some(d) = day_before {
                day = Some(d);
                first = i - 1;
            }
            let mut k = end;
            if norm.get(k).map(String::as_str) == Some(",") {
                k += 1;
            }
            let year = norm.get(k).and_then(|y| year_of(y));
            if year.is_some() {
                end = k + 1;
            }
            let anchored = day.is_some()
                || year.is_some()
                || matches!(
                    prev,
                    Some("in" | "since" | "until" | "by" | "of" | "early" | "late" | "mid")
                );
            if w == "may" && day.is_none() && year.is_none() {
                i += 1;
                continue;
            }
            if anchored {
                let y = year.or_else(|| {
                    published.map(|p| {
                        if m > p.month() || (m == p.month() && day.is_some_and(|d| d > p.day())) {
                            p.year() - 1
                        } else {
                            p.year()
                        }
                    })
                });
                let value = y.and_then(|y| match day {
                    Some(d) => NaiveDate::from_ymd_opt(y, m, d).map(|x| x.to_string()),
                    None => Some(format!("{y}-{m:02}")),
                });
                out.push(DateExpr { first, end, value });
                i = end;
                continue;
            }
        }
        // "in 2019"
        if let Some(y) = year_of(w) {
            if matches!(
                prev,
                Some(
                    "in" | "since"
                        | "by"
                        | "of"
                        | "until"
                        | "during"
                        | "from"
                        | "to"
                        | "through"
                        | "before"
                        | "after"
                        | "early"
                        | "late"
                        | "mid"
                        | "and"
                        | "for"
                )
            ) {
                out.push(DateExpr {
                    first: i,
                    end: i + 1,
                    value: Some(y.to_string()),
                });
            }
        }
        i += 1;
    }
    out
}

/// The weekday `wd` nearest `p` in direction `dir`: -1 the latest on or before `p`, 1 the
/// first after it, 0 the one in `p`'s week.
fn weekday_near(p: NaiveDate, wd: Weekday, dir: i32) -> NaiveDate {
    let from = p.weekday().num_days_from_monday() as i64;
    let to = wd.num_days_from_monday() as i64;
    match dir {
        1 => p + Duration::days((to - from).rem_euclid(7).max(1)),
        0 => p + Duration::days(to - from),
        _ => p - Duration::days((from - to).rem_euclid(7)),
    }
}

#[cfg(feature = "eval")]
/// A TimeML document: its text (the `TEXT` element's content, tags removed), creation date and
/// gold `DATE` expressions as byte spans with their values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimemlDoc {
    /// The document's text.
    pub text: String,
    /// Creation date (`DCT`), `YYYY-MM-DD`.
    pub dct: Option<String>,
    /// Gold DATE timexes: `(start, end, value)`.
    pub dates: Vec<(usize, usize, String)>,
}

#[cfg(feature = "eval")]
/// Reads a TimeML (`.tml`) file as TempEval-3 ships it.
///
/// # Errors
/// Not XML, or no `TEXT` element.
pub fn read_timeml(xml: &str) -> Result<TimemlDoc, String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| e.to_string())?;
    let dct = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("TIMEX3") && n.attribute("functionInDocument") == Some("CREATION_TIME")
        })
        .and_then(|n| n.attribute("value"))
        .map(|v| v.chars().take(10).collect());
    let body = doc
        .descendants()
        .find(|n| n.has_tag_name("TEXT"))
        .ok_or("no TEXT element")?;
    let mut text = String::new();
    let mut dates = Vec::new();
    fn walk(
        n: roxmltree::Node<'_, '_>,
        text: &mut String,
        dates: &mut Vec<(usize, usize, String)>,
    ) {
        for c in n.children() {
            if c.is_text() {
                text.push_str(c.text().unwrap_or(""));
            } else if c.is_element() {
                let start = text.len();
                walk(c, text, dates);
                if c.has_tag_name("TIMEX3") && c.attribute("type") == Some("DATE") {
                    dates.push((
                        start,
                        text.len(),
                        c.attribute("value").unwrap_or("").to_string(),
                    ));
                }
            }
        }
    }
    walk(body, &mut text, &mut dates);
    Ok(TimemlDoc { text, dct, dates })
}

#[cfg(feature = "eval")]
/// Date recognition and resolution against TimeML gold DATE expressions.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct DateScores {
    /// Gold DATE expressions.
    pub gold: usize,
    /// Predicted expressions.
    pub predicted: usize,
    /// Predicted spans equal to a gold span.
    pub strict_tp: usize,
    /// Predicted spans overlapping a gold span.
    pub relaxed_tp: usize,
    /// Overlapping matches whose value equals the gold value.
    pub value_tp: usize,
    /// Strict span F1.
    pub strict_f1: f64,
    /// Relaxed (overlap) span F1.
    pub relaxed_f1: f64,
    /// Value accuracy over relaxed matches.
    pub value_accuracy: f64,
    /// TempEval-3's value F1: values right over predicted and gold.
    pub value_f1: f64,
}

#[cfg(feature = "eval")]
/// Runs [`find`] over a document's sentences (our segmentation) and compares with its gold.
pub fn score_doc(doc: &TimemlDoc, acc: &mut DateScores) {
    let seg = crate::segment::segment(&doc.text);
    let published = publication(doc.dct.as_deref());
    let mut predicted: Vec<(usize, usize, Option<String>)> = Vec::new();
    for sent in &seg.sentences {
        let toks = &seg.tokens[sent.first_token..sent.end_token];
        let words: Vec<&str> = toks.iter().map(|t| t.slice(&doc.text)).collect();
        for d in find(&words, published) {
            predicted.push((toks[d.first].start, toks[d.end - 1].end, d.value));
        }
    }
    acc.gold += doc.dates.len();
    acc.predicted += predicted.len();
    let mut used = vec![false; doc.dates.len()];
    for (s, e, v) in &predicted {
        if doc.dates.iter().any(|g| g.0 == *s && g.1 == *e) {
            acc.strict_tp += 1;
        }
        if let Some(k) =
            (0..doc.dates.len()).find(|&k| !used[k] && doc.dates[k].0 < *e && *s < doc.dates[k].1)
        {
            used[k] = true;
            acc.relaxed_tp += 1;
            if v.as_deref() == Some(doc.dates[k].2.as_str()) {
                acc.value_tp += 1;
            }
        }
    }
}

#[cfg(feature = "eval")]
impl DateScores {
    /// Fills the ratios from the counts.
    pub fn finish(&mut self) {
        let f1 = |tp: usize| crate::eval::Prf::from_counts(tp, self.predicted, self.gold).f1;
        self.strict_f1 = f1(self.strict_tp);
        self.relaxed_f1 = f1(self.relaxed_tp);
        self.value_f1 = f1(self.value_tp);
        self.value_accuracy = self.value_tp as f64 / self.relaxed_tp.max(1) as f64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, published: &str) -> Vec<(String, Option<String>)> {
        let words: Vec<&str> = text.split(' ').collect();
        find(&words, publication(Some(published)))
            .into_iter()
            .map(|d| (words[d.first..d.end].join(" "), d.value))
            .collect()
    }

    #[test]
    fn resolves_relative_and_absolute_dates() {
        // 2023-10-18 is a Wednesday.
        let got = values(
            "Putin visited Beijing on Monday , met Xi yesterday and will return next Friday",
            "2023-10-18",
        );
        assert_eq!(
            got,
            [
                ("Monday".into(), Some("2023-10-16".into())),
                ("yesterday".into(), Some("2023-10-17".into())),
                ("next Friday".into(), Some("2023-10-20".into())),
            ]
        );
        let got = values(
            "They announced it at the beginning of last year and signed on 5 March 2022 ; talks began in December",
            "2023-10-18",
        );
        assert_eq!(got[0], ("last year".into(), Some("2022".into())));
        assert_eq!(got[1], ("5 March 2022".into(), Some("2022-03-05".into())));
        assert_eq!(got[2], ("December".into(), Some("2022-12".into())));
        let got = values(
            "Rebels attacked on March 5 , 1999 and in 2004 .",
            "2023-10-18",
        );
        assert_eq!(got[0], ("March 5 , 1999".into(), Some("1999-03-05".into())));
        assert_eq!(got[1], ("2004".into(), Some("2004".into())));
        assert_eq!(
            values("last week", "2023-10-18")[0].1.as_deref(),
            Some("2023-W41")
        );
        assert_eq!(
            values("next month", "2023-12-18")[0].1.as_deref(),
            Some("2024-01")
        );
        assert_eq!(
            values("a year ago", "2023-10-18")[0].1.as_deref(),
            Some("2022")
        );
        assert_eq!(
            values("two weeks ago", "2023-10-18")[0].1.as_deref(),
            Some("2023-W40")
        );
        assert_eq!(
            values("in the third quarter", "2023-10-18")[0],
            ("the third quarter".into(), Some("2023-Q3".into()))
        );
        assert_eq!(
            values("fourth-quarter profit", "2023-10-18")[0]
                .1
                .as_deref(),
            Some("2022-Q4")
        );
    }

    #[test]
    fn reads_and_scores_timeml() {
        let xml = r#"<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>Prices fell <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3> and <TIMEX3 tid="t2" type="DURATION" value="P1W">all week</TIMEX3>. They rose in <TIMEX3 tid="t3" type="DATE" value="1997-10">October</TIMEX3>.</TEXT></TimeML>"#;
        let doc = read_timeml(xml).unwrap();
        assert_eq!(doc.dct.as_deref(), Some("1998-01-08"));
        assert_eq!(doc.dates.len(), 2);
        assert_eq!(&doc.text[doc.dates[0].0..doc.dates[0].1], "yesterday");
        let mut s = DateScores::default();
        score_doc(&doc, &mut s);
        s.finish();
        assert_eq!((s.gold, s.predicted, s.strict_tp, s.value_tp), (2, 2, 2, 2));
        assert!(read_timeml("<TimeML/>").is_err());
    }

    #[test]
    fn may_the_verb_and_unknown_publication() {
        assert!(values("He may visit", "2023-10-18").is_empty());
        assert!(values("May he visit", "2023-10-18").is_empty());
        let words = ["on", "Monday"];
        let got = find(&words, None);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].value, None);
        assert_eq!(
            find(&["in", "2019"], None)[0].value.as_deref(),
            Some("2019")
        );
    }
}
