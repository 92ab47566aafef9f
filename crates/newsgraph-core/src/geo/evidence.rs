//! What the document says beyond one mention: what earlier windows found ([`Evidence`]), what
//! the first pass tells the second ([`SecondPass`]), and where its places lie ([`Points`]).

use std::collections::{HashMap, HashSet};

use super::gazetteer::{distance_km, EARTH_RADIUS_KM};

/// What the earlier windows of a long document tell a later one (see
/// [`crate::analysis::WINDOW_BYTES`]): the countries and regions they named, the places they
/// placed with confidence, and how many distinct names they placed in each country and
/// region. Empty for a document's first window, which for news is its only one.
#[derive(Debug, Default, Clone)]
pub struct Evidence {
    pub(super) countries: HashSet<String>,
    pub(super) regions: HashSet<(String, String)>,
    pub(super) anchors: Points,
    /// Names already counted in `by_country` and `by_admin1`.
    pub(super) names: HashSet<String>,
    pub(super) by_country: HashMap<String, usize>,
    pub(super) by_admin1: HashMap<(String, String), usize>,
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
