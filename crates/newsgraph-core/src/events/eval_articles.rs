//! Scoring the event coder on whole annotated articles (`annotations/articles/*.json`, made
//! by the guideline `annotations/GUIDELINE.md`).
//!
//! An annotation holds byte offsets into the article's text, codes and flags, no text. A gold
//! event belongs to the predicted sentence that holds its verb. Within a sentence, gold and
//! predicted events are paired one to one on a key, at three levels:
//! - `event`: the PLOVER type;
//! - `triple`: type + source + target on their country ([`country`]: three letters, six for an
//!   IGO), the GSR's level;
//! - `triple_role`: type + source + target on country and role ([`country_role`]: the country
//!   and the last role of the code, so `CHNGOVMED` is `CHNMED`, as the guideline codes state
//!   media).
//!
//! Counts are summed over articles (micro average). Among the `triple` pairs, the share whose
//! `hypothetical` and `negated` flags agree is reported beside.
//!
//! The same annotations score the geoparser on whole articles ([`score_places`]): a predicted
//! place is found when it overlaps a gold place (one to one), and right when it also has the
//! gold place's GeoNames id.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::eval::Prf;

/// One annotated article.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ArticleGold {
    /// The article: a path under the corpora folder (`bbc-news-2225/politics/058.txt`).
    pub doc: String,
    /// SHA-256 (hex) of the text the offsets point into.
    pub text_sha256: String,
    /// `dev` (for tuning) or `test` (held out).
    pub split: String,
    /// People and organisations with their mentions.
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
    /// Place names.
    #[serde(default)]
    pub places: Vec<GoldPlace>,
    /// Direct quotations.
    #[serde(default)]
    pub quotations: Vec<GoldQuotation>,
    /// Political events.
    #[serde(default)]
    pub events: Vec<ArticleEvent>,
}

/// A person or organisation and every mention of it (names, descriptions, pronouns).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GoldEntity {
    /// `E1`, `E2`, …
    pub id: String,
    /// `PER` or `ORG`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Actor code (may be empty).
    #[serde(default)]
    pub code: String,
    /// Byte spans.
    pub mentions: Vec<[usize; 2]>,
}

/// A place name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GoldPlace {
    /// Byte span.
    pub span: [usize; 2],
    /// GeoNames id (none when the gazetteer lacks the place).
    pub geonameid: Option<u64>,
    /// Country, Admin1, Admin2, City, Region or Other.
    pub kind: String,
    /// The name stands for a government or team ("Washington said").
    #[serde(default)]
    pub metonymic: bool,
}

/// A direct quotation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GoldQuotation {
    /// Byte span of the quoted words.
    pub span: [usize; 2],
    /// The speaker's entity id.
    pub speaker: Option<String>,
    /// The speaker's actor code when the speaker is not an entity.
    #[serde(default)]
    pub speaker_code: String,
}

/// One gold event of an article.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ArticleEvent {
    /// Byte span of the evidence quote.
    pub evidence: [usize; 2],
    /// Byte span of the predicate.
    pub verb: [usize; 2],
    /// PLOVER 2021 type.
    #[serde(rename = "type")]
    pub kind: String,
    /// CAMEO code (two to four digits).
    pub cameo: String,
    /// Source actor code ("" when none).
    #[serde(default)]
    pub source: String,
    /// Target actor code ("" when none).
    #[serde(default)]
    pub target: String,
    /// Planned, proposed or conditional.
    #[serde(default)]
    pub hypothetical: bool,
    /// Reported as not done.
    #[serde(default)]
    pub negated: bool,
}

/// What the coder said about one event, in the scorer's terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticlePrediction {
    /// Index of its sentence.
    pub sentence: usize,
    /// PLOVER type.
    pub kind: String,
    /// Source code ("" when none).
    pub source: String,
    /// Target code ("" when none).
    pub target: String,
    /// Flagged hypothetical.
    pub hypothetical: bool,
    /// Flagged negated.
    pub negated: bool,
}

/// Reads one annotation file.
///
/// # Errors
/// Not JSON of the annotation's shape, or a span that is empty or reversed.
pub fn read_annotation(path: &str, json: &str) -> Result<ArticleGold> {
    let bad = |reason: String| Error::Format {
        path: path.to_string(),
        line: 0,
        reason,
    };
    let gold: ArticleGold = serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
    let spans = gold
        .events
        .iter()
        .flat_map(|e| [e.evidence, e.verb])
        .chain(gold.places.iter().map(|p| p.span))
        .chain(gold.quotations.iter().map(|q| q.span))
        .chain(
            gold.entities
                .iter()
                .flat_map(|e| e.mentions.iter().copied()),
        );
    for [s, e] in spans {
        if s >= e {
            return Err(bad(format!("empty or reversed span [{s}, {e}]")));
        }
    }
    Ok(gold)
}

pub use super::actors::{code_country as country, last_role};

/// The country and the last three-letter role of an actor code (`CHNGOVMED` → `CHNMED`,
/// `GBR` → `GBR`).
pub fn country_role(code: &str) -> String {
    format!("{}{}", country(code), last_role(code))
}

/// What a gold and a predicted event must share, besides their sentence, to pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The PLOVER type.
    Event,
    /// Type, source country and target country.
    Triple,
    /// Type, source and target country and role.
    TripleRole,
}

/// An event's key at a level: its sentence, type, source and target as compared.
type Key = (usize, String, String, String);

impl Level {
    fn key(self, sentence: usize, kind: &str, source: &str, target: &str) -> Key {
        let (s, t) = match self {
            Level::Event => (String::new(), String::new()),
            Level::Triple => (country(source).to_string(), country(target).to_string()),
            Level::TripleRole => (country_role(source), country_role(target)),
        };
        (sentence, kind.to_string(), s, t)
    }
}

/// Each gold event with the index of the predicted sentence holding its verb; gold events in
/// no sentence are left out.
fn place<'a>(
    gold: &'a [ArticleEvent],
    sentences: &[(usize, usize)],
) -> Vec<(usize, &'a ArticleEvent)> {
    gold.iter()
        .filter_map(|g| {
            sentences
                .iter()
                .position(|&(s, e)| s <= g.verb[0] && g.verb[0] < e)
                .map(|i| (i, g))
        })
        .collect()
}

/// One article's counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ArticleCounts {
    /// Gold events.
    pub gold: usize,
    /// Predicted events.
    pub predicted: usize,
    /// Pairs on type.
    pub event: usize,
    /// Pairs on type + countries.
    pub triple: usize,
    /// Pairs on type + countries and roles.
    pub triple_role: usize,
    /// `triple` pairs whose hypothetical flags agree.
    pub hypothetical_agree: usize,
    /// `triple` pairs whose negated flags agree.
    pub negated_agree: usize,
    /// Gold events whose verb lies in no predicted sentence (not scored).
    pub unplaced: usize,
}

/// Scores one article: `sentences` are the predicted sentences' byte spans.
pub fn score_article(
    gold: &[ArticleEvent],
    sentences: &[(usize, usize)],
    predicted: &[ArticlePrediction],
) -> ArticleCounts {
    let placed = place(gold, sentences);
    let any = |_: &ArticleEvent, _: &ArticlePrediction| true;
    let flags_agree = |g: &ArticleEvent, p: &ArticlePrediction| {
        g.hypothetical == p.hypothetical && g.negated == p.negated
    };
    let triples = pairs(Level::Triple, &placed, predicted, flags_agree);
    let agreeing = |same: fn(&ArticleEvent, &ArticlePrediction) -> bool| {
        triples
            .iter()
            .filter(|&&(g, p)| same(placed[g].1, &predicted[p]))
            .count()
    };
    ArticleCounts {
        gold: placed.len(),
        predicted: predicted.len(),
        event: pairs(Level::Event, &placed, predicted, any).len(),
        triple: triples.len(),
        triple_role: pairs(Level::TripleRole, &placed, predicted, any).len(),
        hypothetical_agree: agreeing(|g, p| g.hypothetical == p.hypothetical),
        negated_agree: agreeing(|g, p| g.negated == p.negated),
        unplaced: gold.len() - placed.len(),
    }
}

/// Which predictions pair with a gold event at `level`: the labels the event filter learns
/// from (at `Level::Event`).
pub fn matches(
    level: Level,
    gold: &[ArticleEvent],
    sentences: &[(usize, usize)],
    predicted: &[ArticlePrediction],
) -> Vec<bool> {
    let mut hit = vec![false; predicted.len()];
    for (_, p) in pairs(level, &place(gold, sentences), predicted, |_, _| true) {
        hit[p] = true;
    }
    hit
}

/// One-to-one pairs of (gold, predicted) indices with equal keys at `level`; among equal keys
/// a pair the `prefer` test passes is taken first, so the flags are compared where they can
/// agree.
fn pairs(
    level: Level,
    gold: &[(usize, &ArticleEvent)],
    predicted: &[ArticlePrediction],
    prefer: impl Fn(&ArticleEvent, &ArticlePrediction) -> bool,
) -> Vec<(usize, usize)> {
    let pkeys: Vec<Key> = predicted
        .iter()
        .map(|p| level.key(p.sentence, &p.kind, &p.source, &p.target))
        .collect();
    let gkeys: Vec<Key> = gold
        .iter()
        .map(|(i, g)| level.key(*i, &g.kind, &g.source, &g.target))
        .collect();
    let mut used = vec![false; predicted.len()];
    let mut paired = vec![false; gold.len()];
    let mut out = Vec::new();
    for pass in [true, false] {
        for (gi, (_, g)) in gold.iter().enumerate() {
            if paired[gi] {
                continue;
            }
            let hit = (0..predicted.len()).find(|&pi| {
                !used[pi] && pkeys[pi] == gkeys[gi] && (!pass || prefer(g, &predicted[pi]))
            });
            if let Some(pi) = hit {
                used[pi] = true;
                paired[gi] = true;
                out.push((gi, pi));
            }
        }
    }
    out
}

/// Figures over a set of articles.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ArticleScores {
    /// Articles scored.
    pub articles: usize,
    /// Words (predicted tokens) in them.
    pub words: usize,
    /// Type alone.
    pub event: Prf,
    /// Type + source + target countries.
    pub triple: Prf,
    /// Type + source + target countries and roles.
    pub triple_role: Prf,
    /// Share of `triple` pairs with agreeing hypothetical flags.
    pub hypothetical_agreement: f64,
    /// Share of `triple` pairs with agreeing negated flags.
    pub negated_agreement: f64,
    /// Gold events not scored because their verb lies in no predicted sentence.
    pub unplaced: usize,
}

/// Sums articles' counts: `(counts, words)` each.
pub fn total<'a>(items: impl IntoIterator<Item = (&'a ArticleCounts, usize)>) -> ArticleScores {
    let mut sum = ArticleCounts::default();
    let (mut articles, mut words) = (0, 0);
    for (c, w) in items {
        articles += 1;
        words += w;
        sum.gold += c.gold;
        sum.predicted += c.predicted;
        sum.event += c.event;
        sum.triple += c.triple;
        sum.triple_role += c.triple_role;
        sum.hypothetical_agree += c.hypothetical_agree;
        sum.negated_agree += c.negated_agree;
        sum.unplaced += c.unplaced;
    }
    let share = |a: usize| {
        if sum.triple == 0 {
            0.0
        } else {
            a as f64 / sum.triple as f64
        }
    };
    ArticleScores {
        articles,
        words,
        event: Prf::from_counts(sum.event, sum.predicted, sum.gold),
        triple: Prf::from_counts(sum.triple, sum.predicted, sum.gold),
        triple_role: Prf::from_counts(sum.triple_role, sum.predicted, sum.gold),
        hypothetical_agreement: share(sum.hypothetical_agree),
        negated_agreement: share(sum.negated_agree),
        unplaced: sum.unplaced,
    }
}

/// The group an annotation belongs to, from its file name (`bbc-politics-058` →
/// `bbc-politics`, `timebank-ABC19980108…` → `timebank`).
pub fn group(slug: &str) -> &str {
    if let Some(rest) = slug.strip_prefix("bbc-") {
        let n = rest.find('-').map_or(slug.len(), |i| 4 + i);
        return &slug[..n];
    }
    slug.split('-').next().unwrap_or(slug)
}

/// Articles grouped for the report, in name order.
pub fn by_group<T>(items: &[(String, T)]) -> BTreeMap<&str, Vec<&T>> {
    let mut m: BTreeMap<&str, Vec<&T>> = BTreeMap::new();
    for (slug, t) in items {
        m.entry(group(slug)).or_default().push(t);
    }
    m
}

/// What the geoparser said about one place name, in the place scorer's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacePrediction {
    /// Byte span of the name.
    pub span: [usize; 2],
    /// The GeoNames id it was resolved to.
    pub geonameid: Option<u64>,
}

/// One article's place counts: recognition by overlapping span, resolution by GeoNames id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PlaceCounts {
    /// Gold places.
    pub gold: usize,
    /// Gold places with a GeoNames id (the ones resolution can be right on).
    pub gold_with_id: usize,
    /// Gold places that stand for a government ("Washington said").
    pub metonymic: usize,
    /// Predicted places.
    pub predicted: usize,
    /// Predicted places overlapping a gold place (one to one).
    pub found: usize,
    /// Of those, with the gold place's GeoNames id.
    pub right: usize,
    /// Found places whose gold has an id.
    pub found_with_id: usize,
}

impl PlaceCounts {
    /// Adds another article's counts.
    pub fn add(&mut self, o: &PlaceCounts) {
        self.gold += o.gold;
        self.gold_with_id += o.gold_with_id;
        self.metonymic += o.metonymic;
        self.predicted += o.predicted;
        self.found += o.found;
        self.right += o.right;
        self.found_with_id += o.found_with_id;
    }

    /// Recognition: predicted places overlapping a gold place.
    pub fn recognition(&self) -> Prf {
        Prf::from_counts(self.found, self.predicted, self.gold)
    }

    /// End to end: a prediction is right when it overlaps a gold place and has its GeoNames
    /// id (GeoNames' points are the reference, so the id decides).
    pub fn end_to_end(&self) -> Prf {
        Prf::from_counts(self.right, self.predicted, self.gold)
    }

    /// Resolution alone: of the found places whose gold has an id, the share with that id.
    pub fn resolution_accuracy(&self) -> f64 {
        if self.found_with_id == 0 {
            0.0
        } else {
            self.right as f64 / self.found_with_id as f64
        }
    }
}

/// Pairs predicted and gold places one to one, each gold place with the first unpaired
/// prediction overlapping it (in text order), and gives the pairs as (gold, predicted).
pub fn place_pairs(gold: &[GoldPlace], predicted: &[PlacePrediction]) -> Vec<(usize, usize)> {
    let overlaps = |a: [usize; 2], b: [usize; 2]| a[0] < b[1] && b[0] < a[1];
    let mut used = vec![false; predicted.len()];
    let mut out = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        if let Some(pi) =
            (0..predicted.len()).find(|&pi| !used[pi] && overlaps(g.span, predicted[pi].span))
        {
            used[pi] = true;
            out.push((gi, pi));
        }
    }
    out
}

/// Scores one article's predicted places against its gold places.
pub fn score_places(gold: &[GoldPlace], predicted: &[PlacePrediction]) -> PlaceCounts {
    let mut c = PlaceCounts {
        gold: gold.len(),
        gold_with_id: gold.iter().filter(|g| g.geonameid.is_some()).count(),
        metonymic: gold.iter().filter(|g| g.metonymic).count(),
        predicted: predicted.len(),
        ..PlaceCounts::default()
    };
    for (gi, pi) in place_pairs(gold, predicted) {
        c.found += 1;
        if let Some(id) = gold[gi].geonameid {
            c.found_with_id += 1;
            if predicted[pi].geonameid == Some(id) {
                c.right += 1;
            }
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_found_by_overlap_and_right_by_geonames_id() {
        let gold = [
            GoldPlace {
                span: [0, 6],
                geonameid: Some(2017370),
                kind: "Country".into(),
                metonymic: true,
            },
            GoldPlace {
                span: [20, 25],
                geonameid: Some(1816670),
                kind: "City".into(),
                metonymic: false,
            },
            GoldPlace {
                span: [40, 45],
                geonameid: None,
                kind: "City".into(),
                metonymic: false,
            },
        ];
        let predicted = [
            PlacePrediction {
                span: [0, 6],
                geonameid: Some(2017370),
            },
            // Found, but another place of that name.
            PlacePrediction {
                span: [20, 25],
                geonameid: Some(1),
            },
            // No gold place here: a false place.
            PlacePrediction {
                span: [30, 35],
                geonameid: Some(2),
            },
        ];
        let c = score_places(&gold, &predicted);
        assert_eq!(
            (c.gold, c.gold_with_id, c.metonymic, c.predicted),
            (3, 2, 1, 3)
        );
        assert_eq!((c.found, c.right, c.found_with_id), (2, 1, 2));
        assert!((c.end_to_end().precision - 1.0 / 3.0).abs() < 1e-9);
        assert!((c.resolution_accuracy() - 0.5).abs() < 1e-9);
    }

    fn gold(verb: usize, kind: &str, source: &str, target: &str) -> ArticleEvent {
        ArticleEvent {
            evidence: [verb, verb + 10],
            verb: [verb, verb + 3],
            kind: kind.into(),
            cameo: "01".into(),
            source: source.into(),
            target: target.into(),
            hypothetical: false,
            negated: false,
        }
    }

    fn pred(sentence: usize, kind: &str, source: &str, target: &str) -> ArticlePrediction {
        ArticlePrediction {
            sentence,
            kind: kind.into(),
            source: source.into(),
            target: target.into(),
            hypothetical: false,
            negated: false,
        }
    }

    #[test]
    fn codes_compare_on_country_and_last_role() {
        assert_eq!(country("RUSGOV"), "RUS");
        assert_eq!(country("IGOUNODEVWBK"), "IGOUNO");
        assert_eq!(country(""), "");
        assert_eq!(country_role("CHNGOVMED"), "CHNMED");
        assert_eq!(country_role("GBR"), "GBR");
        assert_eq!(country_role("IGOEUREEC"), "IGOEUREEC");
        assert_eq!(country_role("---CVL"), "---CVL");
    }

    #[test]
    fn pairs_are_one_to_one_within_a_sentence() {
        let sentences = [(0, 50), (50, 100)];
        let g = [
            gold(5, "ACCUSE", "GBROPP", "GBRGOV"),
            gold(60, "CONSULT", "RUSGOV", "CHN"),
        ];
        let p = [
            pred(0, "ACCUSE", "GBROPP", "GBRGOV"),
            pred(0, "ACCUSE", "GBROPP", "GBRGOV"), // a duplicate is a false positive
            pred(0, "CONSULT", "RUSGOV", "CHN"),   // right event, wrong sentence
            pred(1, "CONSULT", "RUSGOVMIL", "CHN"),
        ];
        let c = score_article(&g, &sentences, &p);
        assert_eq!((c.gold, c.predicted), (2, 4));
        assert_eq!(c.event, 2);
        assert_eq!(c.triple, 2);
        assert_eq!(c.triple_role, 1, "RUSGOVMIL is RUSMIL, not RUSGOV");
    }

    #[test]
    fn flags_are_compared_on_the_pairs() {
        let mut g = gold(5, "ASSAULT", "RUS", "UKR");
        g.negated = true;
        let mut p = pred(0, "ASSAULT", "RUS", "UKR");
        let c = score_article(
            std::slice::from_ref(&g),
            &[(0, 50)],
            std::slice::from_ref(&p),
        );
        assert_eq!((c.triple, c.negated_agree, c.hypothetical_agree), (1, 0, 1));
        p.negated = true;
        let c = score_article(&[g], &[(0, 50)], &[p]);
        assert_eq!(c.negated_agree, 1);
    }

    #[test]
    fn a_gold_event_outside_every_sentence_is_counted_apart() {
        let c = score_article(&[gold(500, "AID", "", "")], &[(0, 50)], &[]);
        assert_eq!((c.gold, c.unplaced), (0, 1));
    }

    #[test]
    fn totals_are_micro_averages() {
        let a = ArticleCounts {
            gold: 4,
            predicted: 2,
            event: 2,
            triple: 1,
            triple_role: 1,
            hypothetical_agree: 1,
            negated_agree: 1,
            unplaced: 0,
        };
        let b = ArticleCounts {
            gold: 0,
            predicted: 6,
            ..ArticleCounts::default()
        };
        let t = total([(&a, 100), (&b, 300)]);
        assert_eq!((t.articles, t.words), (2, 400));
        assert_eq!(t.event.precision, 0.25);
        assert_eq!(t.event.recall, 0.5);
        assert_eq!(t.triple.correct, 1);
    }

    #[test]
    fn groups_come_from_the_file_name() {
        assert_eq!(group("bbc-politics-058"), "bbc-politics");
        assert_eq!(group("timebank-ABC19980108.1830.0711"), "timebank");
        assert_eq!(group("aquaint-APW20000216.0272"), "aquaint");
    }

    #[test]
    fn annotations_with_bad_spans_are_refused() {
        let ok = r#"{"doc":"d","text_sha256":"x","split":"dev","events":[{"evidence":[0,9],"verb":[0,3],"type":"AID","cameo":"07"}]}"#;
        assert_eq!(read_annotation("a.json", ok).unwrap().events.len(), 1);
        let bad = ok.replace("[0,3]", "[3,3]");
        assert!(read_annotation("a.json", &bad).is_err());
        assert!(read_annotation("a.json", "[]").is_err());
    }
}
