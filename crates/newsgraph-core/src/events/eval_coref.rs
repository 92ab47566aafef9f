//! Scoring coreference on the whole-article annotations' people and organisations
//! ([`GoldEntity`]: every mention, names, descriptions and pronouns).
//!
//! Every gold mention after the first of its entity should be linked to an earlier mention
//! of the same entity. A predicted mention is aligned to a gold one by its span (a pronoun
//! exactly, a name by overlap); its antecedent is the closest earlier predicted mention of
//! its chain, and the link is right when that antecedent overlaps a gold mention of the same
//! entity. Counts are kept apart for personal pronouns ("he", "her"), names (capitalised:
//! "Mr Straw", "NATO") and the rest (descriptions such as "the minister", "it", "they",
//! first-person pronouns in quotations), of which the chains attempt only "it" and "its".
//!
//! Beside the links, [`score_pronoun_actors`] asks what an analysis made of each gold
//! personal pronoun whose entity has an actor code: the actor it credited the pronoun to,
//! right on the code, right on the country, wrong, or none.

use serde::Serialize;

use super::eval_articles::{country, GoldEntity};
use crate::eval::Prf;

/// What kind of mention a gold mention is, by its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// "he", "him", "his", "himself", "she", "her", "hers", "herself".
    Pronoun,
    /// A capitalised mention: a name, whole or short.
    Name,
    /// Descriptions, "it", "they", first-person pronouns.
    Other,
}

/// A gold mention's class from its text.
pub fn class(words: &str) -> Class {
    let lower = words.to_lowercase();
    if matches!(
        lower.as_str(),
        "he" | "him" | "his" | "himself" | "she" | "her" | "hers" | "herself"
    ) {
        return Class::Pronoun;
    }
    let pronounish = matches!(
        lower.as_str(),
        "it" | "its"
            | "itself"
            | "they"
            | "them"
            | "their"
            | "i"
            | "my"
            | "me"
            | "we"
            | "our"
            | "us"
    );
    let first = words.split_whitespace().next().unwrap_or("");
    if !pronounish
        && first.chars().next().is_some_and(char::is_uppercase)
        && !matches!(first, "The" | "A" | "An")
    {
        Class::Name
    } else {
        Class::Other
    }
}

/// One predicted mention: byte span, chain, pronoun or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Predicted {
    /// Half-open byte span.
    pub span: [usize; 2],
    /// Its chain.
    pub chain: usize,
    /// A pronoun.
    pub pronoun: bool,
}

/// Link counts of one mention class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Links {
    /// Gold mentions with an earlier mention of their entity (what should be linked).
    pub gold: usize,
    /// Predicted mentions with an antecedent that align with a gold mention of the class.
    pub linked: usize,
    /// Of those, linked to the right entity.
    pub correct: usize,
}

impl Links {
    /// Right links over links made, and over links to make.
    pub fn scores(&self) -> Prf {
        Prf::from_counts(self.correct, self.linked, self.gold)
    }
    fn add(&mut self, o: &Links) {
        self.gold += o.gold;
        self.linked += o.linked;
        self.correct += o.correct;
    }
}

/// One article's (or a total's) coreference counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CorefCounts {
    /// Personal pronouns.
    pub pronoun: Links,
    /// Names.
    pub name: Links,
    /// Descriptions and other pronouns.
    pub other: Links,
    /// Predicted links on words no gold mention covers.
    pub unannotated: usize,
}

impl CorefCounts {
    /// Adds another article's counts.
    pub fn add(&mut self, o: &CorefCounts) {
        self.pronoun.add(&o.pronoun);
        self.name.add(&o.name);
        self.other.add(&o.other);
        self.unannotated += o.unannotated;
    }
}

fn overlaps(a: [usize; 2], b: [usize; 2]) -> bool {
    a[0] < b[1] && b[0] < a[1]
}

/// Scores the `predicted` mentions of an article (`text`) against its gold `entities`.
pub fn score_coref(text: &str, entities: &[GoldEntity], predicted: &[Predicted]) -> CorefCounts {
    let words = |s: [usize; 2]| text.get(s[0]..s[1]).unwrap_or("");
    // Every gold mention: (span, entity index, is the entity's first mention).
    let mut gold: Vec<([usize; 2], usize, bool)> = Vec::new();
    for (ei, e) in entities.iter().enumerate() {
        let first = e.mentions.iter().map(|m| m[0]).min();
        for m in &e.mentions {
            gold.push((*m, ei, Some(m[0]) == first));
        }
    }
    let mut out = CorefCounts::default();
    for g in gold.iter().filter(|g| !g.2) {
        bucket(&mut out, class(words(g.0))).gold += 1;
    }
    let mut order: Vec<usize> = (0..predicted.len()).collect();
    order.sort_by_key(|&i| predicted[i].span);
    for (k, &pi) in order.iter().enumerate() {
        let p = predicted[pi];
        let Some(antecedent) = order[..k]
            .iter()
            .rev()
            .map(|&i| predicted[i])
            .find(|a| a.chain == p.chain)
        else {
            continue;
        };
        // The gold mention this one stands on: a pronoun's exact span, a name's overlap.
        let aligned = gold.iter().find(|g| {
            if p.pronoun {
                g.0 == p.span
            } else {
                overlaps(g.0, p.span)
            }
        });
        let Some(&(span, entity, _)) = aligned else {
            out.unannotated += 1;
            continue;
        };
        let b = bucket(&mut out, class(words(span)));
        b.linked += 1;
        let right = entities[entity]
            .mentions
            .iter()
            .any(|m| overlaps(*m, antecedent.span));
        if right {
            b.correct += 1;
        }
    }
    out
}

fn bucket(c: &mut CorefCounts, class: Class) -> &mut Links {
    match class {
        Class::Pronoun => &mut c.pronoun,
        Class::Name => &mut c.name,
        Class::Other => &mut c.other,
    }
}

/// What an analysis credited the gold personal pronouns of coded entities to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PronounActors {
    /// Gold personal pronouns whose entity has an actor code.
    pub gold: usize,
    /// Credited to an actor with the entity's code.
    pub code: usize,
    /// Credited to an actor of the entity's country (code right or not).
    pub country: usize,
    /// Credited to an actor of another country.
    pub wrong: usize,
    /// Credited to an actor of no known country (an office alone: `---GOV`).
    pub no_country: usize,
    /// Credited to no actor.
    pub none: usize,
}

impl PronounActors {
    /// Adds another article's counts.
    pub fn add(&mut self, o: &PronounActors) {
        self.gold += o.gold;
        self.code += o.code;
        self.country += o.country;
        self.wrong += o.wrong;
        self.no_country += o.no_country;
        self.none += o.none;
    }
}

/// Scores the actors an analysis gave personal pronouns: `actors` are (code, mention spans).
pub fn score_pronoun_actors(
    text: &str,
    entities: &[GoldEntity],
    actors: &[(String, Vec<[usize; 2]>)],
) -> PronounActors {
    let mut out = PronounActors::default();
    for e in entities.iter().filter(|e| !e.code.is_empty()) {
        for m in &e.mentions {
            if class(text.get(m[0]..m[1]).unwrap_or("")) != Class::Pronoun {
                continue;
            }
            out.gold += 1;
            match actors.iter().find(|(_, ms)| ms.contains(m)) {
                None => out.none += 1,
                Some((code, _)) if code.starts_with("---") => out.no_country += 1,
                Some((code, _)) if country(code) == country(&e.code) => {
                    out.country += 1;
                    if *code == e.code {
                        out.code += 1;
                    }
                }
                Some(_) => out.wrong += 1,
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(id: &str, code: &str, mentions: &[[usize; 2]]) -> GoldEntity {
        GoldEntity {
            id: id.into(),
            kind: "PER".into(),
            code: code.into(),
            mentions: mentions.to_vec(),
        }
    }

    // "Jack Straw met Bob. He left."
    const TEXT: &str = "Jack Straw met Bob. He left.";

    #[test]
    fn a_pronoun_linked_to_its_entity_is_right_and_to_another_wrong() {
        let gold = [
            entity("E1", "GBRGOV", &[[0, 10], [20, 22]]),
            entity("E2", "", &[[15, 18]]),
        ];
        // Straw, Bob, and "He" in the chain `he`.
        let predicted = |he: usize| {
            [
                ([0, 10], 0, false),
                ([15, 18], 1, false),
                ([20, 22], he, true),
            ]
            .map(|(span, chain, pronoun)| Predicted {
                span,
                chain,
                pronoun,
            })
        };
        let right = predicted(0);
        let c = score_coref(TEXT, &gold, &right);
        assert_eq!(
            c.pronoun,
            Links {
                gold: 1,
                linked: 1,
                correct: 1
            }
        );
        let c = score_coref(TEXT, &gold, &predicted(1));
        assert_eq!(
            c.pronoun,
            Links {
                gold: 1,
                linked: 1,
                correct: 0
            }
        );
        // Left unlinked: nothing made, one missed.
        let c = score_coref(TEXT, &gold, &right[..2]);
        assert_eq!(
            c.pronoun,
            Links {
                gold: 1,
                linked: 0,
                correct: 0
            }
        );
    }

    #[test]
    fn classes_by_words() {
        assert_eq!(class("He"), Class::Pronoun);
        assert_eq!(class("Mr Straw"), Class::Name);
        assert_eq!(class("the minister"), Class::Other);
        assert_eq!(class("The minister"), Class::Other);
        assert_eq!(class("It"), Class::Other);
    }

    #[test]
    fn pronoun_actors_by_code_and_country() {
        let gold = [entity("E1", "GBRGOV", &[[0, 10], [20, 22]])];
        let credited = |code: &str| vec![(code.to_string(), vec![[20, 22]])];
        assert_eq!(
            score_pronoun_actors(TEXT, &gold, &credited("GBRGOV")).code,
            1
        );
        let c = score_pronoun_actors(TEXT, &gold, &credited("GBRLEG"));
        assert_eq!((c.code, c.country), (0, 1));
        assert_eq!(
            score_pronoun_actors(TEXT, &gold, &credited("FRAGOV")).wrong,
            1
        );
        assert_eq!(
            score_pronoun_actors(TEXT, &gold, &credited("---GOV")).no_country,
            1
        );
        assert_eq!(score_pronoun_actors(TEXT, &gold, &[]).none, 1);
    }
}
