//! Toponym recognition: the place names in a text, from the taggers' mentions and the
//! gazetteer, and the word lists that decide what is a place name and what is not.

use super::gazetteer::{distance_km, normalise, Entry, Gazetteer, Home, Kind};
use super::{Tagged, Toponym};
use crate::segment::Span;

/// Words that follow a name without making it a modifier: after "the X and", "the X is", the
/// article is X's own ("the West and"), while before a noun it is the noun's ("the Pirbright
/// laboratory").
pub(super) const FUNCTION_WORDS: &[&str] = &[
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
pub(super) const GENERIC: &[&str] = &[
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

/// Words after a place name that make it the name of a disease ("West Nile fever"; any word
/// ending in "virus" too).
const DISEASE_WORDS: &[&str] = &["viruses", "fever", "disease", "encephalitis"];

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

/// The least population of a town the gazetteer knows that counts as a place inside a longer
/// name ("Norfolk High School"), away from the outlet's home.
const KNOWN_TOWN: u64 = 10_000;

/// The least population of a town that keeps a direction before its name whole ("South
/// Lebanon" is no Ohio village of that name).
const DIRECTED_TOWN: u64 = 100_000;

/// The longest abbreviation with full stops taken for a state or country ("W. Va.").
const ABBREVIATION_LEN: usize = 7;

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
    let lex = Lexicon { gaz, home };
    let places = locations
        .iter()
        .flat_map(|s| tagged_location(text, tokens, s, &lex))
        .collect();
    let mut found = Found::new(text, places, locations, persons);
    for o in organisations {
        in_organisation(&mut found, tokens, o, &lex);
    }
    in_hyphenated_words(&mut found, tokens, &lex);
    capitals_demonyms_and_untagged_names(&mut found, tokens, proper, &lex);
    abbreviated_regions(&mut found, tokens, &lex);
    towns_taken_for_persons(&mut found, persons, &lex);
    let mut out = found.places;
    out.retain(|t| !names_disease(text, t) && !is_era(text, t));
    out.sort_by_key(|t| t.start);
    out
}

/// A place from `start` to `end`, read as written.
fn place(start: usize, end: usize) -> Toponym {
    Toponym {
        start,
        end,
        capital_of: None,
    }
}

/// The gazetteer and the outlet's home: what recognition asks of them about a name.
struct Lexicon<'a> {
    gaz: &'a Gazetteer,
    home: Option<&'a Home>,
}

impl Lexicon<'_> {
    /// A town within [`LOCAL_KM`] of the outlet's home: local news names the towns and
    /// villages around its home without tagging help (the "DeKalb man", the "Harwinton
    /// supporters").
    fn near_home(&self, en: &Entry) -> bool {
        en.kind == Kind::City
            && self
                .home
                .and_then(|h| h.point)
                .is_some_and(|(lat, lon)| distance_km(lat, lon, en.lat, en.lon) < LOCAL_KM)
    }

    /// A town of some size under its own name (not "City", "Metro"), or one near home.
    fn known_town(&self, en: &Entry) -> bool {
        en.kind == Kind::City && (en.population >= KNOWN_TOWN || self.near_home(en))
    }

    /// A place under its own name: what may be read as a place inside a longer name.
    fn named_place(&self, name: &str) -> bool {
        self.gaz.lookup(name).iter().any(|&k| {
            let en = self.gaz.entry(k);
            normalise(&en.name) == normalise(name) && (en.kind != Kind::City || self.known_town(en))
        })
    }

    /// A state's or country's abbreviation with full stops ("Ky.", "S.C.", "W. Va."): the
    /// gazetteer knows the codes and short forms as names of the region or country.
    fn abbreviated_region(&self, w: &str) -> bool {
        w.ends_with('.')
            && w.len() <= ABBREVIATION_LEN
            && w.starts_with(|c: char| c.is_ascii_uppercase())
            && !NOT_ABBREVIATED_PLACES.contains(&w)
            && self
                .gaz
                .lookup(w)
                .iter()
                .any(|&k| matches!(self.gaz.entry(k).kind, Kind::Admin1 | Kind::Country))
    }

    /// A country's name with a full stop in it ("U.S.").
    fn abbreviated_country(&self, name: &str) -> bool {
        name.contains('.')
            && self
                .gaz
                .lookup(name)
                .iter()
                .any(|&k| self.gaz.entry(k).kind == Kind::Country)
    }

    /// A demonym, or a demonym's plural ("the Palestinians").
    fn demonym_of(&self, name: &str) -> bool {
        let singular = name.strip_suffix('s').unwrap_or(name);
        self.gaz.demonym(name).is_some() || self.gaz.demonym(singular).is_some()
    }

    /// A half of a pair of places in a hyphenated word: a place, a demonym, or a country's
    /// code that prose uses ("US"; "Watertown-ML" is a school, not Mali).
    fn pair_half(&self, x: &str) -> bool {
        capitalised(x)
            && !GENERIC.contains(&x.to_lowercase().as_str())
            && (self.named_place(x) || self.gaz.demonym(x).is_some() || PROSE_CODES.contains(&x))
    }

    /// A country or a first-level region, by name, demonym or prose code: one side of a
    /// pair must be one ("Merriam-Webster" and "Lloyd-Webber" are names, not two towns).
    fn large(&self, x: &str) -> bool {
        self.gaz.demonym(x).is_some()
            || PROSE_CODES.contains(&x)
            || self.gaz.lookup(x).iter().any(|&k| {
                let en = self.gaz.entry(k);
                matches!(en.kind, Kind::Country | Kind::Admin1)
                    && normalise(&en.name) == normalise(x)
            })
    }

    /// Any capitalised word of letters the gazetteer knows ("D-Kanawha" after a name).
    fn any_place(&self, x: &str) -> bool {
        capitalised(x) && x.chars().all(char::is_alphabetic) && !self.gaz.lookup(x).is_empty()
    }

    /// A country, a first- or second-level region, or a town near home, by its own name: a
    /// name the tagger may have missed.
    fn untagged_region(&self, name: &str) -> bool {
        self.gaz.lookup(name).iter().any(|&k| {
            let en = self.gaz.entry(k);
            (matches!(en.kind, Kind::Country | Kind::Admin1 | Kind::Admin2) || self.near_home(en))
                && normalise(&en.name) == normalise(name)
        })
    }
}

/// Begins with a capital letter.
fn capitalised(x: &str) -> bool {
    x.starts_with(char::is_uppercase)
}

/// The places of one tagged location: "Washington, D.C.", "Paris, Texas" tagged as one are
/// two places, as where the tagger cuts at the comma ("Louisville", "Ky."; the District's
/// GeoNames name, "Washington, D.C.", would otherwise keep the pair whole); otherwise
/// [`place_in_location`].
fn tagged_location(text: &str, tokens: &[Span], s: &Span, lex: &Lexicon<'_>) -> Vec<Toponym> {
    if let Some((a, b)) = text[s.start..s.end].split_once(", ") {
        if lex.named_place(a) && (lex.named_place(b) || lex.abbreviated_region(b)) {
            return vec![
                place(s.start, s.start + a.len()),
                place(s.end - b.len(), s.end),
            ];
        }
    }
    vec![place_in_location(text, tokens, s, lex)]
}

/// The place a tagged location names: the whole, or the place after a direction the
/// gazetteer does not know as part of the name, or the place a building or a public body is
/// named after.
fn place_in_location(text: &str, tokens: &[Span], s: &Span, lex: &Lexicon<'_>) -> Toponym {
    let gaz = lex.gaz;
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
        en.kind == Kind::City && en.population < DIRECTED_TOWN
    });
    let country = || {
        gaz.lookup(rest)
            .iter()
            .any(|&k| gaz.entry(k).kind == Kind::Country)
    };
    if DIRECTIONS.contains(&first.to_lowercase().as_str())
        && (whole.is_empty() || towns_only && country())
        && lex.named_place(rest)
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
            if facility && !FACILITY_WORDS.contains(&name) && lex.named_place(name) {
                return place(s.start, e);
            }
        }
        if let Some(of) = inside.iter().rposition(|t| t.slice(text) == "of") {
            let rest = &inside[of + 1..];
            let water = WATER_WORDS.contains(&inside[0].slice(text));
            if !water
                && (1..=3).contains(&rest.len())
                && lex.named_place(&text[rest[0].start..s.end])
            {
                return place(rest[0].start, s.end);
            }
        }
    }
    place(s.start, s.end)
}

/// The places found so far, and what a new one must not overlap.
struct Found<'a> {
    text: &'a str,
    places: Vec<Toponym>,
    persons: &'a [Span],
    /// Tagged locations cut down to a place inside them: the rest ("Town Hall" of "Sligo
    /// Town Hall") is no place either.
    rests: Vec<(usize, usize)>,
}

impl<'a> Found<'a> {
    /// The places of the tagged locations.
    fn new(text: &'a str, places: Vec<Toponym>, locations: &[Span], persons: &'a [Span]) -> Self {
        let rests = locations
            .iter()
            .filter(|l| {
                places.iter().any(|p| {
                    l.start <= p.start && p.end <= l.end && (p.start, p.end) != (l.start, l.end)
                })
            })
            .map(|l| (l.start, l.end))
            .collect();
        Found {
            text,
            places,
            persons,
            rests,
        }
    }

    /// Whether `s..e` overlaps a place that it does not contain, a person (a name ending in
    /// "County" is a place even where the tagger took it for a person) or a cut location's
    /// rest.
    fn taken(&self, s: usize, e: usize) -> bool {
        let admin_word = self.text[s..e]
            .rsplit(' ')
            .next()
            .is_some_and(|w| ADMIN_WORDS.contains(&w));
        self.places
            .iter()
            .any(|t| t.start < e && s < t.end && !(s <= t.start && t.end <= e))
            || (!admin_word && self.persons.iter().any(|o| o.start < e && s < o.end))
            || self.rests.iter().any(|&(a, b)| a < e && s < b)
    }

    /// Whether `s..e` is free for a new place: not taken, and not inside a place already
    /// found.
    fn free(&self, s: usize, e: usize) -> bool {
        !self.taken(s, e) && !self.places.iter().any(|x| x.start <= s && e <= x.end)
    }

    /// Whether `p` overlaps no place found.
    fn clear(&self, p: &Span) -> bool {
        !self
            .places
            .iter()
            .any(|x| x.start < p.end && p.start < x.end)
    }
}

/// A place an organisation is named after: "Gainesville Police Department", "Paris Junior
/// College", "U.S. Department of Education" (the longest leading place name, up to three
/// tokens, with words after it), "University of Cincinnati" (a place name after a final
/// "of").
fn in_organisation(found: &mut Found<'_>, tokens: &[Span], o: &Span, lex: &Lexicon<'_>) {
    let text = found.text;
    let inside = tokens_within(tokens, o);
    for len in (1..=3.min(inside.len().saturating_sub(1))).rev() {
        let (s, e) = (inside[0].start, inside[len - 1].end);
        let name = &text[s..e];
        let leading = (lex.named_place(name) && name.chars().any(char::is_lowercase))
            || lex.abbreviated_country(name);
        if leading && capitalised(name) && !found.taken(s, e) {
            found.places.push(place(s, e));
            break;
        }
    }
    if let Some(of) = inside.iter().rposition(|t| t.slice(text) == "of") {
        let rest = &inside[of + 1..];
        if (1..=3).contains(&rest.len()) {
            let (s, e) = (rest[0].start, rest[rest.len() - 1].end);
            let name = &text[s..e];
            if lex.named_place(name) && capitalised(name) && !found.taken(s, e) {
                found.places.push(place(s, e));
            }
        }
    }
}

/// A party's initial before a hyphen ("D-Columbus").
fn party(x: &str) -> bool {
    matches!(x, "D" | "R" | "I" | "DFL")
}

/// A word all in lower case ("based" of "Texas-based").
fn lower(x: &str) -> bool {
    !x.is_empty() && x.chars().all(|c| c.is_lowercase())
}

/// Places inside hyphenated words: "Atlanta-area", "Texas-based", "Georgian-controlled",
/// "Sen. Ray Miller, D-Columbus" (a party and a home town; after a name's comma or bracket
/// any place of the name, "D-Kanawha", "DFL-Cook"), "Rep. Charles Rangel, D-N.Y.", "D-W. Va."
/// (a party and a state's abbreviation, which the tokeniser may cut at its full stops), and
/// both halves of "Egyptian-US relations", "Turkey-Iran deal".
fn in_hyphenated_words(found: &mut Found<'_>, tokens: &[Span], lex: &Lexicon<'_>) {
    let text = found.text;
    for (i, t) in tokens.iter().enumerate() {
        let w = t.slice(text);
        let Some((a, b)) = w.split_once('-') else {
            continue;
        };
        let after_name = text[..t.start].trim_end_matches(' ').ends_with([',', '(']);
        if lex.pair_half(a)
            && lex.pair_half(b)
            && (lex.large(a) || lex.large(b))
            && !lex.named_place(w)
        {
            let (sa, sb) = (
                place(t.start, t.start + a.len()),
                place(t.end - b.len(), t.end),
            );
            for p in [sa, sb] {
                if found.free(p.start, p.end) {
                    found.places.push(p);
                }
            }
            continue;
        }
        let (s, e) = if party(a) && (lex.named_place(b) || after_name && lex.any_place(b)) {
            (t.end - b.len(), t.end)
        } else if let Some(end) = party(a)
            .then(|| abbreviation_end(text, tokens, i, t.end - b.len(), lex))
            .flatten()
        {
            (t.end - b.len(), end)
        } else if lower(b) && capitalised(a) {
            if let Some(start) = longer_name_before(text, tokens, i, a, lex) {
                (start, t.start + a.len())
            } else if lex.named_place(a)
                || lex.gaz.demonym(a).is_some()
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
            found
                .places
                .retain(|x| !(t.start <= x.start && x.end <= e.max(t.end)));
        }
        if found.free(s, e) {
            found.places.push(place(s, e));
        }
    }
}

/// Where a state's abbreviation beginning at `start`, after a party's hyphen in token `i`,
/// ends, if it is one: it may go on over the next tokens ("D-Pa" "." or "D-W" "." "Va.").
fn abbreviation_end(
    text: &str,
    tokens: &[Span],
    i: usize,
    start: usize,
    lex: &Lexicon<'_>,
) -> Option<usize> {
    (0..=2).rev().find_map(|more| {
        let last = tokens.get(i + more)?;
        let joined = (i..i + more).all(|k| {
            let gap = &text[tokens[k].end..tokens[k + 1].start];
            gap.is_empty() || (gap == " " && tokens[k].slice(text).ends_with('.'))
        });
        let abbr = &text[start..last.end];
        (joined && lex.abbreviated_region(abbr)).then_some(last.end)
    })
}

/// Where a place name ending in the first half `a` of token `i` begins a word or two earlier:
/// "New York-based", "North Carolina-based".
fn longer_name_before(
    text: &str,
    tokens: &[Span],
    i: usize,
    a: &str,
    lex: &Lexicon<'_>,
) -> Option<usize> {
    let t = &tokens[i];
    (1..=2).rev().find_map(|back| {
        let first = tokens.get(i.checked_sub(back)?)?;
        let joined = (i - back..i).all(|k| &text[tokens[k].end..tokens[k + 1].start] == " ");
        let name = &text[first.start..t.start + a.len()];
        (joined && capitalised(name) && lex.named_place(name)).then_some(first.start)
    })
}

/// "The Chinese capital" (the capital of China), demonyms standing for their country
/// ("Russian officials", "the Palestinians", "North Korean officials", "Sri Lankans"), and
/// capitalised country, region and county names (up to three tokens) the tagger missed.
fn capitals_demonyms_and_untagged_names(
    found: &mut Found<'_>,
    tokens: &[Span],
    proper: &[bool],
    lex: &Lexicon<'_>,
) {
    let text = found.text;
    for (i, t) in tokens.iter().enumerate() {
        let w = t.slice(text);
        // "the Chinese capital" → the capital of China
        if let (Some(cc), Some(next)) = (lex.gaz.demonym(w), tokens.get(i + 1)) {
            if next.slice(text).eq_ignore_ascii_case("capital") {
                found
                    .places
                    .retain(|x| !(x.start < next.end && t.start < x.end));
                found.places.push(Toponym {
                    start: t.start,
                    end: next.end,
                    capital_of: Some(cc.to_string()),
                });
                continue;
            }
        }
        if !capitalised(w) {
            continue;
        }
        if let Some(end) = longer_demonym(text, tokens, i, lex) {
            if found.free(t.start, end) {
                found.places.push(place(t.start, end));
                continue;
            }
        }
        if lex.demonym_of(w) && found.free(t.start, t.end) {
            found.places.push(place(t.start, t.end));
            continue;
        }
        untagged_name(found, tokens, i, proper, lex);
    }
}

/// Where a demonym of two or three words beginning at token `i` ends ("North Korean",
/// "Sri Lankans").
fn longer_demonym(text: &str, tokens: &[Span], i: usize, lex: &Lexicon<'_>) -> Option<usize> {
    let t = &tokens[i];
    (2..=3).rev().find_map(|len| {
        let last = tokens.get(i + len - 1)?;
        let spaced = (i..i + len - 1).all(|k| &text[tokens[k].end..tokens[k + 1].start] == " ");
        // the table's demonyms end in a capitalised word: no lookup for "Russian officials"
        let capital = capitalised(last.slice(text));
        (spaced && capital && lex.demonym_of(&text[t.start..last.end])).then_some(last.end)
    })
}

/// The longest country, region or county name (or town near home) of up to three proper
/// nouns beginning at token `i`, where no place takes it; it replaces the tagger's shorter
/// spans inside it ("Laurel" in "Laurel County").
fn untagged_name(
    found: &mut Found<'_>,
    tokens: &[Span],
    i: usize,
    proper: &[bool],
    lex: &Lexicon<'_>,
) {
    let text = found.text;
    let t = &tokens[i];
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
        if lex.untagged_region(name) && !found.taken(s, e) {
            found.places.retain(|x| !(s <= x.start && x.end <= e));
            found.places.push(place(s, e));
            break;
        }
    }
}

/// A state's or country's abbreviation in news style ("Ky.", "S.C.", "Conn."): after a place
/// and a comma ("Louisville, Ky.", "HAMMOND, Ind. (AP)"), or before a lower-case word, as
/// headlines write them ("Missing Ill. man", "Neb. jail").
fn abbreviated_regions(found: &mut Found<'_>, tokens: &[Span], lex: &Lexicon<'_>) {
    let text = found.text;
    for (i, t) in tokens.iter().enumerate() {
        let w = t.slice(text);
        if !lex.abbreviated_region(w) || !found.clear(t) {
            continue;
        }
        let after_place = i >= 2
            && tokens[i - 1].slice(text) == ","
            && found.places.iter().any(|x| x.end == tokens[i - 2].end);
        let before_noun = tokens.get(i + 1).is_some_and(|n| {
            let next = n.slice(text);
            next.chars().all(char::is_lowercase)
                && next.chars().any(char::is_alphabetic)
                && !FUNCTION_WORDS.contains(&next)
        });
        if (after_place || before_noun) && !found.taken(t.start, t.end) {
            found.places.push(place(t.start, t.end));
        }
    }
}

/// Towns the tagger took for persons ("Greer", "Clinton" are surnames too): a place where a
/// state or country that holds a town of the name follows after a comma ("Greer, South
/// Carolina"), and then wherever else the document names it alone as a person.
fn towns_taken_for_persons(found: &mut Found<'_>, persons: &[Span], lex: &Lexicon<'_>) {
    let text = found.text;
    let mut towns: Vec<&str> = Vec::new();
    for p in persons {
        let name = &text[p.start..p.end];
        if !text[p.end..].starts_with(", ") {
            continue;
        }
        let at = p.end + 2;
        // not "Moya, Spain's Davis Cup hero": an apposition about the person
        let Some(region) = found
            .places
            .iter()
            .find(|x| x.start == at && !text[x.end..].starts_with(['\'', '’']))
        else {
            continue;
        };
        let holders = lex.gaz.lookup(&text[region.start..region.end]);
        if holds_town(lex.gaz, holders, name) && found.clear(p) {
            found.places.push(place(p.start, p.end));
            towns.push(name);
        }
    }
    for p in persons {
        if towns.contains(&&text[p.start..p.end]) && found.clear(p) {
            found.places.push(place(p.start, p.end));
        }
    }
}

/// Whether one of `holders` (a country, or a first-level region) holds a town or county
/// called `name`.
fn holds_town(gaz: &Gazetteer, holders: &[u32], name: &str) -> bool {
    gaz.lookup(name).iter().any(|&k| {
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
    })
}

/// "West Nile virus", "Marburg virus", "Lassa fever": a place name just before the word for
/// a disease names the disease.
fn names_disease(text: &str, t: &Toponym) -> bool {
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
    virus || DISEASE_WORDS.iter().any(|w| word.eq_ignore_ascii_case(w))
}

/// "190 A.D.", "500 BC": an era after a year, not Andorra or British Columbia.
fn is_era(text: &str, t: &Toponym) -> bool {
    let era = matches!(&text[t.start..t.end], "A.D." | "B.C." | "AD" | "BC");
    let after_number = text[..t.start]
        .trim_end()
        .ends_with(|c: char| c.is_ascii_digit());
    era && after_number
}

/// The tokens inside `span` (tokens are in text order, so two binary searches).
fn tokens_within<'t>(tokens: &'t [Span], span: &Span) -> &'t [Span] {
    let first = tokens.partition_point(|t| t.start < span.start);
    let end = first + tokens[first..].partition_point(|t| t.end <= span.end);
    &tokens[first..end]
}

#[cfg(test)]
mod tests;
