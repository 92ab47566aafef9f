//! Tone: GDELT's V2Tone quantities from a sentiment lexicon (MIT-licensed VADER by C.J. Hutto).
//!
//! Definitions follow the GDELT 2.0 GKG codebook: `positive` and `negative` are the
//! percentages of all words that carry positive or negative valence, `tone` is positive minus
//! negative, `polarity` is positive plus negative (the share of emotionally charged words), and
//! `word_count` counts words (tokens with a letter in them).

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::artifact;
use crate::error::{Error, Result};
use crate::segment::Span;

const MAGIC: [u8; 4] = *b"NGTN";
const VERSION: u16 = 1;

/// The GDELT V2Tone figures of one article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Tone {
    /// `positive - negative`, in percentage points (GDELT's "Tone"; typically -10..+10).
    pub tone: f64,
    /// Percentage of words with positive valence.
    pub positive: f64,
    /// Percentage of words with negative valence.
    pub negative: f64,
    /// Percentage of words with any valence (`positive + negative`).
    pub polarity: f64,
    /// Words counted (tokens containing a letter).
    pub word_count: usize,
    /// Number of positive words.
    pub positive_words: usize,
    /// Number of negative words.
    pub negative_words: usize,
}

/// A word → valence lexicon.
#[derive(Debug, Clone)]
pub struct ToneLexicon {
    valence: FxHashMap<Box<str>, f32>,
}

impl ToneLexicon {
    /// The lexicon built into the binary (`artifacts/tone-vader.ngl`).
    pub fn embedded() -> &'static ToneLexicon {
        static LEXICON: std::sync::OnceLock<ToneLexicon> = std::sync::OnceLock::new();
        LEXICON.get_or_init(|| {
            ToneLexicon::from_bytes(artifact::embedded::TONE)
                .expect("the embedded tone lexicon is valid: checked by the artifact tests")
        })
    }

    /// Loads a lexicon artifact.
    ///
    /// # Errors
    /// A wrong magic or version, a corrupt payload, or a line that is not `word<TAB>valence`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let payload = artifact::decode("tone lexicon", MAGIC, VERSION, bytes)?;
        let text = String::from_utf8(payload).map_err(|e| Error::Artifact {
            name: "tone lexicon",
            reason: format!("payload is not UTF-8: {e}"),
        })?;
        let mut valence = FxHashMap::default();
        for (n, line) in text.lines().enumerate() {
            let (word, v) = line
                .split_once('\t')
                .and_then(|(w, v)| Some((w, v.parse::<f32>().ok()?)))
                .ok_or_else(|| Error::Artifact {
                    name: "tone lexicon",
                    reason: format!("line {} is not `word<TAB>valence`", n + 1),
                })?;
            valence.insert(word.into(), v);
        }
        Ok(ToneLexicon { valence })
    }

    #[cfg(feature = "build")]
    /// Builds the artifact from VADER's `vader_lexicon.txt` (`token<TAB>mean<TAB>sd<TAB>ratings`).
    /// Multi-word entries are dropped: tone is counted per token.
    ///
    /// # Errors
    /// A line without a numeric mean valence.
    pub fn build_artifact(vader_lexicon: &str) -> Result<Vec<u8>> {
        let mut rows: Vec<(String, f32)> = Vec::new();
        for (n, line) in vader_lexicon.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(word), Some(mean)) = (cols.next(), cols.next()) else {
                return Err(Error::Format {
                    path: "vader_lexicon.txt".into(),
                    line: n + 1,
                    reason: "expected token<TAB>mean".into(),
                });
            };
            let mean: f32 = mean.trim().parse().map_err(|_| Error::Format {
                path: "vader_lexicon.txt".into(),
                line: n + 1,
                reason: format!("mean valence {mean:?} is not a number"),
            })?;
            if word.contains(' ') || mean == 0.0 {
                continue;
            }
            rows.push((word.to_lowercase(), mean));
        }
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        rows.dedup_by(|a, b| a.0 == b.0);
        let mut payload = String::new();
        for (w, v) in rows {
            payload.push_str(&format!("{w}\t{v}\n"));
        }
        artifact::encode(MAGIC, VERSION, payload.as_bytes())
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.valence.len()
    }

    /// True when the lexicon has no entries.
    pub fn is_empty(&self) -> bool {
        self.valence.is_empty()
    }

    /// The valence of a word (any case), if the lexicon has it.
    pub fn valence(&self, word: &str) -> Option<f32> {
        if let Some(v) = self.valence.get(word) {
            return Some(*v);
        }
        if word.bytes().any(|b| b.is_ascii_uppercase()) || !word.is_ascii() {
            return self.valence.get(word.to_lowercase().as_str()).copied();
        }
        None
    }

    /// Tone of the tokens of `text`.
    pub fn score(&self, text: &str, tokens: &[Span]) -> Tone {
        let (mut words, mut pos, mut neg) = (0usize, 0usize, 0usize);
        for t in tokens {
            let w = t.slice(text);
            if !w.chars().any(char::is_alphabetic) {
                continue;
            }
            words += 1;
            match self.valence(w) {
                Some(v) if v > 0.0 => pos += 1,
                Some(v) if v < 0.0 => neg += 1,
                _ => {}
            }
        }
        let pct = |n: usize| {
            if words == 0 {
                0.0
            } else {
                100.0 * n as f64 / words as f64
            }
        };
        let (positive, negative) = (pct(pos), pct(neg));
        Tone {
            tone: positive - negative,
            positive,
            negative,
            polarity: positive + negative,
            word_count: words,
            positive_words: pos,
            negative_words: neg,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::tokenize;

    #[test]
    fn builds_loads_and_scores() {
        let lex = "good\t1.9\t0.9\t[]\nbad\t-2.5\t0.6\t[]\nfed up\t-1.8\t1\t[]\nmeh\t0\t0\t[]\n";
        let bytes = ToneLexicon::build_artifact(lex).unwrap();
        let l = ToneLexicon::from_bytes(&bytes).unwrap();
        assert_eq!(l.len(), 2);
        let text = "Good news, bad news, more news.";
        let t = l.score(text, &tokenize(text));
        assert_eq!(t.word_count, 6);
        assert_eq!((t.positive_words, t.negative_words), (1, 1));
        assert!((t.tone).abs() < 1e-9);
        assert!((t.polarity - 200.0 / 6.0).abs() < 1e-9);
    }

    #[test]
    fn embedded_lexicon_loads() {
        let l = ToneLexicon::embedded();
        assert!(l.len() > 7000, "{}", l.len());
        assert!(l.valence("Celebrating").unwrap() > 0.0);
        assert!(l.valence("failing").unwrap() < 0.0);
    }

    #[test]
    fn rejects_other_artifacts() {
        let other = crate::artifact::encode(*b"XXXX", 1, b"a\t1\n").unwrap();
        assert!(ToneLexicon::from_bytes(&other).is_err());
    }
}
