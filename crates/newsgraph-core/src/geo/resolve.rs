//! Toponym resolution: the candidates of each toponym, scored with the document as context
//! in two passes, and the best of each picked.

use std::collections::HashSet;

use super::evidence::{Evidence, Points, SecondPass};
use super::gazetteer::{self, distance_km, normalise, Gazetteer, Home, Kind};
use super::recognise::{FUNCTION_WORDS, GENERIC};
use super::score::*;
use super::{Resolution, Toponym};
use crate::segment::Span;

/// Readings closer than this are one place for [`Resolution::confidence`].
const SAME_SPOT_KM: f64 = 50.0;

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
    let carried = std::mem::take(evidence);
    let cands: Vec<Vec<u32>> = toponyms.iter().map(|t| candidates(text, t, gaz)).collect();
    // Each toponym's normalised text, computed once for every use below.
    let surface: Vec<String> = toponyms
        .iter()
        .map(|t| normalise(&text[t.start..t.end]))
        .collect();
    // Document context: countries named or implied by demonyms, regions named.
    let mut countries: HashSet<&str> = HashSet::new();
    let mut regions: HashSet<(&str, &str)> = HashSet::new();
    for ((t, c), name) in toponyms.iter().zip(&cands).zip(&surface) {
        for &k in c {
            let e = gaz.entry(k);
            // the name is one of the entry's own names (not a demonym standing in for it)
            let exact = normalise(&e.name) == *name || gaz.lookup(name).contains(&k);
            match e.kind {
                Kind::Country if exact => {
                    countries.insert(&e.country);
                }
                Kind::Admin1 if exact && c.len() == 1 => {
                    regions.insert((&e.country, &e.admin1));
                    countries.insert(&e.country);
                }
                _ => {}
            }
        }
        if let Some(cc) = &t.capital_of {
            countries.insert(cc);
        }
        // a name whose every reading lies in one country ("Edgar County") implies it; a bare
        // direction ("Western") implies nothing
        if let Some(&k0) = c.first().filter(|_| !GENERIC.contains(&name.as_str())) {
            let cc = &gaz.entry(k0).country;
            if !cc.is_empty() && c.iter().all(|&k| gaz.entry(k).country == *cc) {
                countries.insert(cc);
            }
        }
    }
    for tok in tokens {
        if let Some(cc) = gaz.demonym(tok.slice(text)) {
            countries.insert(cc);
        }
    }
    if let Some(h) = home {
        countries.insert(&h.country);
    }
    // what this window names, for the windows after it
    let named_here: (Vec<String>, Vec<(String, String)>) = (
        countries.iter().map(|c| c.to_string()).collect(),
        regions
            .iter()
            .map(|(c, a)| (c.to_string(), a.to_string()))
            .collect(),
    );
    countries.extend(carried.countries.iter().map(String::as_str));
    regions.extend(
        carried
            .regions
            .iter()
            .map(|(c, a)| (c.as_str(), a.as_str())),
    );
    // "X, Y": Y (a region or country) qualifies X when a reading of X lies in a reading of Y.
    let inside = |k: u32, qk: u32| {
        let (e, qe) = (gaz.entry(k), gaz.entry(qk));
        (qe.kind == Kind::Country && qe.country == e.country)
            || (qe.kind == Kind::Admin1 && qe.country == e.country && qe.admin1 == e.admin1)
    };
    // How each name is joined to the next: by a comma (false), by "and" / "or" (true), or not.
    let joined: Vec<Option<bool>> = (0..toponyms.len())
        .map(|i| {
            let next = toponyms.get(i + 1)?;
            let between = text.get(toponyms[i].end..next.start)?.trim();
            match between {
                "," => Some(false),
                "and" | "or" | ", and" | ", or" => Some(true),
                _ => None,
            }
        })
        .collect();
    let comma_after: Vec<bool> = joined.iter().map(|j| *j == Some(false)).collect();
    // A chain qualifies step by step ("Toronto, Ontario, Canada"); in a list ("Georgia,
    // Oklahoma, Pennsylvania") the item before does not lie in the next, and the next name is
    // another item, not a qualifier (no Oklahoma, Pennsylvania).
    let qualifier: Vec<Option<usize>> = (0..toponyms.len())
        .map(|i| {
            if !comma_after[i] {
                return None;
            }
            let listed = i.checked_sub(1).is_some_and(|p| {
                comma_after[p]
                    && !cands[p]
                        .iter()
                        .any(|&k| cands[i].iter().any(|&qk| inside(k, qk)))
            });
            (!listed).then_some(i + 1)
        })
        .collect();

    // Lists: names joined by commas, "and" or "or" ("Ontario, Alberta and New Brunswick";
    // "Russia, Georgia and Ukraine") are things of one kind. A reading of the kind (country,
    // or first- or second-level region of one country) that other items of the list can also
    // be takes support from each of them. A list needs three items, or two joined by a word:
    // two joined by a comma are "X, Y", a place and its qualifier. Each list is the range of
    // its items (the names in between are joined).
    let mut list_end = vec![0; toponyms.len()];
    let mut list_start = vec![0; toponyms.len()];
    for i in 0..toponyms.len() {
        list_start[i] = if i > 0 && joined[i - 1].is_some() {
            list_start[i - 1]
        } else {
            i
        };
    }
    for i in (0..toponyms.len()).rev() {
        list_end[i] = if joined[i].is_some() {
            list_end[i + 1]
        } else {
            i + 1
        };
    }
    // the items near each one (four either side: a list of hundreds stays linear)
    let listed_with: Vec<Vec<usize>> = (0..toponyms.len())
        .map(|i| {
            let (a, b) = (list_start[i], list_end[i]);
            let list = b - a >= 3 || (b - a == 2 && joined[a] == Some(true));
            if !list {
                return Vec::new();
            }
            (i.saturating_sub(4).max(a)..(i + 5).min(b))
                .filter(|&j| j != i)
                .collect()
        })
        .collect();
    // the kinds of thing each name can be: a country, a region of a given country, or a
    // national capital ("Washington and Moscow": the capitals, not a state and a town)
    let kind_of = |k: u32| -> Option<(u8, &str)> {
        let e = gaz.entry(k);
        match e.kind {
            Kind::Country => Some((0, "")),
            Kind::Admin1 => Some((1, e.country.as_str())),
            Kind::Admin2 => Some((2, e.country.as_str())),
            Kind::City if e.feature_code == "PPLC" => Some((3, "")),
            Kind::City | Kind::Region => None,
        }
    };
    let kinds: Vec<HashSet<(u8, &str)>> = cands
        .iter()
        .map(|c| c.iter().filter_map(|&k| kind_of(k)).collect())
        .collect();

    // Names that share a region: when several different names in the article each have a
    // candidate in the same first-level region (Palestine, Athens and Anderson County all in
    // Texas), that region is likely the article's setting.
    let mut support: std::collections::HashMap<(&str, &str), HashSet<&str>> =
        std::collections::HashMap::new();
    for (c, name) in cands.iter().zip(&surface) {
        for &k in c {
            let e = gaz.entry(k);
            if matches!(e.kind, Kind::City | Kind::Admin2 | Kind::Admin1) && !e.admin1.is_empty() {
                support
                    .entry((e.country.as_str(), e.admin1.as_str()))
                    .or_default()
                    .insert(name);
            }
        }
    }
    let shared = |i: usize, e: &gazetteer::Entry| -> f64 {
        support
            .get(&(e.country.as_str(), e.admin1.as_str()))
            .map_or(0, |names| {
                names.len() - usize::from(names.contains(surface[i].as_str()))
            })
            .min(3) as f64
    };
    // Names with a reading close by: Paris and Henry County have readings 5 km apart in
    // Tennessee, none in Georgia. For each name's town or county reading, how many other
    // names have a town or county reading within NEAR_KM.
    let mut points: std::collections::HashMap<&str, Vec<(f64, f64)>> =
        std::collections::HashMap::new();
    for (c, name) in cands.iter().zip(&surface) {
        points.entry(name).or_insert_with(|| {
            c.iter()
                .map(|&k| gaz.entry(k))
                .filter(|e| matches!(e.kind, Kind::City | Kind::Admin2))
                .map(|e| (e.lat, e.lon))
                .collect()
        });
    }
    // a degree of latitude is 111 km: most pairs fail this before the haversine
    let dlat = NEAR_KM / 111.0;
    let mut near: std::collections::HashMap<(&str, u32), usize> = std::collections::HashMap::new();
    for (c, name) in cands.iter().zip(&surface) {
        // only an ambiguous name needs the evidence
        if c.len() < 2 {
            continue;
        }
        for &k in c {
            let e = gaz.entry(k);
            if !matches!(e.kind, Kind::City | Kind::Admin2) || near.contains_key(&(name, k)) {
                continue;
            }
            let n = points
                .iter()
                .filter(|(other, pts)| {
                    **other != name
                        && pts.iter().any(|&(la, lo)| {
                            (la - e.lat).abs() < dlat && distance_km(la, lo, e.lat, e.lon) < NEAR_KM
                        })
                })
                .count();
            near.insert((name, k), n);
        }
    }
    // Per toponym, the first-level regions where one of its readings is a seat of government
    // of one of these kinds.
    let seats = |codes: &[&str]| -> Vec<HashSet<(&str, &str)>> {
        cands
            .iter()
            .map(|c| {
                c.iter()
                    .map(|&k| gaz.entry(k))
                    .filter(|e| codes.contains(&e.feature_code.as_str()))
                    .map(|e| (e.country.as_str(), e.admin1.as_str()))
                    .collect()
            })
            .collect()
    };
    // A region named after its capital ("Moscow", "Tehran", "Jerusalem"): the city is meant.
    let seat_of = seats(&["PPLC", "PPLA"]);
    // Likewise a province or district named after its seat ("Milano", "York"): regions where
    // the name also has a seat of government below the first level.
    let seat2_of = seats(&["PPLC", "PPLA", "PPLA2"]);
    // Countries where the name is exactly a first-level region ("California", "Oregon"):
    // there a bare name is the region, and a small town of that name in another named
    // region ("California, Pennsylvania") does not take that region's support.
    let region_named: Vec<HashSet<&str>> = cands
        .iter()
        .zip(&surface)
        .map(|(c, name)| {
            c.iter()
                .map(|&k| gaz.entry(k))
                .filter(|e| e.kind == Kind::Admin1 && normalise(&e.name) == *name)
                .map(|e| e.country.as_str())
                .collect()
        })
        .collect();
    let score = |i: usize, k: u32, ctx: &SecondPass| -> f64 {
        let e = gaz.entry(k);
        let population = if e.kind == Kind::Region {
            REGION_PROMINENCE.max(e.population as f64)
        } else {
            e.population as f64
        };
        let mut s = (1.0 + population).ln() * POPULATION;
        if e.kind == Kind::Admin1 && seat_of[i].contains(&(e.country.as_str(), e.admin1.as_str())) {
            s -= NAMED_AFTER_SEAT;
        }
        if e.kind == Kind::Admin2
            && e.country != "US"
            && seat2_of[i].contains(&(e.country.as_str(), e.admin1.as_str()))
        {
            s -= NAMED_AFTER_SEAT;
        }
        s += kind_prior(e);
        let name = &surface[i];
        let own_name = normalise(&e.name) == *name;
        if own_name {
            s += OWN_NAME;
        }
        if e.kind != Kind::Country && countries.contains(e.country.as_str()) {
            s += IN_NAMED_COUNTRY;
        } else if e.kind != Kind::Country && countries.iter().any(|c| gaz.neighbours(&e.country, c))
        {
            // next door to a country the article names (Gaza beside Israel and Egypt)
            s += NEIGHBOUR;
        }
        let town_of_region_name = matches!(e.kind, Kind::City | Kind::Admin2)
            && !matches!(e.feature_code.as_str(), "PPLC" | "PPLA")
            && region_named[i].contains(e.country.as_str());
        // a county called by its full name ("Monroe County" in a Michigan story) too; a
        // bare "New Haven" stays the town
        let full_county = e.kind == Kind::Admin2 && own_name;
        if (e.kind == Kind::City || full_county)
            && !town_of_region_name
            && regions.contains(&(e.country.as_str(), e.admin1.as_str()))
        {
            s += IN_NAMED_REGION;
        }
        if let Some(q) = qualifier[i] {
            let qname = &text[toponyms[q].start..toponyms[q].end];
            let fits = gaz.lookup(qname).iter().any(|&qk| inside(k, qk));
            if fits {
                s += QUALIFIED;
            }
        }
        let kin = kind_of(k).map_or(0, |kind| {
            listed_with[i]
                .iter()
                .filter(|&&j| surface[j] != *name && kinds[j].contains(&kind))
                .count()
        });
        s += LISTED * kin.min(3) as f64;
        // The other way round: Y's reading that holds a reading of X is the one meant
        // ("Mississauga, Ontario" is the province, not Ontario, California).
        if let Some(p) = i.checked_sub(1).filter(|&p| qualifier[p] == Some(i)) {
            if cands[p].iter().any(|&pk| inside(pk, k)) {
                s += QUALIFIED;
            }
        }
        if let Some(h) = home.filter(|h| h.country == e.country) {
            let in_region = !h.admin1.is_empty() && h.admin1 == e.admin1;
            match e.kind {
                Kind::City | Kind::Admin2 => {
                    if in_region {
                        s += HOME_REGION;
                    }
                    if let Some((lat, lon)) = h.point {
                        s += HOME_NEAR * (-distance_km(lat, lon, e.lat, e.lon) / HOME_KM).exp();
                    }
                }
                Kind::Admin1 if in_region => s += 2.0 * HOME_REGION,
                _ => {}
            }
        }
        if matches!(e.kind, Kind::City | Kind::Admin2) && !town_of_region_name {
            s += SHARED * shared(i, e);
            let n = near.get(&(name.as_str(), k)).copied().unwrap_or(0);
            s += NEAR * n.min(3) as f64;
        }
        if e.kind == Kind::City && !town_of_region_name {
            if let Some(near) = ctx.anchors.nearest_beyond(e.lat, e.lon, ANCHOR_SAME_KM) {
                s += ANCHOR * (-near / ANCHOR_KM).exp();
            }
        }
        // a capital that shares its name with a region of its country ("Washington"), in an
        // article set in another country that names the capital's: foreign news means the
        // capital (a Berlin in a Connecticut story, with Germany unnamed, is not Germany's)
        if e.kind == Kind::City
            && e.feature_code == "PPLC"
            && countries.contains(e.country.as_str())
            && ctx.focus_country.as_deref().is_some_and(|c| c != e.country)
            && cands[i].iter().any(|&r| {
                let r = gaz.entry(r);
                r.kind == Kind::Admin1 && r.country == e.country
            })
        {
            s += CAPITAL_ABROAD;
        }
        // the article's focus: the country (and region) most of its other places are in
        if ctx.focus_country.as_deref() == Some(e.country.as_str()) && e.kind != Kind::Country {
            s += FOCUS;
        }
        if ctx
            .focus_admin1
            .as_ref()
            .is_some_and(|(c, a)| *c == e.country && *a == e.admin1)
            && e.kind != Kind::Admin1
            && !town_of_region_name
        {
            s += FOCUS;
        }
        s
    };
    // "the West", "the Gulf": a name used with the definite article is a region, not a small
    // town or a far-away province of the same name
    let with_article: Vec<bool> = toponyms
        .iter()
        .map(|t| {
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
            let modifies_noun = !next.is_empty()
                && next.chars().all(char::is_lowercase)
                && !FUNCTION_WORDS.contains(&next);
            t.capital_of.is_none()
                && last.eq_ignore_ascii_case("the")
                && !inside_name
                && !modifies_noun
        })
        .collect();
    // "Mexico City" named in the article: a bare "Mexico" there is not that city, which the
    // writer calls by its longer name
    let surfaces: HashSet<&str> = surface.iter().map(String::as_str).collect();
    let longer_city: Vec<Option<String>> = surface
        .iter()
        .map(|s| Some(format!("{s} city")).filter(|c| surfaces.contains(c.as_str())))
        .collect();
    // A dateline ("WASHINGTON — ", "MANSFIELD -- "): news agencies date a story from a town,
    // so a name in capitals before a dash is a town where the name has one
    let dateline: Vec<bool> = toponyms
        .iter()
        .zip(&cands)
        .map(|(t, c)| {
            let name = &text[t.start..t.end];
            let after = text[t.end..].trim_start_matches(' ');
            let dash = ["—", "–", "--", "- "].iter().any(|d| after.starts_with(d));
            dash && name.chars().filter(|ch| ch.is_alphabetic()).count() >= 3
                && !name.chars().any(char::is_lowercase)
                && c.iter().any(|&k| gaz.entry(k).kind == Kind::City)
        })
        .collect();
    // "the state of Washington", "the province of Ontario": the first-level region, where
    // the name has one
    let state_of: Vec<bool> = toponyms
        .iter()
        .zip(&cands)
        .map(|(t, c)| {
            let mut words = text[..t.start].split_whitespace().rev();
            let (of, what) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
            of.eq_ignore_ascii_case("of")
                && (what.eq_ignore_ascii_case("state") || what.eq_ignore_ascii_case("province"))
                && c.iter().any(|&k| gaz.entry(k).kind == Kind::Admin1)
        })
        .collect();
    let plausible = |i: usize, k: u32| -> bool {
        let e = gaz.entry(k);
        if dateline[i] && e.kind != Kind::City {
            return false;
        }
        if state_of[i] && e.kind != Kind::Admin1 {
            return false;
        }
        if e.kind == Kind::City
            && longer_city[i]
                .as_ref()
                .is_some_and(|c| normalise(&e.name) == *c)
        {
            return false;
        }
        // a bare direction ("Central", "the West") is never a town of that name, nor a
        // province of a country the article does not name
        if GENERIC.contains(&surface[i].as_str()) {
            return match e.kind {
                Kind::City => false,
                // a region of one country ("Western", a former province of Kenya) too
                Kind::Admin1 | Kind::Admin2 => countries.contains(e.country.as_str()),
                Kind::Region => e.country.is_empty() || countries.contains(e.country.as_str()),
                Kind::Country => true,
            };
        }
        !with_article[i] || e.kind != Kind::City || e.population >= 100_000
    };
    // one sense per discourse: every mention of a name takes the reading its best-evidenced
    // mention supports ("Paris, Ill." early on decides a later bare "Paris")
    let names: Vec<String> = toponyms
        .iter()
        .zip(&surface)
        .map(|(t, name)| match &t.capital_of {
            Some(cc) => format!("capital of {cc}"),
            None => name.clone(),
        })
        .collect();
    let pick = |ctx: &SecondPass| -> Vec<Option<Resolution>> {
        let scored: Vec<Vec<(f64, u32)>> = (0..toponyms.len())
            .map(|i| {
                cands[i]
                    .iter()
                    .filter(|&&k| plausible(i, k))
                    .map(|&k| (score(i, k, ctx), k))
                    .collect()
            })
            .collect();
        let mut best_of: std::collections::HashMap<(&str, u32), f64> =
            std::collections::HashMap::new();
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
                    .map_or(10.0, |r| best - r.0);
                Some(Resolution {
                    entry: k,
                    runner_up: runner.map(|r| r.1),
                    confidence: 1.0 - (-margin / 2.0).exp(),
                })
            })
            .collect()
    };
    let first = pick(&SecondPass::default());
    // coherence: cities near the article's other confidently placed cities and regions
    let anchored_here: Vec<(f64, f64)> = first
        .iter()
        .flatten()
        .filter(|r| r.confidence > 0.5)
        .map(|r| gaz.entry(r.entry))
        .filter(|e| matches!(e.kind, Kind::City | Kind::Admin1 | Kind::Admin2))
        .map(|e| (e.lat, e.lon))
        .collect();
    // this window's and the earlier windows': the second pass weighs both, and the windows
    // after this one take them all
    let anchors = Points::new([anchored_here, carried.anchors.0].concat());
    let mut by_country: std::collections::HashMap<&str, usize> = carried
        .by_country
        .iter()
        .map(|(c, n)| (c.as_str(), *n))
        .collect();
    let mut by_admin1: std::collections::HashMap<(&str, &str), usize> = carried
        .by_admin1
        .iter()
        .map(|((c, a), n)| ((c.as_str(), a.as_str()), *n))
        .collect();
    // counted over distinct names: four mentions of one "Paris" are not four places in France
    let mut seen: HashSet<&str> = carried.names.iter().map(String::as_str).collect();
    for (r, name) in first.iter().zip(&names) {
        let Some(r) = r else { continue };
        if !seen.insert(name.as_str()) {
            continue;
        }
        let e = gaz.entry(r.entry);
        if !e.country.is_empty() {
            *by_country.entry(e.country.as_str()).or_default() += 1;
        }
        if matches!(e.kind, Kind::City | Kind::Admin1 | Kind::Admin2) && !e.admin1.is_empty() {
            *by_admin1
                .entry((e.country.as_str(), e.admin1.as_str()))
                .or_default() += 1;
        }
    }
    let top = |counts: Vec<(usize, String)>| -> Option<String> {
        counts
            .into_iter()
            .filter(|(n, _)| *n >= 2)
            .max()
            .map(|(_, v)| v)
    };
    let focus_country = top(by_country
        .iter()
        .map(|(c, n)| (*n, c.to_string()))
        .collect());
    let focus_admin1 = by_admin1
        .iter()
        .filter(|(_, n)| **n >= 2)
        .max_by_key(|((c, a), n)| (**n, *c, *a))
        .map(|((c, a), _)| (c.to_string(), a.to_string()));
    let second = SecondPass {
        anchors,
        focus_country,
        focus_admin1,
    };
    let resolved = pick(&second);
    *evidence = Evidence {
        by_country: by_country
            .into_iter()
            .map(|(c, n)| (c.to_string(), n))
            .collect(),
        by_admin1: by_admin1
            .into_iter()
            .map(|((c, a), n)| ((c.to_string(), a.to_string()), n))
            .collect(),
        names: seen.into_iter().map(str::to_string).collect(),
        anchors: second.anchors,
        ..carried
    };
    evidence.countries.extend(named_here.0);
    evidence.regions.extend(named_here.1);
    resolved
}
