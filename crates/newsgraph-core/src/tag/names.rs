//! Name lists for the NER tagger's gazetteer features: places from GeoNames (countries,
//! cities over 15,000 people, US states, continents) and actors from the Phoenix/PETRARCH2
//! dictionaries (people, organisations, country aliases). A match is a hint the tagger weighs
//! against the context, not a decision: "Mobile" the city and "mobile" the phone both match.
//!
//! Built ahead of time by `newsgraph build names`; names are stored lower-cased and tokenised
//! as the tokenizer splits them, so matching is a token-sequence lookup.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::artifact;
use crate::error::{Error, Result};

const MAGIC: [u8; 4] = *b"NGNM";
const VERSION: u16 = 1;
/// Longest name, in tokens, that is looked up.
pub const MAX_TOKENS: usize = 6;

/// What a listed name is.
pub mod kind {
    /// A country (GeoNames).
    pub const COUNTRY: u8 = 1;
    /// A city (GeoNames, population ≥ 15,000).
    pub const CITY: u8 = 2;
    /// A region: US state, continent.
    pub const REGION: u8 = 4;
    /// A person (Phoenix actors).
    pub const PERSON: u8 = 8;
    /// An organisation (Phoenix actors, international organisations).
    pub const ORG: u8 = 16;
    /// A name Phoenix codes as a country: aliases, demonyms, cities and provinces.
    pub const COUNTRY_ALIAS: u8 = 32;
    /// Names of the kinds above, in bit order, for features.
    pub const NAMES: [&str; 6] = ["country", "city", "region", "person", "org", "alias"];
}

/// Lower-cased token sequence (joined by single spaces) → kind bits.
#[derive(Debug, Clone, Default)]
pub struct NameLists {
    names: FxHashMap<Box<str>, u8>,
    /// The token prefixes of longer names ("new" and "new york" for "new york city"), so a
    /// lookup stops extending once no name goes on (most words begin none).
    prefixes: FxHashSet<Box<str>>,
}

impl NameLists {
    /// The lists compiled into the binary.
    pub fn embedded() -> &'static NameLists {
        static N: std::sync::OnceLock<NameLists> = std::sync::OnceLock::new();
        N.get_or_init(|| {
            NameLists::from_bytes(crate::artifact::embedded::NAMES)
                .expect("the embedded name lists are valid: checked by their tests")
        })
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Adds a name (any case, tokenised by the caller) with kind bits.
    pub fn insert(&mut self, tokens: &[&str], bits: u8) {
        if tokens.is_empty() || tokens.len() > MAX_TOKENS {
            return;
        }
        let key = tokens.join(" ").to_lowercase();
        self.add_prefixes(&key);
        *self.names.entry(key.into()).or_default() |= bits;
    }

    /// Records the token prefixes of a (lower-cased, space-joined) name.
    fn add_prefixes(&mut self, key: &str) {
        for (at, _) in key.match_indices(' ') {
            if !self.prefixes.contains(&key[..at]) {
                self.prefixes.insert(key[..at].into());
            }
        }
    }

    /// For each token, the kinds of the longest listed name covering it and whether the token
    /// begins that name: `(bits, begins)`; `(0, false)` outside any name.
    pub fn annotate(&self, words: &[&str]) -> Vec<(u8, bool)> {
        let mut out = vec![(0u8, false); words.len()];
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let mut i = 0;
        let mut key = String::new();
        while i < words.len() {
            let mut best: Option<(usize, u8)> = None;
            key.clear();
            for len in 1..=MAX_TOKENS.min(words.len() - i) {
                if len > 1 {
                    key.push(' ');
                }
                key.push_str(&lower[i + len - 1]);
                if let Some(&bits) = self.names.get(key.as_str()) {
                    best = Some((len, bits));
                }
                if !self.prefixes.contains(key.as_str()) {
                    break;
                }
            }
            match best {
                Some((len, bits)) => {
                    for (k, o) in out[i..i + len].iter_mut().enumerate() {
                        *o = (bits, k == 0);
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }

    /// Loads the artifact.
    ///
    /// # Errors
    /// A wrong magic or version, or a malformed line.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let p = artifact::decode("name lists", MAGIC, VERSION, bytes)?;
        let text = String::from_utf8(p).map_err(|_| bad("payload is not UTF-8"))?;
        let mut lists = NameLists::default();
        for line in text.lines() {
            let (name, bits) = line
                .rsplit_once('\t')
                .ok_or_else(|| bad("line without a tab"))?;
            let bits: u8 = bits
                .parse()
                .map_err(|_| bad("kind bits are not a number"))?;
            lists.add_prefixes(name);
            lists.names.insert(name.into(), bits);
        }
        Ok(lists)
    }

    #[cfg(any(feature = "build", feature = "train"))]
    /// Serialises as an artifact (sorted: reproducible bytes).
    ///
    /// # Errors
    /// Compression failure.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut rows: Vec<(&Box<str>, &u8)> = self.names.iter().collect();
        rows.sort();
        let mut s = String::new();
        for (n, b) in rows {
            s.push_str(n);
            s.push('\t');
            s.push_str(&b.to_string());
            s.push('\n');
        }
        artifact::encode(MAGIC, VERSION, s.as_bytes())
    }
}

fn bad(reason: &str) -> Error {
    Error::Artifact {
        name: "name lists",
        reason: reason.to_string(),
    }
}

#[cfg(feature = "build")]
/// Words that make a Phoenix actor name an organisation rather than a person.
const ORG_WORDS: &[&str] = &[
    "ministry",
    "minister",
    "party",
    "army",
    "force",
    "forces",
    "council",
    "committee",
    "government",
    "police",
    "bank",
    "union",
    "front",
    "movement",
    "organization",
    "organisation",
    "association",
    "agency",
    "commission",
    "court",
    "parliament",
    "assembly",
    "congress",
    "senate",
    "office",
    "department",
    "service",
    "services",
    "guard",
    "brigade",
    "battalion",
    "regiment",
    "corps",
    "militia",
    "news",
    "times",
    "radio",
    "tv",
    "television",
    "press",
    "university",
    "institute",
    "company",
    "corporation",
    "group",
    "league",
    "alliance",
    "coalition",
    "church",
    "board",
    "authority",
    "federation",
    "fund",
    "navy",
    "air",
    "rebels",
    "insurgents",
    "forum",
    "cabinet",
    "embassy",
    "consulate",
    "administration",
    "national",
    "united",
    "international",
    "bureau",
    "foundation",
    "society",
    "center",
    "centre",
    "network",
    "brotherhood",
    "tribunal",
    "nations",
    "people's",
    "peoples",
    "republic",
    "state",
    "states",
    "democratic",
    "islamic",
    "liberation",
];

#[cfg(feature = "build")]
/// Parses Phoenix/TABARI `.actors` text into `(names, codes)` entries.
pub fn parse_phoenix(text: &str) -> Vec<(Vec<String>, Vec<String>)> {
    let mut entries: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    let clean = |s: &str| -> String {
        let s = s.split('#').next().unwrap_or("");
        let s = s.split('[').next().unwrap_or("");
        s.trim()
            .trim_end_matches('_')
            .replace('_', " ")
            .trim()
            .to_string()
    };
    let codes_in = |s: &str| -> Vec<String> {
        s.split('#')
            .next()
            .unwrap_or("")
            .split('[')
            .skip(1)
            .filter_map(|c| c.split([']', ' ']).next())
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect()
    };
    for line in text.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if line.starts_with(['\t', ' ']) {
            if let Some(e) = entries.last_mut() {
                e.1.extend(codes_in(line));
            }
        } else if let Some(syn) = line.strip_prefix('+') {
            if let Some(e) = entries.last_mut() {
                let n = clean(syn);
                if !n.is_empty() {
                    e.0.push(n);
                }
            }
        } else {
            let n = clean(line);
            if !n.is_empty() {
                entries.push((vec![n], codes_in(line)));
            }
        }
    }
    entries
}

#[cfg(feature = "build")]
/// Kind bits for a Phoenix entry: a bare country code means the names are country aliases;
/// otherwise a short name without organisation words is a person.
pub fn phoenix_kind(name: &str, codes: &[String]) -> u8 {
    if codes.is_empty() {
        return 0;
    }
    if codes
        .iter()
        .all(|c| c.len() == 3 && c.chars().all(|x| x.is_ascii_uppercase()))
        && !codes[0].starts_with("IGO")
    {
        return kind::COUNTRY_ALIAS;
    }
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    let orgish = words.iter().any(|w| ORG_WORDS.contains(&w.as_str()));
    if codes
        .iter()
        .any(|c| c.starts_with("IGO") || c.starts_with("NGO"))
        || orgish
        || words.len() > 4
        || words.len() < 2
    {
        kind::ORG
    } else {
        kind::PERSON
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_match_annotation_and_round_trip() {
        let mut n = NameLists::default();
        n.insert(&["New", "York"], kind::CITY);
        n.insert(&["York"], kind::CITY);
        n.insert(&["Vladimir", "Putin"], kind::PERSON);
        let a = n.annotate(&["Vladimir", "Putin", "visited", "new", "York", "."]);
        assert_eq!(
            a,
            vec![
                (8, true),
                (8, false),
                (0, false),
                (2, true),
                (2, false),
                (0, false)
            ]
        );
        let back = NameLists::from_bytes(&n.to_bytes().unwrap()).unwrap();
        assert_eq!(back.annotate(&["York"]), vec![(2, true)]);
        // a name found through prefixes that are no names themselves, also once reloaded
        n.insert(&["Bank", "of", "England"], kind::ORG);
        let words = ["the", "Bank", "of", "England", "Bank", "of"];
        let want = vec![
            (0, false),
            (16, true),
            (16, false),
            (16, false),
            (0, false),
            (0, false),
        ];
        assert_eq!(n.annotate(&words), want);
        let back = NameLists::from_bytes(&n.to_bytes().unwrap()).unwrap();
        assert_eq!(back.annotate(&words), want);
    }

    #[test]
    fn parses_phoenix_entries() {
        let text = "# comment\nCHINA_  [CHN]\n+CHINESE_ \n\nXI_JINPING\n+PRESIDENT_XI_JINPING\n\t[CHNGOV >20130314]\nMINISTRY_OF_DEFENSE_\n\t[CHNMIL]\n";
        let e = parse_phoenix(text);
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].0, vec!["CHINA", "CHINESE"]);
        assert_eq!(e[0].1, vec!["CHN"]);
        assert_eq!(phoenix_kind(&e[0].0[0], &e[0].1), kind::COUNTRY_ALIAS);
        assert_eq!(phoenix_kind(&e[1].0[0], &e[1].1), kind::PERSON);
        assert_eq!(phoenix_kind(&e[2].0[0], &e[2].1), kind::ORG);
    }
}
