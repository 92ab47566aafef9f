//! Test helpers shared by the geoparser's modules' tests.

use super::gazetteer::tests::entry;
use super::gazetteer::{Entry, Kind};
use super::Toponym;
use crate::segment::Span;

pub(super) fn spans_of(text: &str, names: &[&str]) -> Vec<Span> {
    names
        .iter()
        .map(|n| {
            let s = text.find(n).unwrap();
            Span::new(s, s + n.len())
        })
        .collect()
}

/// Resolves the first occurrence of each name in `text`.
/// Toponyms at the first occurrence of each of `names`.
pub(super) fn toponyms_of(text: &str, names: &[&str]) -> Vec<Toponym> {
    spans_of(text, names)
        .iter()
        .map(|s| Toponym {
            start: s.start,
            end: s.end,
            capital_of: None,
        })
        .collect()
}

pub(super) fn united_states() -> Entry {
    entry(
        6252001,
        "United States",
        Kind::Country,
        "US",
        "",
        39.76,
        -98.5,
        327_000_000,
        "PCLI",
        &[],
    )
}
