//! What the document says, read once before any reading is scored: the countries and regions
//! it names ([`named`]), each toponym's qualifier and list ([`qualifiers`], [`lists`]), the
//! regions and spots its names share ([`shared_regions`], [`near_counts`]), and which names
//! are also seats of government ([`seats`]); together the [`Document`] that
//! [`super::score::Scorer`] weighs. Also what the first pass tells the second
//! ([`SecondPass`]), what earlier windows tell a later one ([`Evidence`]), and the article's
//! confidently placed places ([`Points`]).

use std::collections::{HashMap, HashSet};

use super::gazetteer::{distance_km, normalise, Gazetteer, Home, Kind, EARTH_RADIUS_KM};
use super::recognise::GENERIC;
use super::score::NEAR_KM;
use super::Toponym;
use crate::segment::Span;

/// Kilometres in a degree of latitude: most pairs of points fail the [`NEAR_KM`] test on
/// latitude alone, before the haversine.
const KM_PER_DEGREE: f64 = 111.0;

/// Items of a list either side of an item that count for it: a list of hundreds of names
/// stays linear.
const LIST_REACH: usize = 4;

/// Distinct names placed in a country or region that make it the article's focus.
const FOCUS_LEAST: usize = 2;

/// What the earlier windows of a long document tell a later one (see
/// [`crate::analysis::WINDOW_BYTES`]): the countries and regions they named, the places they
/// placed with confidence, and how many distinct names they placed in each country and
/// region. Empty for a document's first window, which for news is its only one.
#[derive(Debug, Default, Clone)]
pub struct Evidence {
    /// Countries and regions the earlier windows named.
    pub(super) named: Named,
    /// What they placed.
    pub(super) placed: Placed,
}

/// Countries and first-level regions (country, admin1) a window names.
#[derive(Debug, Default, Clone)]
pub(super) struct Named {
    pub(super) countries: HashSet<String>,
    pub(super) regions: HashSet<(String, String)>,
}

/// The places the windows so far placed: where the confident ones are, and how many distinct
/// names lie in each country and first-level region.
#[derive(Debug, Default, Clone)]
pub(super) struct Placed {
    /// The confidently placed cities and regions.
    pub(super) anchors: Points,
    /// Names already counted in `by_country` and `by_admin1`.
    pub(super) names: HashSet<String>,
    pub(super) by_country: HashMap<String, usize>,
    pub(super) by_admin1: HashMap<(String, String), usize>,
}

impl Placed {
    /// Counts a name placed at `e` in its country and region, once per distinct name: four
    /// mentions of one "Paris" are not four places in France.
    pub(super) fn count(&mut self, name: &str, e: &super::gazetteer::Entry) {
        if !self.names.insert(name.to_string()) {
            return;
        }
        if !e.country.is_empty() {
            *self.by_country.entry(e.country.clone()).or_default() += 1;
        }
        if matches!(e.kind, Kind::City | Kind::Admin1 | Kind::Admin2) && !e.admin1.is_empty() {
            *self
                .by_admin1
                .entry((e.country.clone(), e.admin1.clone()))
                .or_default() += 1;
        }
    }

    /// The country most names lie in, where at least [`FOCUS_LEAST`] do (ties to the larger
    /// code).
    pub(super) fn focus_country(&self) -> Option<String> {
        self.by_country
            .iter()
            .filter(|(_, n)| **n >= FOCUS_LEAST)
            .map(|(c, n)| (*n, c))
            .max()
            .map(|(_, c)| c.clone())
    }

    /// The first-level region most names lie in, where at least [`FOCUS_LEAST`] do.
    pub(super) fn focus_admin1(&self) -> Option<(String, String)> {
        self.by_admin1
            .iter()
            .filter(|(_, n)| **n >= FOCUS_LEAST)
            .max_by_key(|((c, a), n)| (**n, c.as_str(), a.as_str()))
            .map(|(ca, _)| ca.clone())
    }
}

/// What the first pass tells the second about the article.
#[derive(Debug, Default)]
pub(super) struct SecondPass {
    /// Where the confidently placed cities and regions are.
    pub(super) anchors: Points,
    /// The country most of the places are in (at least two).
    pub(super) focus_country: Option<String>,
    /// The region most of the places are in (at least two).
    pub(super) focus_admin1: Option<(String, String)>,
}

/// Distinct points sorted by latitude, so the nearest to a point is found without measuring
/// every one: an article can name thousands of places, and every candidate of every mention
/// asks.
#[derive(Debug, Default, Clone)]
pub(super) struct Points(pub(super) Vec<(f64, f64)>);

impl Points {
    /// The points, sorted and without repeats.
    pub(super) fn new(mut points: Vec<(f64, f64)>) -> Points {
        points.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        points.dedup();
        Points(points)
    }

    /// The distance in km to the nearest point more than `beyond` km away, if there is one.
    pub(super) fn nearest_beyond(&self, lat: f64, lon: f64, beyond: f64) -> Option<f64> {
        // two points are at least their difference in latitude apart (the meridian arc), so
        // the walk outward from `lat` stops once that alone exceeds the best distance; the
        // bound is shaved so rounding never prunes a point that measures nearer
        let lower_bound = |la: f64| EARTH_RADIUS_KM * (la - lat).abs().to_radians() * (1.0 - 1e-9);
        let mut best = f64::MAX;
        let mut visit = |p: &(f64, f64)| -> bool {
            if lower_bound(p.0) > best {
                return false;
            }
            let d = distance_km(lat, lon, p.0, p.1);
            if d > beyond && d < best {
                best = d;
            }
            true
        };
        let split = self.0.partition_point(|p| p.0 < lat);
        for p in &self.0[split..] {
            if !visit(p) {
                break;
            }
        }
        for p in self.0[..split].iter().rev() {
            if !visit(p) {
                break;
            }
        }
        (best < f64::MAX).then_some(best)
    }
}

/// The kinds of thing an item of a list can be: a country, a first- or second-level region of
/// a given country, or a national capital ("Washington and Moscow": the capitals, not a state
/// and a town).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum ListKind<'a> {
    Country,
    Admin1(&'a str),
    Admin2(&'a str),
    Capital,
}

impl<'a> ListKind<'a> {
    /// The kind of `e`, if a list can be of its kind.
    pub(super) fn of(e: &'a super::gazetteer::Entry) -> Option<ListKind<'a>> {
        match e.kind {
            Kind::Country => Some(ListKind::Country),
            Kind::Admin1 => Some(ListKind::Admin1(e.country.as_str())),
            Kind::Admin2 => Some(ListKind::Admin2(e.country.as_str())),
            Kind::City if e.feature_code == "PPLC" => Some(ListKind::Capital),
            Kind::City | Kind::Region => None,
        }
    }
}

/// Whether entry `k` lies in entry `qk`, a country or a first-level region: "X, Y" where Y
/// qualifies X.
pub(super) fn lies_in(gaz: &Gazetteer, k: u32, qk: u32) -> bool {
    let (e, qe) = (gaz.entry(k), gaz.entry(qk));
    (qe.kind == Kind::Country && qe.country == e.country)
        || (qe.kind == Kind::Admin1 && qe.country == e.country && qe.admin1 == e.admin1)
}

/// What the document says about its toponyms, for scoring their readings. Indexed like the
/// toponyms.
pub(super) struct Document<'a> {
    pub(super) gaz: &'a Gazetteer,
    pub(super) text: &'a str,
    pub(super) toponyms: &'a [Toponym],
    /// Each toponym's readings ([`super::candidates`]).
    pub(super) cands: &'a [Vec<u32>],
    /// Each toponym's normalised text.
    pub(super) surface: &'a [String],
    /// The home of the outlet that published the article.
    pub(super) home: Option<&'a Home>,
    /// Countries the article names or implies, this window's and the earlier windows' ones.
    pub(super) countries: HashSet<&'a str>,
    /// First-level regions (country, admin1) it names, likewise.
    pub(super) regions: HashSet<(&'a str, &'a str)>,
    /// The toponym that qualifies each ("X, Y": Y's index).
    pub(super) qualifier: Vec<Option<usize>>,
    /// The items of each toponym's list near it (not itself).
    pub(super) listed_with: Vec<Vec<usize>>,
    /// The kinds of list item each toponym can be.
    pub(super) kinds: Vec<HashSet<ListKind<'a>>>,
    /// Per first-level region (country, admin1), the names with a reading in it.
    pub(super) shared: HashMap<(&'a str, &'a str), HashSet<&'a str>>,
    /// Per ambiguous name and town or county reading of it, how many other names have a town
    /// or county reading within [`NEAR_KM`].
    pub(super) near: HashMap<(&'a str, u32), usize>,
    /// Per toponym, the first-level regions where one of its readings is a capital or a
    /// first-level seat.
    pub(super) seat_of: Vec<HashSet<(&'a str, &'a str)>>,
    /// Likewise with second-level seats too.
    pub(super) seat2_of: Vec<HashSet<(&'a str, &'a str)>>,
    /// Per toponym, the countries where its name is exactly a first-level region's.
    pub(super) region_named: Vec<HashSet<&'a str>>,
}

impl<'a> Document<'a> {
    /// Reads the document's evidence; `countries` and `regions` are what [`named`] found in
    /// this window and the earlier ones.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn read(
        text: &'a str,
        toponyms: &'a [Toponym],
        cands: &'a [Vec<u32>],
        surface: &'a [String],
        gaz: &'a Gazetteer,
        home: Option<&'a Home>,
        countries: HashSet<&'a str>,
        regions: HashSet<(&'a str, &'a str)>,
    ) -> Document<'a> {
        let joined = joins(text, toponyms);
        Document {
            gaz,
            text,
            toponyms,
            cands,
            surface,
            home,
            countries,
            regions,
            qualifier: qualifiers(&joined, cands, gaz),
            listed_with: lists(&joined),
            kinds: cands
                .iter()
                .map(|c| {
                    c.iter()
                        .filter_map(|&k| ListKind::of(gaz.entry(k)))
                        .collect()
                })
                .collect(),
            shared: shared_regions(cands, surface, gaz),
            near: near_counts(cands, surface, gaz),
            // a region named after its capital ("Moscow", "Tehran", "Jerusalem")
            seat_of: seats(cands, gaz, &["PPLC", "PPLA"]),
            // a province or district named after its seat ("Milano", "York")
            seat2_of: seats(cands, gaz, &["PPLC", "PPLA", "PPLA2"]),
            region_named: regions_named(cands, surface, gaz),
        }
    }
}

/// The countries a window names or implies, and the first-level regions it names: a country
/// or an unambiguous region by one of its own names (not a demonym standing in for it), the
/// country of "the <demonym> capital", the one country every reading of a name lies in
/// ("Edgar County"; a bare direction implies nothing), any demonym in the text, and the
/// outlet's home country.
pub(super) fn named<'a>(
    text: &'a str,
    toponyms: &'a [Toponym],
    cands: &[Vec<u32>],
    surface: &[String],
    tokens: &[Span],
    gaz: &'a Gazetteer,
    home: Option<&'a Home>,
) -> (HashSet<&'a str>, HashSet<(&'a str, &'a str)>) {
    let mut countries: HashSet<&str> = HashSet::new();
    let mut regions: HashSet<(&str, &str)> = HashSet::new();
    for ((t, c), name) in toponyms.iter().zip(cands).zip(surface) {
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
    (countries, regions)
}

/// How each toponym is joined to the next: by a comma (false), by "and" / "or" (true), or
/// not at all.
fn joins(text: &str, toponyms: &[Toponym]) -> Vec<Option<bool>> {
    (0..toponyms.len())
        .map(|i| {
            let next = toponyms.get(i + 1)?;
            let between = text.get(toponyms[i].end..next.start)?.trim();
            match between {
                "," => Some(false),
                "and" | "or" | ", and" | ", or" => Some(true),
                _ => None,
            }
        })
        .collect()
}

/// The qualifier of each toponym: in "X, Y" the next name, Y (a region or country). A chain
/// qualifies step by step ("Toronto, Ontario, Canada"); in a list ("Georgia, Oklahoma,
/// Pennsylvania") the item before does not lie in the next, and the next name is another
/// item, not a qualifier (no Oklahoma, Pennsylvania).
fn qualifiers(joined: &[Option<bool>], cands: &[Vec<u32>], gaz: &Gazetteer) -> Vec<Option<usize>> {
    let comma_after: Vec<bool> = joined.iter().map(|j| *j == Some(false)).collect();
    (0..joined.len())
        .map(|i| {
            if !comma_after[i] {
                return None;
            }
            let listed = i.checked_sub(1).is_some_and(|p| {
                comma_after[p]
                    && !cands[p]
                        .iter()
                        .any(|&k| cands[i].iter().any(|&qk| lies_in(gaz, k, qk)))
            });
            (!listed).then_some(i + 1)
        })
        .collect()
}

/// The other items of each toponym's list, up to [`LIST_REACH`] either side. Names joined by
/// commas, "and" or "or" ("Ontario, Alberta and New Brunswick"; "Russia, Georgia and
/// Ukraine") are things of one kind. A list needs three items, or two joined by a word: two
/// joined by a comma are "X, Y", a place and its qualifier. Each list is the range of its
/// items (the names in between are joined).
fn lists(joined: &[Option<bool>]) -> Vec<Vec<usize>> {
    let n = joined.len();
    let mut list_end = vec![0; n];
    let mut list_start = vec![0; n];
    for i in 0..n {
        list_start[i] = if i > 0 && joined[i - 1].is_some() {
            list_start[i - 1]
        } else {
            i
        };
    }
    for i in (0..n).rev() {
        list_end[i] = if joined[i].is_some() {
            list_end[i + 1]
        } else {
            i + 1
        };
    }
    (0..n)
        .map(|i| {
            let (a, b) = (list_start[i], list_end[i]);
            let list = b - a >= 3 || (b - a == 2 && joined[a] == Some(true));
            if !list {
                return Vec::new();
            }
            (i.saturating_sub(LIST_REACH).max(a)..(i + LIST_REACH + 1).min(b))
                .filter(|&j| j != i)
                .collect()
        })
        .collect()
}

/// Per first-level region, the distinct names with a town, county or region reading in it:
/// when several names each have one in the same region (Palestine, Athens and Anderson County
/// all in Texas), that region is likely the article's setting.
fn shared_regions<'a>(
    cands: &[Vec<u32>],
    surface: &'a [String],
    gaz: &'a Gazetteer,
) -> HashMap<(&'a str, &'a str), HashSet<&'a str>> {
    let mut support: HashMap<(&str, &str), HashSet<&str>> = HashMap::new();
    for (c, name) in cands.iter().zip(surface) {
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
    support
}

/// Per ambiguous name and town or county reading of it, how many other names have a town or
/// county reading within [`NEAR_KM`]: Paris and Henry County have readings 5 km apart in
/// Tennessee, none in Georgia.
fn near_counts<'a>(
    cands: &[Vec<u32>],
    surface: &'a [String],
    gaz: &Gazetteer,
) -> HashMap<(&'a str, u32), usize> {
    let mut points: HashMap<&str, Vec<(f64, f64)>> = HashMap::new();
    for (c, name) in cands.iter().zip(surface) {
        points.entry(name).or_insert_with(|| {
            c.iter()
                .map(|&k| gaz.entry(k))
                .filter(|e| matches!(e.kind, Kind::City | Kind::Admin2))
                .map(|e| (e.lat, e.lon))
                .collect()
        });
    }
    let dlat = NEAR_KM / KM_PER_DEGREE;
    let mut near: HashMap<(&str, u32), usize> = HashMap::new();
    for (c, name) in cands.iter().zip(surface) {
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
    near
}

/// Per toponym, the first-level regions (country, admin1) where one of its readings is a
/// seat of government with one of these feature codes.
fn seats<'a>(
    cands: &[Vec<u32>],
    gaz: &'a Gazetteer,
    codes: &[&str],
) -> Vec<HashSet<(&'a str, &'a str)>> {
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
}

/// Per toponym, the countries where its name is exactly a first-level region's
/// ("California", "Oregon"): there a bare name is the region, and a small town of that name
/// in another named region ("California, Pennsylvania") does not take that region's support.
fn regions_named<'a>(
    cands: &[Vec<u32>],
    surface: &[String],
    gaz: &'a Gazetteer,
) -> Vec<HashSet<&'a str>> {
    cands
        .iter()
        .zip(surface)
        .map(|(c, name)| {
            c.iter()
                .map(|&k| gaz.entry(k))
                .filter(|e| e.kind == Kind::Admin1 && normalise(&e.name) == *name)
                .map(|e| e.country.as_str())
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests;
