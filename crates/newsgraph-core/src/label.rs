//! Interned token labels: a part-of-speech tag, dependency relation or BIO entity tag held
//! in two bytes.
//!
//! A long text holds a token every few bytes, and each token carries three labels; as
//! strings (even shared ones) they made a token 104 bytes, as [`Label`]s it is 40. Labels
//! come from a small closed set (the models' classes), so every distinct one is stored once
//! for the life of the process.

use std::fmt;
use std::num::NonZeroU16;
use std::ops::Deref;
use std::sync::{Mutex, OnceLock};

use rustc_hash::FxHashMap;

/// The most distinct labels a process holds. The models use about a hundred; the rest is
/// room for labels read back from stored analyses.
pub const MAX_LABELS: usize = 4095;
/// The longest label accepted, in bytes: labels are short codes, not text.
pub const MAX_LABEL_BYTES: usize = 64;

/// A token label (UPOS tag, dependency relation, BIO entity tag), compared and copied as a
/// two-byte id; it reads as the `str` it was made from.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Label(NonZeroU16);

/// A label could not be made: too long, or too many distinct ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LabelError {
    /// Longer than [`MAX_LABEL_BYTES`].
    #[error("label of {0} bytes is longer than {MAX_LABEL_BYTES}")]
    TooLong(usize),
    /// The process already holds [`MAX_LABELS`] distinct labels.
    #[error("more than {MAX_LABELS} distinct token labels")]
    TooMany,
}

// Reads (every token, on every thread) take no lock: a slot is written once, before its id
// is handed out, and read through `OnceLock`'s acquire load.
static NAMES: [OnceLock<&'static str>; MAX_LABELS] = [const { OnceLock::new() }; MAX_LABELS];
static IDS: Mutex<Option<FxHashMap<&'static str, NonZeroU16>>> = Mutex::new(None);

impl Label {
    /// The label for `name`, interning it on first use.
    pub fn new(name: &str) -> Result<Label, LabelError> {
        if name.len() > MAX_LABEL_BYTES {
            return Err(LabelError::TooLong(name.len()));
        }
        // a poisoned lock only means another thread panicked between two consistent states
        let mut guard = IDS.lock().unwrap_or_else(|e| e.into_inner());
        let ids = guard.get_or_insert_with(FxHashMap::default);
        if let Some(&id) = ids.get(name) {
            return Ok(Label(id));
        }
        let index = ids.len();
        if index >= MAX_LABELS {
            return Err(LabelError::TooMany);
        }
        // bounded by MAX_LABELS × MAX_LABEL_BYTES (256 KB) for the life of the process
        let stored: &'static str = Box::leak(name.to_owned().into_boxed_str());
        NAMES[index]
            .set(stored)
            .expect("slots are filled in order under the lock");
        let id = NonZeroU16::new(index as u16 + 1).expect("index + 1 > 0");
        ids.insert(stored, id);
        Ok(Label(id))
    }

    /// The label's text.
    pub fn as_str(self) -> &'static str {
        NAMES[usize::from(self.0.get()) - 1]
            .get()
            .expect("a label's slot is set before the label exists")
    }
}

impl Deref for Label {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Label {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for Label {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Label {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<&str> for Label {
    type Error = LabelError;
    fn try_from(name: &str) -> Result<Label, LabelError> {
        Label::new(name)
    }
}

impl serde::Serialize for Label {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Label {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Label, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Label;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a token label of at most {MAX_LABEL_BYTES} bytes")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Label, E> {
                Label::new(v).map_err(E::custom)
            }
        }
        d.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_name_gives_the_same_label() {
        let a = Label::new("nsubj:pass").unwrap();
        let b = Label::new(&String::from("nsubj:pass")).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.as_str(), "nsubj:pass");
        assert_ne!(a, Label::new("nsubj").unwrap());
        assert_eq!(std::mem::size_of::<Option<Label>>(), 2);
    }

    #[test]
    fn labels_read_as_strings_and_round_trip_through_json() {
        let l = Label::new("PROPN").unwrap();
        assert_eq!(&*l, "PROPN");
        assert!(l == "PROPN");
        assert_eq!(format!("{l} {l:?}"), "PROPN \"PROPN\"");
        let json = serde_json::to_string(&Some(l)).unwrap();
        assert_eq!(json, "\"PROPN\"");
        assert_eq!(serde_json::from_str::<Label>(&json).unwrap(), l);
    }

    #[test]
    fn an_overlong_label_is_an_error_not_a_leak() {
        let long = "x".repeat(MAX_LABEL_BYTES + 1);
        assert_eq!(Label::new(&long), Err(LabelError::TooLong(65)));
        let err = serde_json::from_str::<Label>(&format!("\"{long}\"")).unwrap_err();
        assert!(err.to_string().contains("longer than 64"), "{err}");
        assert!(serde_json::from_str::<Label>("3").is_err());
    }
}
