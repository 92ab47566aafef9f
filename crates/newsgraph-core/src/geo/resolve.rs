//! Toponym resolution: the candidates of each toponym, scored with the document as context
//! in two passes, and the best of each picked.

use std::collections::{HashMap, HashSet};

use super::evidence::{named, Document, Evidence, Named, Points, SecondPass};
use super::gazetteer::{distance_km, normalise, Gazetteer, Home, Kind};
use super::recognise::{FUNCTION_WORDS, GENERIC};
use super::score::Scorer;
use super::{Resolution, Toponym};
use crate::segment::Span;

/// Readings closer than this are one place for [`Resolution::confidence`].
const SAME_SPOT_KM: f64 = 50.0;

/// The margin of a winner with no rival more than [`SAME_SPOT_KM`] away.
const NO_RIVAL_MARGIN: f64 = 10.0;

/// The margin over which [`Resolution::confidence`] closes on 1 by a factor e.
const CONFIDENCE_MARGIN: f64 = 2.0;

/// The confidence above which a first-pass place anchors the second pass.
const ANCHOR_CONFIDENCE: f64 = 0.5;

/// The least population of a town that a name with the definite article can be ("the West",
/// "the Gulf" are regions, not small towns).
const TOWN_WITH_ARTICLE: u64 = 100_000;

/// The gazetteer entries a toponym may refer to: the entries of its name, and the country of
/// a demonym used as a place ("American officials" annotated as the country), even where a
/// town has the name ("Canadian", Texas). [`resolve`] picks one of these.
pub fn candidates(text: &str, t: &Toponym, gaz: &Gazetteer) -> Vec<u32> {
    if let Some(cc) = &t.capital_of {
        return gaz.capital(cc).into_iter().collect();
    }
    let name = &text[t.start..t.end];
    let mut found = gaz.lookup(name).to_vec();
    let singular = name.strip_suffix('s').unwrap_or(name);
    if let Some(k) = gaz
        .demonym(name)
        .or_else(|| gaz.demonym(singular))
        .and_then(|cc| gaz.country(cc))
    {
        if !found.contains(&k) {
            found.push(k);
        }
    }
    found
}

/// Resolves toponyms against the gazetteer with the whole document as context, and the home
/// of the outlet that published it when known (local news names its own town and state
/// without qualifying them).
pub fn resolve(
    text: &str,
    toponyms: &[Toponym],
    tokens: &[Span],
    gaz: &Gazetteer,
    home: Option<&Home>,
) -> Vec<Option<Resolution>> {
    resolve_in(text, toponyms, tokens, gaz, home, &mut Evidence::default())
}

/// [`resolve`] for one window of a longer document: `evidence` holds what the windows before
/// it found, and takes in what this one finds.
pub fn resolve_in(
    text: &str,
    toponyms: &[Toponym],
    tokens: &[Span],
    gaz: &Gazetteer,
    home: Option<&Home>,
    evidence: &mut Evidence,
) -> Vec<Option<Resolution>> {
    let Evidence {
        named: carried,
        mut placed,
    } = std::mem::take(evidence);
    let cands: Vec<Vec<u32>> = toponyms.iter().map(|t| candidates(text, t, gaz)).collect();
    // Each toponym's normalised text, computed once for every use below.
    let surface: Vec<String> = toponyms
        .iter()
        .map(|t| normalise(&text[t.start..t.end]))
        .collect();
    let (mut countries, mut regions) = named(text, toponyms, &cands, &surface, tokens, gaz, home);
    // what this window names, for the windows after it
    let named_here = Named {
        countries: countries.iter().map(|c| c.to_string()).collect(),
        regions: regions
            .iter()
            .map(|(c, a)| (c.to_string(), a.to_string()))
            .collect(),
    };
    countries.extend(carried.countries.iter().map(String::as_str));
    regions.extend(
        carried
            .regions
            .iter()
            .map(|(c, a)| (c.as_str(), a.as_str())),
    );
    let doc = Document::read(
        text, toponyms, &cands, &surface, gaz, home, countries, regions,
    );
    let scorer = Scorer { doc: &doc };
    let plausible = Plausible::read(&doc);
    let names = senses(toponyms, &surface);
    let first = pick(&scorer, &plausible, &names, &SecondPass::default());
    // coherence: the second pass weighs this window's confident places and the earlier
    // windows', and the windows after this one take them all
    let here = anchors(&first, gaz);
    let anchored = Points::new([here, std::mem::take(&mut placed.anchors).0].concat());
    for (r, name) in first.iter().zip(&names) {
        if let Some(r) = r {
            placed.count(name, gaz.entry(r.entry));
        }
    }
    let second = SecondPass {
        anchors: anchored,
        focus_country: placed.focus_country(),
        focus_admin1: placed.focus_admin1(),
    };
    let resolved = pick(&scorer, &plausible, &names, &second);
    placed.anchors = second.anchors;
    let mut all_named = carried;
    all_named.countries.extend(named_here.countries);
    all_named.regions.extend(named_here.regions);
    *evidence = Evidence {
        named: all_named,
        placed,
    };
    resolved
}

/// The name each toponym is known by for one sense per discourse: every mention of a name
/// takes the reading its best-evidenced mention supports ("Paris, Ill." early on decides a
/// later bare "Paris"). "The Chinese capital" is known as the capital of its country.
fn senses(toponyms: &[Toponym], surface: &[String]) -> Vec<String> {
    toponyms
        .iter()
        .zip(surface)
        .map(|(t, name)| match &t.capital_of {
            Some(cc) => format!("capital of {cc}"),
            None => name.clone(),
        })
        .collect()
}

/// Picks each toponym's best plausible reading, every mention of a name (`names`, from
/// [`senses`]) scoring each reading as its best mention does; keeps the runner-up and the
/// confidence.
fn pick(
    scorer: &Scorer<'_, '_>,
    plausible: &Plausible<'_, '_>,
    names: &[String],
    pass: &SecondPass,
) -> Vec<Option<Resolution>> {
    let gaz = scorer.doc.gaz;
    let scored: Vec<Vec<(f64, u32)>> = (0..names.len())
        .map(|i| {
            scorer.doc.cands[i]
                .iter()
                .filter(|&&k| plausible.allows(i, k))
                .map(|&k| (scorer.score(i, k, pass), k))
                .collect()
        })
        .collect();
    let mut best_of: HashMap<(&str, u32), f64> = HashMap::new();
    for (i, list) in scored.iter().enumerate() {
        for &(sc, k) in list {
            let b = best_of.entry((names[i].as_str(), k)).or_insert(sc);
            *b = b.max(sc);
        }
    }
    scored
        .into_iter()
        .enumerate()
        .map(|(i, list)| {
            let mut list: Vec<(f64, u32)> = list
                .into_iter()
                .map(|(_, k)| (best_of[&(names[i].as_str(), k)], k))
                .collect();
            list.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let (best, k) = *list.first()?;
            let runner = list.get(1);
            // confidence is in the point, not the entry: a rival at the same spot (the
            // West Bank as a GeoNames region and as a supplement one) takes none of it
            let (lat, lon) = (gaz.entry(k).lat, gaz.entry(k).lon);
            let margin = list[1..]
                .iter()
                .find(|r| {
                    let e = gaz.entry(r.1);
                    distance_km(lat, lon, e.lat, e.lon) > SAME_SPOT_KM
                })
                .map_or(NO_RIVAL_MARGIN, |r| best - r.0);
            Some(Resolution {
                entry: k,
                runner_up: runner.map(|r| r.1),
                confidence: confidence(margin),
            })
        })
        .collect()
}

/// The confidence a winner's margin over its best rival elsewhere gives, in [0, 1).
fn confidence(margin: f64) -> f64 {
    1.0 - (-margin / CONFIDENCE_MARGIN).exp()
}

/// Where the first pass placed cities and regions with confidence over
/// [`ANCHOR_CONFIDENCE`].
fn anchors(first: &[Option<Resolution>], gaz: &Gazetteer) -> Vec<(f64, f64)> {
    first
        .iter()
        .flatten()
        .filter(|r| r.confidence > ANCHOR_CONFIDENCE)
        .map(|r| gaz.entry(r.entry))
        .filter(|e| matches!(e.kind, Kind::City | Kind::Admin1 | Kind::Admin2))
        .map(|e| (e.lat, e.lon))
        .collect()
}

/// What a toponym's own context rules out, before any scoring: per toponym, the cues of
/// [`dateline`], [`state_of`], [`with_article`] and [`longer_city`].
struct Plausible<'d, 'a> {
    doc: &'d Document<'a>,
    dateline: Vec<bool>,
    state_of: Vec<bool>,
    with_article: Vec<bool>,
    longer_city: Vec<Option<String>>,
}

impl<'d, 'a> Plausible<'d, 'a> {
    /// Reads the cues of every toponym.
    fn read(doc: &'d Document<'a>) -> Self {
        let (text, gaz) = (doc.text, doc.gaz);
        let toponyms = doc.toponyms.iter().zip(doc.cands);
        Plausible {
            doc,
            dateline: toponyms
                .clone()
                .map(|(t, c)| dateline(text, t, c, gaz))
                .collect(),
            state_of: toponyms.map(|(t, c)| state_of(text, t, c, gaz)).collect(),
            with_article: doc.toponyms.iter().map(|t| with_article(text, t)).collect(),
            longer_city: longer_city(doc.surface),
        }
    }

    /// Whether entry `k` can be what toponym `i` refers to.
    fn allows(&self, i: usize, k: u32) -> bool {
        let e = self.doc.gaz.entry(k);
        if self.dateline[i] && e.kind != Kind::City {
            return false;
        }
        if self.state_of[i] && e.kind != Kind::Admin1 {
            return false;
        }
        if e.kind == Kind::City
            && self.longer_city[i]
                .as_ref()
                .is_some_and(|c| normalise(&e.name) == *c)
        {
            return false;
        }
        // a bare direction ("Central", "the West") is never a town of that name, nor a
        // province of a country the article does not name
        if GENERIC.contains(&self.doc.surface[i].as_str()) {
            let countries = &self.doc.countries;
            return match e.kind {
                Kind::City => false,
                // a region of one country ("Western", a former province of Kenya) too
                Kind::Admin1 | Kind::Admin2 => countries.contains(e.country.as_str()),
                Kind::Region => e.country.is_empty() || countries.contains(e.country.as_str()),
                Kind::Country => true,
            };
        }
        !self.with_article[i] || e.kind != Kind::City || e.population >= TOWN_WITH_ARTICLE
    }
}

/// "the West", "the Gulf": a name used with the definite article is a region, not a small
/// town or a far-away province of the same name (where the article is the name's own, not
/// a longer name's or a noun's after it).
fn with_article(text: &str, t: &Toponym) -> bool {
    let before = text[..t.start].trim_end();
    let last = before.rsplit(char::is_whitespace).next().unwrap_or("");
    // "the Paris-Henry County Arts Council": the article belongs to the longer name;
    // in "the Kabanjahe district", "the Pirbright laboratory" to the noun after it
    let after = text[t.end..].trim_start_matches(' ');
    let inside_name = after.starts_with('-') || after.starts_with(char::is_uppercase);
    // "the Chiefland or Cross City areas": past "and" / "or" and the names after it
    let words: Vec<&str> = after.split(' ').filter(|w| !w.is_empty()).take(6).collect();
    let mut next = words.first().copied().unwrap_or("");
    if next == "and" || next == "or" {
        let names = words[1..]
            .iter()
            .take_while(|w| w.starts_with(char::is_uppercase))
            .count();
        next = if names > 0 {
            words.get(1 + names).copied().unwrap_or("")
        } else {
            ""
        };
    }
    let next = next
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let modifies_noun =
        !next.is_empty() && next.chars().all(char::is_lowercase) && !FUNCTION_WORDS.contains(&next);
    t.capital_of.is_none() && last.eq_ignore_ascii_case("the") && !inside_name && !modifies_noun
}

/// Per toponym, "<name> city" where the article names that too: beside "Mexico City" a bare
/// "Mexico" is not the city, which the writer calls by its longer name.
fn longer_city(surface: &[String]) -> Vec<Option<String>> {
    let surfaces: HashSet<&str> = surface.iter().map(String::as_str).collect();
    surface
        .iter()
        .map(|s| Some(format!("{s} city")).filter(|c| surfaces.contains(c.as_str())))
        .collect()
}

/// A dateline ("WASHINGTON — ", "MANSFIELD -- "): news agencies date a story from a town, so
/// a name in capitals before a dash is a town where the name has one.
fn dateline(text: &str, t: &Toponym, cands: &[u32], gaz: &Gazetteer) -> bool {
    let name = &text[t.start..t.end];
    let after = text[t.end..].trim_start_matches(' ');
    let dash = ["—", "–", "--", "- "].iter().any(|d| after.starts_with(d));
    dash && name.chars().filter(|ch| ch.is_alphabetic()).count() >= 3
        && !name.chars().any(char::is_lowercase)
        && cands.iter().any(|&k| gaz.entry(k).kind == Kind::City)
}

/// "the state of Washington", "the province of Ontario": the first-level region, where the
/// name has one.
fn state_of(text: &str, t: &Toponym, cands: &[u32], gaz: &Gazetteer) -> bool {
    let mut words = text[..t.start].split_whitespace().rev();
    let (of, what) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    of.eq_ignore_ascii_case("of")
        && (what.eq_ignore_ascii_case("state") || what.eq_ignore_ascii_case("province"))
        && cands.iter().any(|&k| gaz.entry(k).kind == Kind::Admin1)
}

#[cfg(test)]
mod tests;
