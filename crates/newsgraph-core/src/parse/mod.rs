//! Parse: a greedy arc-eager dependency parser (Nivre 2003) scored by an averaged perceptron
//! over Zhang & Nivre (2011)-style features, trained with the dynamic oracle of Goldberg &
//! Nivre (2012) so it learns to recover from its own mistakes (and copes with non-projective
//! training trees). Labels are UD's universal relations (subtypes dropped, as LAS in the
//! CoNLL 2018 shared task compares them).

mod beam;
mod features;
mod state;
#[cfg(feature = "train")]
mod train;

use crate::error::Result;
use crate::learn::perceptron::Model;
use beam::BEAM_MAX_WORDS;
pub use features::FeatureSet;
use features::{features, Keys, Sent, FEATURES_MAX};
use state::{State, NONE};
#[cfg(feature = "train")]
pub use train::{TrainConfig, TrainSentence};

const MAGIC: [u8; 4] = *b"NGDP";

/// 3: the model is stored as its compiled scoring table; 4: followed by the beam width
/// (u8) the model was trained for; 5: then the feature set (u8, [`FeatureSet`]).
const VERSION: u16 = 5;

/// The parser compiled into the binary (trained on UD English EWT + GUM train).
pub fn embedded() -> &'static Parser {
    static MODEL: std::sync::OnceLock<Parser> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        Parser::from_bytes(crate::artifact::embedded::PARSER)
            .expect("the embedded parser is valid: checked by its tests")
    })
}

/// The beam-search parser compiled into the binary (trained globally for a beam of four on
/// the same data): more accurate and about three times slower than [`embedded`]; loaded the
/// first time it is asked for.
pub fn embedded_beam() -> &'static Parser {
    static MODEL: std::sync::OnceLock<Parser> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        Parser::from_bytes(crate::artifact::embedded::PARSER_BEAM)
            .expect("the embedded beam parser is valid: checked by its tests")
    })
}

/// The embedded parser to decode with beam width `k`: the greedy one for 1, the beam-search
/// one above.
pub fn embedded_for(k: usize) -> &'static Parser {
    if k > 1 {
        embedded_beam()
    } else {
        embedded()
    }
}

/// A trained dependency parser.
#[derive(Debug, Clone)]
pub struct Parser {
    model: Model,
    labels: Vec<String>,
    keys: Keys,
    /// Beam width the model was trained for, which [`Parser::parse`] decodes with (1: greedy).
    beam: usize,
}

/// One parsed sentence: for each word, its head (0 = root, else 1-based word index) and label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tree {
    /// Heads, 1-based positions; 0 for the root.
    pub heads: Vec<usize>,
    /// Relation labels.
    pub labels: Vec<String>,
}

/// Drops a relation's subtype (`nmod:poss` → `nmod`).
pub fn universal(label: &str) -> &str {
    label.split(':').next().unwrap_or(label)
}

#[cfg(feature = "train")]
fn class_names(labels: &[String]) -> Vec<String> {
    let mut c = vec!["SH".to_string(), "RE".to_string()];
    c.extend(labels.iter().map(|l| format!("L:{l}")));
    c.extend(labels.iter().map(|l| format!("R:{l}")));
    c
}

fn labels_of(classes: &[String]) -> Vec<String> {
    classes
        .iter()
        .filter_map(|c| c.strip_prefix("L:").map(str::to_string))
        .collect()
}

/// Attaches words left without a head: the first headless word (or the first word) becomes
/// the root, others attach to it, so the output is always a tree.
fn finish(st: &State, labels: &[String]) -> Tree {
    let n = st.n;
    let mut heads: Vec<usize> = (1..=n).map(|i| st.head(i)).collect();
    let mut labs: Vec<String> = (1..=n)
        .map(|i| match st.label(i) {
            NONE => "dep".to_string(),
            l => labels[l].clone(),
        })
        .collect();
    let root = (0..n)
        .find(|&i| heads[i] == 0)
        .or_else(|| (0..n).find(|&i| heads[i] == NONE))
        .unwrap_or(0);
    for i in 0..n {
        if i == root {
            heads[i] = 0;
            labs[i] = "root".into();
        } else if heads[i] == NONE || heads[i] == 0 {
            heads[i] = root + 1;
            if labs[i] == "root" {
                labs[i] = "parataxis".into();
            }
        }
    }
    Tree {
        heads,
        labels: labs,
    }
}

/// Unlabelled and labelled attachment scores: `(uas, las, words)`.
pub fn attachment_scores(gold: &[(Vec<usize>, Vec<String>)], pred: &[Tree]) -> (f64, f64, usize) {
    let (mut words, mut u, mut l) = (0usize, 0usize, 0usize);
    for ((gh, gl), p) in gold.iter().zip(pred) {
        for k in 0..gh.len() {
            words += 1;
            if gh[k] == p.heads[k] {
                u += 1;
                if universal(&gl[k]) == universal(&p.labels[k]) {
                    l += 1;
                }
            }
        }
    }
    let d = words.max(1) as f64;
    (u as f64 / d, l as f64 / d, words)
}

#[cfg(test)]
mod tests;

impl Parser {
    /// Loads a parser artifact.
    ///
    /// # Errors
    /// A wrong magic or version, or a malformed payload.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        const NAME: &str = "parser model";
        let p = crate::artifact::decode(NAME, MAGIC, VERSION, bytes)?;
        let mut at = 0;
        let model = Model::read_payload(NAME, &p, &mut at)?;
        let tail = match &p[at..] {
            [b, f] if *b >= 1 => FeatureSet::from_byte(*f).map(|fs| (usize::from(*b), fs)),
            _ => None,
        };
        let Some((beam, features)) = tail else {
            return Err(crate::error::Error::Artifact {
                name: NAME,
                reason: "the model should be followed by its beam width (a byte from 1 to 255) \
                         and feature set (a byte, 0 to 2)"
                    .into(),
            });
        };
        let labels = labels_of(model.classes());
        let keys = Keys::new(&labels, features);
        Ok(Parser {
            model,
            labels,
            keys,
            beam,
        })
    }

    #[cfg(any(feature = "build", feature = "train"))]
    /// Serialises the parser as an artifact.
    ///
    /// # Errors
    /// Compression failure.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut p = Vec::new();
        self.model.write_payload(&mut p);
        p.push(self.beam.clamp(1, 255) as u8);
        p.push(self.keys.features as u8);
        crate::artifact::encode(MAGIC, VERSION, &p)
    }

    /// The beam width the parser decodes with (1: greedy).
    pub fn beam(&self) -> usize {
        self.beam
    }

    /// The features the model reads.
    pub fn feature_set(&self) -> FeatureSet {
        self.keys.features
    }

    /// Number of features in the model.
    pub fn features(&self) -> usize {
        self.model.features()
    }

    /// A copy without weights below `threshold` (see [`Model::pruned`]).
    pub fn pruned(&self, threshold: f32) -> Parser {
        Parser {
            model: self.model.pruned(threshold),
            labels: self.labels.clone(),
            keys: self.keys.clone(),
            beam: self.beam,
        }
    }

    /// Parses a sentence given its words and POS tags, with the beam the model was trained for.
    pub fn parse(&self, words: &[&str], tags: &[&str]) -> Tree {
        self.parse_with_beam(words, tags, self.beam)
    }

    /// The relation labels the parser predicts, sorted.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Parses with beam width `k` (1: greedy). A model trained for a beam does best with
    /// that beam or a wider one; a narrower beam trades accuracy for speed.
    pub fn parse_with_beam(&self, words: &[&str], tags: &[&str], k: usize) -> Tree {
        // a beam item copies its state (linear in the sentence) at every step: past this
        // length (no real sentence; a segmenter's run-on) the parse is greedy
        if k > 1 && words.len() <= BEAM_MAX_WORDS {
            return self.parse_beam(words, tags, k);
        }
        let n = words.len();
        let nl = self.labels.len();
        let sent = Sent::new(words, tags, &self.keys);
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(FEATURES_MAX);
        let mut scores = vec![0f32; 2 + 2 * nl];
        while !st.done() {
            features(&st, &sent, &self.keys, &mut feats);
            self.model.score(&feats, &mut scores);
            st.apply(st.best_valid(&scores, nl), nl);
        }
        finish(&st, &self.labels)
    }
}
