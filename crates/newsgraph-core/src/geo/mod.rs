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
mod evidence;
pub mod gazetteer;
mod recognise;
mod resolve;
mod score;

pub use evidence::Evidence;
pub use recognise::recognise;
pub use resolve::{candidates, resolve, resolve_in};

use crate::segment::Span;

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

#[cfg(test)]
mod tests;
