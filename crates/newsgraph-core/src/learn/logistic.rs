//! Binary logistic regression over hashed sparse features: a probability, not only a ranking,
//! so a learned component's score can be a documented confidence with a threshold.
//!
//! Features are strings hashed into `2^bits` slots (collisions are rare at the sizes used and
//! harmless to a linear model). Training is AdaGrad on the log loss with L2 regularisation,
//! examples shuffled with a fixed seed: reproducible.

use rustc_hash::FxHasher;
use std::hash::Hasher;

use crate::artifact;
use crate::error::{Error, Result};

const MAGIC: [u8; 4] = *b"NGLR";
const VERSION: u16 = 1;

/// A trained model: one weight per hashed feature and a bias.
#[derive(Debug, Clone, PartialEq)]
pub struct Logistic {
    bits: u8,
    bias: f32,
    weights: Vec<f32>,
}

/// The slot of a feature string in a table of `2^bits`.
pub fn slot(feature: &str, bits: u8) -> u32 {
    let mut h = FxHasher::default();
    h.write(feature.as_bytes());
    // the high bits of FxHash mix best
    (h.finish() >> (64 - u32::from(bits))) as u32
}

/// Training settings.
#[cfg(feature = "train")]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// L2 penalty per example and step.
    pub l2: f32,
    /// Passes over the data.
    pub epochs: usize,
    /// AdaGrad's base step.
    pub rate: f32,
    /// Shuffling seed.
    pub seed: u64,
}

#[cfg(feature = "train")]
impl Default for Settings {
    fn default() -> Self {
        Settings {
            l2: 1e-4,
            epochs: 15,
            rate: 0.2,
            seed: 28,
        }
    }
}

impl Logistic {
    /// An untrained model of `2^bits` slots (every probability 0.5).
    pub fn new(bits: u8) -> Self {
        Logistic {
            bits,
            bias: 0.0,
            weights: vec![0.0; 1 << bits],
        }
    }

    /// Table size in bits.
    pub fn bits(&self) -> u8 {
        self.bits
    }

    /// The probability of the positive class for these feature slots.
    pub fn prob(&self, slots: &[u32]) -> f64 {
        let z = self.bias
            + slots
                .iter()
                .map(|&s| self.weights.get(s as usize).copied().unwrap_or(0.0))
                .sum::<f32>();
        1.0 / (1.0 + (-f64::from(z)).exp())
    }

    /// Trains on `(slots, label)` examples.
    #[cfg(feature = "train")]
    pub fn train(bits: u8, examples: &[(Vec<u32>, bool)], settings: Settings) -> Self {
        let mut m = Logistic::new(bits);
        let mut g2 = vec![1e-6f32; m.weights.len()];
        let mut bias_g2 = 1e-6f32;
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut state = settings.seed | 1;
        for _ in 0..settings.epochs {
            // Fisher–Yates with xorshift: no dependency for a shuffle
            for i in (1..order.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                order.swap(i, (state % (i as u64 + 1)) as usize);
            }
            for &i in &order {
                let (slots, label) = &examples[i];
                let p = m.prob(slots) as f32;
                let g = p - f32::from(u8::from(*label));
                for &s in slots {
                    let s = s as usize;
                    let grad = g + settings.l2 * m.weights[s];
                    g2[s] += grad * grad;
                    m.weights[s] -= settings.rate * grad / g2[s].sqrt();
                }
                bias_g2 += g * g;
                m.bias -= settings.rate * g / bias_g2.sqrt();
            }
        }
        m
    }

    /// The model as an artifact.
    ///
    /// # Errors
    /// Compression failed.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut p = Vec::with_capacity(5 + 4 * self.weights.len());
        p.push(self.bits);
        p.extend_from_slice(&self.bias.to_le_bytes());
        for w in &self.weights {
            p.extend_from_slice(&w.to_le_bytes());
        }
        artifact::encode(MAGIC, VERSION, &p)
    }

    /// Reads a model written by [`Logistic::to_bytes`].
    ///
    /// # Errors
    /// Not such an artifact, or a payload of the wrong size.
    pub fn from_bytes(name: &'static str, bytes: &[u8]) -> Result<Self> {
        let p = artifact::decode(name, MAGIC, VERSION, bytes)?;
        let bad = |reason: &str| Error::Artifact {
            name,
            reason: reason.to_string(),
        };
        let (&bits, rest) = p.split_first().ok_or_else(|| bad("empty payload"))?;
        if !(8..=24).contains(&bits) || rest.len() != 4 + 4 * (1usize << bits) {
            return Err(bad("payload size does not match its table size"));
        }
        let f = |b: &[u8]| f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        Ok(Logistic {
            bits,
            bias: f(&rest[..4]),
            weights: rest[4..].chunks_exact(4).map(f).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "train")]
    #[test]
    fn learns_a_separable_rule_and_round_trips() {
        let bits = 10;
        let f = |s: &str| slot(s, bits);
        let mut ex = Vec::new();
        for i in 0..200 {
            let good = i % 2 == 0;
            let noise = f(&format!("n{}", i % 7));
            ex.push((vec![f(if good { "good" } else { "bad" }), noise], good));
        }
        let m = Logistic::train(bits, &ex, Settings::default());
        assert!(m.prob(&[f("good")]) > 0.9);
        assert!(m.prob(&[f("bad")]) < 0.1);
        let back = Logistic::from_bytes("test", &m.to_bytes().unwrap()).unwrap();
        assert_eq!(back, m);
        assert!(Logistic::from_bytes("test", b"NGLR\x01\x00\x00\x00").is_err());
    }

    #[test]
    fn an_untrained_model_is_undecided() {
        assert_eq!(Logistic::new(8).prob(&[1, 2, 3]), 0.5);
    }

    #[test]
    fn slots_fit_the_table() {
        for s in ["a", "verb=met", "t=ASSAULT"] {
            assert!(slot(s, 12) < 1 << 12);
        }
    }
}
