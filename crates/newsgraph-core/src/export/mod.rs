//! Export: the Analysis in the formats other tools read. [`gdelt`] writes GDELT 2.0 Event
//! table rows.

pub mod gdelt;
