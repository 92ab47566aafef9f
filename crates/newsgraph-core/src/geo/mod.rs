//! Geoparsing: place names found in the text (toponym recognition) and resolved to gazetteer
//! entries with the document as context (toponym resolution).
//!
//! Resolution scores every candidate a name may refer to: its importance (population, feature
//! class: country > region > capital > regional capital > town), whether the article mentions
//! its country or region elsewhere (by name or demonym), an "X, Y" pattern naming its region or
//! country, and spatial coherence with the article's other places (a second pass). The best
//! candidate wins; the runner-up and a confidence (score margin) are kept.

#[cfg(feature = "eval")]
pub mod eval;
pub mod gazetteer;

use std::collections::HashSet;

use crate::segment::Span;
use gazetteer::{distance_km, normalise, Gazetteer, Home, Kind, EARTH_RADIUS_KM};

/// Words that follow a name without making it a modifier: after "the X and", "the X is", the
/// article is X's own ("the West and"), while before a noun it is the noun's ("the Pirbright
/// laboratory").
const FUNCTION_WORDS: &[&str] = &[
    "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from", "with", "by", "as",
    "is", "was", "are", "were", "be", "been", "being", "has", "had", "have", "will", "would",
    "could", "should", "may", "might", "can", "must", "shall", "did", "does", "do", "said", "says",
    "say", "that", "which", "who", "whose", "where", "when", "while", "since", "after", "before",
    "into", "onto", "than", "then", "so", "if", "because", "via", "per", "near", "about", "over",
    "under", "between", "against", "during", "through", "across", "along", "around", "until",
    "also", "itself", "alone", "too", "now", "again", "remains", "became", "becomes",
];

/// Abbreviations with a full stop that a gazetteer code could match ("Ms." is Montserrat's
/// code, "St." São Tomé's) but that are titles or parts of names.
const NOT_ABBREVIATED_PLACES: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Mx.", "Dr.", "St.", "Mt.", "Ft.", "No.", "Nos.", "Sen.", "Rep.", "Gov.",
    "Gen.", "Col.", "Lt.", "Sgt.", "Capt.", "Cpl.", "Maj.", "Adm.", "Prof.", "Rev.", "Fr.", "Jr.",
    "Sr.", "Inc.", "Co.", "Corp.", "Ltd.", "Bros.", "Ave.", "Rd.", "Blvd.", "Jan.", "Feb.", "Mar.",
    "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "Mon.", "Tue.",
    "Wed.", "Thu.", "Fri.", "Sat.", "Sun.", "vs.", "Vol.", "Op.",
];

/// Countries' codes that news prose writes as names ("US-China talks").
const PROSE_CODES: &[&str] = &["US", "USA", "UK", "EU", "UAE", "DRC", "PRC", "DPRK", "ROK"];

/// Region names that are also plain directions or common nouns ("the Gulf").
const GENERIC: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "central",
    "centre",
    "center",
    "northern",
    "southern",
    "eastern",
    "western",
    "north east",
    "north west",
    "south east",
    "south west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "coast",
    "east coast",
    "west coast",
    "gulf",
];

/// How near the outlet's home a small town must be for an untagged mention of it to count.
const LOCAL_KM: f64 = 100.0;

/// Words that name part of a place ("North Texas").
const DIRECTIONS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "upstate",
    "downstate",
    "downtown",
];

/// Weight of each other name sharing a candidate's region (at most three count).
const SHARED: f64 = 0.7;

/// Weight of each other name with a reading within `NEAR_KM` (at most three count).
const NEAR: f64 = 0.8;
const NEAR_KM: f64 = 50.0;

/// Weight of a candidate lying in a country that borders one the article names.
const NEIGHBOUR: f64 = 2.0;

/// Weight of a town or county in the outlet's home region, and of the home region itself.
const HOME_REGION: f64 = 1.5;
/// Weight of a town near the outlet's home, decaying over `HOME_KM`.
const HOME_NEAR: f64 = 3.0;
const HOME_KM: f64 = 100.0;

/// Words after a place name that make it the name of a disease ("West Nile fever"; any word
/// ending in "virus" too).
const DISEASE_WORDS: &[&str] = &["viruses", "fever", "disease", "encephalitis"];

/// Weight of a reading's population, per unit of its logarithm. A capital of millions
/// outweighs a namesake town of a few thousand whose only support is the article naming the
/// town's country (Cairo, Egypt in a story that mentions the United States, not Cairo,
/// Georgia).
const POPULATION: f64 = 0.4;

/// Support a national capital takes where the article is set in another country and names
/// the capital's ("Washington" in a story from Egypt), over a region of the same name.
const CAPITAL_ABROAD: f64 = 2.0;

/// Support a reading takes from an "X, Y" qualifier ("California, Pennsylvania": the
/// borough, and Pennsylvania the state). It outweighs the population of a state that shares
/// the town's name.
const QUALIFIED: f64 = 7.0;

/// The least prominence of a well-known region (an ocean, a continent, "Siberia"), most of
/// which have no population figure: that of a place of a million people, so "the Pacific" is
/// the ocean, not Pacific County, Washington, unless the article is set there.
const REGION_PROMINENCE: f64 = 1_000_000.0;

/// Support a reading takes from each other item of a list that can be a thing of its kind (at
/// most three count).
const LISTED: f64 = 2.0;

/// Penalty of a first-level region named after its capital ("Moscow", "Tehran"), or of a
/// province or district named after its seat ("Milano", "York"): the city is meant.
const NAMED_AFTER_SEAT: f64 = 3.0;

/// Support a reading takes when the name is one of its own names, not an alternate name or a
/// demonym standing in for it.
const OWN_NAME: f64 = 1.0;

/// Support a place takes from lying in a country the article names (or implies).
const IN_NAMED_COUNTRY: f64 = 3.0;

/// Support a town (or a county called by its full name) takes from lying in a first-level
/// region the article names.
const IN_NAMED_REGION: f64 = 3.0;

/// Support a town takes from the article's confidently placed places near it (coherence),
/// decaying over `ANCHOR_KM` from the nearest; an anchor within `ANCHOR_SAME_KM` is the town
/// itself and does not count.
const ANCHOR: f64 = 2.0;
const ANCHOR_KM: f64 = 500.0;
const ANCHOR_SAME_KM: f64 = 1.0;

/// Support a place takes from lying in the article's focus country (where most of its other
/// places are), and again from lying in its focus region.
const FOCUS: f64 = 1.0;

/// The prior of a reading by what kind of place it is: a country over a region over a town,
/// and among towns a capital over a regional seat over the rest. A namesake needs evidence
/// to beat the more important place.
fn kind_prior(e: &gazetteer::Entry) -> f64 {
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

/// Readings closer than this are one place for [`Resolution::confidence`].
const SAME_SPOT_KM: f64 = 50.0;

/// Last words that make a name a region.
const ADMIN_WORDS: &[&str] = &[
    "County", "Parish", "Borough", "Township", "Province", "Oblast",
];

/// Last words of a street's or a square's name: "Pennsylvania Avenue" is no mention of
/// Pennsylvania.
const STREET_WORDS: &[&str] = &[
    "Street",
    "St.",
    "Avenue",
    "Ave.",
    "Road",
    "Rd.",
    "Drive",
    "Dr.",
    "Boulevard",
    "Blvd.",
    "Lane",
    "Way",
    "Parkway",
    "Highway",
    "Square",
    "Place",
    "Court",
    "Terrace",
    "Pike",
];

/// Words that begin the rest of a building's or a public body's name after its place's:
/// "Norfolk High School", "Hartford Hospital", "Luton Airport" ("City" and "Town" only before
/// "Hall" or "Council": "Manchester City" is a club, "Kentish Town" a district).
const FACILITY_WORDS: &[&str] = &[
    "High",
    "Middle",
    "Elementary",
    "Junior",
    "Senior",
    "School",
    "Schools",
    "College",
    "University",
    "Hospital",
    "Medical",
    "Memorial",
    "General",
    "Community",
    "Regional",
    "Public",
    "County",
    "Civic",
    "Convention",
    "Hall",
    "Library",
    "Museum",
    "Center",
    "Centre",
    "Mall",
    "Shopping",
    "Village",
    "Airport",
    "Marina",
    "Stadium",
    "Arena",
    "Zoo",
    "Cathedral",
    "Police",
    "Fire",
    "Sheriff",
    "Circuit",
    "District",
    "Superior",
    "Municipal",
    "Chamber",
    "Council",
    "Senate",
];

/// First words of a body of water or a coast named after a place: "Gulf of Suez" is not Suez.
const WATER_WORDS: &[&str] = &[
    "Gulf", "Bay", "Sea", "Strait", "Straits", "Isle", "Lake", "Cape", "Mouth",
];

/// A place name in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toponym {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// "the Chinese capital": the capital of this country rather than a lookup of the text.
    pub capital_of: Option<String>,
}

/// A resolved toponym.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// Gazetteer entry.
    pub entry: u32,
    /// The best other candidate.
    pub runner_up: Option<u32>,
    /// In [0, 1]: how clearly the winner beat the best reading more than 50 km away.
    pub confidence: f64,
}

/// What the taggers found that recognition reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tagged<'a> {
    /// Whether each token was tagged a proper noun (empty when the tags are not known): a
    /// region's name the tagger missed is only taken where the words are proper nouns ("Lot"
    /// is a French department, "Most" a Czech district).
    pub proper: &'a [bool],
    /// The tagger's location mentions.
    pub locations: &'a [Span],
    /// Its person mentions (no place inside them).
    pub persons: &'a [Span],
    /// Its organisation mentions (places leading them or after a final "of").
    pub organisations: &'a [Span],
}

/// Finds toponyms: the NER tagger's locations (less a leading direction the gazetteer does not
/// know as part of the name: "North Texas"), "the <demonym> capital", demonyms standing for
/// their country ("Russian officials"), the country, region and county names the tagger
/// missed or kept inside an organisation's name ("the Texas Department of Transportation",
/// "Laurel County Sheriff's Office", "University of Cincinnati"), places inside hyphenated
/// words ("Atlanta-area", "D-Columbus"), and, when the outlet's home is known, the towns
/// around it ("the Harwinton supporters"); never inside a person's name.
pub fn recognise(
    text: &str,
    tokens: &[Span],
    tagged: &Tagged<'_>,
    gaz: &Gazetteer,
    home: Option<&Home>,
) -> Vec<Toponym> {
    let Tagged {
        proper,
        locations,
        persons,
        organisations,
    } = *tagged;
    let place = |s: usize, e: usize| Toponym {
        start: s,
        end: e,
        capital_of: None,
    };
    // local news names the towns and villages around its home without tagging help: the
    // "DeKalb man", the "Harwinton supporters"
    let near_home = |en: &gazetteer::Entry| {
        en.kind == Kind::City
            && home
                .and_then(|h| h.point)
                .is_some_and(|(lat, lon)| distance_km(lat, lon, en.lat, en.lon) < LOCAL_KM)
    };
    // a town of some size under its own name (not "City", "Metro"), or one near home
    let known_town =
        |en: &gazetteer::Entry| en.kind == Kind::City && (en.population >= 10_000 || near_home(en));
    // a place under its own name: what may be read as a place inside a longer name
    let named_place = |name: &str| {
        gaz.lookup(name).iter().any(|&k| {
            let en = gaz.entry(k);
            normalise(&en.name) == normalise(name) && (en.kind != Kind::City || known_town(en))
        })
    };
    // a state's or country's abbreviation with full stops ("Ky.", "S.C.", "W. Va."): the
    // gazetteer knows the codes and short forms as names of the region or country
    let abbreviated_region = |w: &str| {
        w.ends_with('.')
            && w.len() <= 7
            && w.starts_with(|c: char| c.is_ascii_uppercase())
            && !NOT_ABBREVIATED_PLACES.contains(&w)
            && gaz
                .lookup(w)
                .iter()
                .any(|&k| matches!(gaz.entry(k).kind, Kind::Admin1 | Kind::Country))
    };
    let region_of_place = |s: &Span| {
        let name = &text[s.start..s.end];
        let Some((first, rest)) = name.split_once(' ') else {
            return place(s.start, s.end);
        };
        let whole = gaz.lookup(name);
        // "North Texas", "northeast Nebraska": the region of a place, where the gazetteer
        // knows the place but not the whole ("North Carolina" stays whole), or knows the
        // whole only as small towns and the place is a country ("South Lebanon" is no
        // Ohio village)
        let towns_only = whole.iter().all(|&k| {
            let en = gaz.entry(k);
            en.kind == Kind::City && en.population < 100_000
        });
        let country = || {
            gaz.lookup(rest)
                .iter()
                .any(|&k| gaz.entry(k).kind == Kind::Country)
        };
        if DIRECTIONS.contains(&first.to_lowercase().as_str())
            && (whole.is_empty() || towns_only && country())
            && named_place(rest)
        {
            return place(s.end - rest.len(), s.end);
        }
        // a building or a public body the tagger spans as a location, named after its place:
        // "Norfolk High School", "Paris City Hall", "Minnesota House" (the longest leading
        // place name before a word of such names), "Doctors Hospital of Springfield" (the
        // place after a final "of"), where the gazetteer does not know the whole
        if whole.is_empty() && !STREET_WORDS.contains(&name.rsplit(' ').next().unwrap_or("")) {
            let inside = tokens_within(tokens, s);
            for len in (1..=3.min(inside.len().saturating_sub(1))).rev() {
                let e = inside[len - 1].end;
                let then = inside[len].slice(text);
                let hall = inside.get(len + 1).map(|t| t.slice(text));
                let facility = FACILITY_WORDS.contains(&then)
                    || matches!(then, "City" | "Town") && matches!(hall, Some("Hall" | "Council"));
                // "University College Hospital": no town called University
                let name = &text[s.start..e];
                if facility && !FACILITY_WORDS.contains(&name) && named_place(name) {
                    return place(s.start, e);
                }
            }
            if let Some(of) = inside.iter().rposition(|t| t.slice(text) == "of") {
                let rest = &inside[of + 1..];
                let water = WATER_WORDS.contains(&inside[0].slice(text));
                if !water
                    && (1..=3).contains(&rest.len())
                    && named_place(&text[rest[0].start..s.end])
                {
                    return place(rest[0].start, s.end);
                }
            }
        }
        place(s.start, s.end)
    };
    let mut out: Vec<Toponym> = locations
        .iter()
        .flat_map(|s| {
            // "Washington, D.C.", "Paris, Texas" tagged as one location: two places, as where
            // the tagger cuts at the comma ("Louisville", "Ky."); the District's GeoNames name,
            // "Washington, D.C.", would otherwise keep the pair whole
            if let Some((a, b)) = text[s.start..s.end].split_once(", ") {
                if named_place(a) && (named_place(b) || abbreviated_region(b)) {
                    return vec![
                        place(s.start, s.start + a.len()),
                        place(s.end - b.len(), s.end),
                    ];
                }
            }
            vec![region_of_place(s)]
        })
        .collect();
    // a tagged location cut down to a place inside it: the rest ("Town Hall" of "Sligo Town
    // Hall") is no place either
    let rests: Vec<(usize, usize)> = locations
        .iter()
        .filter(|l| {
            out.iter().any(|p| {
                l.start <= p.start && p.end <= l.end && (p.start, p.end) != (l.start, l.end)
            })
        })
        .map(|l| (l.start, l.end))
        .collect();
    // overlapping a place that the match does not contain, a person (a name ending in
    // "County" is a place even where the tagger took it for a person) or such a rest
    let taken = |out: &[Toponym], s: usize, e: usize| {
        let admin_word = text[s..e]
            .rsplit(' ')
            .next()
            .is_some_and(|w| ADMIN_WORDS.contains(&w));
        out.iter()
            .any(|t| t.start < e && s < t.end && !(s <= t.start && t.end <= e))
            || (!admin_word && persons.iter().any(|o| o.start < e && s < o.end))
            || rests.iter().any(|&(a, b)| a < e && s < b)
    };
    // free for a new place: not taken, and not inside a place already found
    let free = |out: &[Toponym], s: usize, e: usize| {
        !taken(out, s, e) && !out.iter().any(|x| x.start <= s && e <= x.end)
    };
    // An organisation named after its place: "Gainesville Police Department", "Paris Junior
    // College", "U.S. Department of Education" (the longest leading place name, up to three
    // tokens, with words after it), "University of Cincinnati" (a place name after a final
    // "of").
    let abbreviated_country = |name: &str| {
        name.contains('.')
            && gaz
                .lookup(name)
                .iter()
                .any(|&k| gaz.entry(k).kind == Kind::Country)
    };
    for o in organisations {
        let inside = tokens_within(tokens, o);
        for len in (1..=3.min(inside.len().saturating_sub(1))).rev() {
            let (s, e) = (inside[0].start, inside[len - 1].end);
            let name = &text[s..e];
            let leading = (named_place(name) && name.chars().any(char::is_lowercase))
                || abbreviated_country(name);
            if leading && name.starts_with(char::is_uppercase) && !taken(&out, s, e) {
                out.push(place(s, e));
                break;
            }
        }
        if let Some(of) = inside.iter().rposition(|t| t.slice(text) == "of") {
            let rest = &inside[of + 1..];
            if (1..=3).contains(&rest.len()) {
                let (s, e) = (rest[0].start, rest[rest.len() - 1].end);
                let name = &text[s..e];
                if named_place(name) && name.starts_with(char::is_uppercase) && !taken(&out, s, e) {
                    out.push(place(s, e));
                }
            }
        }
    }
    // A place inside a hyphenated word: "Atlanta-area", "Texas-based", "Georgian-controlled",
    // "Sen. Ray Miller, D-Columbus" (a party and a home town; after a name's comma or
    // bracket any place of the name, "D-Kanawha", "DFL-Cook"), "Rep. Charles Rangel, D-N.Y.",
    // "D-W. Va." (a party and a state's abbreviation, which the tokeniser may cut at its full
    // stops), and both halves of "Egyptian-US relations", "Turkey-Iran deal".
    for (i, t) in tokens.iter().enumerate() {
        let w = t.slice(text);
        let Some((a, b)) = w.split_once('-') else {
            continue;
        };
        let party = |x: &str| matches!(x, "D" | "R" | "I" | "DFL");
        let lower = |x: &str| !x.is_empty() && x.chars().all(|c| c.is_lowercase());
        let capital = |x: &str| x.starts_with(char::is_uppercase);
        let after_name = text[..t.start].trim_end_matches(' ').ends_with([',', '(']);
        let any_place =
            |x: &str| capital(x) && x.chars().all(char::is_alphabetic) && !gaz.lookup(x).is_empty();
        // a half of a pair of places: a place, a demonym, or a country's code that prose
        // uses ("US"; "Watertown-ML" is a school, not Mali)
        let half = |x: &str| {
            capital(x)
                && !GENERIC.contains(&x.to_lowercase().as_str())
                && (named_place(x) || gaz.demonym(x).is_some() || PROSE_CODES.contains(&x))
        };
        // a country or a first-level region on one side at least: "Merriam-Webster" and
        // "Lloyd-Webber" are names, not two towns
        let large = |x: &str| {
            gaz.demonym(x).is_some()
                || PROSE_CODES.contains(&x)
                || gaz.lookup(x).iter().any(|&k| {
                    let en = gaz.entry(k);
                    matches!(en.kind, Kind::Country | Kind::Admin1)
                        && normalise(&en.name) == normalise(x)
                })
        };
        if half(a) && half(b) && (large(a) || large(b)) && !named_place(w) {
            let (sa, sb) = (
                place(t.start, t.start + a.len()),
                place(t.end - b.len(), t.end),
            );
            for p in [sa, sb] {
                if free(&out, p.start, p.end) {
                    out.push(p);
                }
            }
            continue;
        }
        // the abbreviation may go on over the next tokens: "D-Pa" "." or "D-W" "." "Va."
        let abbreviation_end = || {
            (0..=2).rev().find_map(|more| {
                let last = tokens.get(i + more)?;
                let joined = (i..i + more).all(|k| {
                    let gap = &text[tokens[k].end..tokens[k + 1].start];
                    gap.is_empty() || (gap == " " && tokens[k].slice(text).ends_with('.'))
                });
                let abbr = &text[t.end - b.len()..last.end];
                (joined && abbreviated_region(abbr)).then_some(last.end)
            })
        };
        let (s, e) = if party(a) && (named_place(b) || after_name && any_place(b)) {
            (t.end - b.len(), t.end)
        } else if let Some(end) = party(a).then(abbreviation_end).flatten() {
            (t.end - b.len(), end)
        } else if lower(b) && capital(a) {
            // "New York-based", "North Carolina-based": the name begins a word or two earlier
            let longer = (1..=2).rev().find_map(|back| {
                let first = tokens.get(i.checked_sub(back)?)?;
                let joined =
                    (i - back..i).all(|k| &text[tokens[k].end..tokens[k + 1].start] == " ");
                let name = &text[first.start..t.start + a.len()];
                (joined && capital(name) && named_place(name)).then_some(first.start)
            });
            if let Some(start) = longer {
                (start, t.start + a.len())
            } else if named_place(a)
                || gaz.demonym(a).is_some()
                    && !["language", "speaking", "speakers", "style"].contains(&b)
            {
                (t.start, t.start + a.len())
            } else {
                continue;
            }
        } else {
            continue;
        };
        if party(a) {
            // the tagger's span over the whole of "D-Pa" is no place of its own
            out.retain(|x| !(t.start <= x.start && x.end <= e.max(t.end)));
        }
        if free(&out, s, e) {
            out.push(place(s, e));
        }
    }
    for (i, t) in tokens.iter().enumerate() {
        let w = t.slice(text);
        // "the Chinese capital" → the capital of China
        if let (Some(cc), Some(next)) = (gaz.demonym(w), tokens.get(i + 1)) {
            if next.slice(text).eq_ignore_ascii_case("capital") {
                out.retain(|x| !(x.start < next.end && t.start < x.end));
                out.push(Toponym {
                    start: t.start,
                    end: next.end,
                    capital_of: Some(cc.to_string()),
                });
                continue;
            }
        }
        // a capitalised country or region name the tagger missed (up to three tokens)
        if !w.starts_with(char::is_uppercase) {
            continue;
        }
        // a demonym stands for its country ("Russian officials", "the Palestinians"), one of
        // two or three words too ("North Korean officials", "Sri Lankans")
        let demonym_of = |name: &str| {
            let singular = name.strip_suffix('s').unwrap_or(name);
            gaz.demonym(name).is_some() || gaz.demonym(singular).is_some()
        };
        let longer_demonym = (2..=3).rev().find_map(|len| {
            let last = tokens.get(i + len - 1)?;
            let spaced = (i..i + len - 1).all(|k| &text[tokens[k].end..tokens[k + 1].start] == " ");
            // the table's demonyms end in a capitalised word: no lookup for "Russian officials"
            let capitalised = last.slice(text).starts_with(char::is_uppercase);
            (spaced && capitalised && demonym_of(&text[t.start..last.end])).then_some(last.end)
        });
        if let Some(end) = longer_demonym {
            if free(&out, t.start, end) {
                out.push(place(t.start, end));
                continue;
            }
        }
        if demonym_of(w) && free(&out, t.start, t.end) {
            out.push(place(t.start, t.end));
            continue;
        }
        for len in (1..=3).rev() {
            let Some(last) = tokens.get(i + len - 1) else {
                continue;
            };
            if !last.slice(text).chars().any(char::is_alphanumeric) {
                continue; // a name ends in a word, not in "." or ","
            }
            let (s, e) = (t.start, last.end);
            let name = &text[s..e];
            if !(i..i + len).all(|k| proper.get(k).copied().unwrap_or(true)) {
                continue;
            }
            let known = gaz.lookup(name).iter().any(|&k| {
                let en = gaz.entry(k);
                (matches!(en.kind, Kind::Country | Kind::Admin1 | Kind::Admin2) || near_home(en))
                    && normalise(&en.name) == normalise(name)
            });
            if known && !taken(&out, s, e) {
                // the longer name replaces the tagger's shorter span inside it ("Laurel" in
                // "Laurel County")
                out.retain(|x| !(s <= x.start && x.end <= e));
                out.push(Toponym {
                    start: s,
                    end: e,
                    capital_of: None,
                });
                break;
            }
        }
    }
    // A state's or country's abbreviation in news style ("Ky.", "S.C.", "Conn."): after a
    // place and a comma ("Louisville, Ky.", "HAMMOND, Ind. (AP)"), or before a lower-case
    // word, as headlines write them ("Missing Ill. man", "Neb. jail").
    for (i, t) in tokens.iter().enumerate() {
        let w = t.slice(text);
        if !abbreviated_region(w) || out.iter().any(|x| x.start < t.end && t.start < x.end) {
            continue;
        }
        let after_place = i >= 2
            && tokens[i - 1].slice(text) == ","
            && out.iter().any(|x| x.end == tokens[i - 2].end);
        let before_noun = tokens.get(i + 1).is_some_and(|n| {
            let next = n.slice(text);
            next.chars().all(char::is_lowercase)
                && next.chars().any(char::is_alphabetic)
                && !FUNCTION_WORDS.contains(&next)
        });
        if (after_place || before_noun) && !taken(&out, t.start, t.end) {
            out.push(place(t.start, t.end));
        }
    }
    // A town the tagger took for a person ("Greer", "Clinton" are surnames too): a place
    // where a state or country that holds a town of the name follows after a comma ("Greer,
    // South Carolina"), and then wherever else the document names it alone as a person.
    let clear = |out: &[Toponym], p: &Span| !out.iter().any(|x| x.start < p.end && p.start < x.end);
    let mut towns: Vec<&str> = Vec::new();
    for p in persons {
        let name = &text[p.start..p.end];
        if !text[p.end..].starts_with(", ") {
            continue;
        }
        let at = p.end + 2;
        // not "Moya, Spain's Davis Cup hero": an apposition about the person
        let Some(region) = out
            .iter()
            .find(|x| x.start == at && !text[x.end..].starts_with(['\'', '’']))
        else {
            continue;
        };
        let holders = gaz.lookup(&text[region.start..region.end]);
        let held = gaz.lookup(name).iter().any(|&k| {
            let town = gaz.entry(k);
            matches!(town.kind, Kind::City | Kind::Admin2)
                && normalise(&town.name) == normalise(name)
                && holders.iter().any(|&r| {
                    let r = gaz.entry(r);
                    r.country == town.country
                        && match r.kind {
                            Kind::Country => true,
                            Kind::Admin1 => r.admin1 == town.admin1,
                            _ => false,
                        }
                })
        });
        if held && clear(&out, p) {
            out.push(place(p.start, p.end));
            towns.push(name);
        }
    }
    for p in persons {
        if towns.contains(&&text[p.start..p.end]) && clear(&out, p) {
            out.push(place(p.start, p.end));
        }
    }
    // "West Nile virus", "Marburg virus", "Lassa fever": a place name just before the word
    // for a disease names the disease
    out.retain(|t| {
        let next = text[t.end..].trim_start_matches([' ', '-']);
        let word = next
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        // "virus", and "Reston ebolavirus", "Hendra henipavirus"
        let virus = word
            .len()
            .checked_sub(5)
            .and_then(|at| word.get(at..))
            .is_some_and(|end| end.eq_ignore_ascii_case("virus"));
        !virus && !DISEASE_WORDS.iter().any(|w| word.eq_ignore_ascii_case(w))
    });
    // "190 A.D.", "500 BC": an era after a year, not Andorra or British Columbia
    out.retain(|t| {
        let era = matches!(&text[t.start..t.end], "A.D." | "B.C." | "AD" | "BC");
        let after_number = text[..t.start]
            .trim_end()
            .ends_with(|c: char| c.is_ascii_digit());
        !(era && after_number)
    });
    out.sort_by_key(|t| t.start);
    out
}

/// The tokens inside `span` (tokens are in text order, so two binary searches).
fn tokens_within<'t>(tokens: &'t [Span], span: &Span) -> &'t [Span] {
    let first = tokens.partition_point(|t| t.start < span.start);
    let end = first + tokens[first..].partition_point(|t| t.end <= span.end);
    &tokens[first..end]
}

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

/// What the earlier windows of a long document tell a later one (see
/// [`crate::analysis::WINDOW_BYTES`]): the countries and regions they named, the places they
/// placed with confidence, and how many distinct names they placed in each country and
/// region. Empty for a document's first window, which for news is its only one.
#[derive(Debug, Default, Clone)]
pub struct Evidence {
    countries: HashSet<String>,
    regions: HashSet<(String, String)>,
    anchors: Points,
    /// Names already counted in `by_country` and `by_admin1`.
    names: HashSet<String>,
    by_country: std::collections::HashMap<String, usize>,
    by_admin1: std::collections::HashMap<(String, String), usize>,
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

/// What the first pass tells the second about the article.
#[derive(Debug, Default)]
struct SecondPass {
    /// Where the confidently placed cities and regions are.
    anchors: Points,
    /// The country most of the places are in (at least two).
    focus_country: Option<String>,
    /// The region most of the places are in (at least two).
    focus_admin1: Option<(String, String)>,
}

/// Distinct points sorted by latitude, so the nearest to a point is found without measuring
/// every one: an article can name thousands of places, and every candidate of every mention
/// asks.
#[derive(Debug, Default, Clone)]
struct Points(Vec<(f64, f64)>);

impl Points {
    fn new(mut points: Vec<(f64, f64)>) -> Points {
        points.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        points.dedup();
        Points(points)
    }

    /// The distance in km to the nearest point more than `beyond` km away, if there is one.
    fn nearest_beyond(&self, lat: f64, lon: f64, beyond: f64) -> Option<f64> {
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

#[cfg(test)]
mod tests;
