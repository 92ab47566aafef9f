//! The weights of the evidence a reading of a toponym takes, and the prior by kind of place.

use super::gazetteer::{self, Kind};

/// Weight of each other name sharing a candidate's region (at most three count).
pub(super) const SHARED: f64 = 0.7;

/// Weight of each other name with a reading within `NEAR_KM` (at most three count).
pub(super) const NEAR: f64 = 0.8;
pub(super) const NEAR_KM: f64 = 50.0;

/// Weight of a candidate lying in a country that borders one the article names.
pub(super) const NEIGHBOUR: f64 = 2.0;

/// Weight of a town or county in the outlet's home region, and of the home region itself.
pub(super) const HOME_REGION: f64 = 1.5;
/// Weight of a town near the outlet's home, decaying over `HOME_KM`.
pub(super) const HOME_NEAR: f64 = 3.0;
pub(super) const HOME_KM: f64 = 100.0;

/// Weight of a reading's population, per unit of its logarithm. A capital of millions
/// outweighs a namesake town of a few thousand whose only support is the article naming the
/// town's country (Cairo, Egypt in a story that mentions the United States, not Cairo,
/// Georgia).
pub(super) const POPULATION: f64 = 0.4;

/// Support a national capital takes where the article is set in another country and names
/// the capital's ("Washington" in a story from Egypt), over a region of the same name.
pub(super) const CAPITAL_ABROAD: f64 = 2.0;

/// Support a reading takes from an "X, Y" qualifier ("California, Pennsylvania": the
/// borough, and Pennsylvania the state). It outweighs the population of a state that shares
/// the town's name.
pub(super) const QUALIFIED: f64 = 7.0;

/// The least prominence of a well-known region (an ocean, a continent, "Siberia"), most of
/// which have no population figure: that of a place of a million people, so "the Pacific" is
/// the ocean, not Pacific County, Washington, unless the article is set there.
pub(super) const REGION_PROMINENCE: f64 = 1_000_000.0;

/// Support a reading takes from each other item of a list that can be a thing of its kind (at
/// most three count).
pub(super) const LISTED: f64 = 2.0;

/// Penalty of a first-level region named after its capital ("Moscow", "Tehran"), or of a
/// province or district named after its seat ("Milano", "York"): the city is meant.
pub(super) const NAMED_AFTER_SEAT: f64 = 3.0;

/// Support a reading takes when the name is one of its own names, not an alternate name or a
/// demonym standing in for it.
pub(super) const OWN_NAME: f64 = 1.0;

/// Support a place takes from lying in a country the article names (or implies).
pub(super) const IN_NAMED_COUNTRY: f64 = 3.0;

/// Support a town (or a county called by its full name) takes from lying in a first-level
/// region the article names.
pub(super) const IN_NAMED_REGION: f64 = 3.0;

/// Support a town takes from the article's confidently placed places near it (coherence),
/// decaying over `ANCHOR_KM` from the nearest; an anchor within `ANCHOR_SAME_KM` is the town
/// itself and does not count.
pub(super) const ANCHOR: f64 = 2.0;
pub(super) const ANCHOR_KM: f64 = 500.0;
pub(super) const ANCHOR_SAME_KM: f64 = 1.0;

/// Support a place takes from lying in the article's focus country (where most of its other
/// places are), and again from lying in its focus region.
pub(super) const FOCUS: f64 = 1.0;

/// The prior of a reading by what kind of place it is: a country over a region over a town,
/// and among towns a capital over a regional seat over the rest. A namesake needs evidence
/// to beat the more important place.
pub(super) fn kind_prior(e: &gazetteer::Entry) -> f64 {
    match e.kind {
        Kind::Country => 6.0,
        Kind::Admin1 => 2.5,
        Kind::Admin2 => 1.5,
        Kind::Region => 2.0,
        Kind::City => match e.feature_code.as_str() {
            "PPLC" => 2.0,
            "PPLA" => 1.5,
            "PPLA2" => 0.8,
            "PPLA3" | "PPLA4" => 0.3,
            _ => 0.0,
        },
    }
}
