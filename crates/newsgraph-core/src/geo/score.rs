//! The score of a reading (a gazetteer entry a toponym may refer to): one term per kind of
//! evidence, each with its weight as a named constant. [`Scorer::score`] adds the terms in a
//! fixed order (floating-point sums depend on it); a term is 0 where its evidence is absent.
//!
//! The terms, in that order: [`population`], [`Scorer::named_after_seat`], [`kind_prior`],
//! [`own_name`], [`Scorer::in_named_country`], [`Scorer::neighbour`],
//! [`Scorer::in_named_region`], [`Scorer::qualified`], [`Scorer::listed`],
//! [`Scorer::qualifies`], [`Scorer::home_region`], [`Scorer::home_near`],
//! [`Scorer::shared_region`], [`Scorer::near`], [`Scorer::anchor`],
//! [`Scorer::capital_abroad`], [`Scorer::focus_country`], [`Scorer::focus_region`].

use super::evidence::{lies_in, Document, ListKind, SecondPass};
use super::gazetteer::{distance_km, normalise, Entry, Kind};

/// Weight of a reading's population, per unit of its logarithm. A capital of millions
/// outweighs a namesake town of a few thousand whose only support is the article naming the
/// town's country (Cairo, Egypt in a story that mentions the United States, not Cairo,
/// Georgia).
pub(super) const POPULATION: f64 = 0.4;

/// The least prominence of a well-known region (an ocean, a continent, "Siberia"), most of
/// which have no population figure: that of a place of a million people, so "the Pacific" is
/// the ocean, not Pacific County, Washington, unless the article is set there.
pub(super) const REGION_PROMINENCE: f64 = 1_000_000.0;

/// Penalty of a first-level region named after its capital ("Moscow", "Tehran"), or of a
/// province or district named after its seat ("Milano", "York"): the city is meant.
pub(super) const NAMED_AFTER_SEAT: f64 = 3.0;

/// Prior of a country ([`kind_prior`]).
pub(super) const COUNTRY_PRIOR: f64 = 6.0;
/// Prior of a first-level region (a state, a province).
pub(super) const ADMIN1_PRIOR: f64 = 2.5;
/// Prior of a second-level region (a county, a district).
pub(super) const ADMIN2_PRIOR: f64 = 1.5;
/// Prior of a region that is no administrative division (an ocean, a continent, "Siberia").
pub(super) const REGION_PRIOR: f64 = 2.0;
/// Prior of a national capital.
pub(super) const CAPITAL_PRIOR: f64 = 2.0;
/// Prior of a first-level region's seat (a state capital).
pub(super) const ADMIN1_SEAT_PRIOR: f64 = 1.5;
/// Prior of a second-level region's seat (a county seat).
pub(super) const ADMIN2_SEAT_PRIOR: f64 = 0.8;
/// Prior of a third- or fourth-level seat.
pub(super) const LOWER_SEAT_PRIOR: f64 = 0.3;

/// Support a reading takes when the name is one of its own names, not an alternate name or a
/// demonym standing in for it.
pub(super) const OWN_NAME: f64 = 1.0;

/// Support a place takes from lying in a country the article names (or implies).
pub(super) const IN_NAMED_COUNTRY: f64 = 3.0;

/// Support a place takes from lying in a country that borders one the article names (Gaza
/// beside Israel and Egypt), where its own country is not named.
pub(super) const NEIGHBOUR: f64 = 2.0;

/// Support a town (or a county called by its full name) takes from lying in a first-level
/// region the article names.
pub(super) const IN_NAMED_REGION: f64 = 3.0;

/// Support a reading takes from an "X, Y" qualifier ("California, Pennsylvania": the
/// borough, and Pennsylvania the state), both ways: X's reading that lies in a reading of Y,
/// and Y's reading that holds a reading of X. It outweighs the population of a state that
/// shares the town's name.
pub(super) const QUALIFIED: f64 = 7.0;

/// Support a reading takes from each other item of a list that can be a thing of its kind (at
/// most [`MOST_COUNTED`] count).
pub(super) const LISTED: f64 = 2.0;

/// The most other names that count for [`LISTED`], [`SHARED`] and [`NEAR`]: a long list or a
/// crowd of names in one region is no stronger evidence than three.
pub(super) const MOST_COUNTED: usize = 3;

/// Support a town or county takes from lying in the outlet's home region.
pub(super) const HOME_REGION: f64 = 1.5;
/// Support the outlet's home region itself takes (local news names its own state bare).
pub(super) const HOME_REGION_ITSELF: f64 = 2.0 * HOME_REGION;
/// Support a town or county takes from lying near the outlet's home, decaying over
/// [`HOME_KM`].
pub(super) const HOME_NEAR: f64 = 3.0;
/// Distance over which [`HOME_NEAR`] decays by a factor e.
pub(super) const HOME_KM: f64 = 100.0;

/// Support a town or county takes from each other name with a reading in its first-level
/// region (at most [`MOST_COUNTED`] count).
pub(super) const SHARED: f64 = 0.7;

/// Support a town or county reading of an ambiguous name takes from each other name with a
/// town or county reading within [`NEAR_KM`] (at most [`MOST_COUNTED`] count).
pub(super) const NEAR: f64 = 0.8;
/// How near another name's reading must be to count for [`NEAR`].
pub(super) const NEAR_KM: f64 = 50.0;

/// Support a town takes from the article's confidently placed places near it (coherence),
/// decaying over [`ANCHOR_KM`] from the nearest; an anchor within [`ANCHOR_SAME_KM`] is the
/// town itself and does not count.
pub(super) const ANCHOR: f64 = 2.0;
/// Distance over which [`ANCHOR`] decays by a factor e.
pub(super) const ANCHOR_KM: f64 = 500.0;
/// An anchor this near a town is the town itself.
pub(super) const ANCHOR_SAME_KM: f64 = 1.0;

/// Support a national capital takes where the article is set in another country and names
/// the capital's ("Washington" in a story from Egypt), over a region of the same name.
pub(super) const CAPITAL_ABROAD: f64 = 2.0;

/// Support a place takes from lying in the article's focus country (where most of its other
/// places are), and again from lying in its focus region.
pub(super) const FOCUS: f64 = 1.0;

/// A reading's importance by its population (a well-known region's by at least
/// [`REGION_PROMINENCE`]), on a log scale.
pub(super) fn population(e: &Entry) -> f64 {
    let population = if e.kind == Kind::Region {
        REGION_PROMINENCE.max(e.population as f64)
    } else {
        e.population as f64
    };
    (1.0 + population).ln() * POPULATION
}

/// The prior of a reading by what kind of place it is: a country over a region over a town,
/// and among towns a capital over a regional seat over the rest. A namesake needs evidence
/// to beat the more important place.
pub(super) fn kind_prior(e: &Entry) -> f64 {
    match e.kind {
        Kind::Country => COUNTRY_PRIOR,
        Kind::Admin1 => ADMIN1_PRIOR,
        Kind::Admin2 => ADMIN2_PRIOR,
        Kind::Region => REGION_PRIOR,
        Kind::City => match e.feature_code.as_str() {
            "PPLC" => CAPITAL_PRIOR,
            "PPLA" => ADMIN1_SEAT_PRIOR,
            "PPLA2" => ADMIN2_SEAT_PRIOR,
            "PPLA3" | "PPLA4" => LOWER_SEAT_PRIOR,
            _ => 0.0,
        },
    }
}

/// [`OWN_NAME`] where the name is one of the reading's own names.
pub(super) fn own_name(r: &Reading<'_>) -> f64 {
    if r.own_name {
        OWN_NAME
    } else {
        0.0
    }
}

/// One reading of one toponym, with what several terms ask of it.
pub(super) struct Reading<'e> {
    /// The toponym's index.
    pub(super) i: usize,
    /// The entry's index.
    pub(super) k: u32,
    pub(super) e: &'e Entry,
    /// The name is the entry's own name, not an alternate name or a demonym.
    pub(super) own_name: bool,
    /// A town or county named like a first-level region of its country ("California,
    /// Pennsylvania"): it takes no support from the region's evidence.
    pub(super) town_of_region_name: bool,
}

/// Scores readings against the document's evidence.
pub(super) struct Scorer<'d, 'a> {
    pub(super) doc: &'d Document<'a>,
}

impl<'d, 'a> Scorer<'d, 'a> {
    /// Entry `k` as a reading of toponym `i`.
    pub(super) fn reading(&self, i: usize, k: u32) -> Reading<'a> {
        let e = self.doc.gaz.entry(k);
        Reading {
            i,
            k,
            e,
            own_name: normalise(&e.name) == self.doc.surface[i],
            town_of_region_name: matches!(e.kind, Kind::City | Kind::Admin2)
                && !matches!(e.feature_code.as_str(), "PPLC" | "PPLA")
                && self.doc.region_named[i].contains(e.country.as_str()),
        }
    }

    /// The score of entry `k` as a reading of toponym `i`: the terms' sum, in this order.
    pub(super) fn score(&self, i: usize, k: u32, pass: &SecondPass) -> f64 {
        let r = self.reading(i, k);
        let mut s = population(r.e);
        s += self.named_after_seat(&r);
        s += kind_prior(r.e);
        s += own_name(&r);
        s += self.in_named_country(&r);
        s += self.neighbour(&r);
        s += self.in_named_region(&r);
        s += self.qualified(&r);
        s += self.listed(&r);
        s += self.qualifies(&r);
        s += self.home_region(&r);
        s += self.home_near(&r);
        s += self.shared_region(&r);
        s += self.near(&r);
        s += self.anchor(&r, pass);
        s += self.capital_abroad(&r, pass);
        s += self.focus_country(&r, pass);
        s += self.focus_region(&r, pass);
        s
    }

    /// -[`NAMED_AFTER_SEAT`] for a first-level region where a reading of the name is its
    /// capital or seat, or a second-level region outside the US where one is a seat.
    pub(super) fn named_after_seat(&self, r: &Reading<'_>) -> f64 {
        let region = (r.e.country.as_str(), r.e.admin1.as_str());
        let named_after_seat = match r.e.kind {
            Kind::Admin1 => self.doc.seat_of[r.i].contains(&region),
            // US counties are named after people more than after their seats
            Kind::Admin2 => r.e.country != "US" && self.doc.seat2_of[r.i].contains(&region),
            _ => false,
        };
        if named_after_seat {
            -NAMED_AFTER_SEAT
        } else {
            0.0
        }
    }

    /// [`IN_NAMED_COUNTRY`] for a place in a country the article names or implies.
    pub(super) fn in_named_country(&self, r: &Reading<'_>) -> f64 {
        if r.e.kind != Kind::Country && self.doc.countries.contains(r.e.country.as_str()) {
            IN_NAMED_COUNTRY
        } else {
            0.0
        }
    }

    /// [`NEIGHBOUR`] for a place in a country next door to one the article names, its own
    /// not named.
    pub(super) fn neighbour(&self, r: &Reading<'_>) -> f64 {
        let e = r.e;
        let countries = &self.doc.countries;
        if e.kind != Kind::Country
            && !countries.contains(e.country.as_str())
            && countries
                .iter()
                .any(|c| self.doc.gaz.neighbours(&e.country, c))
        {
            NEIGHBOUR
        } else {
            0.0
        }
    }

    /// [`IN_NAMED_REGION`] for a town in a first-level region the article names, or a county
    /// called by its full name ("Monroe County" in a Michigan story; a bare "New Haven" stays
    /// the town).
    pub(super) fn in_named_region(&self, r: &Reading<'_>) -> f64 {
        let e = r.e;
        let full_county = e.kind == Kind::Admin2 && r.own_name;
        if (e.kind == Kind::City || full_county)
            && !r.town_of_region_name
            && self
                .doc
                .regions
                .contains(&(e.country.as_str(), e.admin1.as_str()))
        {
            IN_NAMED_REGION
        } else {
            0.0
        }
    }

    /// [`QUALIFIED`] for X's reading that lies in a reading of its qualifier Y in "X, Y".
    pub(super) fn qualified(&self, r: &Reading<'_>) -> f64 {
        let Some(q) = self.doc.qualifier[r.i] else {
            return 0.0;
        };
        let t = &self.doc.toponyms[q];
        let qname = &self.doc.text[t.start..t.end];
        let gaz = self.doc.gaz;
        if gaz.lookup(qname).iter().any(|&qk| lies_in(gaz, r.k, qk)) {
            QUALIFIED
        } else {
            0.0
        }
    }

    /// [`LISTED`] for each other item of the toponym's list (another name) that can be a
    /// thing of the reading's kind.
    pub(super) fn listed(&self, r: &Reading<'_>) -> f64 {
        let name = &self.doc.surface[r.i];
        let kin = ListKind::of(r.e).map_or(0, |kind| {
            self.doc.listed_with[r.i]
                .iter()
                .filter(|&&j| self.doc.surface[j] != *name && self.doc.kinds[j].contains(&kind))
                .count()
        });
        LISTED * kin.min(MOST_COUNTED) as f64
    }

    /// [`QUALIFIED`] the other way round: Y's reading that holds a reading of X is the one
    /// meant ("Mississauga, Ontario" is the province, not Ontario, California).
    pub(super) fn qualifies(&self, r: &Reading<'_>) -> f64 {
        let holds =
            r.i.checked_sub(1)
                .filter(|&p| self.doc.qualifier[p] == Some(r.i))
                .is_some_and(|p| {
                    self.doc.cands[p]
                        .iter()
                        .any(|&pk| lies_in(self.doc.gaz, pk, r.k))
                });
        if holds {
            QUALIFIED
        } else {
            0.0
        }
    }

    /// [`HOME_REGION`] for a town or county in the outlet's home region,
    /// [`HOME_REGION_ITSELF`] for that region.
    pub(super) fn home_region(&self, r: &Reading<'_>) -> f64 {
        let e = r.e;
        let in_region = self.doc.home.is_some_and(|h| {
            h.country == e.country && !h.admin1.is_empty() && h.admin1 == e.admin1
        });
        match e.kind {
            Kind::City | Kind::Admin2 if in_region => HOME_REGION,
            Kind::Admin1 if in_region => HOME_REGION_ITSELF,
            _ => 0.0,
        }
    }

    /// [`HOME_NEAR`] for a town or county in the outlet's home country, decaying with its
    /// distance from the home town.
    pub(super) fn home_near(&self, r: &Reading<'_>) -> f64 {
        let e = r.e;
        let home = self
            .doc
            .home
            .filter(|h| h.country == e.country)
            .and_then(|h| h.point);
        match home {
            Some((lat, lon)) if matches!(e.kind, Kind::City | Kind::Admin2) => {
                HOME_NEAR * (-distance_km(lat, lon, e.lat, e.lon) / HOME_KM).exp()
            }
            _ => 0.0,
        }
    }

    /// [`SHARED`] for each other name with a reading in a town's or county's first-level
    /// region.
    pub(super) fn shared_region(&self, r: &Reading<'_>) -> f64 {
        let e = r.e;
        if !matches!(e.kind, Kind::City | Kind::Admin2) || r.town_of_region_name {
            return 0.0;
        }
        let others = self
            .doc
            .shared
            .get(&(e.country.as_str(), e.admin1.as_str()))
            .map_or(0, |names| {
                names.len() - usize::from(names.contains(self.doc.surface[r.i].as_str()))
            });
        SHARED * others.min(MOST_COUNTED) as f64
    }

    /// [`NEAR`] for each other name with a town or county reading within [`NEAR_KM`] of a
    /// town or county reading of an ambiguous name.
    pub(super) fn near(&self, r: &Reading<'_>) -> f64 {
        let e = r.e;
        if !matches!(e.kind, Kind::City | Kind::Admin2) || r.town_of_region_name {
            return 0.0;
        }
        let name = self.doc.surface[r.i].as_str();
        let n = self.doc.near.get(&(name, r.k)).copied().unwrap_or(0);
        NEAR * n.min(MOST_COUNTED) as f64
    }

    /// [`ANCHOR`] for a town near the article's confidently placed places, decaying with the
    /// distance to the nearest.
    pub(super) fn anchor(&self, r: &Reading<'_>, pass: &SecondPass) -> f64 {
        let e = r.e;
        if e.kind != Kind::City || r.town_of_region_name {
            return 0.0;
        }
        match pass.anchors.nearest_beyond(e.lat, e.lon, ANCHOR_SAME_KM) {
            Some(near) => ANCHOR * (-near / ANCHOR_KM).exp(),
            None => 0.0,
        }
    }

    /// [`CAPITAL_ABROAD`] for a national capital that shares its name with a region of its
    /// country ("Washington"), in an article set in another country that names the capital's:
    /// foreign news means the capital (a Berlin in a Connecticut story, with Germany unnamed,
    /// is not Germany's).
    pub(super) fn capital_abroad(&self, r: &Reading<'_>, pass: &SecondPass) -> f64 {
        let e = r.e;
        let gaz = self.doc.gaz;
        if e.kind == Kind::City
            && e.feature_code == "PPLC"
            && self.doc.countries.contains(e.country.as_str())
            && pass
                .focus_country
                .as_deref()
                .is_some_and(|c| c != e.country)
            && self.doc.cands[r.i].iter().any(|&k| {
                let region = gaz.entry(k);
                region.kind == Kind::Admin1 && region.country == e.country
            })
        {
            CAPITAL_ABROAD
        } else {
            0.0
        }
    }

    /// [`FOCUS`] for a place (not a country) in the article's focus country.
    pub(super) fn focus_country(&self, r: &Reading<'_>, pass: &SecondPass) -> f64 {
        let e = r.e;
        if pass.focus_country.as_deref() == Some(e.country.as_str()) && e.kind != Kind::Country {
            FOCUS
        } else {
            0.0
        }
    }

    /// [`FOCUS`] for a place (not a first-level region, nor a town named like one) in the
    /// article's focus region.
    pub(super) fn focus_region(&self, r: &Reading<'_>, pass: &SecondPass) -> f64 {
        let e = r.e;
        if pass
            .focus_admin1
            .as_ref()
            .is_some_and(|(c, a)| *c == e.country && *a == e.admin1)
            && e.kind != Kind::Admin1
            && !r.town_of_region_name
        {
            FOCUS
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests;
