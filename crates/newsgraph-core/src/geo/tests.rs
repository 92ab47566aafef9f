//! Unit tests of `geo`.

use super::evidence::{Evidence, Points};
use super::gazetteer::{distance_km, Gazetteer, Home, Kind};
use super::score::kind_prior;
use super::*;
use crate::geo::gazetteer::tests::{entry, tiny};
use crate::geo::gazetteer::Entry;
use crate::segment::tokenize;

fn spans_of(text: &str, names: &[&str]) -> Vec<Span> {
    names
        .iter()
        .map(|n| {
            let s = text.find(n).unwrap();
            Span::new(s, s + n.len())
        })
        .collect()
}

#[test]
fn places_inside_other_words_after_directions_demonyms_and_towns_near_home() {
    let g = tiny();
    let text = "Russian officials toured North Heilongjiang. A Harbin-area trader, Li (D-Harbin), \
                    studied at the University of Harbin. Heihe residents cheered.";
    let toks = tokenize(text);
    let locs = spans_of(text, &["North Heilongjiang"]);
    let orgs = spans_of(text, &["University of Harbin"]);
    let found = |home: Option<&Home>| -> Vec<&str> {
        recognise(
            text,
            &toks,
            &Tagged {
                locations: &locs,
                organisations: &orgs,
                ..Tagged::default()
            },
            &g,
            home,
        )
        .iter()
        .map(|t| &text[t.start..t.end])
        .collect()
    };
    assert_eq!(
        found(None),
        ["Russian", "Heilongjiang", "Harbin", "Harbin", "Harbin"]
    );
    // a newspaper across the river names Heihe without the tagger's help
    let home = Home {
        point: Some((50.28, 127.54)),
        country: "RU".into(),
        admin1: "05".into(),
    };
    assert_eq!(found(Some(&home)).last(), Some(&"Heihe"));
    // a region name the tagger missed counts only where it is a proper noun
    let text = "Heilongjiang grows rice.";
    let toks = tokenize(text);
    for (tag, want) in [(true, 1), (false, 0)] {
        let proper = vec![tag; toks.len()];
        let got = recognise(
            text,
            &toks,
            &Tagged {
                proper: &proper,
                ..Tagged::default()
            },
            &g,
            None,
        );
        assert_eq!(got.len(), want, "PROPN {tag}: {got:?}");
    }
}

#[test]
fn a_state_s_abbreviation_after_a_place_a_party_or_before_a_noun_is_the_state() {
    let e = |id, name: &str, kind, cc: &str, a1: &str, pop, fc: &str, al: &[&str]| {
        entry(id, name, kind, cc, a1, 38.0, -85.0, pop, fc, al)
    };
    let g = Gazetteer::new(
        vec![
            e(
                6254925,
                "Kentucky",
                Kind::Admin1,
                "US",
                "KY",
                4_400_000,
                "ADM1",
                &["KY", "Ky."],
            ),
            e(
                5128638,
                "New York",
                Kind::Admin1,
                "US",
                "NY",
                19_000_000,
                "ADM1",
                &["NY"],
            ),
            e(
                4826850,
                "West Virginia",
                Kind::Admin1,
                "US",
                "WV",
                1_800_000,
                "ADM1",
                &["W. Va."],
            ),
            e(
                3578097,
                "Montserrat",
                Kind::Country,
                "MS",
                "",
                5_000,
                "PCLI",
                &["MS"],
            ),
            e(
                4299276,
                "Louisville",
                Kind::City,
                "US",
                "KY",
                600_000,
                "PPLA2",
                &[],
            ),
        ],
        Vec::new(),
    );
    let found = |text: &str, locations: &[&str]| recognised(&g, text, locations);
    assert_eq!(
        found(
            "He drove to Louisville, Ky. The trip was long.",
            &["Louisville"]
        ),
        ["Louisville", "Ky."]
    );
    assert_eq!(found("Missing Ky. man found.", &[]), ["Ky."]);
    assert_eq!(
        found(
            "Rep. Charles Rangel, D-N.Y., and Nick Rahall, D-W. Va., said.",
            &[]
        ),
        ["N.Y.", "W. Va."]
    );
    // the tagger's span over a whole "D-N.Y." gives way to the state
    assert_eq!(
        found("Rep. Charles Rangel, D-N.Y., said.", &["D-N.Y."]),
        ["N.Y."]
    );
    // a title is no abbreviated country, nor an abbreviation before a function word
    assert!(found("In Louisville, Ms. Smith said so.", &["Louisville"]) == ["Louisville"]);
    assert!(found("He met Ky. and left.", &[]).is_empty());
    // an era after a year is no place, even where the tagger says so
    assert!(found("It dates from 190 A.D., and from Kentucky.", &["A.D."]) == ["Kentucky"]);
    // a tagged "City, State" is two places; a pair the gazetteer does not know stays whole
    assert_eq!(
        found("Louisville, Ky., one of the cities.", &["Louisville, Ky."]),
        ["Louisville", "Ky."]
    );
    assert_eq!(
        found(
            "In Louisville, Kentucky, they met.",
            &["Louisville, Kentucky"]
        ),
        ["Louisville", "Kentucky"]
    );
    assert_eq!(
        found("Smith, Jones and Co. met.", &["Smith, Jones"]),
        ["Smith, Jones"]
    );
}

#[test]
fn hyphenated_pairs_parties_and_demonyms() {
    let e = |id, name: &str, kind, cc: &str, a1: &str, pop, fc: &str, al: &[&str]| {
        entry(id, name, kind, cc, a1, 30.0, 30.0, pop, fc, al)
    };
    let g = Gazetteer::new(
        vec![
            e(
                357994,
                "Egypt",
                Kind::Country,
                "EG",
                "",
                98_000_000,
                "PCLI",
                &[],
            ),
            united_states(),
            e(
                614540,
                "Georgia",
                Kind::Country,
                "GE",
                "",
                3_700_000,
                "PCLI",
                &[],
            ),
            e(
                2510769,
                "Spain",
                Kind::Country,
                "ES",
                "",
                46_000_000,
                "PCLI",
                &[],
            ),
            e(
                4274994,
                "Merriam",
                Kind::City,
                "US",
                "KS",
                11_000,
                "PPL",
                &[],
            ),
            e(
                4954611,
                "Webster",
                Kind::City,
                "US",
                "MA",
                17_000,
                "PPL",
                &[],
            ),
            e(
                4809537,
                "Kanawha County",
                Kind::Admin2,
                "US",
                "WV",
                180_000,
                "ADM2",
                &["Kanawha"],
            ),
        ],
        vec![
            ("Egyptian".into(), "EG".into()),
            ("Georgian".into(), "GE".into()),
            ("Spanish".into(), "ES".into()),
            ("Sri Lankan".into(), "LK".into()),
        ],
    );
    let found = |text: &str| recognised(&g, text, &[]);
    assert_eq!(found("Egyptian-US relations cooled."), ["Egyptian", "US"]);
    assert_eq!(
        found("They hold Georgian-controlled villages."),
        ["Georgian"]
    );
    assert_eq!(found("A United States-based firm grew."), ["United States"]);
    // a party's letter after a name's comma: any place of the name, a county here
    assert_eq!(found("Mark Hunt, D-Kanawha, spoke."), ["Kanawha"]);
    // two towns' names are a person's or a firm's; a language is no place
    assert!(found("The Merriam-Webster dictionary grew.").is_empty());
    assert!(found("Spanish-language films sold well.").is_empty());
    assert!(found("They play Spanish-style football.").is_empty());
    // a demonym of two words
    assert_eq!(found("Sri Lankan officials met."), ["Sri Lankan"]);
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
fn counties_replace_partial_spans_and_names_end_in_words() {
    let g = tiny();
    let text = "Laurel County deputies met officials of the United States.";
    let toks = tokenize(text);
    // the tagger found only "Laurel"
    let tops = recognise(
        text,
        &toks,
        &Tagged {
            locations: &spans_of(text, &["Laurel"]),
            ..Tagged::default()
        },
        &g,
        None,
    );
    let names: Vec<&str> = tops.iter().map(|t| &text[t.start..t.end]).collect();
    assert_eq!(names, ["Laurel County", "United States"]);
    // a name ending in "County" is a place even where the tagger took it for a person,
    // but nothing else is taken from inside a person's name
    let tops = recognise(
        text,
        &toks,
        &Tagged {
            persons: &spans_of(text, &["Laurel County"]),
            ..Tagged::default()
        },
        &g,
        None,
    );
    assert_eq!(tops.len(), 2);
    let text = "United States Smith spoke.";
    let toks = tokenize(text);
    let tops = recognise(
        text,
        &toks,
        &Tagged {
            persons: &spans_of(text, &["United States Smith"]),
            ..Tagged::default()
        },
        &g,
        None,
    );
    assert!(tops.is_empty(), "{tops:?}");
    // a place leading an organisation's name
    let text = "The Harbin Police Department said so.";
    let toks = tokenize(text);
    let orgs = spans_of(text, &["Harbin Police Department"]);
    let tops = recognise(
        text,
        &toks,
        &Tagged {
            organisations: &orgs,
            ..Tagged::default()
        },
        &g,
        None,
    );
    let names: Vec<&str> = tops.iter().map(|t| &text[t.start..t.end]).collect();
    assert_eq!(names, ["Harbin"]);
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

/// Resolves the first occurrence of each name in `text`.
/// Toponyms at the first occurrence of each of `names`.
fn toponyms_of(text: &str, names: &[&str]) -> Vec<Toponym> {
    spans_of(text, names)
        .iter()
        .map(|s| Toponym {
            start: s.start,
            end: s.end,
            capital_of: None,
        })
        .collect()
}

fn resolutions(g: &Gazetteer, text: &str, names: &[&str]) -> Vec<Option<Resolution>> {
    resolve(text, &toponyms_of(text, names), &tokenize(text), g, None)
}

/// The names `recognise` finds, the tagger's locations being `locations`.
fn recognised(g: &Gazetteer, text: &str, locations: &[&str]) -> Vec<String> {
    recognised_with_persons(g, text, &[], locations)
}

/// The same with every occurrence of each name in `persons` tagged a person.
fn recognised_with_persons(
    g: &Gazetteer,
    text: &str,
    persons: &[&str],
    locations: &[&str],
) -> Vec<String> {
    let persons: Vec<Span> = persons
        .iter()
        .flat_map(|n| {
            text.match_indices(n)
                .map(|(s, _)| Span::new(s, s + n.len()))
        })
        .collect();
    let locs = spans_of(text, locations);
    let tagged = Tagged {
        locations: &locs,
        persons: &persons,
        ..Tagged::default()
    };
    recognise(text, &tokenize(text), &tagged, g, None)
        .iter()
        .map(|t| text[t.start..t.end].to_string())
        .collect()
}

/// A gazetteer entry for recognition tests, where only names, kinds and regions matter.
fn named(id: u64, name: &str, kind: Kind, cc: &str, a1: &str, fc: &str) -> Entry {
    entry(id, name, kind, cc, a1, 37.0, -76.0, 240_000, fc, &[])
}

fn resolved_ids(g: &Gazetteer, text: &str, names: &[&str]) -> Vec<u64> {
    resolutions(g, text, names)
        .iter()
        .map(|r| g.entry(r.as_ref().unwrap().entry).geonameid)
        .collect()
}

fn united_states() -> Entry {
    entry(
        6252001,
        "United States",
        Kind::Country,
        "US",
        "",
        39.76,
        -98.5,
        327_000_000,
        "PCLI",
        &[],
    )
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
fn a_building_named_after_its_place_gives_the_place() {
    let g = Gazetteer::new(
        vec![
            named(4776222, "Norfolk", Kind::City, "US", "VA", "PPL"),
            named(4717560, "Paris", Kind::City, "US", "TN", "PPL"),
            named(4409896, "Springfield", Kind::City, "US", "MO", "PPL"),
            named(2643123, "Manchester", Kind::City, "GB", "ENG", "PPL"),
            named(359796, "Suez", Kind::City, "EG", "15", "PPL"),
            named(6254927, "Pennsylvania", Kind::Admin1, "US", "PA", "ADM1"),
            named(4178003, "University", Kind::City, "US", "FL", "PPL"),
        ],
        Vec::new(),
    );
    let found = |text: &str, locations: &[&str]| recognised(&g, text, locations);
    let text = "A counselor at Norfolk High School and a clerk at Paris City Hall met at \
                    Doctors Hospital of Springfield.";
    let tagged = [
        "Norfolk High School",
        "Paris City Hall",
        "Doctors Hospital of Springfield",
    ];
    assert_eq!(found(text, &tagged), ["Norfolk", "Paris", "Springfield"]);
    // a club, a street, a gulf, a hospital whose first word is no town: no place
    let text = "Manchester City fans on Pennsylvania Avenue, the Gulf of Suez and \
                    University College Hospital.";
    let tagged = [
        "Manchester City",
        "Pennsylvania Avenue",
        "Gulf of Suez",
        "University College Hospital",
    ];
    assert!(found(text, &tagged)
        .iter()
        .all(|p| tagged.contains(&p.as_str())));
}

#[test]
fn a_town_taken_for_a_person_is_a_place_before_its_state_and_then_everywhere() {
    let g = Gazetteer::new(
        vec![
            named(4580599, "Greer", Kind::City, "US", "SC", "PPL"),
            named(4597040, "South Carolina", Kind::Admin1, "US", "SC", "ADM1"),
            named(4273857, "Kansas", Kind::Admin1, "US", "KS", "ADM1"),
            named(2513476, "Moya", Kind::City, "ES", "35", "PPL"),
            named(2510769, "Spain", Kind::Country, "ES", "", "PCLI"),
        ],
        Vec::new(),
    );
    let found = |text: &str, persons: &[&str], locations: &[&str]| {
        recognised_with_persons(&g, text, persons, locations)
    };
    let text = "Greer, South Carolina, grew fast. Downtown Greer is busy.";
    assert_eq!(
        found(text, &["Greer"], &["South Carolina"]),
        ["Greer", "South Carolina", "Greer"]
    );
    // a state without a town of the name, and an apposition about the person, say nothing
    assert_eq!(
        found("Greer, Kansas, grew.", &["Greer"], &["Kansas"]),
        ["Kansas"]
    );
    assert_eq!(
        found(
            "Moya, Spain's hero, won. Moya smiled.",
            &["Moya"],
            &["Spain"]
        ),
        ["Spain"]
    );
}

#[test]
fn a_place_name_before_the_word_for_a_disease_names_the_disease() {
    let g = tiny();
    let text =
        "Harbin virus cases rose in Harbin, Heilongjiang fever and Harbin ebolavirus spread.";
    let toks = tokenize(text);
    let second = text.find("in Harbin").unwrap() + 3;
    let mut locs = spans_of(text, &["Harbin", "Heilongjiang"]);
    let third = text.rfind("Harbin").unwrap();
    locs.push(Span::new(third, third + "Harbin".len()));
    locs.push(Span::new(second, second + "Harbin".len()));
    let found: Vec<(usize, &str)> = recognise(
        text,
        &toks,
        &Tagged {
            locations: &locs,
            ..Tagged::default()
        },
        &g,
        None,
    )
    .iter()
    .map(|t| (t.start, &text[t.start..t.end]))
    .collect();
    assert_eq!(found, [(second, "Harbin")], "only the town after \"in\"");
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
fn the_kind_prior_ranks_a_country_over_a_region_over_a_town() {
    let prior = |kind: Kind, fc: &str| kind_prior(&named(1, "X", kind, "US", "TX", fc));
    assert!(prior(Kind::Country, "PCLI") > prior(Kind::Admin1, "ADM1"));
    assert!(prior(Kind::Admin1, "ADM1") > prior(Kind::Region, "RGN"));
    assert!(prior(Kind::Region, "RGN") > prior(Kind::Admin2, "ADM2"));
    // among towns: a capital, then a regional seat, then a district seat, then the rest
    let towns = ["PPLC", "PPLA", "PPLA2", "PPLA3", "PPL"].map(|fc| prior(Kind::City, fc));
    assert!(towns.windows(2).all(|w| w[0] > w[1]), "{towns:?}");
}
