//! The actor dictionary: names → CAMEO-style actor codes, with date-ranged roles.
//!
//! Built by `newsgraph build actors` from the Phoenix dictionaries that ship with PETRARCH2
//! (countries, international and non-state actors, agents; MIT, © Open Event Data Alliance)
//! plus the project's own supplement (`data/actors-supplement.txt`, same format). Phrases are
//! tokenised with our own segmenter at build time, so matching at run time compares token
//! sequences exactly as the pipeline produces them (`China’s` → `china` `'s`).
//!
//! Payload (version 1, zstd inside the artifact container), one record per line:
//! ```text
//! E <tab> id <tab> kind (C country, N named actor, A agent) <tab> name <tab> codes
//! P <tab> phrase (lowercase tokens joined by spaces) <tab> id
//! I <tab> ISO 3166 alpha-2 <tab> alpha-3 <tab> FIPS 10-4 (GDELT's country codes)
//! ```
//! `codes` is a space-separated list of `CODE`, `CODE>YYYYMMDD`, `CODE<YYYYMMDD` or
//! `CODE=YYYYMMDD-YYYYMMDD`: the first restriction that holds on the article's date wins,
//! then the unrestricted code.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::artifact;
use crate::error::{Error, Result};
use crate::segment;

const MAGIC: [u8; 4] = *b"NGAC";
const VERSION: u16 = 1;

/// What a dictionary entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    /// A country or region (`CHN`, `WST`): combines with agents.
    Country,
    /// A person, organisation or group with a full code (`RUSGOV`, `IGOWSTNAT`).
    Named,
    /// A role word that takes its country from context (`government` → `~GOV`).
    Agent,
}

/// A code valid in a date range (inclusive, `YYYYMMDD`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    /// The code (for agents: the role suffix, without `~`).
    pub code: String,
    /// First day it holds.
    pub from: u32,
    /// Last day it holds.
    pub to: u32,
}

/// One dictionary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorEntry {
    /// What it names.
    pub kind: ActorKind,
    /// Display name (the primary phrase, title-cased).
    pub name: String,
    /// Codes in dictionary order.
    pub codes: Vec<DatedCode>,
}

impl ActorEntry {
    /// The code that holds on `date` (`YYYYMMDD`): the first restricted code whose range
    /// holds, else the first unrestricted one.
    pub fn code_on(&self, date: u32) -> Option<&str> {
        let restricted = |c: &&DatedCode| c.from != 0 || c.to != u32::MAX;
        self.codes
            .iter()
            .filter(restricted)
            .find(|c| c.from <= date && date <= c.to)
            .or_else(|| self.codes.iter().find(|c| !restricted(c)))
            .map(|c| c.code.as_str())
    }
}

/// A dictionary match in a token sequence: tokens `[first, end)` name entry `entry`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub end: usize,
    /// Index of the entry.
    pub entry: u32,
}

/// The loaded actor dictionary.
#[derive(Debug, Clone, Default)]
pub struct ActorDict {
    entries: Vec<ActorEntry>,
    phrases: FxHashMap<String, u32>,
    /// Phrase lengths in tokens that occur, longest first, per first word.
    first_words: FxHashMap<String, Vec<u8>>,
    iso3: FxHashMap<String, String>,
    fips: FxHashMap<String, String>,
    /// Country code → the name of its first country entry.
    country_names: FxHashMap<String, u32>,
}

impl ActorDict {
    /// The dictionary built into the binary (`artifacts/actors.ngl`).
    pub fn embedded() -> &'static ActorDict {
        static DICT: OnceLock<ActorDict> = OnceLock::new();
        DICT.get_or_init(|| {
            ActorDict::from_bytes(artifact::embedded::ACTORS)
                .expect("the embedded actor dictionary is valid")
        })
    }

    /// Loads a dictionary artifact.
    ///
    /// # Errors
    /// A wrong header or a malformed payload line.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let payload = artifact::decode("actor dictionary", MAGIC, VERSION, bytes)?;
        let text = String::from_utf8(payload).map_err(|_| bad("payload is not UTF-8"))?;
        let mut dict = ActorDict::default();
        for (n, line) in text.lines().enumerate() {
            let f: Vec<&str> = line.split('\t').collect();
            let malformed = || bad(&format!("line {}: malformed record", n + 1));
            match (f.first().copied(), f.len()) {
                (Some("E"), 5) => {
                    let kind = match f[2] {
                        "C" => ActorKind::Country,
                        "N" => ActorKind::Named,
                        "A" => ActorKind::Agent,
                        _ => return Err(malformed()),
                    };
                    let codes = f[4]
                        .split(' ')
                        .filter(|c| !c.is_empty())
                        .map(parse_code)
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(malformed)?;
                    dict.entries.push(ActorEntry {
                        kind,
                        name: f[3].to_string(),
                        codes,
                    });
                }
                (Some("P"), 3) => {
                    let id: u32 = f[2].parse().map_err(|_| malformed())?;
                    if id as usize >= dict.entries.len() {
                        return Err(malformed());
                    }
                    dict.insert_phrase(f[1], id);
                }
                (Some("I"), 4) => {
                    dict.iso3.insert(f[1].to_string(), f[2].to_string());
                    if !f[3].is_empty() {
                        dict.fips.insert(f[1].to_string(), f[3].to_string());
                    }
                }
                _ => return Err(malformed()),
            }
        }
        dict.finish();
        Ok(dict)
    }

    /// Sorts the phrase lengths and indexes country names.
    fn finish(&mut self) {
        for lens in self.first_words.values_mut() {
            lens.sort_unstable_by(|a, b| b.cmp(a));
            lens.dedup();
        }
        for (i, e) in self.entries.iter().enumerate() {
            if e.kind == ActorKind::Country {
                if let Some(c) = e.codes.first() {
                    self.country_names.entry(c.code.clone()).or_insert(i as u32);
                }
            }
        }
    }

    /// The display name of a country code (`RUS` → "Russian Federation").
    pub fn country_name(&self, code: &str) -> Option<&str> {
        self.country_names
            .get(code)
            .map(|&i| self.entries[i as usize].name.as_str())
    }

    fn insert_phrase(&mut self, phrase: &str, id: u32) {
        let n = phrase.split(' ').count().min(255) as u8;
        let first = phrase.split(' ').next().unwrap_or("").to_string();
        self.first_words.entry(first).or_default().push(n);
        self.phrases.entry(phrase.to_string()).or_insert(id);
    }

    #[cfg(any(feature = "build", feature = "train"))]
    /// Serialises a dictionary built by [`build`].
    ///
    /// # Errors
    /// Only if compression fails.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut out = String::new();
        for (i, e) in self.entries.iter().enumerate() {
            let kind = match e.kind {
                ActorKind::Country => "C",
                ActorKind::Named => "N",
                ActorKind::Agent => "A",
            };
            let codes: Vec<String> = e.codes.iter().map(format_code).collect();
            out.push_str(&format!(
                "E\t{i}\t{kind}\t{}\t{}\n",
                e.name,
                codes.join(" ")
            ));
        }
        let mut phrases: Vec<(&String, &u32)> = self.phrases.iter().collect();
        phrases.sort();
        for (p, id) in phrases {
            out.push_str(&format!("P\t{p}\t{id}\n"));
        }
        let mut iso: Vec<(&String, &String)> = self.iso3.iter().collect();
        iso.sort();
        for (a, b) in iso {
            let fips = self.fips.get(a).map_or("", String::as_str);
            out.push_str(&format!("I\t{a}\t{b}\t{fips}\n"));
        }
        artifact::encode(MAGIC, VERSION, out.as_bytes())
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the dictionary has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entry `id`.
    pub fn entry(&self, id: u32) -> &ActorEntry {
        &self.entries[id as usize]
    }

    /// The entry a normalised phrase names, if any.
    pub fn lookup(&self, phrase: &str) -> Option<u32> {
        self.phrases.get(phrase).copied()
    }

    /// FIPS 10-4 country code (what GDELT's geography columns use) for an ISO alpha-2 code.
    pub fn fips(&self, iso2: &str) -> Option<&str> {
        self.fips.get(iso2).map(String::as_str)
    }

    /// Whether a code's first three letters name a region of the world ("MEA", "WST"), not
    /// a state or an international organisation.
    pub fn is_region(&self, code: &str) -> bool {
        code.get(..3)
            .is_some_and(|p| is_country_prefix(p) && !self.iso3.values().any(|v| v == p))
    }

    /// ISO 3166-1 alpha-3 for an alpha-2 code.
    pub fn iso3(&self, iso2: &str) -> Option<&str> {
        self.iso3.get(iso2).map(String::as_str)
    }

    /// Longest-first, left-to-right dictionary matches over normalised words
    /// (see [`normalise`]).
    pub fn find(&self, words: &[String]) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut i = 0;
        let mut key = String::new();
        while i < words.len() {
            let mut matched = None;
            if let Some(lens) = self.first_words.get(words[i].as_str()) {
                for &n in lens {
                    let n = n as usize;
                    if i + n > words.len() {
                        continue;
                    }
                    key.clear();
                    for (k, w) in words[i..i + n].iter().enumerate() {
                        if k > 0 {
                            key.push(' ');
                        }
                        key.push_str(w);
                    }
                    if let Some(&id) = self.phrases.get(key.as_str()) {
                        matched = Some((n, id));
                        break;
                    }
                }
            }
            match matched {
                Some((n, id)) => {
                    hits.push(Hit {
                        first: i,
                        end: i + n,
                        entry: id,
                    });
                    i += n;
                }
                None => i += 1,
            }
        }
        hits
    }
}

/// The form words are compared in: lowercase, typographic apostrophes made straight.
pub fn normalise(word: &str) -> String {
    word.chars()
        .map(|c| if c == '’' || c == '`' { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

fn bad(reason: &str) -> Error {
    Error::Artifact {
        name: "actor dictionary",
        reason: reason.to_string(),
    }
}

fn parse_code(s: &str) -> Option<DatedCode> {
    let num = |d: &str| d.parse::<u32>().ok();
    let (code, from, to) = if let Some((c, d)) = s.split_once('>') {
        (c, num(d)?, u32::MAX)
    } else if let Some((c, d)) = s.split_once('<') {
        (c, 0, num(d)?)
    } else if let Some((c, r)) = s.split_once('=') {
        let (a, b) = r.split_once('-')?;
        (c, num(a)?, num(b)?)
    } else {
        (s, 0, u32::MAX)
    };
    Some(DatedCode {
        code: code.to_string(),
        from,
        to,
    })
}

#[cfg(any(feature = "build", feature = "train"))]
fn format_code(c: &DatedCode) -> String {
    match (c.from, c.to) {
        (0, u32::MAX) => c.code.clone(),
        (f, u32::MAX) => format!("{}>{f}", c.code),
        (0, t) => format!("{}<{t}", c.code),
        (f, t) => format!("{}={f}-{t}", c.code),
    }
}

#[cfg(feature = "build")]
/// A dictionary date: `YYYYMMDD`, or TABARI's `YYMMDD` (years after 30 are 19xx).
fn parse_dict_date(d: &str) -> Option<u32> {
    if !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match d.len() {
        8 => d.parse().ok(),
        6 => {
            let v: u32 = d.parse().ok()?;
            let yy = v / 10_000;
            Some(v + if yy > 30 { 19_000_000 } else { 20_000_000 })
        }
        _ => None,
    }
}

#[cfg(feature = "build")]
/// Parses one `[...]` code group of a Phoenix dictionary: `CODE`, `CODE >date`, `CODE <date`,
/// `CODE date-date`. Malformed dates drop the restriction's group (returns `None`).
fn parse_bracket(inner: &str) -> Option<DatedCode> {
    let mut parts = inner.split_whitespace();
    let code = parts.next()?.trim_start_matches('~').to_string();
    if code.is_empty() || code == "---" {
        return None;
    }
    let (from, to) = match parts.next() {
        None => (0, u32::MAX),
        Some(r) => {
            if let Some(d) = r.strip_prefix('>') {
                (parse_dict_date(d)?, u32::MAX)
            } else if let Some(d) = r.strip_prefix('<') {
                (0, parse_dict_date(d)?)
            } else {
                let (a, b) = r.split_once('-')?;
                (parse_dict_date(a)?, parse_dict_date(b)?)
            }
        }
    };
    Some(DatedCode { code, from, to })
}

#[cfg(feature = "build")]
fn brackets(line: &str) -> Vec<DatedCode> {
    let line = line.split('#').next().unwrap_or("");
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        if let Some(c) = parse_bracket(&rest[open + 1..open + close]) {
            out.push(c);
        }
        rest = &rest[open + close + 1..];
    }
    out
}

/// Turns a dictionary phrase (`PEOPLE'S_REPUBLIC_OF_CHINA_`) into normalised tokens joined by
/// spaces, tokenised the way the pipeline tokenises text.
pub fn phrase_key(raw: &str) -> String {
    let text = raw.trim().trim_end_matches('_').replace('_', " ");
    let spans = segment::tokenize(&text);
    let words: Vec<String> = spans.iter().map(|s| normalise(s.slice(&text))).collect();
    words.join(" ")
}

#[cfg(feature = "build")]
fn title_case(raw: &str) -> String {
    raw.trim()
        .trim_end_matches('_')
        .split('_')
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && matches!(lower.as_str(), "of" | "the" | "and" | "for" | "de" | "in") {
                return lower;
            }
            // an abbreviation in brackets: "(LTTE)"
            if w.starts_with('(') {
                return w.to_string();
            }
            let mut c = w.chars();
            match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<&str>>()
        .join(" ")
}

#[cfg(feature = "build")]
/// Regular English plurals, as PETRARCH generates them for agents.
fn plural(word: &str) -> String {
    if let Some(stem) = word.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'o', 'u']) {
            return format!("{stem}ies");
        }
    }
    if word.ends_with("ss") || word.ends_with('x') || word.ends_with("ch") || word.ends_with("sh") {
        return format!("{word}es");
    }
    if let Some(stem) = word.strip_suffix("man") {
        return format!("{stem}men");
    }
    format!("{word}s")
}

#[cfg(feature = "build")]
/// Sources for [`build`]: the text of each dictionary file.
#[derive(Debug, Default)]
pub struct BuildSources {
    /// Phoenix `.actors` files (countries, international, non-state) and supplements.
    pub actors: Vec<String>,
    /// Phoenix agents files.
    pub agents: Vec<String>,
    /// GeoNames `countryInfo.txt`, for ISO alpha-2 → alpha-3.
    pub country_info: String,
}

#[cfg(feature = "build")]
/// Builds the dictionary from Phoenix-format sources. Earlier entries win on duplicate
/// phrases, so put supplements first to override.
pub fn build(src: &BuildSources) -> ActorDict {
    let mut dict = ActorDict::default();
    for text in &src.actors {
        build_actors(&mut dict, text);
    }
    for text in &src.agents {
        build_agents(&mut dict, text);
    }
    for line in src.country_info.lines() {
        if line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() > 3 && f[0].len() == 2 && f[1].len() == 3 {
            dict.iso3.insert(f[0].to_string(), f[1].to_string());
            if !f[3].is_empty() {
                dict.fips.insert(f[0].to_string(), f[3].to_string());
            }
        }
    }
    dict.finish();
    dict
}

/// The country part of an actor code: its first three letters, six for an IGO (`IGOUNO`);
/// "" for no actor.
pub fn code_country(code: &str) -> &str {
    let n = if code.starts_with("IGO") { 6 } else { 3 };
    code.get(..n.min(code.len())).unwrap_or(code)
}

/// The last three-letter role of an actor code after its country part (`CHNGOVMED` → `MED`);
/// "" when it has none (`GBR`, `IGOUNO`).
pub fn last_role(code: &str) -> &str {
    let rest = &code[code_country(code).len()..];
    rest.get(rest.len().saturating_sub(3)..)
        .filter(|r| r.len() == 3)
        .unwrap_or("")
}

/// True when `p` is a CAMEO country or region code (`CHN`, `WST`), not an international
/// group (`IGO`, `NGO`, `MNC`, `IMG`): the first three letters of a country actor's code.
pub fn is_country_prefix(p: &str) -> bool {
    p.len() == 3
        && p.bytes().all(|b| b.is_ascii_uppercase())
        && !matches!(p, "IGO" | "NGO" | "MNC" | "IMG")
}

#[cfg(feature = "build")]
fn is_country_code(c: &str) -> bool {
    c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) && c != "IGO" && c != "NGO"
}

#[cfg(feature = "build")]
fn build_actors(dict: &mut ActorDict, text: &str) {
    // An entry: its phrases and codes; codes may follow on tab-indented lines.
    let mut phrases: Vec<String> = Vec::new();
    let mut primary = String::new();
    let mut codes: Vec<DatedCode> = Vec::new();
    let flush = |dict: &mut ActorDict,
                 primary: &mut String,
                 phrases: &mut Vec<String>,
                 codes: &mut Vec<DatedCode>| {
        if !phrases.is_empty() && !codes.is_empty() {
            // A country is an entry whose current code is a bare country code (post-Soviet
            // states carry their Soviet-era codes as earlier date ranges).
            let current = codes.iter().max_by_key(|c| (c.to, c.from));
            let kind = if current.is_some_and(|c| is_country_code(&c.code)) {
                ActorKind::Country
            } else {
                ActorKind::Named
            };
            let id = dict.entries.len() as u32;
            dict.entries.push(ActorEntry {
                kind,
                name: title_case(primary),
                codes: std::mem::take(codes),
            });
            for p in phrases.drain(..) {
                if p.is_empty() {
                    continue;
                }
                // Demonyms name peoples too: "Palestinians", "Iraqis".
                if kind == ActorKind::Country
                    && !p.contains(' ')
                    && (p.ends_with("an") || p.ends_with('i'))
                {
                    dict.insert_phrase(&format!("{p}s"), id);
                }
                dict.insert_phrase(&p, id);
                // British and American spellings: the "World Health Organisation" is the
                // Organization of the Phoenix entry.
                for (from, to) in [("ization", "isation"), ("isation", "ization")] {
                    if p.contains(from) {
                        dict.insert_phrase(&p.replace(from, to), id);
                    }
                }
                // "LIBERATION_TIGERS_OF_TAMIL_EELAM_(LTTE)": news writes the name without the
                // abbreviation too. Short names keep theirs ("Samoa (American)" is not Samoa).
                if let Some((name, _)) = p.split_once(" (").filter(|_| p.ends_with(')')) {
                    if name.split(' ').count() >= 3 {
                        dict.insert_phrase(name, id);
                    }
                }
            }
        }
        phrases.clear();
        codes.clear();
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if line.starts_with(['\t', ' ']) || trimmed.starts_with('[') {
            codes.extend(brackets(trimmed));
        } else if let Some(syn) = trimmed.strip_prefix('+') {
            let name = syn.split(['#', '[']).next().unwrap_or("");
            phrases.push(phrase_key(name));
            codes.extend(brackets(syn));
        } else {
            flush(dict, &mut primary, &mut phrases, &mut codes);
            let name = trimmed.split(['#', '[']).next().unwrap_or("").trim();
            primary = name.to_string();
            phrases.push(phrase_key(name));
            codes.extend(brackets(trimmed));
        }
    }
    flush(dict, &mut primary, &mut phrases, &mut codes);
}

#[cfg(feature = "build")]
fn build_agents(dict: &mut ActorDict, text: &str) {
    let mut macros: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        // `!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON`
        if line.starts_with('!') {
            if let Some((name, vals)) = line.split_once('=') {
                let vals = vals.split(',').map(|v| v.trim().to_string()).collect();
                macros.push((name.trim().to_string(), vals));
            }
            continue;
        }
        let codes = brackets(line);
        let Some(code) = codes.into_iter().next() else {
            continue;
        };
        let head = line.split('[').next().unwrap_or("");
        let (name, irregular) = match head.split_once('{') {
            Some((n, rest)) => (n.trim(), Some(rest.split('}').next().unwrap_or(""))),
            None => (head.trim(), None),
        };
        let mut names = vec![name.to_string()];
        if let Some(irr) = irregular {
            names.extend(irr.split_whitespace().map(str::to_string));
        }
        // Expand macros such as !PERSON!.
        let mut expanded = Vec::new();
        for n in names {
            match macros.iter().find(|(m, _)| n.contains(m.as_str())) {
                Some((m, vals)) => {
                    expanded.extend(vals.iter().map(|v| n.replace(m.as_str(), v)));
                }
                None => expanded.push(n),
            }
        }
        let id = dict.entries.len() as u32;
        dict.entries.push(ActorEntry {
            kind: ActorKind::Agent,
            name: title_case(&expanded[0]).to_lowercase(),
            codes: vec![code],
        });
        for n in &expanded {
            let key = phrase_key(n);
            if key.is_empty() {
                continue;
            }
            // Regular plural of the last word unless the entry lists its own plural forms.
            if irregular.is_none() {
                let mut words: Vec<&str> = key.split(' ').collect();
                let last = plural(words[words.len() - 1]);
                words.pop();
                let mut p = words.join(" ");
                if !p.is_empty() {
                    p.push(' ');
                }
                p.push_str(&last);
                dict.insert_phrase(&p, id);
            }
            dict.insert_phrase(&key, id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ActorDict {
        build(&BuildSources {
            actors: vec![
                "RUSSIAN_FEDERATION_  [RUS]\n+RUSSIA_\n+RUSSIAN\n\nVLADIMIR_PUTIN_  # x\n+PUTIN_\n\t[RUSELI 700101-990809]\n\t[RUSGOV >080508]\n\t[RUSELI]\nNATO_\n+NORTH_ATLANTIC_TREATY_ORGANIZATION_\n\t[IGOWSTNAT]\nPEOPLE'S_REPUBLIC_OF_CHINA [CHN]\nLIBERATION_TIGERS_OF_TAMIL_EELAM_(LTTE)_ [LKAREB]\nSAMOA_(AMERICAN)_ [ASM]\n".into(),
            ],
            agents: vec![
                "!PERSON! = MAN, MEN\nGOVERNMENT [~GOV]\nSPOKES!PERSON! [~MED]\nTHIEF {THIEVES} [~CRM]\n"
                    .into(),
            ],
            country_info: "#ISO\tISO3\nRU\tRUS\t643\tRS\tRussia\n".into(),
        })
    }

    #[test]
    fn builds_entries_dates_and_phrases() {
        let d = sample();
        let putin = d.lookup("putin").unwrap();
        assert_eq!(d.entry(putin).name, "Vladimir Putin");
        assert_eq!(d.entry(putin).code_on(20230101), Some("RUSGOV"));
        assert_eq!(d.entry(putin).code_on(19900101), Some("RUSELI"));
        assert_eq!(d.entry(putin).code_on(20050101), Some("RUSELI"));
        let rus = d.lookup("russia").unwrap();
        assert_eq!(d.entry(rus).kind, ActorKind::Country);
        assert_eq!(d.entry(d.lookup("nato").unwrap()).kind, ActorKind::Named);
        assert_eq!(
            d.lookup("north atlantic treaty organisation"),
            d.lookup("nato")
        );
        assert!(d.lookup("people 's republic of china").is_some());
        // a name with its abbreviation in brackets is found without it too, unless short
        let ltte = d.lookup("liberation tigers of tamil eelam").unwrap();
        assert_eq!(
            d.entry(ltte).name,
            "Liberation Tigers of Tamil Eelam (LTTE)"
        );
        assert!(d.lookup("samoa").is_none());
        for p in ["governments", "spokesman", "spokesmen", "thieves", "thief"] {
            assert!(d.lookup(p).is_some(), "{p}");
        }
        assert_eq!(d.iso3("RU"), Some("RUS"));
        assert_eq!(d.fips("RU"), Some("RS"));
    }

    #[test]
    fn finds_longest_matches_and_round_trips() {
        let d = sample();
        let words: Vec<String> = "the north atlantic treaty organization and putin"
            .split(' ')
            .map(String::from)
            .collect();
        let hits = d.find(&words);
        assert_eq!(hits.len(), 2);
        assert_eq!((hits[0].first, hits[0].end), (1, 5));
        let back = ActorDict::from_bytes(&d.to_bytes().unwrap()).unwrap();
        assert_eq!(back.len(), d.len());
        assert_eq!(back.find(&words), hits);
        assert_eq!(
            back.entry(back.lookup("putin").unwrap()),
            d.entry(putin(&d))
        );
    }

    fn putin(d: &ActorDict) -> u32 {
        d.lookup("putin").unwrap()
    }

    #[test]
    fn rejects_garbage() {
        let bytes = artifact::encode(MAGIC, VERSION, b"E\t0\tX\tname\tRUS\n").unwrap();
        assert!(ActorDict::from_bytes(&bytes).is_err());
        let bytes = artifact::encode(MAGIC, VERSION, b"P\tputin\t7\n").unwrap();
        assert!(ActorDict::from_bytes(&bytes).is_err());
    }
}
