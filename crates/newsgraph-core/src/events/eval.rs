//! Scoring the event coder: PLOVER gold-standard records and ConfliBERT actor spans.
//!
//! PLOVER GSR (`PLOVER_GSR_CAMEO.json`): records with the same `text` form one sentence whose
//! gold is the set of its events. A record with several sources or targets stands for every
//! source × target pair. Sentence-level sets are compared and counts summed (micro average):
//! `event` (type alone), `triple` (type, source and target compared on their first three
//! letters, the country or IGO; a missing actor is `""`), `triple_full` (full codes: the
//! gold `code` followed by its `sector`), and `cameo_root` accuracy over records that carry a
//! `cameo` code (a hit when a predicted event has the same two-digit root).
//!
//! The GSR is coded in PLOVER 0.5 (18 types). The coder speaks PLOVER 2021 (16 types), so
//! predictions are put in the GSR's vocabulary by [`gsr_label`]: REQUEST → DEMAND; ACCUSE →
//! INVESTIGATE for CAMEO 09, else DISAPPROVE; ASSAULT → FIGHT for CAMEO 192–196 or a
//! military source, and COERCE → FIGHT for CAMEO 192 (occupation, which 2021 moved to COERCE);
//! CAMEO 163 (sanctions, embargo) → SANCTION.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::error::{Error, Result};
pub use crate::eval::Prf;

/// One gold sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldSentence {
    /// The sentence.
    pub text: String,
    /// Gold events.
    pub events: Vec<GoldEvent>,
}

/// One gold event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldEvent {
    /// PLOVER 0.5 type.
    pub event: String,
    /// Source actor codes (code + sector).
    pub sources: Vec<String>,
    /// Target actor codes (code + sector).
    pub targets: Vec<String>,
    /// CAMEO code, when the record has one.
    pub cameo: Option<String>,
    /// The sources act on each other (markup `SRC/TAR`, several sources, no target).
    pub reciprocal: bool,
}

/// A predicted event in the GSR's terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PredictedEvent {
    /// Type in the GSR vocabulary.
    pub event: String,
    /// CAMEO code.
    pub cameo: String,
    /// Source actor code ("" when none).
    pub source: String,
    /// Target actor code ("" when none).
    pub target: String,
}

/// The GSR figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventScores {
    /// Sentences scored.
    pub sentences: usize,
    /// Gold events (records).
    pub gold_events: usize,
    /// Event type alone.
    pub event: Prf,
    /// Type + source + target on their first three letters.
    pub triple: Prf,
    /// Type + full source + full target codes.
    pub triple_full: Prf,
    /// Share of records with a `cameo` code whose root a predicted event shares; `None` when
    /// no record has one.
    pub cameo_root: Option<f64>,
    /// Records with a `cameo` code.
    pub cameo_records: usize,
}

/// Reads `PLOVER_GSR_CAMEO.json`, grouping records by sentence in first-seen order.
///
/// # Errors
/// Not JSON, not an array, or a record whose fields have the wrong types.
pub fn read_gsr(path: &str, text: &str) -> Result<Vec<GoldSentence>> {
    let bad = |reason: String| Error::Format {
        path: path.to_string(),
        line: 0,
        reason,
    };
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
    let records = v
        .as_array()
        .ok_or_else(|| bad("expected a JSON array of records".into()))?;
    let mut out: Vec<GoldSentence> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, r) in records.iter().enumerate() {
        let Some(text) = r
            .get("text")
            .and_then(|t| t.as_str())
            .filter(|t| !t.trim().is_empty())
        else {
            continue;
        };
        let event = r
            .get("event")
            .and_then(|e| e.as_str())
            .ok_or_else(|| bad(format!("record {i}: no `event` string")))?;
        let actors = |key: &str| -> Result<Vec<String>> {
            match r.get(key) {
                None | Some(serde_json::Value::Null) => Ok(Vec::new()),
                Some(serde_json::Value::Array(list)) => Ok(list
                    .iter()
                    .filter_map(|a| {
                        let code = a.get("code")?.as_str()?;
                        let sector = a.get("sector").and_then(|s| s.as_str()).unwrap_or("");
                        Some(format!("{code}{sector}"))
                    })
                    .collect()),
                // A few records carry a string: an empty one means no actor.
                Some(serde_json::Value::String(c)) => Ok(
                    if !c.is_empty() && c.bytes().all(|b| b.is_ascii_uppercase()) {
                        vec![c.clone()]
                    } else {
                        Vec::new()
                    },
                ),
                Some(_) => Err(bad(format!("record {i}: `{key}` is not a list"))),
            }
        };
        let markup = r
            .pointer("/textInfo/markup")
            .and_then(|m| m.as_str())
            .unwrap_or("");
        let sources = actors("source")?;
        let targets = actors("target")?;
        let ev = GoldEvent {
            event: event.to_string(),
            reciprocal: targets.is_empty() && sources.len() > 1 && markup.contains("SRC/TAR"),
            sources,
            targets,
            cameo: r
                .get("cameo")
                .and_then(|c| {
                    c.as_str()
                        .map(str::to_string)
                        .or_else(|| Some(c.to_string()))
                })
                .filter(|c| c != "null"),
        };
        let k = *index.entry(text.to_string()).or_insert_with(|| {
            out.push(GoldSentence {
                text: text.to_string(),
                events: Vec::new(),
            });
            out.len() - 1
        });
        out[k].events.push(ev);
    }
    Ok(out)
}

/// A PLOVER 2021 type and CAMEO code in the GSR's PLOVER 0.5 vocabulary. PLOVER 0.5 kept
/// FIGHT (armed forces using military means) apart from ASSAULT (killings, bombings,
/// beatings); the code and the source's role tell them apart: CAMEO 192–196 (occupation,
/// small arms, artillery, aerial weapons, ceasefire violations), or 19–20 by a military.
pub fn gsr_label(plover: &str, cameo: &str, source: &str) -> String {
    let root = cameo.get(..2).unwrap_or("");
    let military = source.get(3..).is_some_and(|r| r.starts_with("MIL"));
    // PLOVER 0.5 counted sanctions and embargoes (CAMEO 163) as SANCTION; 2021 moved them
    // to COERCE.
    if cameo.starts_with("163") {
        return "SANCTION".into();
    }
    match plover {
        "REQUEST" => "DEMAND".into(),
        "ACCUSE" if root == "09" => "INVESTIGATE".into(),
        "ACCUSE" => "DISAPPROVE".into(),
        "ASSAULT"
            if matches!(cameo.get(..3), Some("192" | "193" | "194" | "195" | "196"))
                || ((root == "19" || root == "20") && military) =>
        {
            "FIGHT".into()
        }
        // PLOVER 2021 moved occupying territory (CAMEO 192) to COERCE; 0.5 kept it in FIGHT.
        "COERCE" if cameo.starts_with("192") => "FIGHT".into(),
        other => other.to_string(),
    }
}

fn short(code: &str) -> String {
    code.chars().take(3).collect()
}

/// Scores predictions (one list per gold sentence, same order).
pub fn score(gold: &[GoldSentence], predicted: &[Vec<PredictedEvent>]) -> EventScores {
    let (mut e, mut t, mut tf) = ([0usize; 3], [0usize; 3], [0usize; 3]);
    let (mut cameo_hits, mut cameo_n, mut gold_events) = (0, 0, 0);
    for (g, p) in gold.iter().zip(predicted) {
        gold_events += g.events.len();
        let ge: BTreeSet<&str> = g.events.iter().map(|x| x.event.as_str()).collect();
        let pe: BTreeSet<&str> = p.iter().map(|x| x.event.as_str()).collect();
        count(&mut e, &ge, &pe);
        let expand = |full: bool| -> BTreeSet<(String, String, String)> {
            let mut out = BTreeSet::new();
            for x in &g.events {
                let one = |v: &[String]| -> Vec<String> {
                    if v.is_empty() {
                        vec![String::new()]
                    } else {
                        v.iter()
                            .map(|c| if full { c.clone() } else { short(c) })
                            .collect()
                    }
                };
                if x.reciprocal {
                    let all = one(&x.sources);
                    for (i, s) in all.iter().enumerate() {
                        for (j, tg) in all.iter().enumerate() {
                            if i != j {
                                out.insert((x.event.clone(), s.clone(), tg.clone()));
                            }
                        }
                    }
                    continue;
                }
                for s in one(&x.sources) {
                    for tg in one(&x.targets) {
                        out.insert((x.event.clone(), s.clone(), tg));
                    }
                }
            }
            out
        };
        let pred = |full: bool| -> BTreeSet<(String, String, String)> {
            p.iter()
                .map(|x| {
                    let f = |c: &str| if full { c.to_string() } else { short(c) };
                    (x.event.clone(), f(&x.source), f(&x.target))
                })
                .collect()
        };
        count(&mut t, &expand(false), &pred(false));
        count(&mut tf, &expand(true), &pred(true));
        for x in &g.events {
            if let Some(c) = &x.cameo {
                cameo_n += 1;
                let root = c.get(..2).unwrap_or("");
                if p.iter().any(|y| y.cameo.get(..2) == Some(root)) {
                    cameo_hits += 1;
                }
            }
        }
    }
    EventScores {
        sentences: gold.len(),
        gold_events,
        event: Prf::from_counts(e[0], e[1], e[2]),
        triple: Prf::from_counts(t[0], t[1], t[2]),
        triple_full: Prf::from_counts(tf[0], tf[1], tf[2]),
        cameo_root: (cameo_n > 0).then(|| cameo_hits as f64 / cameo_n as f64),
        cameo_records: cameo_n,
    }
}

fn count<T: Ord>(acc: &mut [usize; 3], gold: &BTreeSet<T>, pred: &BTreeSet<T>) {
    acc[0] += gold.intersection(pred).count();
    acc[1] += pred.len();
    acc[2] += gold.len();
}

/// One ConfliBERT `cameo_ner` sentence: its words and the gold source/target token spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanSentence {
    /// Words.
    pub words: Vec<String>,
    /// Gold source spans, token ranges.
    pub sources: Vec<(usize, usize)>,
    /// Gold target spans, token ranges.
    pub targets: Vec<(usize, usize)>,
}

/// Reads ConfliBERT's `cameo_ner` CoNLL (`token label`, BIO with S source, T target, R both).
pub fn read_cameo_ner(text: &str) -> Vec<SpanSentence> {
    let mut out = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    let flush = |words: &mut Vec<String>, labels: &mut Vec<String>, out: &mut Vec<SpanSentence>| {
        if words.is_empty() {
            return;
        }
        let mut sources = Vec::new();
        let mut targets = Vec::new();
        let mut i = 0;
        while i < labels.len() {
            let l = labels[i].as_str();
            if let Some(ty) = l.strip_prefix("B-").or_else(|| l.strip_prefix("I-")) {
                let mut j = i + 1;
                while j < labels.len() && labels[j] == format!("I-{ty}") {
                    j += 1;
                }
                match ty {
                    "S" => sources.push((i, j)),
                    "T" => targets.push((i, j)),
                    _ => {
                        sources.push((i, j));
                        targets.push((i, j));
                    }
                }
                i = j;
            } else {
                i += 1;
            }
        }
        out.push(SpanSentence {
            words: std::mem::take(words),
            sources,
            targets,
        });
        labels.clear();
    };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut words, &mut labels, &mut out);
            continue;
        }
        let mut it = line.rsplitn(2, ' ');
        let (Some(label), Some(word)) = (it.next(), it.next()) else {
            continue;
        };
        words.push(word.to_string());
        labels.push(label.to_string());
    }
    flush(&mut words, &mut labels, &mut out);
    out
}

/// Span F1 with overlap matching: a predicted span counts when it overlaps an unmatched gold
/// span (each gold span matches once).
pub fn span_prf(gold: &[Vec<(usize, usize)>], pred: &[Vec<(usize, usize)>]) -> (Prf, Prf) {
    let (mut exact, mut overlap) = ([0usize; 3], [0usize; 3]);
    for (g, p) in gold.iter().zip(pred) {
        let gs: BTreeSet<(usize, usize)> = g.iter().copied().collect();
        let ps: BTreeSet<(usize, usize)> = p.iter().copied().collect();
        count(&mut exact, &gs, &ps);
        let mut used = vec![false; g.len()];
        let mut tp = 0;
        for &(a, b) in &ps {
            if let Some(k) = (0..g.len()).find(|&k| !used[k] && g[k].0 < b && a < g[k].1) {
                used[k] = true;
                tp += 1;
            }
        }
        overlap[0] += tp;
        overlap[1] += ps.len();
        overlap[2] += gs.len();
    }
    (
        Prf::from_counts(exact[0], exact[1], exact[2]),
        Prf::from_counts(overlap[0], overlap[1], overlap[2]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const GSR: &str = r#"[{"id":"doc","event":"DOCUMENT"},
      {"text":"A hit B.","event":"ASSAULT","source":[{"code":"USA","sector":"MIL"}],"target":[{"code":"IRQ"}]},
      {"text":"A hit B.","event":"THREATEN","source":[{"code":"USA"}],"target":[]},
      {"text":"C and D met.","event":"CONSULT","source":[{"code":"FRA"},{"code":"DEU"}],"target":[{"code":"IGO"}],"cameo":"040"}]"#;

    #[test]
    fn groups_records_by_sentence_and_scores() {
        let gold = read_gsr("x", GSR).unwrap();
        assert_eq!(gold.len(), 2);
        assert_eq!(gold[0].events.len(), 2);
        assert_eq!(gold[0].events[0].sources, ["USAMIL"]);
        let p = |e: &str, c: &str, s: &str, t: &str| PredictedEvent {
            event: e.into(),
            cameo: c.into(),
            source: s.into(),
            target: t.into(),
        };
        let pred = vec![
            vec![p("ASSAULT", "180", "USAGOV", "IRQ")],
            vec![
                p("CONSULT", "042", "FRA", "IGOUNO"),
                p("AID", "070", "", ""),
            ],
        ];
        let s = score(&gold, &pred);
        assert_eq!(
            (s.event.correct, s.event.predicted, s.event.gold),
            (2, 3, 3)
        );
        // triples: gold {ASSAULT USA IRQ, THREATEN USA "", CONSULT FRA IGO, CONSULT DEU IGO}
        assert_eq!(
            (s.triple.correct, s.triple.predicted, s.triple.gold),
            (2, 3, 4)
        );
        assert_eq!(s.triple_full.correct, 0);
        assert_eq!(s.cameo_root, Some(1.0));
        assert!(read_gsr("x", "{}").is_err());
    }

    #[test]
    fn labels_follow_the_gsr_vocabulary() {
        assert_eq!(gsr_label("REQUEST", "100", ""), "DEMAND");
        assert_eq!(gsr_label("ACCUSE", "091", ""), "INVESTIGATE");
        assert_eq!(gsr_label("ACCUSE", "112", ""), "DISAPPROVE");
        assert_eq!(gsr_label("ASSAULT", "190", "RUSMIL"), "FIGHT");
        assert_eq!(gsr_label("ASSAULT", "194", "RUS"), "FIGHT");
        assert_eq!(gsr_label("ASSAULT", "190", "IRLREB"), "ASSAULT");
        assert_eq!(gsr_label("ASSAULT", "181", "RUSMIL"), "ASSAULT");
        assert_eq!(gsr_label("AGREE", "030", ""), "AGREE");
        assert_eq!(gsr_label("COERCE", "163", "USA"), "SANCTION");
        assert_eq!(gsr_label("COERCE", "192", "MMRMIL"), "FIGHT");
        assert_eq!(gsr_label("COERCE", "173", "ISRMIL"), "COERCE");
    }

    #[test]
    fn reads_cameo_ner_and_scores_spans() {
        let s = read_cameo_ner("Iraqi B-S\ntroops I-S\nattacked O\nISIS B-T\n\nX B-R\n");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].sources, [(0, 2)]);
        assert_eq!(s[0].targets, [(3, 4)]);
        assert_eq!(s[1].sources, [(0, 1)]);
        let (exact, overlap) = span_prf(&[vec![(0, 2)]], &[vec![(1, 2)]]);
        assert_eq!(exact.correct, 0);
        assert_eq!(overlap.correct, 1);
    }
}
