//! # newsgraph-core
//!
//! The pipeline stages of newsgraph, in the order data flows through them:
//!
//! 1. [`ingest`]: bytes (plain text, JSON Lines, HTML) → [`Article`]
//! 2. [`segment`]: text → tokens and sentences as half-open byte spans
//! 3. [`tag`]: tokens → part-of-speech and named-entity tags
//! 4. [`parse`]: tokens → dependency heads and relations
//! 5. [`geo`]: place names → gazetteer entries with coordinates; [`dates`]: date expressions
//! 6. [`events`]: actors with CAMEO-style codes and coded events (PLOVER, CAMEO, Goldstein)
//! 7. [`tone`]: tokens → GDELT V2Tone figures
//! 8. [`analysis`]: all of it together → the [`Analysis`] record, the public JSON contract
//! 9. [`export`]: the Analysis in other tools' formats (GDELT 2.0 Event rows)
//!
//! [`learn`] holds the averaged perceptron the tagger and the parser share; [`artifact`] the
//! versioned, compressed artifact format and the embedded default models; [`eval`] scores the
//! tagger and parser against gold corpora ([`geo::eval`] and [`events::eval`] their stages).
//! This crate has no CLI, database or web code.
//!
//! ```
//! use newsgraph_core::{ingest, Pipeline};
//!
//! let ingested = ingest::from_text(b"Putin in China\nPresident Putin is making a key trip to China.", None)?;
//! let analysis = Pipeline::embedded().analyze(ingested);
//! assert_eq!(analysis.article.title.as_deref(), Some("Putin in China"));
//! assert_eq!(analysis.sentences.len(), 2);
//! let first = &analysis.tokens[0];
//! assert_eq!(&analysis.article.text[first.start..first.end], "Putin");
//! # Ok::<(), newsgraph_core::ingest::RecordError>(())
//! ```

#![warn(missing_docs)]

pub mod analysis;
pub mod article;
pub mod artifact;
pub mod dates;
pub mod error;
#[cfg(feature = "eval")]
pub mod eval;
pub mod events;
pub mod export;
pub mod geo;
pub mod ingest;
pub mod label;
pub mod learn;
pub mod parse;
pub mod segment;
pub mod tag;
pub mod tone;

pub use analysis::{Analysis, Pipeline, Stage, SCHEMA_VERSION};
pub use article::Article;
pub use error::{Error, Result};
pub use label::Label;
