//! Link: mentions → canonical identities. [`gazetteer`] holds the places, [`geo`] finds place
//! names in a text and resolves them on the map.

pub mod eval;
pub mod gazetteer;
pub mod geo;
