//! Unit tests of the score's terms: each weighs its evidence where it is present and nothing
//! where it is absent.

use super::*;
use crate::geo::evidence::{named, Document, Points, SecondPass};
use crate::geo::gazetteer::tests::entry;
use crate::geo::gazetteer::{Gazetteer, Home};
use crate::geo::resolve::candidates;
use crate::geo::tests::toponyms_of;
use crate::segment::tokenize;

const PARIS_FR: u64 = 2988507;
const PARIS_TX: u64 = 4717560;
const ATHENS_TX: u64 = 4673179;
const TEXAS: u64 = 4736286;
const FRANCE: u64 = 3017382;
const GAZA_PS: u64 = 281133;
const GAZA_IA: u64 = 4858007;
const GEORGIA_GE: u64 = 614540;
const GEORGIA_US: u64 = 4197000;
const WASHINGTON_DC: u64 = 4140963;
const WASHINGTON_WA: u64 = 5815135;
const MOSCOW_REGION: u64 = 524894;
const MOSCOW: u64 = 524901;
const YORK_GB: u64 = 2633351;
const YORK_PA_COUNTY: u64 = 5219480;
const ANDERSON_COUNTY: u64 = 4673425;
const CALIFORNIA_PA: u64 = 5182733;

/// Places that share names across countries and regions, for the terms' evidence.
#[rustfmt::skip]
fn world() -> Gazetteer {
    let e = |id, name: &str, kind, cc: &str, a1: &str, lat, lon, pop, fc: &str| {
        entry(id, name, kind, cc, a1, lat, lon, pop, fc, &[])
    };
    let entries = vec![
        e(FRANCE, "France", Kind::Country, "FR", "", 46.0, 2.0, 67_000_000, "PCLI"),
        e(PARIS_FR, "Paris", Kind::City, "FR", "11", 48.85, 2.35, 2_100_000, "PPLC"),
        e(PARIS_TX, "Paris", Kind::City, "US", "TX", 33.66, -95.55, 25_000, "PPLA2"),
        e(4705085, "Reno", Kind::City, "US", "TX", 33.66, -95.48, 3_000, "PPL"),
        e(5511077, "Reno", Kind::City, "US", "NV", 39.53, -119.81, 250_000, "PPLA2"),
        e(ATHENS_TX, "Athens", Kind::City, "US", "TX", 32.2, -95.85, 12_000, "PPL"),
        e(264371, "Athens", Kind::City, "GR", "ESYE31", 37.98, 23.73, 660_000, "PPLC"),
        e(TEXAS, "Texas", Kind::Admin1, "US", "TX", 31.0, -99.0, 29_000_000, "ADM1"),
        e(ANDERSON_COUNTY, "Anderson County", Kind::Admin2, "US", "TX", 31.8, -95.65, 58_000, "ADM2"),
        e(6252001, "United States", Kind::Country, "US", "", 39.76, -98.5, 327_000_000, "PCLI"),
        e(357994, "Egypt", Kind::Country, "EG", "", 27.0, 30.0, 100_000_000, "PCLI"),
        e(294640, "Israel", Kind::Country, "IL", "", 31.5, 34.75, 9_000_000, "PCLI"),
        e(6254930, "Palestine", Kind::Country, "PS", "", 31.9, 35.2, 5_000_000, "PCLI"),
        e(GAZA_PS, "Gaza", Kind::City, "PS", "GZ", 31.5, 34.47, 590_000, "PPLA"),
        e(GAZA_IA, "Gaza", Kind::City, "US", "IA", 42.94, -95.55, 100, "PPL"),
        e(GEORGIA_GE, "Georgia", Kind::Country, "GE", "", 42.0, 43.5, 3_700_000, "PCLI"),
        e(GEORGIA_US, "Georgia", Kind::Admin1, "US", "GA", 32.75, -83.5, 10_000_000, "ADM1"),
        e(2017370, "Russia", Kind::Country, "RU", "", 60.0, 100.0, 144_000_000, "PCLI"),
        e(690791, "Ukraine", Kind::Country, "UA", "", 49.0, 32.0, 44_000_000, "PCLI"),
        e(WASHINGTON_WA, "Washington", Kind::Admin1, "US", "WA", 47.5, -120.5, 7_700_000, "ADM1"),
        e(WASHINGTON_DC, "Washington", Kind::City, "US", "DC", 38.9, -77.04, 690_000, "PPLC"),
        e(MOSCOW_REGION, "Moscow", Kind::Admin1, "RU", "48", 55.75, 37.62, 12_000_000, "ADM1"),
        e(MOSCOW, "Moscow", Kind::City, "RU", "48", 55.75, 37.62, 12_000_000, "PPLC"),
        e(YORK_GB, "York", Kind::Admin2, "GB", "ENG", 53.96, -1.08, 200_000, "ADM2"),
        e(2633352, "York", Kind::City, "GB", "ENG", 53.96, -1.08, 150_000, "PPLA2"),
        e(YORK_PA_COUNTY, "York", Kind::Admin2, "US", "PA", 39.92, -76.73, 450_000, "ADM2"),
        e(4562407, "York", Kind::City, "US", "PA", 39.96, -76.73, 44_000, "PPLA2"),
        e(5332921, "California", Kind::Admin1, "US", "CA", 37.25, -119.75, 39_000_000, "ADM1"),
        e(CALIFORNIA_PA, "California", Kind::City, "US", "PA", 40.07, -79.89, 6_000, "PPL"),
        e(6254927, "Pennsylvania", Kind::Admin1, "US", "PA", 40.97, -77.6, 12_800_000, "ADM1"),
    ];
    let demonyms = vec![("French".to_string(), "FR".to_string())];
    Gazetteer::new(entries, demonyms).with_neighbours(vec![
        ("PS".to_string(), vec!["IL".to_string(), "EG".to_string()]),
        ("IL".to_string(), vec!["PS".to_string(), "EG".to_string()]),
    ])
}

/// The gazetteer index of the entry with this GeoNames id.
fn index(g: &Gazetteer, geonameid: u64) -> u32 {
    (0..g.len() as u32)
        .find(|&k| g.entry(k).geonameid == geonameid)
        .expect("the test gazetteer holds the id")
}

/// The first occurrence of each of `names` in `text` as a toponym, read as a document (with
/// the outlet's `home`), for `f` to score.
fn with_scorer<R>(
    text: &str,
    names: &[&str],
    home: Option<&Home>,
    f: impl FnOnce(&Scorer<'_, '_>) -> R,
) -> R {
    let g = world();
    let tops = toponyms_of(text, names);
    let cands: Vec<Vec<u32>> = tops.iter().map(|t| candidates(text, t, &g)).collect();
    let surface: Vec<String> = tops
        .iter()
        .map(|t| normalise(&text[t.start..t.end]))
        .collect();
    let (countries, regions) = named(text, &tops, &cands, &surface, &tokenize(text), &g, home);
    let doc = Document::read(text, &tops, &cands, &surface, &g, home, countries, regions);
    f(&Scorer { doc: &doc })
}

/// The entry with GeoNames id `id` as a reading of toponym `i`.
fn r<'a>(sc: &Scorer<'_, 'a>, i: usize, id: u64) -> Reading<'a> {
    sc.reading(i, index(sc.doc.gaz, id))
}

fn texas_home() -> Home {
    Home {
        point: Some((33.66, -95.55)),
        country: "US".into(),
        admin1: "TX".into(),
    }
}

#[test]
fn population_weighs_the_log_of_the_population_and_a_region_at_least_a_million() {
    let place = |kind, pop| entry(1, "X", kind, "US", "TX", 0.0, 0.0, pop, "PPL", &[]);
    assert_eq!(population(&place(Kind::City, 0)), 0.0);
    assert_eq!(
        population(&place(Kind::City, 999)),
        1000f64.ln() * POPULATION
    );
    // an ocean with no figure counts as a million people; a larger region as its own
    assert_eq!(
        population(&place(Kind::Region, 0)),
        (1.0 + REGION_PROMINENCE).ln() * POPULATION
    );
    assert_eq!(
        population(&place(Kind::Region, 5_000_000)),
        5_000_001f64.ln() * POPULATION
    );
}

#[test]
fn the_kind_prior_ranks_a_country_over_a_region_over_a_town() {
    let prior =
        |kind: Kind, fc: &str| kind_prior(&entry(1, "X", kind, "US", "TX", 0.0, 0.0, 0, fc, &[]));
    assert!(prior(Kind::Country, "PCLI") > prior(Kind::Admin1, "ADM1"));
    assert!(prior(Kind::Admin1, "ADM1") > prior(Kind::Region, "RGN"));
    assert!(prior(Kind::Region, "RGN") > prior(Kind::Admin2, "ADM2"));
    // among towns: a capital, then a regional seat, then a district seat, then the rest
    let towns = ["PPLC", "PPLA", "PPLA2", "PPLA3", "PPL"].map(|fc| prior(Kind::City, fc));
    assert!(towns.windows(2).all(|w| w[0] > w[1]), "{towns:?}");
    assert_eq!(towns[4], 0.0, "a town that is no seat has no prior");
}

#[test]
fn a_region_named_after_its_seat_is_penalised() {
    with_scorer("Moscow said so.", &["Moscow"], None, |sc| {
        assert_eq!(
            sc.named_after_seat(&r(sc, 0, MOSCOW_REGION)),
            -NAMED_AFTER_SEAT
        );
        assert_eq!(
            sc.named_after_seat(&r(sc, 0, MOSCOW)),
            0.0,
            "the city itself"
        );
    });
    with_scorer("York said so.", &["York"], None, |sc| {
        assert_eq!(sc.named_after_seat(&r(sc, 0, YORK_GB)), -NAMED_AFTER_SEAT);
        // a US county is named after a person as often as after its seat
        assert_eq!(sc.named_after_seat(&r(sc, 0, YORK_PA_COUNTY)), 0.0);
    });
    with_scorer("Texas said so.", &["Texas"], None, |sc| {
        assert_eq!(
            sc.named_after_seat(&r(sc, 0, TEXAS)),
            0.0,
            "no seat of the name"
        );
    });
}

#[test]
fn a_reading_under_its_own_name_takes_own_name() {
    with_scorer("Paris said so.", &["Paris"], None, |sc| {
        assert_eq!(own_name(&r(sc, 0, PARIS_FR)), OWN_NAME);
    });
    // a demonym standing for its country is not the country's own name
    with_scorer("French officials said so.", &["French"], None, |sc| {
        assert_eq!(own_name(&r(sc, 0, FRANCE)), 0.0);
    });
}

#[test]
fn a_place_in_a_named_country_takes_in_named_country() {
    let text = "France voted. Paris too.";
    with_scorer(text, &["France", "Paris"], None, |sc| {
        assert_eq!(sc.in_named_country(&r(sc, 1, PARIS_FR)), IN_NAMED_COUNTRY);
        assert_eq!(sc.in_named_country(&r(sc, 1, PARIS_TX)), 0.0);
        assert_eq!(
            sc.in_named_country(&r(sc, 0, FRANCE)),
            0.0,
            "not the country itself"
        );
    });
    with_scorer("Paris voted.", &["Paris"], None, |sc| {
        assert_eq!(sc.in_named_country(&r(sc, 0, PARIS_FR)), 0.0);
    });
}

#[test]
fn a_place_next_door_to_a_named_country_takes_neighbour() {
    with_scorer("Israel voted. Gaza too.", &["Israel", "Gaza"], None, |sc| {
        assert_eq!(sc.neighbour(&r(sc, 1, GAZA_PS)), NEIGHBOUR);
        assert_eq!(sc.neighbour(&r(sc, 1, GAZA_IA)), 0.0);
    });
    // where its own country is named, that counts instead
    let text = "Israel voted, and Palestine. Gaza too.";
    with_scorer(text, &["Israel", "Palestine", "Gaza"], None, |sc| {
        assert_eq!(sc.neighbour(&r(sc, 2, GAZA_PS)), 0.0);
        assert_eq!(sc.in_named_country(&r(sc, 2, GAZA_PS)), IN_NAMED_COUNTRY);
    });
}

#[test]
fn a_town_or_full_county_in_a_named_region_takes_in_named_region() {
    let text = "Texas voted. Paris and Anderson County too.";
    with_scorer(text, &["Texas", "Paris", "Anderson County"], None, |sc| {
        assert_eq!(sc.in_named_region(&r(sc, 1, PARIS_TX)), IN_NAMED_REGION);
        assert_eq!(sc.in_named_region(&r(sc, 1, PARIS_FR)), 0.0);
        assert_eq!(
            sc.in_named_region(&r(sc, 2, ANDERSON_COUNTY)),
            IN_NAMED_REGION
        );
        assert_eq!(
            sc.in_named_region(&r(sc, 0, TEXAS)),
            0.0,
            "not the region itself"
        );
    });
    with_scorer("Paris voted.", &["Paris"], None, |sc| {
        assert_eq!(sc.in_named_region(&r(sc, 0, PARIS_TX)), 0.0);
    });
}

#[test]
fn a_qualifier_supports_the_place_in_it_and_itself() {
    with_scorer("Paris, Texas voted.", &["Paris", "Texas"], None, |sc| {
        assert_eq!(sc.qualified(&r(sc, 0, PARIS_TX)), QUALIFIED);
        assert_eq!(sc.qualified(&r(sc, 0, PARIS_FR)), 0.0);
        assert_eq!(sc.qualifies(&r(sc, 1, TEXAS)), QUALIFIED);
    });
    // joined by "and", Texas qualifies nothing
    with_scorer("Paris and Texas voted.", &["Paris", "Texas"], None, |sc| {
        assert_eq!(sc.qualified(&r(sc, 0, PARIS_TX)), 0.0);
        assert_eq!(sc.qualifies(&r(sc, 1, TEXAS)), 0.0);
    });
}

#[test]
fn an_item_of_a_list_takes_listed_per_other_item_of_its_kind() {
    let text = "Georgia, Russia and Ukraine signed.";
    with_scorer(text, &["Georgia", "Russia", "Ukraine"], None, |sc| {
        assert_eq!(sc.listed(&r(sc, 0, GEORGIA_GE)), 2.0 * LISTED);
        assert_eq!(
            sc.listed(&r(sc, 0, GEORGIA_US)),
            0.0,
            "no other US state listed"
        );
    });
    // at most three others count
    let text = "Georgia, Russia, Ukraine, France, Egypt and Israel signed.";
    let names = ["Georgia", "Russia", "Ukraine", "France", "Egypt", "Israel"];
    with_scorer(text, &names, None, |sc| {
        assert_eq!(
            sc.listed(&r(sc, 0, GEORGIA_GE)),
            MOST_COUNTED as f64 * LISTED
        );
    });
    with_scorer("Georgia signed.", &["Georgia"], None, |sc| {
        assert_eq!(sc.listed(&r(sc, 0, GEORGIA_GE)), 0.0);
    });
}

#[test]
fn the_outlet_s_home_region_supports_its_towns_and_itself() {
    let home = texas_home();
    with_scorer(
        "Paris and Texas voted.",
        &["Paris", "Texas"],
        Some(&home),
        |sc| {
            assert_eq!(sc.home_region(&r(sc, 0, PARIS_TX)), HOME_REGION);
            assert_eq!(sc.home_region(&r(sc, 0, PARIS_FR)), 0.0);
            assert_eq!(sc.home_region(&r(sc, 1, TEXAS)), HOME_REGION_ITSELF);
        },
    );
    with_scorer("Paris voted.", &["Paris"], None, |sc| {
        assert_eq!(sc.home_region(&r(sc, 0, PARIS_TX)), 0.0);
    });
}

#[test]
fn a_town_near_the_outlet_s_home_takes_home_near_decaying_with_distance() {
    let home = texas_home();
    with_scorer(
        "Paris and Athens voted.",
        &["Paris", "Athens"],
        Some(&home),
        |sc| {
            assert_eq!(
                sc.home_near(&r(sc, 0, PARIS_TX)),
                HOME_NEAR,
                "the home town itself"
            );
            let km = distance_km(33.66, -95.55, 32.2, -95.85);
            let athens_tx = sc.home_near(&r(sc, 1, ATHENS_TX));
            assert_eq!(athens_tx, HOME_NEAR * (-km / HOME_KM).exp());
            assert!(0.0 < athens_tx && athens_tx < HOME_NEAR);
            assert_eq!(sc.home_near(&r(sc, 0, PARIS_FR)), 0.0, "another country");
        },
    );
    let pointless = Home {
        point: None,
        ..texas_home()
    };
    with_scorer("Paris voted.", &["Paris"], Some(&pointless), |sc| {
        assert_eq!(sc.home_near(&r(sc, 0, PARIS_TX)), 0.0);
    });
}

#[test]
fn a_town_takes_shared_per_other_name_with_a_reading_in_its_region() {
    with_scorer(
        "Paris and Athens voted.",
        &["Paris", "Athens"],
        None,
        |sc| {
            assert_eq!(sc.shared_region(&r(sc, 0, PARIS_TX)), SHARED);
            assert_eq!(sc.shared_region(&r(sc, 0, PARIS_FR)), 0.0);
        },
    );
    with_scorer("Paris voted.", &["Paris"], None, |sc| {
        assert_eq!(
            sc.shared_region(&r(sc, 0, PARIS_TX)),
            0.0,
            "not for its own name"
        );
    });
}

#[test]
fn a_town_takes_near_per_other_name_with_a_reading_close_by() {
    // Reno, Texas is next to Paris, Texas; Athens, Texas 160 km away
    with_scorer("Paris and Reno voted.", &["Paris", "Reno"], None, |sc| {
        assert_eq!(sc.near(&r(sc, 0, PARIS_TX)), NEAR);
        assert_eq!(sc.near(&r(sc, 0, PARIS_FR)), 0.0);
    });
    with_scorer(
        "Paris and Athens voted.",
        &["Paris", "Athens"],
        None,
        |sc| {
            assert_eq!(sc.near(&r(sc, 0, PARIS_TX)), 0.0);
        },
    );
}

#[test]
fn a_town_near_the_article_s_anchors_takes_anchor_decaying_with_distance() {
    with_scorer("Paris voted.", &["Paris"], None, |sc| {
        let paris = r(sc, 0, PARIS_TX);
        assert_eq!(sc.anchor(&paris, &SecondPass::default()), 0.0, "no anchors");
        let pass = |anchors: Vec<(f64, f64)>| SecondPass {
            anchors: Points::new(anchors),
            ..SecondPass::default()
        };
        let km = distance_km(33.66, -95.55, 32.2, -95.85);
        assert_eq!(
            sc.anchor(&paris, &pass(vec![(32.2, -95.85)])),
            ANCHOR * (-km / ANCHOR_KM).exp()
        );
        // an anchor at the town itself is the town
        assert_eq!(sc.anchor(&paris, &pass(vec![(33.66, -95.55)])), 0.0);
    });
}

#[test]
fn a_capital_named_in_foreign_news_takes_capital_abroad() {
    let text = "Egypt and the United States talked. Washington said so.";
    let names = ["Egypt", "United States", "Washington"];
    with_scorer(text, &names, None, |sc| {
        let focus = |cc: Option<&str>| SecondPass {
            focus_country: cc.map(str::to_string),
            ..SecondPass::default()
        };
        let dc = r(sc, 2, WASHINGTON_DC);
        assert_eq!(sc.capital_abroad(&dc, &focus(Some("EG"))), CAPITAL_ABROAD);
        assert_eq!(sc.capital_abroad(&dc, &focus(Some("US"))), 0.0, "home news");
        assert_eq!(sc.capital_abroad(&dc, &focus(None)), 0.0, "no focus");
        let wa = r(sc, 2, WASHINGTON_WA);
        assert_eq!(sc.capital_abroad(&wa, &focus(Some("EG"))), 0.0, "the state");
    });
}

#[test]
fn a_place_in_the_focus_country_and_region_takes_focus_for_each() {
    with_scorer(
        "France and Paris voted.",
        &["France", "Paris"],
        None,
        |sc| {
            let pass = SecondPass {
                focus_country: Some("FR".into()),
                ..SecondPass::default()
            };
            assert_eq!(sc.focus_country(&r(sc, 1, PARIS_FR), &pass), FOCUS);
            assert_eq!(sc.focus_country(&r(sc, 1, PARIS_TX), &pass), 0.0);
            assert_eq!(
                sc.focus_country(&r(sc, 0, FRANCE), &pass),
                0.0,
                "not the country"
            );
            assert_eq!(
                sc.focus_country(&r(sc, 1, PARIS_FR), &SecondPass::default()),
                0.0
            );
        },
    );
    with_scorer("Texas and Paris voted.", &["Texas", "Paris"], None, |sc| {
        let pass = SecondPass {
            focus_admin1: Some(("US".into(), "TX".into())),
            ..SecondPass::default()
        };
        assert_eq!(sc.focus_region(&r(sc, 1, PARIS_TX), &pass), FOCUS);
        assert_eq!(sc.focus_region(&r(sc, 1, PARIS_FR), &pass), 0.0);
        assert_eq!(
            sc.focus_region(&r(sc, 0, TEXAS), &pass),
            0.0,
            "not the region"
        );
        assert_eq!(
            sc.focus_region(&r(sc, 1, PARIS_TX), &SecondPass::default()),
            0.0
        );
    });
}

#[test]
fn a_town_named_like_a_region_of_its_country_takes_none_of_the_regions_support() {
    // "California" is a state: the Pennsylvania borough of the name takes no support from
    // Pennsylvania being named, nor from the setting
    let text = "Pennsylvania voted. California too.";
    with_scorer(text, &["Pennsylvania", "California"], None, |sc| {
        let borough = r(sc, 1, CALIFORNIA_PA);
        assert!(borough.town_of_region_name);
        assert_eq!(sc.in_named_region(&borough), 0.0);
        let pass = SecondPass {
            focus_admin1: Some(("US".into(), "PA".into())),
            ..SecondPass::default()
        };
        assert_eq!(sc.focus_region(&borough, &pass), 0.0);
    });
}

#[test]
fn the_score_is_the_sum_of_the_terms_in_order() {
    let home = texas_home();
    let text = "Paris, Texas and Athens voted.";
    with_scorer(text, &["Paris", "Texas", "Athens"], Some(&home), |sc| {
        let pass = SecondPass {
            anchors: Points::new(vec![(32.2, -95.85)]),
            focus_country: Some("US".into()),
            focus_admin1: Some(("US".into(), "TX".into())),
        };
        for (i, id) in [(0, PARIS_TX), (0, PARIS_FR), (1, TEXAS)] {
            let reading = r(sc, i, id);
            let terms = [
                sc.named_after_seat(&reading),
                kind_prior(reading.e),
                own_name(&reading),
                sc.in_named_country(&reading),
                sc.neighbour(&reading),
                sc.in_named_region(&reading),
                sc.qualified(&reading),
                sc.listed(&reading),
                sc.qualifies(&reading),
                sc.home_region(&reading),
                sc.home_near(&reading),
                sc.shared_region(&reading),
                sc.near(&reading),
                sc.anchor(&reading, &pass),
                sc.capital_abroad(&reading, &pass),
                sc.focus_country(&reading, &pass),
                sc.focus_region(&reading, &pass),
            ];
            let sum = terms.iter().fold(population(reading.e), |s, t| s + t);
            assert_eq!(sc.score(i, reading.k, &pass), sum, "{id}");
        }
    });
}
