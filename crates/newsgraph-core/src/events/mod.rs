//! Events: tagged and parsed sentences → actors with CAMEO-style codes and coded events
//! (PLOVER type and mode, CAMEO code, Goldstein score, QuadClass).
//!
//! For each sentence:
//! 1. [`actors`]: dictionary phrases (Phoenix people, countries, organisations, agents) and
//!    resolved places become actor mentions; an agent ("state media", "officials") takes the
//!    country in its noun phrase ("China's state media" → `CHNGOVMED`), and pronouns take the
//!    latest compatible actor of the article.
//! 2. [`verbs`]: each verb in the dictionary is coded from the words it governs.
//! 3. The dependency parse gives its source (subject, or the agent of a passive, inherited
//!    through `xcomp` and `conj` chains) and target (object, then prepositional objects),
//!    and the flags: negated (`not`, `never`), hypothetical (modal auxiliary, `if`, or the
//!    complement of "plan", "threaten"...), reported (under a speech verb).

pub mod actors;
#[cfg(feature = "eval")]
pub mod eval;
pub mod verbs;

use rustc_hash::FxHashMap;

use crate::dates::{self, DateExpr};
use actors::{is_country_prefix, ActorDict, ActorKind};
use verbs::Verbs;

/// One sentence as the coder sees it: words with their tags and parse.
#[derive(Debug, Clone, Copy)]
pub struct SentenceView<'a> {
    /// The words.
    pub words: &'a [&'a str],
    /// Universal POS tags.
    pub upos: &'a [&'a str],
    /// Heads: `None` for the root, else the 0-based index of the head word.
    pub heads: &'a [Option<usize>],
    /// UD relations.
    pub deprels: &'a [&'a str],
    /// BIO entity tags.
    pub ner: &'a [&'a str],
    /// Resolved places in the sentence: token range, ISO alpha-2 country, index into the
    /// article's places, and whether the place is a country.
    pub places: &'a [PlaceRef],
}

/// A resolved place inside a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceRef {
    /// First token (sentence-relative).
    pub first: usize,
    /// One past the last token.
    pub end: usize,
    /// ISO 3166-1 alpha-2 country, when known.
    pub country: Option<String>,
    /// Index into the article's places.
    pub index: usize,
    /// The place is itself a country.
    pub is_country: bool,
}

/// An actor mention found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMention {
    /// First token (sentence-relative).
    pub first: usize,
    /// One past the last token.
    pub end: usize,
    /// CAMEO-style code.
    pub code: String,
    /// Canonical name.
    pub name: String,
    /// The mention names a person.
    pub person: bool,
}

impl ActorMention {
    /// True when the code names an actor: not an agent without a country (`---GOV`).
    pub fn is_known(&self) -> bool {
        !self.code.starts_with("---")
    }
}

/// A coded event, sentence-relative.
#[derive(Debug, Clone, PartialEq)]
pub struct CodedEvent {
    /// Source actor.
    pub source: Option<ActorMention>,
    /// Target actor.
    pub target: Option<ActorMention>,
    /// CAMEO code.
    pub cameo: String,
    /// PLOVER type.
    pub plover: String,
    /// PLOVER mode ("" when none).
    pub mode: String,
    /// Goldstein score.
    pub goldstein: Option<f64>,
    /// GDELT QuadClass.
    pub quad_class: u8,
    /// The verb's token.
    pub verb: usize,
    /// Token range of the evidence (source through target).
    pub evidence: (usize, usize),
    /// Index into the article's places.
    pub place: Option<usize>,
    /// The date the text gives it ("on Monday", "last year"), resolved; `None` when the
    /// sentence dates it not or the date cannot be resolved.
    pub date: Option<String>,
    /// Negated.
    pub negated: bool,
    /// Hypothetical or future.
    pub hypothetical: bool,
    /// Reported speech.
    pub reported: bool,
    /// Confidence in [0, 1].
    pub confidence: f64,
}

/// What one sentence yields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SentenceCoding {
    /// Actor mentions in text order.
    pub actors: Vec<ActorMention>,
    /// Events in verb order.
    pub events: Vec<CodedEvent>,
    /// Date expressions, resolved against the publication date.
    pub dates: Vec<DateExpr>,
    /// The sentence credits an earlier action to an actor with a pro-verb ("The Russian
    /// government has done this"): that actor and the verb's token.
    pub redo: Option<(ActorMention, usize)>,
}

/// One sentence while it is coded: its view, tree and actor mentions.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    s: &'a SentenceView<'a>,
    children: &'a [Vec<usize>],
    mentions: &'a [ActorMention],
    /// Each token's subtree, first and last token.
    spans: &'a [(usize, usize)],
    norm: &'a [String],
    dates: &'a [DateExpr],
}

/// GDELT QuadClass of a CAMEO code: 1 verbal cooperation (01–05), 2 material cooperation
/// (06–08), 3 verbal conflict (09–13), 4 material conflict (14–20).
pub fn quad_class(cameo: &str) -> u8 {
    match cameo.get(..2).and_then(|r| r.parse::<u8>().ok()) {
        Some(1..=5) => 1,
        Some(6..=8) => 2,
        Some(9..=13) => 3,
        _ => 4,
    }
}

/// The event coder for one article: dictionaries, the date that picks actor roles, and the
/// actors seen so far (for pronouns and short mentions).
#[derive(Debug)]
pub struct Coder<'d> {
    dict: &'d ActorDict,
    verbs: &'d Verbs,
    /// The publication date as `YYYYMMDD` (actor roles), and as a date (relative dates).
    date: u32,
    published: Option<chrono::NaiveDate>,
    /// Latest person and latest non-person actor, for pronouns.
    last_person: Option<ActorMention>,
    last_group: Option<ActorMention>,
    /// The latest coordinated pair ("Putin and Xi"), for "they".
    last_plural: Vec<ActorMention>,
    /// This sentence's plural pronouns: token → the actors they stand for.
    expansions: FxHashMap<usize, Vec<ActorMention>>,
    /// Sentences coded so far, and the sentence of `last_group`.
    sentence: usize,
    group_sentence: usize,
    /// Code → canonical name of the first named actor with it ("Russia's leader" → Putin).
    named_by_code: FxHashMap<String, String>,
    /// Role → country of the latest actor with that role ("GOVMED" → "CHN"): a later bare
    /// "the state-controlled media" is that country's.
    country_by_role: FxHashMap<String, String>,
}

const SPEECH_VERBS: &[&str] = &[
    "say",
    "said",
    "says",
    "saying",
    "tell",
    "told",
    "tells",
    "report",
    "reported",
    "reports",
    "claim",
    "claimed",
    "claims",
    "state",
    "stated",
    "states",
    "add",
    "added",
    "adds",
    "insist",
    "insisted",
    "allege",
    "alleged",
    "announce",
    "announced",
    "write",
    "wrote",
    "suggest",
    "suggested",
    "argue",
    "argued",
    "believe",
    "believed",
    "think",
    "thought",
    "speak",
    "spoke",
];
const INTENT_VERBS: &[&str] = &[
    "plan",
    "plans",
    "planned",
    "planning",
    "want",
    "wants",
    "wanted",
    "intend",
    "intends",
    "intended",
    "hope",
    "hopes",
    "hoped",
    "seek",
    "seeks",
    "sought",
    "seeking",
    "aim",
    "aims",
    "aimed",
    "aiming",
    "threaten",
    "threatens",
    "threatened",
    "expect",
    "expects",
    "expected",
    "vow",
    "vowed",
    "vows",
    "promise",
    "promised",
    "pledge",
    "pledged",
    "propose",
    "proposed",
    "offer",
    "offered",
    "prepare",
    "prepared",
    "preparing",
    "agree",
    "agreed",
    "decide",
    "decided",
    "refuse",
    "refused",
    "willing",
    "ready",
    "committed",
    "determined",
    "eager",
    "set",
    "going",
];
const MODALS: &[&str] = &[
    "will", "would", "could", "might", "may", "should", "shall", "'ll", "'d", "wo", "must",
];
const NEGATORS: &[&str] = &["not", "n't", "never", "no"];
/// Verbs of sending, whose purpose clause names the event.
const SEND_VERBS: &[&str] = &[
    "send",
    "sent",
    "sends",
    "sending",
    "dispatch",
    "dispatched",
    "dispatches",
    "deploy",
    "deployed",
    "deploys",
    "despatched",
    "despatch",
];

/// Verbs that declare what someone else must do.
const DECLARE_VERBS: &[&str] = &[
    "declare",
    "declared",
    "declares",
    "reiterate",
    "reiterated",
    "reiterates",
    "conclude",
    "concluded",
    "concludes",
    "insist",
    "insisted",
    "insists",
    "warn",
    "warned",
    "warns",
    "stress",
    "stressed",
    "stresses",
    "demand",
    "demanded",
    "demands",
];

/// The CAMEO demand code (10x) for what is demanded: material cooperation 06 → 101,
/// diplomatic cooperation 05 → 102, aid 07 → 103, yield 08 → 105, meeting 04 → 106.
fn demand_code(code: &str) -> &'static str {
    match code.get(..2) {
        Some("06") => "101",
        Some("05") => "102",
        Some("07") => "103",
        Some("08") => "105",
        Some("04") => "106",
        _ => "100",
    }
}

/// Verbs whose complement is what the subject agrees or commits to do.
const AGREE_VERBS: &[&str] = &[
    "agree",
    "agreed",
    "agrees",
    "agreeing",
    "promise",
    "promised",
    "promises",
    "pledge",
    "pledged",
    "pledges",
    "vow",
    "vowed",
    "vows",
    "offer",
    "offered",
    "offers",
    "commit",
    "committed",
    "commits",
    "undertake",
    "undertook",
    "undertaken",
    "consent",
    "consented",
];

/// The CAMEO rejection code (12x) for refused cooperation: intent or diplomatic cooperation
/// 03, 05 → 120, meeting 04 → 125, material cooperation 06 → 121, aid 07 → 122, yielding
/// 08 → 124.
fn reject_code(code: &str) -> Option<String> {
    let c = match code.get(..2)? {
        "03" | "05" => "120",
        "04" => "125",
        "06" => "121",
        "07" => "122",
        "08" => "124",
        _ => return None,
    };
    Some(c.to_string())
}

/// The CAMEO threat code (13x) for coercion or force announced for the future: protest
/// 14 → 133, sanctions 16 → 131, coercion 17 → 132, force 15, 18–20 → 138.
fn threat_code(code: &str) -> Option<String> {
    let c = match code.get(..2)? {
        "14" => "133",
        "16" => "131",
        "17" => "132",
        "15" | "18" | "19" | "20" => "138",
        _ => return None,
    };
    Some(c.to_string())
}

/// The CAMEO "express intent" code (03x) for a cooperative code: meet 04 → 036, diplomatic
/// cooperation 05 → 032, material cooperation 06 → 031, aid 07 → 033, yield 08 → 035.
fn intent_code(code: &str) -> Option<String> {
    let c = match code.get(..2)? {
        "03" => return Some(code.to_string()),
        "01" | "02" => "030",
        "04" => "036",
        "05" => "032",
        "06" => "031",
        "07" => "033",
        "08" => "035",
        _ => return None,
    };
    Some(c.to_string())
}

/// A word that can carry an event: a verb, or a verb the tagger took for a noun or adjective
/// right after infinitival "to" ("to counter NATO").
fn is_verb_slot(s: &SentenceView<'_>, norm: &[String], v: usize) -> bool {
    s.upos[v] == "VERB"
        || (matches!(s.upos[v], "NOUN" | "ADJ")
            && v > 0
            && norm[v - 1] == "to"
            && v + 1 < norm.len()
            && matches!(s.upos[v + 1], "DET" | "PROPN" | "PRON"))
}

impl<'d> Coder<'d> {
    /// A coder for an article published on `published` (`YYYY-MM-DD...`). Actor roles are
    /// chosen for that date (open-ended ones when it is unknown); relative dates resolve
    /// against it.
    pub fn new(dict: &'d ActorDict, verbs: &'d Verbs, published: Option<&str>) -> Self {
        Coder {
            dict,
            verbs,
            date: date_key(published),
            published: dates::publication(published),
            last_person: None,
            last_group: None,
            last_plural: Vec::new(),
            expansions: FxHashMap::default(),
            sentence: 0,
            group_sentence: 0,
            named_by_code: FxHashMap::default(),
            country_by_role: FxHashMap::default(),
        }
    }

    /// Updates the antecedents pronouns will take: a person for "he"/"she", a group (a
    /// country, an organisation, or a plural like "officials") for "it"/"they".
    fn remember(&mut self, m: &ActorMention, s: &SentenceView<'_>, norm: &[String]) {
        if !m.is_known() {
            return;
        }
        let plural = norm[m.end - 1].ends_with('s') && s.upos[m.end - 1] == "NOUN";
        if m.person {
            self.last_person = Some(m.clone());
        }
        if !m.person || plural {
            self.last_group = Some(m.clone());
            self.group_sentence = self.sentence;
        }
        if let (Some(country), Some(role)) = (m.code.get(..3), m.code.get(3..)) {
            if !role.is_empty() && is_country_prefix(country) {
                self.country_by_role
                    .insert(role.to_string(), country.to_string());
            }
        }
    }

    /// Finds the actor mentions of a sentence.
    fn mentions(&mut self, s: &SentenceView<'_>, norm: &[String]) -> Vec<ActorMention> {
        let n = s.words.len();
        let mut out: Vec<ActorMention> = Vec::new();
        let mut hits = self.dict.find(norm);
        // "Vietnamese-led forces", "the US-led war": the country leading is the actor ("-backed"
        // and "-based" name someone else's).
        for (i, w) in norm.iter().enumerate() {
            let Some(lead) = w.strip_suffix("-led").filter(|l| !l.is_empty()) else {
                continue;
            };
            if let Some(h) = self.dict.find(&[lead.to_string()]).first() {
                if self.dict.entry(h.entry).kind == ActorKind::Country {
                    hits.push(actors::Hit {
                        first: i,
                        end: i + 1,
                        ..*h
                    });
                }
            }
        }
        let mut covered = vec![false; n];
        // Raw hits: named, country, agent.
        let mut raw: Vec<(usize, usize, ActorKind, String, String)> = Vec::new();
        for h in &hits {
            let e = self.dict.entry(h.entry);
            // Lowercase common words ("chinese" is fine, "may" the month is not an actor):
            // a named actor must start with a capitalised word.
            let lead = if norm[h.first] == "the" && h.end > h.first + 1 {
                h.first + 1
            } else {
                h.first
            };
            if e.kind != ActorKind::Agent && !starts_upper(s.words[lead]) {
                continue;
            }
            let Some(code) = e.code_on(self.date) else {
                continue;
            };
            // A place the geoparser read as a longer name is that place: "West Darfur" is in
            // Sudan, not "the West" followed by a word.
            if s.places.iter().any(|p| {
                p.first <= h.first
                    && h.end <= p.end
                    && h.end - h.first < p.end - p.first
                    && !p.is_country
            }) {
                continue;
            }
            // A city the dictionary gives a country ("Tripoli" is Libya's capital) that the
            // geoparser placed in another country the sentence names ("the north Lebanese
            // port") is that place.
            let elsewhere = s.places.iter().any(|p| {
                let other = |iso3: &str| {
                    code.get(..3)
                        .is_some_and(|c| c != iso3 && is_country_prefix(c))
                };
                p.first == lead
                    && p.end == h.end
                    && !p.is_country
                    && p.country.as_deref().is_some_and(|cc| {
                        self.dict.iso3(cc).is_some_and(other)
                            && s.places
                                .iter()
                                .any(|q| q.is_country && q.country.as_deref() == Some(cc))
                    })
            });
            if elsewhere {
                continue;
            }
            for c in &mut covered[h.first..h.end] {
                *c = true;
            }
            // The mention starts after a leading "the".
            raw.push((lead, h.end, e.kind, code.to_string(), e.name.clone()));
        }
        for p in s.places {
            if covered[p.first..p.end.min(n)].iter().any(|&c| c) {
                continue;
            }
            let Some(iso3) = p.country.as_deref().and_then(|c| self.dict.iso3(c)) else {
                continue;
            };
            let name = self
                .dict
                .country_name(iso3)
                .map_or_else(|| s.words[p.first..p.end].join(" "), str::to_string);
            raw.push((p.first, p.end, ActorKind::Country, iso3.to_string(), name));
        }
        raw.sort_by_key(|r| r.0);
        // Agents combine with a country in the same noun phrase: the nearest country word
        // before the agent within its phrase ("Russian coastguard officers", "China's state
        // media"), or an `nmod:poss` / `amod` / `compound` dependent of the agent's head.
        let mut used_country = vec![false; raw.len()];
        for i in 0..raw.len() {
            let (first, end, kind, ref code, ref name) = raw[i];
            match kind {
                ActorKind::Agent => {
                    let head = end - 1;
                    // A country word, or a named actor in the possessive ("Xi Jinping's
                    // administration") lending its country.
                    let country = (0..raw.len())
                        .filter(|&j| match raw[j].2 {
                            ActorKind::Country => true,
                            ActorKind::Named => {
                                (raw[j].1 + 1 == first
                                    && norm[raw[j].1] == "'s"
                                    && raw[j].3.get(..3).is_some_and(is_country_prefix))
                                    // "European Community foreign ministers", "Red Cross
                                    // officials": an organisation's agents are the organisation.
                                    || (raw[j].1 <= first
                                        && first - raw[j].1 <= 2
                                        && matches!(raw[j].3.get(..3), Some("IGO" | "NGO")))
                            }
                            ActorKind::Agent => false,
                        })
                        .filter(|&j| {
                            // Inside the agent's phrase: right before it with only modifiers
                            // in between ("China's state media"), or anywhere the agent's head
                            // governs it ("doctors from two American aid groups").
                            let cj = raw[j].1 - 1;
                            let before = raw[j].1 <= first
                                && first - raw[j].1 <= 3
                                && (raw[j].1..first).all(|k| {
                                    matches!(s.upos[k], "ADJ" | "NOUN" | "PROPN" | "PART" | "NUM")
                                });
                            before || (cj != head && governs(s.heads, s.deprels, head, cj))
                        })
                        .min_by_key(|&j| raw[j].0.abs_diff(first));
                    match country {
                        Some(j) if matches!(raw[j].3.get(..3), Some("IGO" | "NGO")) => {
                            out.push(ActorMention {
                                first: raw[j].0,
                                end,
                                code: raw[j].3.clone(),
                                name: raw[j].4.clone(),
                                person: false,
                            });
                        }
                        Some(j) => {
                            let prefix = raw[j].3.get(..3).unwrap_or("").to_string();
                            if raw[j].2 == ActorKind::Country {
                                used_country[j] = true;
                            }
                            let full = format!("{prefix}{code}");
                            let person = is_person_agent(name_of_agent(name));
                            let country_name = self
                                .dict
                                .country_name(&prefix)
                                .unwrap_or(&raw[j].4)
                                .to_string();
                            // "Russia's leader" is the person already named with that code.
                            let name = person
                                .then(|| self.named_by_code.get(&full).cloned())
                                .flatten()
                                .unwrap_or_else(|| format!("{country_name} {name}"));
                            out.push(ActorMention {
                                first: if raw[j].2 == ActorKind::Country {
                                    raw[j].0.min(first)
                                } else {
                                    first
                                },
                                end: if raw[j].2 == ActorKind::Country {
                                    raw[j].1.max(end)
                                } else {
                                    end
                                },
                                code: full,
                                name,
                                person,
                            });
                        }
                        None => out.push(ActorMention {
                            first,
                            end,
                            code: format!("---{code}"),
                            name: name.clone(),
                            person: false,
                        }),
                    }
                }
                ActorKind::Named => {
                    let person = s.ner[first].ends_with("PER");
                    if person {
                        self.named_by_code
                            .entry(code.clone())
                            .or_insert_with(|| name.clone());
                    }
                    out.push(ActorMention {
                        first,
                        end,
                        code: code.clone(),
                        name: name.clone(),
                        person,
                    });
                }
                ActorKind::Country => {}
            }
        }
        for (j, r) in raw.iter().enumerate() {
            if r.2 == ActorKind::Country && !used_country[j] {
                out.push(ActorMention {
                    first: r.0,
                    end: r.1,
                    code: r.3.clone(),
                    name: r.4.clone(),
                    person: false,
                });
            }
        }
        out.sort_by_key(|m| (m.first, m.end));
        // "ethnic Albanians in Serbia": PLOVER codes an ethnic group by the country it lives
        // in, here the next other country the sentence names (else the last before it).
        for i in 0..out.len() {
            let ethnic = out[i]
                .first
                .checked_sub(1)
                .is_some_and(|k| norm[k] == "ethnic")
                || norm[out[i].first] == "ethnic";
            let Some(own) = out[i]
                .code
                .get(..3)
                .filter(|p| ethnic && is_country_prefix(p) && !self.dict.is_region(p))
                .map(str::to_string)
            else {
                continue;
            };
            let other = |m: &ActorMention| {
                m.code.len() == 3 && m.code != own && !self.dict.is_region(&m.code)
            };
            let home = out[i + 1..]
                .iter()
                .find(|m| other(m))
                .or_else(|| out[..i].iter().rev().find(|m| other(m)))
                .map(|m| m.code.clone());
            if let Some(home) = home {
                let role = out[i].code[3..].to_string();
                out[i].code = format!("{home}{role}");
                let words = s.words[out[i].first..out[i].end].join(" ");
                out[i].name = if words.to_lowercase().starts_with("ethnic") {
                    words
                } else {
                    format!("ethnic {words}")
                };
            }
        }
        // Pronouns, left to right, with the actors named so far. "it" is left alone: it is
        // too often expletive ("it comes to business") to be worth the wrong links.
        self.expansions.clear();
        let named = out.clone();
        let mut next = 0;
        for (i, w) in norm.iter().enumerate() {
            while next < named.len() && named[next].end <= i {
                let m = &named[next];
                self.remember(m, s, norm);
                // "A and B": the pair "they" will refer to.
                if let Some(prev) = next.checked_sub(1).map(|k| &named[k]) {
                    if prev.end + 1 == m.first && norm[prev.end] == "and" {
                        self.last_plural = vec![prev.clone(), m.clone()];
                    }
                }
                next += 1;
            }
            if s.upos[i] != "PRON" && s.upos[i] != "DET" {
                continue;
            }
            let m = match w.as_str() {
                "he" | "him" | "his" | "she" | "her" => self.last_person.clone(),
                // "it" only as a subject or possessor, for an actor of the same sentence.
                "it" | "its"
                    if matches!(s.deprels[i], "nsubj" | "nsubj:pass" | "nmod:poss")
                        && self.group_sentence == self.sentence =>
                {
                    self.last_group.clone()
                }
                "they" | "them" | "their" => match self.last_plural.first() {
                    Some(first) => {
                        self.expansions.insert(i, self.last_plural.clone());
                        Some(first.clone())
                    }
                    None => self.last_group.clone(),
                },
                _ => None,
            };
            if let Some(m) = m {
                out.push(ActorMention {
                    first: i,
                    end: i + 1,
                    ..m
                });
            }
        }
        for m in &named[next..] {
            self.remember(m, s, norm);
        }
        // A bare agent in a sentence that does not name exactly one country ("through
        // state-controlled media", after "China's state media") is the one named before.
        if only_country(&out).is_none() {
            for m in &mut out {
                let Some(role) = m.code.strip_prefix("---") else {
                    continue;
                };
                // "both governments" are two countries' governments, and "its embassy" is the
                // possessor's, not the last one named
                let quantified = m.first.checked_sub(1).is_some_and(|k| {
                    matches!(
                        norm[k].as_str(),
                        "both"
                            | "all"
                            | "many"
                            | "several"
                            | "two"
                            | "other"
                            | "their"
                            | "its"
                            | "his"
                            | "her"
                            | "our"
                    )
                });
                if quantified {
                    continue;
                }
                if let Some(cc) = self.country_by_role.get(role) {
                    m.code = format!("{cc}{role}");
                }
            }
        }
        self.sentence += 1;
        out.sort_by_key(|m| (m.first, m.end));
        out
    }

    /// Codes one sentence.
    pub fn code_sentence(&mut self, s: &SentenceView<'_>) -> SentenceCoding {
        let n = s.words.len();
        let norm: Vec<String> = s.words.iter().map(|w| actors::normalise(w)).collect();
        // The tree's shape is the parser's; only labels are refined.
        let children = children_of(s.heads);
        let deprels = refined_relations(s, &children, &norm);
        let s = &SentenceView {
            deprels: &deprels,
            ..*s
        };
        let mut mentions = self.mentions(s, &norm);
        // The actor list keeps what the text says; only the coding assumes the country.
        let named = mentions.clone();
        // An agent without a country ("officials", "rebels") belongs to the sentence's country
        // when it names exactly one, before subjects and objects are chosen ("accepted
        // demands from rebels" in a sentence about Mozambique). Their first tokens are kept:
        // an event with no source needs a target the text names, not such an agent.
        let mut from_agent: Vec<usize> = Vec::new();
        if let Some(only) = only_country(&mentions) {
            for m in &mut mentions {
                if let Some(role) = m.code.strip_prefix("---") {
                    m.code = format!("{only}{role}");
                    from_agent.push(m.first);
                }
            }
        }
        let dates = dates::find_normalised(s.words, &norm, self.published);
        let spans: Vec<(usize, usize)> = (0..n).map(|i| subtree_span(&children, i)).collect();
        let cx = Ctx {
            s,
            children: &children,
            mentions: &mentions,
            spans: &spans,
            norm: &norm,
            dates: &dates,
        };
        let mut events = Vec::new();
        let mut consumed = vec![false; n];
        // Patterns see the verb's own clause: the words of nested clauses are blanked out so
        // "demanded an admission that security forces murdered..." does not match SECURITY.
        let code_at = |v: usize| {
            // Most words are not dictionary verbs: skip the mask for them.
            if !self.verbs.is_verb(&norm[v]) {
                return None;
            }
            let (lo, hi) = spans[v];
            let own = own_clause(&children, s.deprels, v);
            let mut masked: Vec<&str> = (0..n)
                .map(|k| if own[k] { norm[k].as_str() } else { "" })
                .collect();
            // Particles of multi-word verbs follow the verb whatever the parse says.
            for k in v + 1..(v + 3).min(n) {
                if masked[k].is_empty() && s.upos[k] == "ADP" {
                    masked[k] = &norm[k];
                }
            }
            let coded = self.verbs.code(&masked, v, lo..v, v + 1..hi + 1)?;
            // An appeal pattern (CAMEO 02, dropped by PLOVER) under a verb whose own code is a
            // PLOVER event keeps the verb's code: "demanded security" is still a demand.
            if coded.code.starts_with("02")
                && self.verbs.cameo(&coded.code).is_none()
                && self.verbs.cameo(&coded.verb_code).is_some()
            {
                return Some(verbs::Coded {
                    code: coded.verb_code.clone(),
                    ..coded
                });
            }
            Some(coded)
        };
        // Shallowest verbs first: a coded verb takes the verbs of its clauses with it.
        let depth = depths(s.heads);
        let mut order: Vec<usize> = (0..n).filter(|&v| is_verb_slot(s, &norm, v)).collect();
        order.sort_by_key(|&v| (depth[v], v));
        for v in order {
            // A participle modifying a noun ("weapons seized last year") is background, not
            // an event the sentence reports.
            let infinitive = children[v]
                .iter()
                .any(|&k| s.deprels[k] == "mark" && norm[k] == "to");
            // A condition ("if it is attacked") is not an event the sentence reports.
            let condition = children[v]
                .iter()
                .any(|&k| s.deprels[k] == "mark" && matches!(norm[k].as_str(), "if" | "unless"));
            if condition {
                continue;
            }
            if consumed[v] || (s.deprels[v] == "acl" && s.upos[v] == "VERB" && !infinitive) {
                continue;
            }
            // "X said Y must do Z": a demand from X to Y.
            if let Some(ev) = self.must_demand(&cx, v) {
                consume_clauses(&children, s.deprels, v, &mut consumed);
                events.push(ev);
                continue;
            }
            let Some(coded) = code_at(v) else {
                continue;
            };
            let mut cameo = coded.code.clone();
            // A coded verb governs its complement: "agreed to set up" is one event. An
            // agreement verb with a cooperative complement is an intent to do it (PLOVER
            // AGREE, CAMEO 03x by the complement's root).
            // "sent personnel to Bosnia to investigate": sending is the means, the purpose
            // clause says what the event is.
            if SEND_VERBS.contains(&norm[v].as_str()) {
                let purpose = children[v].iter().copied().find(|&c| {
                    matches!(s.deprels[c], "advcl" | "xcomp")
                        && children[c]
                            .iter()
                            .any(|&k| s.deprels[k] == "mark" && norm[k] == "to")
                });
                if let Some(child) = purpose.and_then(&code_at) {
                    if self.verbs.cameo(&child.code).is_some() {
                        cameo = child.code;
                    }
                }
            }
            for &c in &children[v] {
                if s.deprels[c] != "xcomp" {
                    continue;
                }
                if AGREE_VERBS.contains(&norm[v].as_str()) {
                    if let Some(child) = code_at(c) {
                        if let Some(intent) = intent_code(&child.code) {
                            cameo = intent;
                        }
                    }
                }
            }
            let (mut sources, passive) = self.subject(&cx, v);
            let passive_subject = !passive.is_empty();
            // A pattern can say where the target is: "swung the public (BEHIND +)".
            // The preposition's object is its head in UD; a mention right after it when the
            // parse hangs the preposition elsewhere.
            let marked: Vec<ActorMention> = coded
                .target_after
                .map(|p| {
                    let by_tree = s.heads[p]
                        .filter(|&h| h > p && h != v)
                        .map(|h| self.phrase_actors(&cx, h))
                        .unwrap_or_default();
                    if !by_tree.is_empty() {
                        return by_tree;
                    }
                    mentions
                        .iter()
                        .find(|m| m.first > p && m.first <= p + 4)
                        .map(|m| self.phrase_actors(&cx, m.end - 1))
                        .unwrap_or_default()
                })
                .unwrap_or_default();
            let mut targets = if !marked.is_empty() {
                marked
            } else if passive.is_empty() {
                self.object(&cx, v, &sources)
            } else {
                passive
            };
            // Cooperation "against the West" is not cooperation with the West.
            if matches!(
                cameo.get(..2),
                Some("03" | "04" | "05" | "06" | "07" | "08")
            ) {
                targets.retain(|m| {
                    let before = |k: usize| m.first.checked_sub(k).map(|i| norm[i].as_str());
                    before(1) != Some("against")
                        && !(before(1) == Some("the") && before(2) == Some("against"))
                });
            }
            // Agents were given the sentence's country above; one still without is no actor.
            sources.retain(ActorMention::is_known);
            targets.retain(ActorMention::is_known);
            // No event without a known actor; none either when the subject is a generic
            // person ("you only need to speak to people in Harbin").
            let generic = children[v].iter().any(|&c| {
                s.deprels[c] == "nsubj"
                    && matches!(
                        norm[c].as_str(),
                        "you" | "we" | "i" | "one" | "nobody" | "someone" | "anyone" | "everyone"
                    )
            });
            // A passive names what was done to its subject, whoever did it ("a journalist has
            // been killed"): that subject is a target even when it is only an agent.
            let named_target = targets.iter().any(|t| !from_agent.contains(&t.first))
                || (passive_subject && !targets.is_empty());
            if (sources.is_empty() && !named_target) || (sources.is_empty() && generic) {
                continue;
            }
            // A subject the dictionaries do not know ("Ibo traditional elders", "ethnic Turks")
            // acting inside one country is that country's: PLOVER codes domestic events from
            // the country they happen in, which is the target's.
            if sources.is_empty() {
                let subject = children[v]
                    .iter()
                    .copied()
                    .find(|&c| matches!(s.deprels[c], "nsubj" | "nsubj:pass"));
                if let (Some(c), Some(t)) = (subject, targets.first()) {
                    if let Some(cc) = t.code.get(..3).filter(|c| is_country_prefix(c)) {
                        let (lo, hi) = spans[c];
                        sources.push(ActorMention {
                            first: lo,
                            end: hi + 1,
                            code: cc.to_string(),
                            name: self.dict.country_name(cc).unwrap_or(cc).to_string(),
                            person: false,
                        });
                    }
                }
            }
            // "Putin and Xi announced a partnership": co-subjects act on each other, also where
            // the only other actor is a region ("reached a consensus on water in the Middle
            // East" is Israel's with the Palestinians).
            if sources.len() > 1 && targets.iter().all(|t| self.dict.is_region(&t.code)) {
                targets.clear();
            }
            if targets.is_empty() && sources.len() > 1 {
                targets = sources.iter().rev().cloned().collect();
            }
            sources.truncate(4);
            targets.truncate(6);
            let negated = children[v]
                .iter()
                .any(|&c| NEGATORS.contains(&norm[c].as_str()) && s.deprels[c] != "det");
            let hypothetical = self.hypothetical(&cx, v);
            // Refusing to cooperate is an event of its own: "will not accept refugees" is a
            // REJECT (CAMEO 12x by what is refused), not a negated acceptance.
            let mut negated = negated;
            if negated {
                if let Some(c) = reject_code(&cameo) {
                    cameo = c;
                    negated = false;
                }
            }
            // PLOVER: cooperation reported in the future tense is an intention (AGREE), and
            // coercion or force in the future tense a threat (THREATEN).
            if hypothetical && !negated && !cameo.starts_with("12") {
                if let Some(c) = intent_code(&cameo).or_else(|| threat_code(&cameo)) {
                    cameo = c;
                }
            }
            let Some(info) = self.verbs.cameo(&cameo) else {
                continue;
            };
            consume_clauses(&children, s.deprels, v, &mut consumed);
            let reported = reported(s, &norm, v);
            let place = event_place(s, &children, v);
            let date = event_date(&dates, &children, s.deprels, v);
            let src_list: Vec<Option<ActorMention>> = if sources.is_empty() {
                vec![None]
            } else {
                sources.into_iter().map(Some).collect()
            };
            let tgt_list: Vec<Option<ActorMention>> = if targets.is_empty() {
                vec![None]
            } else {
                targets.into_iter().map(Some).collect()
            };
            for src in &src_list {
                // An actor does not act on itself: "Israel and Lebanon renewed negotiations on
                // a pullback from Lebanon" is not Lebanon negotiating with Lebanon. Its own
                // code is kept as the target only where nothing else is, for a single source:
                // a domestic event ("will boycott Algeria's elections") is coded within the
                // country, as PLOVER does.
                let other = |t: &&Option<ActorMention>| match (src, t) {
                    (Some(a), Some(b)) => a.code != b.code,
                    _ => true,
                };
                let mut tgts: Vec<&Option<ActorMention>> = tgt_list
                    .iter()
                    .filter(|t| {
                        other(t) || (src_list.len() == 1 && !tgt_list.iter().any(|u| other(&u)))
                    })
                    .filter(|t| match (src, t) {
                        (Some(a), Some(b)) => a.code != b.code || a.first != b.first,
                        _ => true,
                    })
                    .collect();
                if tgts.is_empty() {
                    tgts.push(&None);
                }
                for tgt in tgts {
                    let mut lo = v;
                    let mut hi = v + 1 + coded.particles;
                    for m in [src, tgt].into_iter().flatten() {
                        lo = lo.min(m.first);
                        hi = hi.max(m.end);
                    }
                    let confidence = 0.5
                        + 0.15 * f64::from(u8::from(src.is_some()))
                        + 0.15 * f64::from(u8::from(tgt.is_some()))
                        + (0.05 * coded.support as f64).min(0.2);
                    events.push(CodedEvent {
                        source: src.clone(),
                        target: tgt.clone(),
                        cameo: cameo.clone(),
                        plover: info.plover.clone(),
                        mode: info.mode.clone(),
                        goldstein: self.verbs.goldstein(&cameo),
                        quad_class: quad_class(&cameo),
                        verb: v,
                        evidence: (lo, hi),
                        place,
                        date: date.clone(),
                        negated,
                        hypothetical,
                        reported,
                        confidence,
                    });
                }
            }
        }
        // A cooperative event with no target whose source already acted on someone earlier in
        // the sentence continues that interaction ("making a trip to China that will seek to
        // shore up an alliance"): it takes that target.
        events.sort_by_key(|e| e.verb);
        for k in 0..events.len() {
            if events[k].target.is_some()
                || !matches!(events[k].cameo.get(..2), Some("03" | "04" | "05" | "06"))
            {
                continue;
            }
            let Some(src) = events[k].source.as_ref().map(|m| m.code.clone()) else {
                continue;
            };
            let earlier = events[..k]
                .iter()
                .rev()
                .find(|e| e.source.as_ref().is_some_and(|m| m.code == src) && e.target.is_some())
                .and_then(|e| e.target.clone());
            if let Some(t) = earlier {
                events[k].target = Some(t);
            }
        }
        let redo = self.redo(&cx);
        SentenceCoding {
            actors: named,
            events,
            dates,
            redo,
        }
    }

    /// Actors of the noun phrase headed by `h` and of its conjuncts.
    fn phrase_actors(&self, cx: &Ctx<'_>, h: usize) -> Vec<ActorMention> {
        let Ctx {
            s,
            children,
            mentions,
            spans,
            ..
        } = *cx;
        let mut heads = vec![h];
        let mut k = 0;
        while k < heads.len() {
            for &c in &children[heads[k]] {
                if s.deprels[c] == "conj" && !heads.contains(&c) {
                    heads.push(c);
                }
            }
            k += 1;
        }
        let mut out: Vec<ActorMention> = Vec::new();
        for &hd in &heads {
            // The phrase without its relative clauses, appositions and conjuncts.
            let mut lo = hd;
            let mut hi = hd;
            for &c in &children[hd] {
                if matches!(
                    s.deprels[c],
                    "acl:relcl" | "acl" | "appos" | "conj" | "cc" | "punct" | "parataxis"
                ) {
                    continue;
                }
                lo = lo.min(spans[c].0);
                hi = hi.max(spans[c].1);
            }
            let inside: Vec<&ActorMention> = mentions
                .iter()
                .filter(|m| m.first <= hi && m.end > lo)
                .collect();
            // Prefer the mention that contains the head; then an apposition ("Russia's
            // closest ally, China"); then a mention that is not a possessive modifier; then
            // full codes over agent-only ones.
            let possessive = |m: &ActorMention| {
                s.words
                    .get(m.end)
                    .is_some_and(|w| matches!(actors::normalise(w).as_str(), "'s" | "'"))
                    || s.deprels[m.end - 1] == "nmod:poss"
            };
            let appos: Vec<&ActorMention> = children[hd]
                .iter()
                .filter(|&&c| s.deprels[c] == "appos")
                .flat_map(|&c| {
                    let (alo, ahi) = spans[c];
                    mentions
                        .iter()
                        .filter(move |m| m.first >= alo && m.end <= ahi + 1)
                })
                .collect();
            let best = inside
                .iter()
                .find(|m| m.first <= hd && hd < m.end)
                .or_else(|| appos.first())
                .or_else(|| inside.iter().find(|m| m.is_known() && !possessive(m)))
                .or_else(|| inside.iter().find(|m| m.is_known()))
                .or_else(|| inside.first());
            if let Some(m) = best {
                if let Some(list) = self.expansions.get(&m.first) {
                    // The pair may come from an earlier sentence: the mention is the pronoun.
                    out.extend(list.iter().map(|x| ActorMention {
                        first: m.first,
                        end: m.end,
                        ..x.clone()
                    }));
                    continue;
                }
                // Coordinated countries under one agent: "Hungarian and Romanian officials".
                let same_phrase: Vec<&&ActorMention> = inside
                    .iter()
                    .filter(|x| x.first < m.first && x.end <= m.first && !x.person)
                    .filter(|x| x.code.len() == 3)
                    .collect();
                for x in same_phrase {
                    let suffix = m.code.get(3..).unwrap_or("");
                    if m.code.len() > 3 && m.is_known() {
                        out.push(ActorMention {
                            code: format!("{}{suffix}", x.code),
                            ..(*x).clone()
                        });
                    }
                }
                out.push((*m).clone());
                list_after(cx, m, &mut out);
            }
        }
        out.dedup_by(|a, b| a.code == b.code);
        // A conjunct the parse found may also have come in with a list above.
        let mut seen = std::collections::HashSet::new();
        out.retain(|m| seen.insert((m.first, m.code.clone())));
        out
    }

    /// Source actors of verb `v` and, for a passive, its targets (the grammatical subject).
    fn subject(&self, cx: &Ctx<'_>, v: usize) -> (Vec<ActorMention>, Vec<ActorMention>) {
        let Ctx {
            s,
            children,
            mentions,
            ..
        } = *cx;
        let mut cur = v;
        for _ in 0..6 {
            let subj = children[cur]
                .iter()
                .copied()
                .find(|&c| s.deprels[c].starts_with("nsubj") || s.deprels[c] == "csubj");
            // A subject never takes a preposition: "Serbia on Thursday rejected" parsed with
            // "Thursday" as the subject is a misparse, and the actor before it is the subject.
            let misparsed = subj.is_some_and(|sj| {
                children[sj]
                    .iter()
                    .any(|&k| s.deprels[k] == "case" && s.upos[k] == "ADP" && k < sj)
            });
            if misparsed {
                break;
            }
            if let Some(sj) = subj {
                let relpron = matches!(
                    actors::normalise(s.words[sj]).as_str(),
                    "which" | "who" | "that"
                );
                // A relative pronoun stands for the noun its clause modifies; when the parse
                // hangs the clause off a verb instead ("a trip ..., that will seek"), the
                // subject is that verb's.
                if relpron && s.deprels[cur] != "acl:relcl" {
                    if let (Some(h), "parataxis" | "conj" | "advcl" | "ccomp") =
                        (s.heads[cur], s.deprels[cur])
                    {
                        cur = h;
                        continue;
                    }
                }
                let subj_actors = if relpron && s.deprels[cur] == "acl:relcl" {
                    match s.heads[cur] {
                        Some(h) => self.phrase_actors(cx, h),
                        None => Vec::new(),
                    }
                } else {
                    self.phrase_actors(cx, sj)
                };
                if s.deprels[sj] == "nsubj:pass" {
                    let agent = children[cur]
                        .iter()
                        .copied()
                        .find(|&c| {
                            s.deprels[c] == "obl:agent"
                                || s.deprels[c] == "obl"
                                    && children[c]
                                        .iter()
                                        .any(|&k| actors::normalise(s.words[k]) == "by")
                        })
                        .map(|a| self.phrase_actors(cx, a))
                        .unwrap_or_default();
                    return (agent, subj_actors);
                }
                return (subj_actors, Vec::new());
            }
            // No subject of its own: "will seek to shore up", "met and agreed".
            match (s.heads[cur], s.deprels[cur]) {
                (Some(h), "xcomp" | "conj" | "advcl" | "ccomp") => cur = h,
                (Some(h), "acl:relcl" | "acl") => return (self.phrase_actors(cx, h), Vec::new()),
                _ => break,
            }
        }
        // The parse found no subject ("Serbia on Tuesday demanded" often comes out broken):
        // the nearest actor before the verb with no other verb in between.
        let nearest = mentions
            .iter()
            .filter(|m| m.end <= v && m.is_known())
            .filter(|m| (m.end..v).all(|k| s.upos[k] != "VERB" && s.words[k] != ","))
            .filter(|m| m.first == 0 || s.upos[m.first - 1] != "ADP")
            .max_by_key(|m| m.end);
        match nearest {
            Some(m) => (self.phrase_actors(cx, m.end - 1), Vec::new()),
            None => (Vec::new(), Vec::new()),
        }
    }

    /// Target actors of verb `v`: its object, then its indirect object, then its
    /// prepositional objects, then the object of its complement clause.
    fn object(&self, cx: &Ctx<'_>, v: usize, sources: &[ActorMention]) -> Vec<ActorMention> {
        let Ctx {
            s,
            children,
            mentions,
            spans,
            ..
        } = *cx;
        // A candidate counts when it names a known actor other than the source ("offered
        // its troops to Lebanon": "its" is Syria itself, the target is Lebanon).
        let useful = |a: &[ActorMention]| {
            a.iter()
                .any(|m| m.is_known() && !sources.iter().any(|s| s.code == m.code))
        };
        let order = ["obj", "iobj", "obl", "xcomp", "ccomp", "advcl", "nmod"];
        // A place the event happened in is the target only when nothing else is.
        let mut fallback = Vec::new();
        for rel in order {
            for &c in &children[v] {
                if s.deprels[c] != rel && !s.deprels[c].starts_with(&format!("{rel}:")) {
                    continue;
                }
                // Only purpose clauses ("threatened ... to break relations with Russia").
                if rel == "advcl"
                    && !children[c]
                        .iter()
                        .any(|&k| s.deprels[k] == "mark" && s.words[k].eq_ignore_ascii_case("to"))
                {
                    continue;
                }
                if rel == "xcomp" || rel == "ccomp" || rel == "advcl" {
                    // ", the White House announced": the parse hung the reporting clause under
                    // the event; its speaker is not the target.
                    let (lo, _) = spans[c];
                    let after_comma =
                        s.words[lo] == "," || lo.checked_sub(1).is_some_and(|k| s.words[k] == ",");
                    if c > v && after_comma && SPEECH_VERBS.contains(&cx.norm[c].as_str()) {
                        continue;
                    }
                    // "urged Iran to stop": the complement's subject or object.
                    for &cc in &children[c] {
                        if matches!(
                            s.deprels[cc],
                            "obj" | "nsubj" | "nsubj:pass" | "obl" | "iobj"
                        ) {
                            let a = self.phrase_actors(cx, cc);
                            if useful(&a) {
                                return a;
                            }
                        }
                    }
                    continue;
                }
                // "in Harbin", "at the border": where it happened, not to whom.
                let locative = children[c].iter().any(|&k| {
                    s.deprels[k] == "case"
                        && matches!(
                            actors::normalise(s.words[k]).as_str(),
                            "in" | "at"
                                | "near"
                                | "inside"
                                | "outside"
                                | "during"
                                | "across"
                                | "throughout"
                                | "within"
                        )
                });
                // "after a court cleared him": a time, not a participant; "according to the
                // US government": the source of the report.
                let temporal = children[c].iter().any(|&k| {
                    s.deprels[k] == "case" && TIME_OR_SOURCE.contains(&cx.norm[k].as_str())
                });
                if temporal && rel != "obj" {
                    continue;
                }
                let mut a = self.phrase_actors(cx, c);
                // "withdraw its troops from Lebanon": when the phrase's own actor is the
                // source, another actor inside the phrase is the target.
                if !useful(&a) {
                    let (lo, hi) = spans[c];
                    if let Some(m) = mentions.iter().find(|m| {
                        m.first >= lo && m.end <= hi + 1 && useful(std::slice::from_ref(*m))
                    }) {
                        a = vec![m.clone()];
                    }
                }
                if locative && rel != "obj" {
                    if useful(&a) && fallback.is_empty() {
                        fallback = a;
                    }
                    continue;
                }
                if useful(&a) {
                    return a;
                }
            }
        }
        // Only for a verb with a source: "(you) need to speak to people in Harbin" has none.
        if !fallback.is_empty() && !sources.is_empty() {
            return fallback;
        }
        // "celebrating the fruits of this relationship": a relationship named earlier in the
        // article is with the pair last named together; the target is the source's partner.
        if let Some(t) = self.relationship_partner(cx, v, sources) {
            return vec![t];
        }
        // Otherwise, for a single source, the first other actor the sentence names after the
        // verb ("established diplomatic ties with and opened an embassy in Tehran"). Co-subjects
        // act on each other instead (below).
        if sources.len() == 1 {
            // Not from a clause or phrase of time or cause ("demanded elections after a court
            // cleared him in Greece's trial"); a condition can name a threat's target ("unless
            // Israel rescinded").
            if let Some(m) = mentions.iter().find(|m| {
                m.first > v && useful(std::slice::from_ref(*m)) && !time_or_cause(cx, m.end - 1, v)
            }) {
                let mut out = vec![m.clone()];
                list_after(cx, m, &mut out);
                return out;
            }
        }
        // A verb the tagger took for a noun has no dependents of its own: "to counter
        // NATO's tendencies" takes the next actor within four words.
        if s.upos[v] != "VERB" {
            if let Some(m) = mentions
                .iter()
                .find(|m| m.first > v && m.first <= v + 4 && m.is_known())
            {
                return vec![m.clone()];
            }
        }
        Vec::new()
    }

    /// "X has done this": a form of "do" whose object is "this"/"that"/"so" and whose subject
    /// names a known actor.
    fn redo(&self, cx: &Ctx<'_>) -> Option<(ActorMention, usize)> {
        let Ctx {
            s, children, norm, ..
        } = *cx;
        (0..s.words.len()).find_map(|v| {
            if !matches!(norm[v].as_str(), "do" | "does" | "did" | "done" | "doing")
                || s.upos[v] != "VERB"
            {
                return None;
            }
            let pro = children[v].iter().any(|&c| {
                s.deprels[c] == "obj" && matches!(norm[c].as_str(), "this" | "that" | "so")
            });
            let subject = children[v]
                .iter()
                .copied()
                .find(|&c| pro && s.deprels[c] == "nsubj")?;
            let actor = self
                .phrase_actors(cx, subject)
                .into_iter()
                .find(ActorMention::is_known)?;
            Some((actor, v))
        })
    }

    /// The partner behind an anaphoric relationship noun ("this relationship", "their ties")
    /// in the verb's object: the member of the last pair named together whose country is not
    /// a source's.
    fn relationship_partner(
        &self,
        cx: &Ctx<'_>,
        v: usize,
        sources: &[ActorMention],
    ) -> Option<ActorMention> {
        let Ctx {
            s, children, spans, ..
        } = *cx;
        if sources.is_empty() {
            return None;
        }
        let obj = children[v].iter().find(|&&c| s.deprels[c] == "obj")?;
        let (lo, hi) = spans[*obj];
        let noun = (lo..=hi).find(|&i| {
            matches!(
                actors::normalise(s.words[i]).as_str(),
                "relationship" | "relations" | "ties" | "partnership" | "alliance" | "friendship"
            ) && children[i].iter().any(|&d| {
                matches!(
                    actors::normalise(s.words[d]).as_str(),
                    "this" | "that" | "these" | "their" | "the"
                )
            })
        })?;
        // "Czechia and Albania upgraded their ties": the pair is the source itself
        let partner = self.last_plural.iter().find(|m| {
            let c = m.code.get(..3);
            !sources.iter().any(|s| s.code.get(..3) == c)
        })?;
        Some(ActorMention {
            first: noun,
            end: noun + 1,
            ..partner.clone()
        })
    }

    /// "Russia said Sudan must return the helicopter": a speech or declaration verb whose
    /// complement clause carries "must" or "should" is a demand (CAMEO 10x by the complement's
    /// root) from the speaker to the complement's subject.
    fn must_demand(&self, cx: &Ctx<'_>, v: usize) -> Option<CodedEvent> {
        let Ctx {
            s,
            children,
            spans,
            norm,
            dates,
            ..
        } = *cx;
        if !SPEECH_VERBS.contains(&norm[v].as_str()) && !DECLARE_VERBS.contains(&norm[v].as_str()) {
            return None;
        }
        let c = children[v].iter().copied().find(|&c| {
            s.deprels[c] == "ccomp"
                && children[c].iter().any(|&a| {
                    s.deprels[a] == "aux" && matches!(norm[a].as_str(), "must" | "should")
                })
        })?;
        let (sources, _) = self.subject(cx, v);
        let subj = children[c]
            .iter()
            .copied()
            .find(|&k| s.deprels[k].starts_with("nsubj"))?;
        let targets = self.phrase_actors(cx, subj);
        let known = |m: &&ActorMention| m.is_known();
        let source = sources.iter().find(known).cloned();
        let target = targets.iter().find(known).cloned();
        if source.is_none() && target.is_none() {
            return None;
        }
        let (lo, hi) = spans[c];
        let child = self
            .verbs
            .code(norm, c, lo..c, c + 1..hi + 1)
            .map(|k| k.code)
            .unwrap_or_default();
        let cameo = demand_code(&child).to_string();
        let info = self.verbs.cameo(&cameo)?;
        let first = source.as_ref().map_or(v, |m| m.first.min(v));
        let last = target.as_ref().map_or(c + 1, |m| m.end.max(c + 1));
        Some(CodedEvent {
            goldstein: self.verbs.goldstein(&cameo),
            quad_class: quad_class(&cameo),
            plover: info.plover.clone(),
            mode: info.mode.clone(),
            cameo,
            source,
            target,
            verb: v,
            evidence: (first, last),
            place: event_place(s, children, c),
            date: event_date(dates, children, s.deprels, v),
            negated: false,
            hypothetical: false,
            reported: false,
            confidence: 0.6,
        })
    }

    fn hypothetical(&self, cx: &Ctx<'_>, v: usize) -> bool {
        let Ctx {
            s, children, norm, ..
        } = *cx;
        // the words right before the verb, whatever the parse made of them: "would prohibit",
        // "will not impose", "plans to impose" (the tagger may take "plans" for a noun and
        // the parser hang it anywhere)
        let before = |k: usize| v.checked_sub(k).map(|i| norm[i].as_str());
        let modal_before = (1..=2).any(|k| before(k).is_some_and(|w| MODALS.contains(&w)))
            && before(1).is_some_and(|w| MODALS.contains(&w) || w == "not");
        if modal_before
            || (before(1) == Some("to") && before(2).is_some_and(|w| INTENT_VERBS.contains(&w)))
        {
            return true;
        }
        let mut cur = v;
        for _ in 0..4 {
            let modal = children[cur].iter().any(|&c| {
                (s.deprels[c] == "aux" && MODALS.contains(&norm[c].as_str()))
                    || (s.deprels[c] == "mark" && norm[c] == "if")
            });
            if modal {
                return true;
            }
            match (s.heads[cur], s.deprels[cur]) {
                // "plans to impose" (the tagger may take "plans" for a noun: `acl`).
                (Some(h), "xcomp" | "acl") => {
                    if INTENT_VERBS.contains(&norm[h].as_str()) {
                        return true;
                    }
                    cur = h;
                }
                (Some(h), "conj") => cur = h,
                _ => return false,
            }
        }
        false
    }
}

/// A list the parse split up ("to Iran, Libya, North Korea and Sudan"): actors joined to `m`
/// by commas and "and"/"or" alone are in its phrase, unless the last one starts a clause
/// ("..., and Russia said"). They are added to `out` after `m`.
fn list_after(cx: &Ctx<'_>, m: &ActorMention, out: &mut Vec<ActorMention>) {
    let (s, mentions) = (cx.s, cx.mentions);
    let mut end = m.end;
    loop {
        let mut k = end;
        while k < s.words.len() && matches!(cx.norm[k].as_str(), "," | "and" | "or") {
            k += 1;
        }
        let next = (k > end)
            .then(|| mentions.iter().find(|x| x.first == k))
            .flatten()
            .filter(|x| x.is_known() && !x.person)
            .filter(|x| !matches!(s.upos.get(x.end).copied(), Some("VERB" | "AUX")));
        let Some(next) = next else {
            break;
        };
        if !out.iter().any(|o| o.first == next.first) {
            out.push(next.clone());
        }
        end = next.end;
    }
}

/// The relations the coder reads, with the subtypes a parser that learns only universal
/// relations leaves out restored from the words: a passive subject (`nsubj` of a participle
/// with a form of "be" as its last auxiliary: "was attacked", "has been indicted") and its
/// agent ("by" + noun), possessives ("Russia's"), relative clauses ("who ...").
fn refined_relations<'a>(
    s: &SentenceView<'a>,
    children: &[Vec<usize>],
    norm: &[String],
) -> Vec<&'a str> {
    let n = s.words.len();
    let mut out: Vec<&'a str> = s.deprels.to_vec();
    let be = |w: &str| matches!(w, "be" | "is" | "are" | "was" | "were" | "been" | "being");
    for v in 0..n {
        // "were engaged in", "is prepared to": states, not actions done to the subject.
        let adjectival = || {
            matches!(
                norm[v].as_str(),
                "engaged" | "involved" | "committed" | "determined" | "prepared" | "poised" | "set"
            )
        };
        if s.upos[v] != "VERB" || norm[v].ends_with("ing") || adjectival() {
            continue;
        }
        let last_aux = children[v]
            .iter()
            .copied()
            .filter(|&c| c < v && s.deprels[c] == "aux")
            .max();
        if !last_aux.is_some_and(|a| be(&norm[a])) {
            continue;
        }
        for &c in &children[v] {
            match s.deprels[c] {
                "nsubj" => out[c] = "nsubj:pass",
                "csubj" => out[c] = "csubj:pass",
                "aux" if Some(c) == last_aux => out[c] = "aux:pass",
                "obl"
                    if children[c]
                        .iter()
                        .any(|&k| s.deprels[k] == "case" && norm[k] == "by") =>
                {
                    out[c] = "obl:agent"
                }
                _ => {}
            }
        }
    }
    for i in 0..n {
        match s.deprels[i] {
            "nmod"
                if children[i]
                    .iter()
                    .any(|&k| s.deprels[k] == "case" && matches!(norm[k].as_str(), "'s" | "'")) =>
            {
                out[i] = "nmod:poss"
            }
            "acl"
                if children[i].iter().any(|&k| {
                    k < i
                        && s.deprels[k] != "mark"
                        && matches!(
                            norm[k].as_str(),
                            "who" | "whom" | "whose" | "which" | "that"
                        )
                }) =>
            {
                out[i] = "acl:relcl"
            }
            _ => {}
        }
    }
    out
}

/// True when the event at `v` sits under a speech verb ("officials said X attacked Y") or an
/// "according to" phrase.
fn reported(s: &SentenceView<'_>, norm: &[String], v: usize) -> bool {
    let mut cur = v;
    for _ in 0..6 {
        match (s.heads[cur], s.deprels[cur]) {
            (Some(h), "ccomp" | "parataxis") if SPEECH_VERBS.contains(&norm[h].as_str()) => {
                return true
            }
            (Some(h), _) => cur = h,
            (None, _) => break,
        }
    }
    norm.windows(2).any(|w| w[0] == "according" && w[1] == "to")
}

/// Where the event happened: a place attached to the verb by "in", "at" or "near", else the
/// first place in the sentence that is not a country.
fn event_place(s: &SentenceView<'_>, children: &[Vec<usize>], v: usize) -> Option<usize> {
    for &c in &children[v] {
        if !s.deprels[c].starts_with("obl") {
            continue;
        }
        let prep = children[c]
            .iter()
            .any(|&k| matches!(actors::normalise(s.words[k]).as_str(), "in" | "at" | "near"));
        if prep {
            if let Some(p) = s.places.iter().find(|p| p.first <= c && c < p.end) {
                return Some(p.index);
            }
        }
    }
    s.places.iter().find(|p| !p.is_country).map(|p| p.index)
}

/// When the text dates the event: a date expression in the verb's own clause (not in a
/// nested one), resolved.
fn event_date(
    dates: &[DateExpr],
    children: &[Vec<usize>],
    deprels: &[&str],
    v: usize,
) -> Option<String> {
    if dates.is_empty() {
        return None;
    }
    let inside = own_clause(children, deprels, v);
    dates
        .iter()
        .find(|d| (d.first..d.end.min(inside.len())).any(|k| inside[k]))
        .and_then(|d| d.value.clone())
}

/// The one country a sentence's mentions name bare ("Mozambique", not "Mozambique's
/// government"), when they name exactly one.
fn only_country(mentions: &[ActorMention]) -> Option<String> {
    fn unique<'a>(mut codes: impl Iterator<Item = &'a str>) -> Option<String> {
        let first = codes.next()?;
        codes.all(|c| c == first).then(|| first.to_string())
    }
    let bare = |m: &&ActorMention| !m.person && m.code.len() == 3 && is_country_prefix(&m.code);
    if mentions.iter().any(|m| bare(&m)) {
        return unique(mentions.iter().filter(bare).map(|m| m.code.as_str()));
    }
    // No country named outright: the one its government or agents belong to ("the Mozambique
    // government accepted demands from rebels").
    unique(
        mentions
            .iter()
            .filter(|m| !m.person && m.code.len() > 3 && is_country_prefix(&m.code[..3]))
            .map(|m| &m.code[..3]),
    )
}

fn starts_upper(w: &str) -> bool {
    w.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn name_of_agent(name: &str) -> &str {
    name.rsplit(' ').next().unwrap_or(name)
}

fn is_person_agent(word: &str) -> bool {
    matches!(
        word,
        "leader" | "president" | "minister" | "premier" | "chancellor" | "king" | "queen"
    )
}

/// Prepositions and subordinators of time, and "according (to)": what they introduce is a
/// time or the report's source, not a participant.
const TIME_OR_SOURCE: &[&str] = &["after", "before", "since", "until", "according"];

/// Whether word `w`, on its way up to verb `v`, passes through a clause or phrase of time or
/// cause ("after a court cleared him", "as the opposition threatened").
fn time_or_cause(cx: &Ctx<'_>, mut w: usize, v: usize) -> bool {
    let Ctx {
        s, children, norm, ..
    } = *cx;
    for _ in 0..8 {
        if w == v {
            return false;
        }
        let marked = children[w].iter().any(|&k| {
            let word = norm[k].as_str();
            let when = TIME_OR_SOURCE.contains(&word);
            match s.deprels[k] {
                "mark" => {
                    when || matches!(
                        word,
                        "because" | "as" | "while" | "when" | "although" | "though"
                    )
                }
                "case" => when,
                _ => false,
            }
        });
        if marked {
            return true;
        }
        match s.heads[w] {
            Some(h) => w = h,
            None => return false,
        }
    }
    false
}

/// Whether `a` governs `b` within three steps inside one phrase: a clause in between
/// ("refugees if war starts in Iraq") ends the phrase.
fn governs(heads: &[Option<usize>], deprels: &[&str], a: usize, b: usize) -> bool {
    let mut cur = b;
    for _ in 0..3 {
        if deprels
            .get(cur)
            .is_some_and(|r| is_clause(r) && *r != "conj")
        {
            return false;
        }
        match heads.get(cur).copied().flatten() {
            Some(h) if h == a => return true,
            Some(h) => cur = h,
            None => return false,
        }
    }
    false
}

/// Relations that open a clause of its own.
fn is_clause(rel: &str) -> bool {
    matches!(
        rel,
        "acl" | "acl:relcl" | "advcl" | "ccomp" | "parataxis" | "conj" | "csubj" | "list"
    )
}

/// The tokens of `v`'s own clause: its subtree without the clauses nested in it. Cycle-safe.
fn own_clause(children: &[Vec<usize>], deprels: &[&str], v: usize) -> Vec<bool> {
    let mut inside = vec![false; children.len()];
    let mut stack = vec![v];
    let mut guard = 0;
    while let Some(x) = stack.pop() {
        guard += 1;
        if guard > inside.len() {
            break;
        }
        inside[x] = true;
        stack.extend(
            children[x]
                .iter()
                .copied()
                .filter(|&c| !is_clause(deprels[c])),
        );
    }
    inside
}

/// Marks the verbs inside `v`'s subtree as used by `v`, except coordinated ones
/// ("met and agreed" are two events).
fn consume_clauses(children: &[Vec<usize>], deprels: &[&str], v: usize, consumed: &mut [bool]) {
    let mut stack: Vec<usize> = children[v]
        .iter()
        .copied()
        .filter(|&c| !matches!(deprels[c], "conj" | "parataxis" | "list"))
        .collect();
    let mut guard = 0;
    while let Some(x) = stack.pop() {
        guard += 1;
        if guard > consumed.len() {
            break;
        }
        consumed[x] = true;
        stack.extend(children[x].iter().copied());
    }
}

/// Depth of every token in the tree (0 for roots), cycle-safe.
fn depths(heads: &[Option<usize>]) -> Vec<usize> {
    (0..heads.len())
        .map(|i| {
            let mut d = 0;
            let mut cur = i;
            while let Some(h) = heads.get(cur).copied().flatten() {
                d += 1;
                cur = h;
                if d > heads.len() {
                    break;
                }
            }
            d
        })
        .collect()
}

fn children_of(heads: &[Option<usize>]) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); heads.len()];
    for (i, h) in heads.iter().enumerate() {
        if let Some(h) = *h {
            if h < heads.len() && h != i {
                out[h].push(i);
            }
        }
    }
    out
}

/// The first and last token of `i`'s subtree (inclusive), cycle-safe.
fn subtree_span(children: &[Vec<usize>], i: usize) -> (usize, usize) {
    let mut lo = i;
    let mut hi = i;
    let mut stack = vec![i];
    let mut seen = 0;
    while let Some(x) = stack.pop() {
        seen += 1;
        if seen > children.len() {
            break;
        }
        lo = lo.min(x);
        hi = hi.max(x);
        stack.extend(children[x].iter().copied());
    }
    (lo, hi)
}

/// A publication date (`YYYY-MM-DD...`) as `YYYYMMDD`; `99991231` when absent or unreadable.
pub fn date_key(published: Option<&str>) -> u32 {
    published
        .and_then(|p| {
            let d: String = p.chars().filter(char::is_ascii_digit).take(8).collect();
            (d.len() == 8).then(|| d.parse().ok()).flatten()
        })
        .unwrap_or(99_991_231)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quad_classes() {
        assert_eq!(quad_class("042"), 1);
        assert_eq!(quad_class("057"), 1);
        assert_eq!(quad_class("073"), 2);
        assert_eq!(quad_class("112"), 3);
        assert_eq!(quad_class("190"), 4);
    }

    #[test]
    fn date_keys() {
        assert_eq!(date_key(Some("2023-03-20")), 20230320);
        assert_eq!(date_key(Some("2023-03-20T10:00:00Z")), 20230320);
        assert_eq!(date_key(None), 99_991_231);
        assert_eq!(date_key(Some("soon")), 99_991_231);
    }

    #[test]
    fn subtree_spans_survive_cycles() {
        let heads = [Some(1), Some(0)];
        let ch = children_of(&heads);
        assert_eq!(subtree_span(&ch, 0), (0, 1));
    }
}
