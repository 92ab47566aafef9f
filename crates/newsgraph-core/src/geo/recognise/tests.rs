//! Unit tests of toponym recognition.

use super::*;
use crate::geo::gazetteer::tests::{entry, tiny};
use crate::geo::gazetteer::Entry;
use crate::geo::tests::{spans_of, united_states};
use crate::segment::tokenize;

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
