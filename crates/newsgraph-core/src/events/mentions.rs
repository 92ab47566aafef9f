//! Actor mentions in a sentence: dictionary phrases (people, countries, organisations,
//! agents), resolved places, agents joined to the country of their noun phrase, ethnic
//! groups, pronouns, and the coder's memory of the actors named so far.

use super::actors::{self, is_country_prefix, ActorKind};
use super::coref::{self, Bearer};
use super::tree::governs;
use super::{ActorMention, Coder, SentenceView};

impl Coder<'_> {
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

    /// Finds the actor mentions of a sentence, in text order, and updates the memory that
    /// pronouns and bare agents of later sentences draw on.
    pub(super) fn mentions(&mut self, s: &SentenceView<'_>, norm: &[String]) -> Vec<ActorMention> {
        let raw = self.raw_mentions(s, norm);
        let mut out = self.join_agents(s, norm, &raw);
        self.ethnic_groups(s, norm, &mut out);
        self.chained_names(s, &mut out);
        self.pronouns(s, norm, &mut out);
        self.bare_agents_from_memory(norm, &mut out);
        self.sentence += 1;
        out.sort_by_key(|m| (m.first, m.end));
        out
    }

    /// The dictionary's phrases in the sentence, with "X-led" read as country X.
    fn dictionary_hits(&self, norm: &[String]) -> Vec<actors::Hit> {
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
        hits
    }

    /// Dictionary hits that stand (a named actor starts with a capital; a place the
    /// geoparser read otherwise is that place) and the resolved places no hit covers, as
    /// (first, end, kind, code, name), sorted by first token.
    fn raw_mentions(&self, s: &SentenceView<'_>, norm: &[String]) -> Vec<Raw> {
        let n = s.words.len();
        let hits = self.dictionary_hits(norm);
        let mut covered = vec![false; n];
        // Raw hits: named, country, agent.
        let mut raw: Vec<Raw> = Vec::new();
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
            if inside_a_longer_place(s, h.first, h.end)
                || self.placed_in_another_named_country(s, lead, h.end, code)
            {
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
        raw
    }

    /// A city the dictionary gives a country ("Tripoli" is Libya's capital) that the
    /// geoparser placed, over the same words `lead..end`, in another country the sentence
    /// names ("the north Lebanese port") is that place, not the dictionary's actor `code`.
    fn placed_in_another_named_country(
        &self,
        s: &SentenceView<'_>,
        lead: usize,
        end: usize,
        code: &str,
    ) -> bool {
        s.places.iter().any(|p| {
            let other = |iso3: &str| {
                code.get(..3)
                    .is_some_and(|c| c != iso3 && is_country_prefix(c))
            };
            p.first == lead
                && p.end == end
                && !p.is_country
                && p.country.as_deref().is_some_and(|cc| {
                    self.dict.iso3(cc).is_some_and(other)
                        && s.places
                            .iter()
                            .any(|q| q.is_country && q.country.as_deref() == Some(cc))
                })
        })
    }

    /// Mentions from the raw hits: agents joined to the country or organisation of their
    /// noun phrase ("China's state media" → `CHNGOVMED`), named actors, and the countries
    /// no agent took, in text order.
    fn join_agents(
        &mut self,
        s: &SentenceView<'_>,
        norm: &[String],
        raw: &[Raw],
    ) -> Vec<ActorMention> {
        let mut out: Vec<ActorMention> = Vec::new();
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
        out
    }

    /// "ethnic Albanians in Serbia": PLOVER codes an ethnic group by the country it lives
    /// in, here the next other country the sentence names (else the last before it).
    fn ethnic_groups(&self, s: &SentenceView<'_>, norm: &[String], out: &mut [ActorMention]) {
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
    }

    /// With the article's coreference: a name the dictionaries coded gives its chain that
    /// actor, as does an office held by a person the dictionaries do not know ("British
    /// Foreign Secretary Jack Straw", "Jack Straw, the foreign secretary"); a later name of
    /// the chain they did not code ("Mr Straw") takes it.
    fn chained_names(&mut self, s: &SentenceView<'_>, out: &mut Vec<ActorMention>) {
        let Some(coref) = self.coref else {
            return;
        };
        let mut added = false;
        for m in coref
            .in_sentence(self.sentence)
            .iter()
            .filter(|m| !m.pronoun)
        {
            let coded = out
                .iter()
                .find(|a| a.first < m.end && m.first < a.end && a.is_known());
            if let Some(a) = coded {
                self.chain_actor.insert(m.chain, a.clone());
                continue;
            }
            if m.bearer == Bearer::Person {
                // An office of no known country ("Tory leader": `---GOV`) still says what
                // the person is; a later sentence may give the country.
                if let Some(a) = out.iter().find(|a| holds_office(s, a, m)) {
                    // "Tory leader Michael Howard": the office of no country is the named
                    // organisation's before it (a party, a company).
                    let code = match a.code.strip_prefix("---") {
                        Some(_) => out
                            .iter()
                            .find(|b| b.end == a.first && b.is_known() && !b.person)
                            .map_or_else(|| a.code.clone(), |b| b.code.clone()),
                        None => a.code.clone(),
                    };
                    self.chain_actor.insert(
                        m.chain,
                        ActorMention {
                            code,
                            name: s.words[m.first..m.end].join(" "),
                            person: true,
                            ..a.clone()
                        },
                    );
                }
            }
            if let Some(a) = self.chain_actor.get(&m.chain) {
                out.push(ActorMention {
                    first: m.first,
                    end: m.end,
                    ..a.clone()
                });
                added = true;
            }
        }
        if added {
            out.sort_by_key(|m| (m.first, m.end));
        }
    }

    /// With the article's coreference, whether the pronoun at token `i` is in a chain
    /// (`Some`) and the chain's actor, if one is known.
    fn chained_pronoun(&self, i: usize) -> Option<Option<ActorMention>> {
        let coref = self.coref?;
        let m = coref
            .in_sentence(self.sentence)
            .iter()
            .find(|m| m.pronoun && m.first == i)?;
        Some(self.chain_actor.get(&m.chain).cloned())
    }

    /// Pronouns, left to right. With the article's coreference a personal pronoun takes its
    /// chain's actor (none when no dictionary knows the chain's person), without it the
    /// latest person named; "it" takes its organisation chain's actor, else an actor of its
    /// own sentence only (it is too often expletive, "it comes to business", to reach
    /// further); "they" the latest pair or group.
    fn pronouns(&mut self, s: &SentenceView<'_>, norm: &[String], out: &mut Vec<ActorMention>) {
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
            let chained = self.chained_pronoun(i);
            let m = match w.as_str() {
                "he" | "him" | "his" | "she" | "her" => match self.coref {
                    Some(_) => chained.flatten(),
                    None => self.last_person.clone(),
                },
                "it" | "its" if chained.is_some() => chained.flatten(),
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
    }

    /// A bare agent in a sentence that does not name exactly one country ("through
    /// state-controlled media", after "China's state media") is the one named before.
    fn bare_agents_from_memory(&self, norm: &[String], out: &mut [ActorMention]) {
        if only_country(out).is_none() {
            for m in out.iter_mut() {
                let Some(role) = m.code.strip_prefix("---") else {
                    continue;
                };
                if is_quantified_or_possessed(norm, m.first) {
                    continue;
                }
                if let Some(cc) = self.country_by_role.get(role) {
                    m.code = format!("{cc}{role}");
                }
            }
        }
    }
}

/// The actor mention `a` names the office of the person named by `m`: a title right before
/// the name ("British Foreign Secretary Jack Straw") or in apposition to it ("Jack Straw,
/// the foreign secretary").
fn holds_office(s: &SentenceView<'_>, a: &ActorMention, m: &coref::Mention) -> bool {
    if a.end == m.first {
        return true;
    }
    let inside =
        |k: Option<usize>, first: usize, end: usize| k.is_some_and(|k| first <= k && k < end);
    (a.first..a.end).any(|k| s.deprels[k] == "appos" && inside(s.heads[k], m.first, m.end))
        || (m.first..m.end).any(|k| s.deprels[k] == "appos" && inside(s.heads[k], a.first, a.end))
}

/// A place the geoparser read as a longer name than the dictionary hit `first..end` is that
/// place: "West Darfur" is in Sudan, not "the West" followed by a word.
fn inside_a_longer_place(s: &SentenceView<'_>, first: usize, end: usize) -> bool {
    s.places
        .iter()
        .any(|p| p.first <= first && end <= p.end && end - first < p.end - p.first && !p.is_country)
}

/// An agent after a quantifier or a possessive is no single country's known before: "both
/// governments" are two countries' governments, and "its embassy" is the possessor's, not
/// the last one named.
fn is_quantified_or_possessed(norm: &[String], first: usize) -> bool {
    first.checked_sub(1).is_some_and(|k| {
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
    })
}

/// A raw hit: first token, end, kind, code, canonical name.
type Raw = (usize, usize, ActorKind, String, String);

/// The one country a sentence's mentions name bare ("Mozambique", not "Mozambique's
/// government"), when they name exactly one.
pub(super) fn only_country(mentions: &[ActorMention]) -> Option<String> {
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

#[cfg(test)]
mod tests;
