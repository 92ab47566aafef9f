//! The one error type of the core library.

use std::io;

/// Everything that can go wrong in the core pipeline.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading input failed.
    #[error("I/O error: {0}")]
    Io(#[from] io::Error),
    /// A record could not be turned into an article (bad JSON, wrong field types, empty text...).
    #[error("{0}")]
    Record(String),
    /// An artifact (model, lexicon, index) is not what the loader expects.
    #[error("artifact {name}: {reason}")]
    Artifact {
        /// Which artifact.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// An evaluation file could not be read as the format it claims to be.
    #[error("{path}:{line}: {reason}")]
    Format {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
}

/// The core library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A record-level error with a reason.
    pub fn record(reason: impl Into<String>) -> Self {
        Error::Record(reason.into())
    }
}
