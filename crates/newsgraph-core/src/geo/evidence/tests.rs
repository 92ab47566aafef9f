//! Unit tests of what the document says: named countries and regions, qualifiers, lists,
//! the counts behind the focus, and the nearest anchor.

use super::*;
use crate::geo::gazetteer::tests::tiny;
use crate::geo::resolve::candidates;
use crate::geo::tests::toponyms_of;

/// What `named` finds in `text` with the first occurrence of each of `names` a toponym.
fn named_in(
    g: &Gazetteer,
    text: &str,
    names: &[&str],
    home: Option<&Home>,
) -> (Vec<String>, Vec<(String, String)>) {
    let tops = toponyms_of(text, names);
    let cands: Vec<Vec<u32>> = tops.iter().map(|t| candidates(text, t, g)).collect();
    let surface: Vec<String> = tops
        .iter()
        .map(|t| normalise(&text[t.start..t.end]))
        .collect();
    let tokens = crate::segment::tokenize(text);
    let (countries, regions) = named(text, &tops, &cands, &surface, &tokens, g, home);
    let mut countries: Vec<String> = countries.into_iter().map(str::to_string).collect();
    let mut regions: Vec<(String, String)> = regions
        .into_iter()
        .map(|(c, a)| (c.to_string(), a.to_string()))
        .collect();
    countries.sort();
    regions.sort();
    (countries, regions)
}

#[test]
fn a_document_names_countries_by_name_demonym_and_names_found_in_one_country() {
    let g = tiny();
    // Heihe's two readings are both in China; a Chinese official names China too
    let (countries, regions) = named_in(&g, "Heihe grew.", &["Heihe"], None);
    assert_eq!((countries, regions), (vec!["CN".to_string()], vec![]));
    let (countries, _) = named_in(&g, "Russian officials spoke.", &[], None);
    assert_eq!(countries, ["RU"]);
    // an unambiguous first-level region names itself and its country
    let (countries, regions) = named_in(&g, "Amur Oblast grew.", &["Amur Oblast"], None);
    assert_eq!(countries, ["RU"]);
    assert_eq!(regions, [("RU".to_string(), "05".to_string())]);
    // the outlet's home country, whatever the text
    let home = Home {
        point: None,
        country: "US".into(),
        admin1: String::new(),
    };
    let (countries, _) = named_in(&g, "Nothing here.", &[], Some(&home));
    assert_eq!(countries, ["US"]);
    let (countries, regions) = named_in(&g, "Nothing here.", &[], None);
    assert!(countries.is_empty() && regions.is_empty());
}

/// The qualifiers and lists of the toponyms at `names` in `text`.
fn structure(text: &str, names: &[&str]) -> (Vec<Option<usize>>, Vec<Vec<usize>>) {
    let g = tiny();
    let tops = toponyms_of(text, names);
    let cands: Vec<Vec<u32>> = tops.iter().map(|t| candidates(text, t, &g)).collect();
    let joined = joins(text, &tops);
    (qualifiers(&joined, &cands, &g), lists(&joined))
}

#[test]
fn a_comma_chain_qualifies_step_by_step_and_a_list_needs_three_or_a_word() {
    let chain = ["Harbin", "Heilongjiang", "China"];
    let (qualifier, listed) = structure("Harbin, Heilongjiang, China", &chain);
    assert_eq!(qualifier, [Some(1), Some(2), None]);
    assert_eq!(listed, [vec![1, 2], vec![0, 2], vec![0, 1]]);
    // two joined by a comma are a place and its qualifier, no list
    let (qualifier, listed) = structure("Harbin, China", &["Harbin", "China"]);
    assert_eq!(qualifier, [Some(1), None]);
    assert!(listed.iter().all(Vec::is_empty));
    // two joined by "and" are a list
    let (qualifier, listed) = structure("Russia and China", &["Russia", "China"]);
    assert_eq!(qualifier, [None, None]);
    assert_eq!(listed, [vec![1], vec![0]]);
    // after an item the next does not hold, a comma starts no qualifier
    let names = ["Russia", "China", "Heilongjiang"];
    let (qualifier, _) = structure("Russia, China, Heilongjiang", &names);
    assert_eq!(qualifier, [Some(1), None, None]);
}

#[test]
fn a_list_counts_at_most_list_reach_items_either_side() {
    // eleven names joined by commas and a final "and"
    let joined: Vec<Option<bool>> = (0..11)
        .map(|i| match i {
            9 => Some(true),
            10 => None,
            _ => Some(false),
        })
        .collect();
    let listed = lists(&joined);
    assert_eq!(listed[0], (1..=LIST_REACH).collect::<Vec<_>>());
    assert_eq!(listed[5].len(), 2 * LIST_REACH);
}

#[test]
fn the_focus_is_where_two_distinct_names_lie() {
    let g = tiny();
    // the reading of `name` in Heilongjiang (CN 08)
    let in_heilongjiang = |name: &str| {
        g.lookup(name)
            .iter()
            .map(|&k| g.entry(k))
            .find(|e| e.admin1 == "08")
            .unwrap()
    };
    let mut placed = Placed::default();
    placed.count("harbin", in_heilongjiang("Harbin"));
    // four mentions of one name are one place
    placed.count("harbin", in_heilongjiang("Harbin"));
    assert_eq!(
        (placed.focus_country(), placed.focus_admin1()),
        (None, None)
    );
    placed.count("heihe", in_heilongjiang("Heihe"));
    assert_eq!(placed.focus_country(), Some("CN".to_string()));
    assert_eq!(
        placed.focus_admin1(),
        Some(("CN".to_string(), "08".to_string()))
    );
}

#[test]
fn the_nearest_point_is_the_one_every_point_measured_would_give() {
    // a fixed pseudo-random spread over the globe, with repeats and the same spot
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut pts: Vec<(f64, f64)> = (0..400)
        .map(|_| (next() * 180.0 - 90.0, next() * 360.0 - 180.0))
        .collect();
    pts.extend_from_within(..50);
    let points = Points::new(pts.clone());
    for _ in 0..300 {
        let (lat, lon) = (next() * 180.0 - 90.0, next() * 360.0 - 180.0);
        for q in [(lat, lon), pts[(next() * 400.0) as usize]] {
            let brute = pts
                .iter()
                .map(|&(a, b)| distance_km(a, b, q.0, q.1))
                .filter(|d| *d > 1.0)
                .fold(f64::MAX, f64::min);
            let got = points.nearest_beyond(q.0, q.1, 1.0);
            assert_eq!(got, (brute < f64::MAX).then_some(brute), "{q:?}");
        }
    }
    assert_eq!(Points::default().nearest_beyond(0.0, 0.0, 1.0), None);
}
