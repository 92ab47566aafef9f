//! Coreference of people and organisations within one article, worked out over the whole
//! article before any event is coded: which earlier name a personal pronoun ("he", "her",
//! "himself") or a short name ("Straw" after "Jack Straw", "NATO" after "North Atlantic
//! Treaty Organization") stands for.
//!
//! Mentions are the tagger's PER and ORG names, the third-person singular personal
//! pronouns, and "it"/"its" standing for an organisation (`organisation_antecedent`). A name joins the chain of an earlier compatible name (`same_person`,
//! `same_organisation`); a pronoun joins the chain whose latest mention is most salient
//! (`salience`: nearer sentences, subjects, chains mentioned often) among the person chains
//! its gender allows (`Gender`, from titles and the pronouns already resolved), except the
//! subject of its own clause (`bound_by_subject`). A person no dictionary knows still gets a
//! chain, so a pronoun that refers to them is not credited to someone the dictionary knows.

use super::SentenceView;

pub mod first_names;
pub use first_names::FirstNames;

/// What a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bearer {
    /// A person.
    Person,
    /// An organisation.
    Organisation,
}

/// A person's grammatical gender, as a title or a pronoun gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// "he", "Mr", "Lord".
    Male,
    /// "she", "Mrs", "Baroness".
    Female,
}

/// One mention of a person or an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Sentence index (the order the coder sees sentences in).
    pub sentence: usize,
    /// First token, sentence-relative.
    pub first: usize,
    /// One past the last token.
    pub end: usize,
    /// What it names.
    pub bearer: Bearer,
    /// The mention is a pronoun.
    pub pronoun: bool,
    /// The chain (entity) it belongs to; chains are numbered in order of first mention.
    pub chain: usize,
}

/// The article's mentions and their chains.
#[derive(Debug, Clone, Default)]
pub struct Coreference {
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
    /// `bounds[s]..bounds[s + 1]` are sentence `s`'s mentions.
    bounds: Vec<usize>,
}

/// A chain while the article is read: what it names, its gender when known, its names as
/// normalised words, its latest mention and how often it was mentioned.
struct Chain {
    bearer: Bearer,
    gender: Option<Gender>,
    names: Vec<Vec<String>>,
    latest: usize,
    count: usize,
}

/// How many sentences back a pronoun looks for its antecedent.
const WINDOW: usize = 4;

/// Salience lost per sentence between a pronoun and a candidate's latest mention.
const PER_SENTENCE: f32 = 2.0;

/// Salience of a candidate whose latest mention is a clause's subject: pronouns refer to
/// the topic, and the topic is usually the subject.
const SUBJECT: f32 = 1.5;

/// Salience per earlier mention of the candidate's chain (up to [`MAX_REPEATS`]): the
/// article's protagonist is the likely referent of an ambiguous "he".
const PER_MENTION: f32 = 0.25;
const MAX_REPEATS: usize = 4;

/// Salience of a candidate in the pronoun's own sentence ("Straw said he would"), beyond
/// having no distance: the reporting subject is the usual referent of an embedded pronoun.
const SAME_SENTENCE: f32 = 0.5;

impl Coreference {
    /// Chains for the people and organisations of an article's sentences, in order, with
    /// the embedded given names.
    pub fn resolve(sentences: &[SentenceView<'_>]) -> Self {
        Self::resolve_with(sentences, FirstNames::embedded())
    }

    /// Chains for the people and organisations of an article's sentences, in order; `names`
    /// give a person's gender from a given name ("Tessa Jowell").
    pub fn resolve_with(sentences: &[SentenceView<'_>], given: &FirstNames) -> Self {
        let mut out = Coreference {
            mentions: Vec::new(),
            bounds: vec![0],
        };
        let mut chains: Vec<Chain> = Vec::new();
        for (si, s) in sentences.iter().enumerate() {
            let names = names(s);
            let mut next = 0;
            for i in 0..s.words.len() {
                if let Some(&(first, end, bearer)) = names.get(next).filter(|n| n.0 == i) {
                    next += 1;
                    let words = name_words(s, first, end);
                    let found = chains.iter().rposition(|c| {
                        c.bearer == bearer
                            && c.names.iter().any(|n| match bearer {
                                Bearer::Person => same_person(n, &words),
                                Bearer::Organisation => same_organisation(n, &words),
                            })
                    });
                    let chain = found.unwrap_or_else(|| {
                        chains.push(Chain {
                            bearer,
                            gender: None,
                            names: Vec::new(),
                            latest: 0,
                            count: 0,
                        });
                        chains.len() - 1
                    });
                    let c = &mut chains[chain];
                    if bearer == Bearer::Person && c.gender.is_none() {
                        // "Mr Straw" or "Mr" before the tagged "Straw"; a given name before
                        // a surname ("Tessa Jowell", not "Howard" alone: a surname too).
                        c.gender = [Some(first), first.checked_sub(1)]
                            .into_iter()
                            .flatten()
                            .find_map(|k| title_gender(&s.words[k].to_lowercase()))
                            .or_else(|| match words.as_slice() {
                                [first_word, _, ..] => given.gender(first_word),
                                _ => None,
                            });
                    }
                    if !c.names.contains(&words) {
                        c.names.push(words);
                    }
                    out.push(&mut chains, si, (first, end), bearer, false, chain);
                    continue;
                }
                // Inside the name just read (names are in text order).
                if next.checked_sub(1).is_some_and(|k| i < names[k].1) {
                    continue;
                }
                if let Some(chain) = out.organisation_antecedent(&chains, sentences, si, i) {
                    let bearer = Bearer::Organisation;
                    out.push(&mut chains, si, (i, i + 1), bearer, true, chain);
                    continue;
                }
                let Some(gender) = pronoun_gender(s, i) else {
                    continue;
                };
                let Some(chain) = out.antecedent(&chains, sentences, si, i, gender) else {
                    continue;
                };
                chains[chain].gender = Some(gender);
                out.push(&mut chains, si, (i, i + 1), Bearer::Person, true, chain);
            }
            out.bounds.push(out.mentions.len());
        }
        out
    }

    /// Sentence `s`'s mentions, in text order.
    pub fn in_sentence(&self, s: usize) -> &[Mention] {
        match (self.bounds.get(s), self.bounds.get(s + 1)) {
            (Some(&a), Some(&b)) => &self.mentions[a..b],
            _ => &[],
        }
    }

    /// Adds a mention of `chain` over tokens `first..end` of sentence `si`, its chain's
    /// latest.
    fn push(
        &mut self,
        chains: &mut [Chain],
        si: usize,
        (first, end): (usize, usize),
        bearer: Bearer,
        pronoun: bool,
        chain: usize,
    ) {
        let c = &mut chains[chain];
        c.latest = self.mentions.len();
        c.count += 1;
        self.mentions.push(Mention {
            sentence: si,
            first,
            end,
            bearer,
            pronoun,
            chain,
        });
    }

    /// The person chain a pronoun at token `i` of sentence `si` refers to: the most salient
    /// latest mention within [`WINDOW`] sentences whose gender agrees.
    fn antecedent(
        &self,
        chains: &[Chain],
        sentences: &[SentenceView<'_>],
        si: usize,
        i: usize,
        gender: Gender,
    ) -> Option<usize> {
        let s = &sentences[si];
        let mut best: Option<(f32, usize)> = None;
        for (ci, c) in chains.iter().enumerate() {
            if c.bearer != Bearer::Person || c.gender.is_some_and(|g| g != gender) {
                continue;
            }
            let Some(m) = self.mentions.get(c.latest) else {
                continue;
            };
            if si - m.sentence > WINDOW || (m.sentence == si && m.first >= i) {
                continue;
            }
            let ms = &sentences[m.sentence];
            if m.sentence == si && bound_by_subject(s, i, m) {
                continue;
            }
            let score = salience(si - m.sentence, is_subject(ms, m), c.count);
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, ci));
            }
        }
        best.map(|(_, ci)| ci)
    }
}

impl Coreference {
    /// The organisation chain a subject or possessive "it"/"its" at token `i` of sentence
    /// `si` refers to: the latest organisation named in this sentence or the one before,
    /// unless a place was named since (then "it" may be the place: a country, a city).
    fn organisation_antecedent(
        &self,
        chains: &[Chain],
        sentences: &[SentenceView<'_>],
        si: usize,
        i: usize,
    ) -> Option<usize> {
        let s = &sentences[si];
        if !is_organisation_pronoun(s, i) {
            return None;
        }
        let m = self
            .mentions
            .iter()
            .rev()
            .take_while(|m| si - m.sentence <= 1)
            .find(|m| chains[m.chain].bearer == Bearer::Organisation)?;
        let place_between = (m.sentence..=si).any(|k| {
            let t = &sentences[k];
            let from = if k == m.sentence { m.end } else { 0 };
            let to = if k == si { i } else { t.words.len() };
            (from..to).any(|j| t.ner[j].ends_with("LOC"))
        });
        (!place_between).then_some(m.chain)
    }
}

/// "it" as a subject ("it said"), "its" as a possessor: the uses that refer; other "it"s
/// are often expletive ("it is likely").
fn is_organisation_pronoun(s: &SentenceView<'_>, i: usize) -> bool {
    // Compared without lowercasing: this runs on every token.
    let w = s.words[i];
    if w.eq_ignore_ascii_case("it") {
        matches!(s.deprels[i], "nsubj" | "nsubj:pass")
            && s.heads[i].is_some_and(|h| s.upos[h] == "VERB")
    } else if w.eq_ignore_ascii_case("its") {
        s.deprels[i] == "nmod:poss" || s.upos[i] == "DET" || s.upos[i] == "PRON"
    } else {
        false
    }
}

/// How salient a candidate antecedent is: its latest mention `distance` sentences back, a
/// subject or not, its chain mentioned `count` times so far.
fn salience(distance: usize, subject: bool, count: usize) -> f32 {
    let mut score = -PER_SENTENCE * distance as f32;
    if subject {
        score += SUBJECT;
    }
    if distance == 0 {
        score += SAME_SENTENCE;
    }
    score + PER_MENTION * count.min(MAX_REPEATS) as f32
}

/// A non-reflexive object pronoun cannot be the subject of its own clause: in "Blair
/// thanked him", "him" is not Blair. Possessives and reflexives can be.
fn bound_by_subject(s: &SentenceView<'_>, i: usize, m: &Mention) -> bool {
    let w = s.words[i].to_lowercase();
    if matches!(w.as_str(), "his" | "himself" | "herself") || s.deprels[i] == "nmod:poss" {
        return false;
    }
    let Some(head) = s.heads[i] else {
        return false;
    };
    (m.first..m.end).any(|k| s.heads[k] == Some(head) && s.deprels[k].starts_with("nsubj"))
}

/// The mention is its clause's subject: a word of it whose head lies outside is `nsubj`.
fn is_subject(s: &SentenceView<'_>, m: &Mention) -> bool {
    (m.first..m.end).any(|k| {
        s.deprels[k].starts_with("nsubj") && s.heads[k].is_none_or(|h| h < m.first || h >= m.end)
    })
}

/// The tagger's PER and ORG names of a sentence as (first, end, bearer).
fn names(s: &SentenceView<'_>) -> Vec<(usize, usize, Bearer)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.ner.len() {
        let tag = s.ner[i];
        let bearer = match tag.get(2..) {
            Some("PER") => Bearer::Person,
            Some("ORG") => Bearer::Organisation,
            _ => {
                i += 1;
                continue;
            }
        };
        let kind = &tag[2..];
        let mut end = i + 1;
        while end < s.ner.len() && s.ner[end].strip_prefix("I-") == Some(kind) {
            end += 1;
        }
        out.push((i, end, bearer));
        i = end;
    }
    out
}

/// A name's words, lowercased, without titles and a leading "the".
fn name_words(s: &SentenceView<'_>, first: usize, end: usize) -> Vec<String> {
    s.words[first..end]
        .iter()
        .map(|w| w.to_lowercase())
        .skip_while(|w| w == "the" || title_gender(w).is_some() || is_office(w))
        .collect()
}

/// Two person names name the same person: the same words, or one name a single word of
/// the other's ("Straw", "Jack Straw"), or the same surname and the same first name
/// where both have one ("Jack Straw", "Jack W. Straw"; not "Laura Bush" after "George
/// Bush").
fn same_person(a: &[String], b: &[String]) -> bool {
    match (a, b) {
        ([], _) | (_, []) => false,
        _ if a == b => true,
        ([one], many) | (many, [one]) => many.first() == Some(one) || many.last() == Some(one),
        _ => a.first() == b.first() && a.last() == b.last(),
    }
}

/// Two organisation names name the same organisation: the same words, an acronym and its
/// expansion ("NATO", "North Atlantic Treaty Organization"), or a name and the same name
/// with a legal or generic suffix ("Labour", "Labour Party"; "Yukos", "Yukos Oil").
fn same_organisation(a: &[String], b: &[String]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if let [one] = short {
        if one.len() >= 2 && *one == initials(long) {
            return true;
        }
    }
    long.starts_with(short) && long[short.len()..].iter().all(|w| is_org_suffix(w))
}

/// The initials of a name's content words: "north atlantic treaty organization" → "nato".
fn initials(words: &[String]) -> String {
    words
        .iter()
        .filter(|w| !matches!(w.as_str(), "of" | "and" | "the" | "for" | "&"))
        .filter_map(|w| w.chars().next())
        .collect()
}

fn is_org_suffix(w: &str) -> bool {
    matches!(
        w,
        "party"
            | "inc"
            | "inc."
            | "ltd"
            | "ltd."
            | "plc"
            | "corp"
            | "corp."
            | "corporation"
            | "co"
            | "co."
            | "company"
            | "group"
            | "oil"
            | "airways"
            | "bank"
    )
}

/// The gender a title gives the name after it.
fn title_gender(w: &str) -> Option<Gender> {
    match w.trim_end_matches('.') {
        "mr" | "sir" | "lord" | "king" | "prince" | "baron" | "duke" => Some(Gender::Male),
        "mrs" | "ms" | "miss" | "lady" | "queen" | "princess" | "baroness" | "dame" | "duchess" => {
            Some(Gender::Female)
        }
        _ => None,
    }
}

/// A genderless title that may start a tagged name ("President Bush", "Dr Fox").
fn is_office(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.'),
        "dr" | "president"
            | "prime"
            | "minister"
            | "chancellor"
            | "senator"
            | "sen"
            | "rep"
            | "gov"
            | "governor"
            | "general"
            | "gen"
            | "judge"
            | "pope"
    )
}

/// The gender of a third-person singular personal pronoun at token `i`.
fn pronoun_gender(s: &SentenceView<'_>, i: usize) -> Option<Gender> {
    if !matches!(s.upos[i], "PRON" | "DET") {
        return None;
    }
    match s.words[i].to_lowercase().as_str() {
        "he" | "him" | "his" | "himself" => Some(Gender::Male),
        "she" | "her" | "hers" | "herself" => Some(Gender::Female),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
