//! Unit tests of toponym resolution: which reading wins with which evidence.

use super::*;
use crate::geo::gazetteer::tests::{entry, tiny};
use crate::geo::gazetteer::Entry;
use crate::geo::tests::{spans_of, toponyms_of, united_states};
use crate::geo::{recognise, Tagged};
use crate::segment::tokenize;

/// US states and the small towns named after them, in Pennsylvania.
fn states() -> Gazetteer {
    let e = |id, name: &str, kind, a1: &str, lat, lon, pop, fc: &str| {
        entry(id, name, kind, "US", a1, lat, lon, pop, fc, &[])
    };
    Gazetteer::new(
        vec![
            e(
                6252001,
                "United States",
                Kind::Country,
                "",
                39.76,
                -98.5,
                327_000_000,
                "PCLI",
            ),
            e(
                5332921,
                "California",
                Kind::Admin1,
                "CA",
                37.25,
                -119.75,
                39_000_000,
                "ADM1",
            ),
            e(
                6254927,
                "Pennsylvania",
                Kind::Admin1,
                "PA",
                40.97,
                -77.6,
                12_800_000,
                "ADM1",
            ),
            e(
                4544379,
                "Oklahoma",
                Kind::Admin1,
                "OK",
                35.5,
                -97.5,
                3_900_000,
                "ADM1",
            ),
            e(
                5279468,
                "Wisconsin",
                Kind::Admin1,
                "WI",
                44.5,
                -90.0,
                5_800_000,
                "ADM1",
            ),
            e(
                5182733,
                "California",
                Kind::City,
                "PA",
                40.07,
                -79.89,
                6_000,
                "PPL",
            ),
            e(
                5204294,
                "Oklahoma",
                Kind::City,
                "PA",
                40.58,
                -79.57,
                786,
                "PPL",
            ),
            e(
                5206379,
                "Pittsburgh",
                Kind::City,
                "PA",
                40.44,
                -79.99,
                300_000,
                "PPLA2",
            ),
            e(
                5815135,
                "Washington",
                Kind::Admin1,
                "WA",
                47.5,
                -120.5,
                7_700_000,
                "ADM1",
            ),
            e(
                5218069,
                "Washington",
                Kind::Admin2,
                "PA",
                40.19,
                -80.25,
                207_000,
                "ADM2",
            ),
        ],
        Vec::new(),
    )
}

fn resolutions(g: &Gazetteer, text: &str, names: &[&str]) -> Vec<Option<Resolution>> {
    resolve(text, &toponyms_of(text, names), &tokenize(text), g, None)
}

fn resolved_ids(g: &Gazetteer, text: &str, names: &[&str]) -> Vec<u64> {
    resolutions(g, text, names)
        .iter()
        .map(|r| g.entry(r.as_ref().unwrap().entry).geonameid)
        .collect()
}

fn cairo() -> Entry {
    entry(
        360630,
        "Cairo",
        Kind::City,
        "EG",
        "11",
        30.06,
        31.25,
        7_700_000,
        "PPLC",
        &[],
    )
}

#[test]
fn seed_like_context_picks_the_right_blagoveshchensk() {
    let g = tiny();
    let text = "China’s border with Russia is marked by Heihe. Tourists peek into Blagoveshchensk. \
                    Russia’s leader is back in the Chinese capital. Harbin is Heilongjiang’s capital.";
    let toks = tokenize(text);
    let locs = spans_of(
        text,
        &[
            "China",
            "Russia",
            "Heihe",
            "Blagoveshchensk",
            "Harbin",
            "Heilongjiang",
        ],
    );
    let tops = recognise(
        text,
        &toks,
        &Tagged {
            locations: &locs,
            ..Tagged::default()
        },
        &g,
        None,
    );
    assert!(
        tops.iter().any(|t| t.capital_of.as_deref() == Some("CN")),
        "{tops:?}"
    );
    let res = resolve(text, &tops, &toks, &g, None);
    let names: Vec<(String, u64)> = tops
        .iter()
        .zip(&res)
        .map(|(t, r)| {
            (
                text[t.start..t.end].to_string(),
                g.entry(r.as_ref().unwrap().entry).geonameid,
            )
        })
        .collect();
    let id = |n: &str| names.iter().find(|(x, _)| x == n).map(|x| x.1);
    assert_eq!(id("Blagoveshchensk"), Some(2026609));
    assert_eq!(id("Heihe"), Some(2036973));
    assert_eq!(id("Chinese capital"), Some(1816670));
    assert_eq!(id("China"), Some(1814991));
}

#[test]
fn comma_qualifier_decides() {
    let g = tiny();
    let text = "Blagoveshchensk, Amur Oblast is quiet.";
    let toks = tokenize(text);
    let tops = recognise(
        text,
        &toks,
        &Tagged {
            locations: &spans_of(text, &["Blagoveshchensk"]),
            ..Tagged::default()
        },
        &g,
        None,
    );
    assert_eq!(
        tops.len(),
        2,
        "the region is recognised from the gazetteer: {tops:?}"
    );
    let res = resolve(text, &tops, &toks, &g, None);
    assert_eq!(g.entry(res[0].as_ref().unwrap().entry).geonameid, 2026609);
}

#[test]
fn a_state_name_is_the_state_even_beside_another_state() {
    let g = states();
    // Pennsylvania named, and Pittsburgh in it: "California" is still the state.
    let text = "Cases rose in Pennsylvania and Pittsburgh, and in California.";
    let ids = resolved_ids(&g, text, &["Pennsylvania", "Pittsburgh", "California"]);
    assert_eq!(ids[2], 5332921, "{ids:?}");
    // Nor is a county of the name.
    let text = "Cases rose in Pennsylvania and Pittsburgh, and in Washington.";
    let ids = resolved_ids(&g, text, &["Pennsylvania", "Pittsburgh", "Washington"]);
    assert_eq!(ids[2], 5815135, "{ids:?}");
    // A list of states is not "Oklahoma, Pennsylvania".
    let text = "Farms in Wisconsin, Oklahoma, Pennsylvania reported it.";
    let ids = resolved_ids(&g, text, &["Wisconsin", "Oklahoma", "Pennsylvania"]);
    assert_eq!(ids[1], 4544379, "{ids:?}");
    // A qualifier still decides.
    let text = "The borough of California, Pennsylvania voted.";
    let ids = resolved_ids(&g, text, &["California", "Pennsylvania"]);
    assert_eq!(ids[0], 5182733, "{ids:?}");
}

#[test]
fn a_bare_gulf_is_no_far_away_province() {
    let e = |id, name: &str, kind, cc: &str, lat, lon, pop, fc: &str, al: &[&str]| {
        let a1 = if kind == Kind::Admin1 { "05" } else { "" };
        entry(id, name, kind, cc, a1, lat, lon, pop, fc, al)
    };
    let g = Gazetteer::new(
        vec![
            e(
                130758,
                "Iran",
                Kind::Country,
                "IR",
                32.0,
                53.0,
                81_000_000,
                "PCLI",
                &[],
            ),
            e(
                2095346,
                "Gulf",
                Kind::Admin1,
                "PG",
                -7.0,
                144.0,
                160_000,
                "ADM1",
                &[],
            ),
            e(
                0,
                "Persian Gulf",
                Kind::Region,
                "",
                26.5,
                52.0,
                0,
                "RGN",
                &["Gulf"],
            ),
        ],
        Vec::new(),
    );
    let text = "Iran threatened a new offensive in its Gulf war.";
    let ids = resolved_ids(&g, text, &["Iran", "Gulf"]);
    assert_eq!(ids[1], 0, "the Persian Gulf, not Gulf Province: {ids:?}");
}

#[test]
fn an_item_of_a_list_is_a_thing_of_the_list_s_kind() {
    let e = |id, name: &str, kind, cc: &str, a1: &str, lat, lon, pop, fc: &str| {
        entry(id, name, kind, cc, a1, lat, lon, pop, fc, &[])
    };
    let g = Gazetteer::new(
        vec![
            e(
                5101760,
                "New Jersey",
                Kind::Admin1,
                "US",
                "NJ",
                40.17,
                -74.5,
                8_800_000,
                "ADM1",
            ),
            e(
                6093943,
                "Ontario",
                Kind::Admin1,
                "CA",
                "08",
                49.25,
                -84.5,
                12_900_000,
                "ADM1",
            ),
            e(
                5883102,
                "Alberta",
                Kind::Admin1,
                "CA",
                "01",
                52.28,
                -113.8,
                3_600_000,
                "ADM1",
            ),
            e(
                6087430,
                "New Brunswick",
                Kind::Admin1,
                "CA",
                "04",
                46.5,
                -66.75,
                750_000,
                "ADM1",
            ),
            e(
                5101717,
                "New Brunswick",
                Kind::City,
                "US",
                "NJ",
                40.49,
                -74.45,
                55_000,
                "PPLA2",
            ),
        ],
        Vec::new(),
    );
    // New Jersey named: without the list, New Brunswick would be its town
    let text = "New Jersey officials counted cases in Ontario, Alberta and New Brunswick.";
    let names = ["New Jersey", "Ontario", "Alberta", "New Brunswick"];
    let ids = resolved_ids(&g, text, &names);
    assert_eq!(
        ids[3], 6087430,
        "the province, as the list's others are: {ids:?}"
    );
    let text = "New Jersey officials counted cases in Ontario. New Brunswick had none.";
    let ids = resolved_ids(&g, text, &["New Jersey", "Ontario", "New Brunswick"]);
    assert_eq!(ids[2], 5101717, "outside a list, the town: {ids:?}");
}

#[test]
fn an_ocean_outranks_a_county_of_its_name_unless_the_article_is_set_there() {
    let e = |id, name: &str, kind, a1: &str, lat, lon, pop, fc: &str, al: &[&str]| {
        let cc = if kind == Kind::Region { "" } else { "US" };
        entry(id, name, kind, cc, a1, lat, lon, pop, fc, al)
    };
    let g = Gazetteer::new(
        vec![
            e(
                5815135,
                "Washington",
                Kind::Admin1,
                "WA",
                47.5,
                -120.5,
                6_900_000,
                "ADM1",
                &[],
            ),
            e(
                5806002,
                "Pacific County",
                Kind::Admin2,
                "WA",
                46.5,
                -123.9,
                21_000,
                "ADM2",
                &["Pacific"],
            ),
            e(
                5803992,
                "Raymond",
                Kind::City,
                "WA",
                46.69,
                -123.73,
                2_900,
                "PPL",
                &[],
            ),
            e(
                0,
                "Pacific Ocean",
                Kind::Region,
                "",
                0.0,
                -160.0,
                0,
                "RGN",
                &["Pacific"],
            ),
        ],
        Vec::new(),
    );
    let text = "Tuna stocks in the Pacific are falling.";
    let ids = resolved_ids(&g, text, &["Pacific"]);
    assert_eq!(ids[0], 0, "the ocean, not Pacific County: {ids:?}");
    let text = "In Raymond, Washington, the Pacific commissioners met.";
    let ids = resolved_ids(&g, text, &["Raymond", "Washington", "Pacific"]);
    assert_eq!(ids[2], 5806002, "the county, in a story set there: {ids:?}");
}

#[test]
fn a_bare_name_beside_its_city_s_longer_name_is_not_that_city() {
    let e = |id, name: &str, kind, a1: &str, lat, lon, pop, fc: &str, al: &[&str]| {
        entry(id, name, kind, "MX", a1, lat, lon, pop, fc, al)
    };
    let g = Gazetteer::new(
        vec![
            e(
                3996063,
                "Mexico",
                Kind::Country,
                "",
                23.0,
                -102.0,
                126_000_000,
                "PCLI",
                &[],
            ),
            e(
                3530597,
                "Mexico City",
                Kind::City,
                "09",
                19.43,
                -99.13,
                12_300_000,
                "PPLC",
                &["Mexico"],
            ),
            e(
                3533462,
                "Acapulco",
                Kind::City,
                "12",
                16.86,
                -99.89,
                650_000,
                "PPLA2",
                &[],
            ),
        ],
        Vec::new(),
    );
    let text = "Storms struck Acapulco. Flights from Mexico City stopped, and Mexico declared \
                    an emergency.";
    let ids = resolved_ids(&g, text, &["Acapulco", "Mexico City", "Mexico"]);
    assert_eq!(
        ids,
        [3533462, 3530597, 3996063],
        "Mexico is the country: {ids:?}"
    );
}

#[test]
fn a_capital_outweighs_a_small_namesake_in_a_country_the_article_names() {
    let g = Gazetteer::new(
        vec![
            united_states(),
            cairo(),
            entry(
                4185632,
                "Cairo",
                Kind::City,
                "US",
                "GA",
                30.88,
                -84.2,
                9_600,
                "PPLA2",
                &[],
            ),
        ],
        Vec::new(),
    );
    let text = "Officials from the United States met their counterparts in Cairo.";
    let ids = resolved_ids(&g, text, &["United States", "Cairo"]);
    assert_eq!(ids, [6252001, 360630], "Cairo, Egypt: {ids:?}");
}

#[test]
fn a_bare_direction_is_a_countrys_former_province_only_where_the_country_is_named() {
    let mut western = entry(
        0,
        "Western Province",
        Kind::Region,
        "KE",
        "",
        0.5,
        34.7,
        0,
        "ADM1H",
        &[],
    );
    western.aliases = vec!["Western".into()];
    let kenya = entry(
        192950,
        "Kenya",
        Kind::Country,
        "KE",
        "",
        1.0,
        38.0,
        47_000_000,
        "PCLI",
        &[],
    );
    let g = Gazetteer::new(vec![kenya, western], Vec::new());
    let first = |text: &str, names: &[&str]| {
        resolutions(&g, text, names)[0]
            .as_ref()
            .map(|r| g.entry(r.entry).name.clone())
    };
    assert_eq!(
        first(
            "Cases rose in Western and Nyanza provinces of Kenya.",
            &["Western", "Kenya"]
        ),
        Some("Western Province".into())
    );
    assert_eq!(first("Western leaders met in Paris.", &["Western"]), None);
}

#[test]
fn washington_in_foreign_news_is_the_capital_and_the_state_of_washington_the_state() {
    let g = Gazetteer::new(
        vec![
            entry(
                5815135,
                "Washington",
                Kind::Admin1,
                "US",
                "WA",
                47.5,
                -120.5,
                7_600_000,
                "ADM1",
                &[],
            ),
            entry(
                4140963,
                "Washington",
                Kind::City,
                "US",
                "DC",
                38.9,
                -77.04,
                689_000,
                "PPLC",
                &[],
            ),
            entry(
                524901,
                "Moscow",
                Kind::City,
                "RU",
                "48",
                55.75,
                37.62,
                10_400_000,
                "PPLC",
                &[],
            ),
            united_states(),
            entry(
                357994,
                "Egypt",
                Kind::Country,
                "EG",
                "",
                27.0,
                30.0,
                98_000_000,
                "PCLI",
                &[],
            ),
            cairo(),
            entry(
                361058,
                "Alexandria",
                Kind::City,
                "EG",
                "06",
                31.2,
                29.92,
                3_800_000,
                "PPLA",
                &[],
            ),
        ],
        Vec::new(),
    );
    // listed with another capital
    let ids = resolved_ids(
        &g,
        "Talks between Washington and Moscow resumed.",
        &["Washington", "Moscow"],
    );
    assert_eq!(ids[0], 4140963, "listed: {ids:?}");
    // an article set in Egypt that names the United States
    let text = "Egypt and the United States met in Cairo and Alexandria. Washington seems \
                    prepared to engage.";
    let places = [
        "Egypt",
        "United States",
        "Cairo",
        "Alexandria",
        "Washington",
    ];
    let ids = resolved_ids(&g, text, &places);
    assert_eq!(ids[4], 4140963, "foreign news: {ids:?}");
    // local news: the state
    let ids = resolved_ids(&g, "Farmers in Washington expect rain.", &["Washington"]);
    assert_eq!(ids[0], 5815135, "local: {ids:?}");
    // "the state of": the state, in foreign news too
    let text = "Egypt and the United States met in Cairo and Alexandria. A case was found \
                    in the state of Washington.";
    let ids = resolved_ids(&g, text, &places);
    assert_eq!(ids[4], 5815135, "the state of: {ids:?}");
}

#[test]
fn a_county_by_its_full_name_lies_in_the_state_the_article_names() {
    let place = |id, name: &str, kind, a1: &str, lat, lon, pop, code: &str| {
        entry(id, name, kind, "US", a1, lat, lon, pop, code, &[])
    };
    let g = Gazetteer::new(
        vec![
            place(
                5001836,
                "Michigan",
                Kind::Admin1,
                "MI",
                44.5,
                -85.5,
                9_900_000,
                "ADM1",
            ),
            place(
                4990001,
                "Monroe County",
                Kind::Admin2,
                "MI",
                41.9,
                -83.5,
                10_000,
                "ADM2",
            ),
            place(
                4867729,
                "Monroe County",
                Kind::Admin2,
                "IA",
                41.0,
                -92.9,
                10_000,
                "ADM2",
            ),
            place(
                4846834,
                "Ames",
                Kind::City,
                "IA",
                42.03,
                -93.62,
                66_000,
                "PPL",
            ),
            place(
                4853828,
                "Des Moines",
                Kind::City,
                "IA",
                41.6,
                -93.61,
                214_000,
                "PPLA",
            ),
        ],
        Vec::new(),
    );
    // Iowa's towns back Iowa's county; the state the article names outweighs them
    let text = "Dead swans were found in Monroe County. Michigan officials said labs in \
                    Ames and Des Moines tested them.";
    let ids = resolved_ids(
        &g,
        text,
        &["Monroe County", "Michigan", "Ames", "Des Moines"],
    );
    assert_eq!(ids[0], 4990001, "Monroe County, Michigan: {ids:?}");
}

#[test]
fn the_article_before_a_small_town_s_name_and_a_noun_is_the_noun_s() {
    let g = Gazetteer::new(
        vec![entry(
            2640103,
            "Pirbright",
            Kind::City,
            "GB",
            "ENG",
            51.29,
            -0.65,
            2_000,
            "PPL",
            &[],
        )],
        Vec::new(),
    );
    // "the Pirbright laboratory": the laboratory's, so the town stands
    for text in [
        "Vehicles from the Pirbright laboratory were checked.",
        "Samples were taken in the Pirbright area.",
    ] {
        assert_eq!(resolved_ids(&g, text, &["Pirbright"]), [2640103], "{text}");
    }
    // and in "the Pirbright or Woking areas", to the noun after both names
    let text = "Most came from the Pirbright or Woking areas.";
    assert_eq!(resolved_ids(&g, text, &["Pirbright"]), [2640103], "{text}");
    // "the Pirbright" alone, or before a function word, is no town of 2,000 people
    for text in [
        "The birds reached the Pirbright and the coast.",
        "Nobody expected the Pirbright.",
        "They flew over the Pirbright and Woking.",
    ] {
        assert_eq!(resolutions(&g, text, &["Pirbright"]), [None], "{text}");
    }
}

#[test]
fn a_dateline_is_a_town() {
    let g = Gazetteer::new(
        vec![
            entry(
                4140963,
                "Washington",
                Kind::City,
                "US",
                "DC",
                38.9,
                -77.04,
                690_000,
                "PPLC",
                &[],
            ),
            entry(
                5815135,
                "Washington",
                Kind::Admin1,
                "US",
                "WA",
                47.5,
                -120.5,
                7_700_000,
                "ADM1",
                &[],
            ),
        ],
        Vec::new(),
    );
    let ids = resolved_ids(&g, "WASHINGTON — Senators met on Tuesday.", &["WASHINGTON"]);
    assert_eq!(ids, [4140963], "the dateline's town");
    let ids = resolved_ids(&g, "Washington grows apples.", &["Washington"]);
    assert_eq!(ids, [5815135], "elsewhere the state");
}

#[test]
fn a_later_window_weighs_what_earlier_windows_found() {
    let g = Gazetteer::embedded();
    let window = |text: &str, names: &[&str], evidence: &mut Evidence| -> Vec<String> {
        let tops = toponyms_of(text, names);
        resolve_in(text, &tops, &tokenize(text), g, None, evidence)
            .iter()
            .map(|r| {
                let e = g.entry(r.as_ref().unwrap().entry);
                format!("{} {}", e.country, e.admin1)
            })
            .collect()
    };
    let later = "Paris voted.";
    let alone = window(later, &["Paris"], &mut Evidence::default());
    let mut evidence = Evidence::default();
    let first = window(
        "Dallas, Houston and Austin voted in Texas.",
        &["Dallas", "Houston", "Austin", "Texas"],
        &mut evidence,
    );
    assert_eq!(first, ["US TX", "US TX", "US TX", "US TX"]);
    let after = window(later, &["Paris"], &mut evidence);
    // the same text alone, and after windows set in Texas
    assert_eq!(
        (alone, after),
        (vec!["FR 11".to_string()], vec!["US TX".to_string()])
    );
    // an empty evidence leaves a window as `resolve` reads it
    assert_eq!(
        window(later, &["Paris"], &mut Evidence::default()),
        ["FR 11"]
    );
}

#[test]
fn the_cues_read_the_definite_article_and_a_longer_city_name() {
    let article = |text: &str, name: &str| with_article(text, &toponyms_of(text, &[name])[0]);
    assert!(article("Ships sailed into the Gulf.", "Gulf"));
    assert!(
        article("the West and its allies", "West"),
        "a function word follows"
    );
    assert!(
        !article("the Pirbright laboratory", "Pirbright"),
        "the noun's article"
    );
    assert!(
        !article("the Paris-Henry County Arts Council", "Paris"),
        "a longer name's"
    );
    assert!(!article("Ships sailed to Gulf.", "Gulf"));
    let surface = ["mexico".to_string(), "mexico city".to_string()];
    assert_eq!(
        longer_city(&surface),
        [Some("mexico city".to_string()), None]
    );
}

#[test]
fn confidence_grows_with_the_margin_and_a_lone_winner_is_nearly_certain() {
    assert_eq!(confidence(0.0), 0.0);
    assert!(confidence(1.0) < confidence(2.0));
    assert_eq!(
        confidence(NO_RIVAL_MARGIN),
        1.0 - (-NO_RIVAL_MARGIN / CONFIDENCE_MARGIN).exp()
    );
    assert!(confidence(NO_RIVAL_MARGIN) > 0.99);
}
