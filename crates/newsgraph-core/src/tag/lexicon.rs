//! Web lexicon: what a large web corpus says about a word, for the POS tagger (and its Brown
//! clusters for the parser). It gives two things our own news clusters cannot: Brown clusters
//! induced from far more (and more informal) text than Reuters and BBC, and how often the word
//! is written with or without a capital, the best single clue to PROPN against NOUN
//! ("Laughter" is mostly "laughter"; "Putin" is rarely "putin").
//!
//! Built ahead of time (`newsgraph build lexicon`) from spaCy's lookup tables (PyPI
//! `spacy-lookups-data` 1.0.5, MIT): `en_lexeme_cluster` (Brown clusters of about 190,000
//! words) and `en_lexeme_prob` (smoothed log probabilities of a million word forms, case
//! kept).

use rustc_hash::FxHashMap;

use crate::artifact;
use crate::error::{Error, Result};

const MAGIC: [u8; 4] = *b"NGLX";
const VERSION: u16 = 1;
/// "No value" in a stored field.
const NONE: u16 = u16::MAX;

/// What the lexicon knows of one word form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    /// Brown cluster: the path's 4- and 6-bit prefixes and the whole cluster's number.
    brown: [u16; 3],
    /// `⌊−log p⌋` of the form, and its log-probability ratio to the other casing (rounded,
    /// clamped to ±6, offset by 10).
    freq: u16,
    case: u16,
}

impl Entry {
    fn brown(&self) -> Option<[u16; 3]> {
        (self.brown[0] != NONE).then_some(self.brown)
    }
}

/// What the lexicon says of a word: Brown cluster ids, and frequency and casing bins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lookup {
    /// Brown cluster ids: the path's 4- and 6-bit prefixes, the whole cluster.
    pub brown: Option<[u16; 3]>,
    /// `⌊−log p⌋` of the form as written.
    pub freq: Option<u16>,
    /// Log-probability ratio of the form to its other casing, binned (10 = as often).
    pub case: Option<u16>,
}

impl Lookup {
    /// Nothing known.
    pub const NONE: Lookup = Lookup {
        brown: None,
        freq: None,
        case: None,
    };
}

/// Word form → [`Entry`].
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    map: FxHashMap<Box<str>, Entry>,
}

fn bad(reason: impl Into<String>) -> Error {
    Error::Artifact {
        name: "web lexicon",
        reason: reason.into(),
    }
}

fn field(v: u16) -> Option<u16> {
    (v != NONE).then_some(v)
}

impl Lexicon {
    /// The lexicon compiled into the binary.
    pub fn embedded() -> &'static Lexicon {
        static L: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        L.get_or_init(|| {
            Lexicon::from_bytes(crate::artifact::embedded::LEXICON)
                .expect("the embedded web lexicon is valid: checked by its tests")
        })
    }

    /// What the lexicon says of `word`: frequency and casing of the form as written; the
    /// Brown cluster of the form, or else of its lower case.
    pub fn get(&self, word: &str) -> Lookup {
        let exact = self.map.get(word);
        let brown = exact.and_then(Entry::brown).or_else(|| {
            crate::tag::lower_case_differs(word)
                .then(|| self.map.get(word.to_lowercase().as_str()))
                .flatten()
                .and_then(Entry::brown)
        });
        Lookup {
            brown,
            freq: exact.and_then(|e| field(e.freq)),
            case: exact.and_then(|e| field(e.case)),
        }
    }

    /// Number of word forms.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when there are no word forms.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    #[cfg(feature = "build")]
    /// Builds the lexicon from spaCy's tables, as JSON objects: `clusters` maps a word to
    /// its Brown path read backwards as an integer (the path's first bit is the integer's
    /// lowest; 0 for no cluster), `probs` a word form to its log probability. Forms rarer
    /// than `min_logprob` get no frequency or casing bin.
    ///
    /// # Errors
    /// Text that is not a JSON object of the expected numbers, or too many clusters.
    pub fn from_spacy(clusters: &str, probs: &str, min_logprob: f64) -> Result<Lexicon> {
        let clusters: FxHashMap<String, u64> = serde_json::from_str(clusters)
            .map_err(|e| bad(format!("clusters: not a JSON object of integers: {e}")))?;
        let probs: FxHashMap<String, f64> = serde_json::from_str(probs)
            .map_err(|e| bad(format!("probabilities: not a JSON object of numbers: {e}")))?;
        let mut paths: Vec<u64> = clusters.values().copied().filter(|&v| v != 0).collect();
        paths.sort_unstable();
        paths.dedup();
        if paths.len() >= usize::from(NONE) {
            return Err(bad(format!(
                "{} clusters; at most {} fit",
                paths.len(),
                NONE - 1
            )));
        }
        let empty = Entry {
            brown: [NONE; 3],
            freq: NONE,
            case: NONE,
        };
        let mut map: FxHashMap<Box<str>, Entry> = FxHashMap::default();
        for (w, v) in clusters.into_iter().filter(|&(_, v)| v != 0) {
            let whole = paths.binary_search(&v).unwrap_or_default() as u16;
            map.insert(
                w.into(),
                Entry {
                    brown: [(v & 0xF) as u16, (v & 0x3F) as u16, whole],
                    ..empty
                },
            );
        }
        for (w, &lp) in &probs {
            if lp < min_logprob || !lp.is_finite() || w.contains(['\t', '\n']) {
                continue;
            }
            let lower = w.to_lowercase();
            let other = if *w != lower {
                probs.get(&lower)
            } else {
                let mut cs = w.chars();
                let capital: String = cs.next().into_iter().flat_map(char::to_uppercase).collect();
                probs.get(&(capital + cs.as_str()))
            };
            let e = map.entry(w.as_str().into()).or_insert(empty);
            e.freq = (-lp).floor().clamp(0.0, 100.0) as u16;
            e.case = other.map_or(99, |o| ((lp - o).round().clamp(-6.0, 6.0) + 10.0) as u16);
        }
        Ok(Lexicon { map })
    }

    /// Loads a lexicon artifact.
    ///
    /// # Errors
    /// A wrong magic or version, or a line that is not `word` and five fields.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let p = artifact::decode("web lexicon", MAGIC, VERSION, bytes)?;
        let text = String::from_utf8(p).map_err(|_| bad("payload is not UTF-8"))?;
        let mut map = FxHashMap::with_capacity_and_hasher(
            text.bytes().filter(|&b| b == b'\n').count(),
            Default::default(),
        );
        for line in text.lines() {
            let (word, rest) = line
                .split_once('\t')
                .ok_or_else(|| bad("line without fields"))?;
            let mut f = [NONE; 5];
            let mut it = rest.split('\t');
            for x in &mut f {
                let v = it.next().ok_or_else(|| bad("line without five fields"))?;
                if v != "-" {
                    *x = v.parse().map_err(|_| bad(format!("bad field {v:?}")))?;
                }
            }
            map.insert(
                word.into(),
                Entry {
                    brown: [f[0], f[1], f[2]],
                    freq: f[3],
                    case: f[4],
                },
            );
        }
        Ok(Lexicon { map })
    }

    #[cfg(any(feature = "build", feature = "train"))]
    /// Serialises as an artifact (sorted, so the bytes are reproducible).
    ///
    /// # Errors
    /// Compression failure.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut rows: Vec<(&Box<str>, &Entry)> = self.map.iter().collect();
        rows.sort_by(|a, b| a.0.cmp(b.0));
        let mut s = String::new();
        for (w, e) in rows {
            s.push_str(w);
            for v in [e.brown[0], e.brown[1], e.brown[2], e.freq, e.case] {
                s.push('\t');
                if v == NONE {
                    s.push('-');
                } else {
                    s.push_str(&v.to_string());
                }
            }
            s.push('\n');
        }
        artifact::encode(MAGIC, VERSION, s.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLUSTERS: &str = r#"{"the": 11, "a": 3, "laughter": 173, "Zzz": 0}"#;
    const PROBS: &str = r#"{"the": -3.5, "The": -5.9, "laughter": -11.9, "Laughter": -14.9, "Putin": -11.8, "putin": -14.4, "rare": -19.0}"#;

    #[test]
    fn reads_spacy_tables_and_round_trips() {
        let lx = Lexicon::from_spacy(CLUSTERS, PROBS, -16.0).unwrap();
        // clusters: 11 = path 1101; prefixes are the integer's low bits; three clusters
        let the = lx.get("the");
        assert_eq!(the.brown, Some([11, 11, 1]));
        assert_eq!(the.freq, Some(3));
        assert_eq!(the.case, Some(12), "the is 2.4 nats likelier than The");
        // a capitalised form reads its own casing and its lower case's cluster
        let l = lx.get("Laughter");
        assert_eq!(l.brown, lx.get("laughter").brown);
        assert_eq!(l.case, Some(7), "Laughter is 3 nats rarer than laughter");
        assert_eq!(lx.get("Putin").case, Some(13));
        assert_eq!(lx.get("Putin").brown, None);
        // too rare for bins; a word without a cluster is left out
        assert_eq!(lx.get("rare").freq, None);
        assert_eq!(lx.get("Zzz").brown, None);
        let back = Lexicon::from_bytes(&lx.to_bytes().unwrap()).unwrap();
        assert_eq!(back.len(), lx.len());
        for w in ["the", "The", "Laughter", "laughter", "Putin", "a", "none"] {
            assert_eq!(back.get(w), lx.get(w), "{w}");
        }
    }

    #[test]
    fn refuses_bad_input() {
        assert!(Lexicon::from_spacy("[1]", PROBS, -16.0).is_err());
        assert!(Lexicon::from_spacy(CLUSTERS, r#"{"a": "x"}"#, -16.0).is_err());
        assert!(Lexicon::from_bytes(b"not an artifact").is_err());
        let bytes = artifact::encode(MAGIC, VERSION, b"word\t1\t2\n").unwrap();
        assert!(Lexicon::from_bytes(&bytes).is_err());
    }

    #[test]
    fn embedded_lexicon_knows_common_words() {
        let lx = Lexicon::embedded();
        assert!(lx.len() > 100_000);
        let the = lx.get("the");
        assert!(the.brown.is_some() && the.freq.is_some() && the.case.is_some());
        assert!(lx.get("Laughter").case < Some(10), "mostly lower case");
    }
}
