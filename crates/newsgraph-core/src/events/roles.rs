//! Source and target of a verb from the parse: the subject (or the agent of a passive),
//! inherited through `xcomp`, `conj` and relative clauses; the object, then indirect and
//! prepositional objects and the complement's participants; the partner of an anaphoric
//! relationship; the actors of a noun phrase with its conjuncts, appositions and lists.
//! Which phrases may not be a target ("according to", time and cause, reporting clauses)
//! is decided by the rules in [`super::rules`].

use super::actors;
use super::rules::{self, time_or_cause};
use super::{ActorMention, Coder, Ctx};

impl Coder<'_> {
    /// A pattern can say where the target is: "swung the public (BEHIND +)" puts it after
    /// "behind". The preposition's object is its head in UD; a mention within four words
    /// after it when the parse hangs the preposition elsewhere.
    pub(super) fn pattern_target(
        &self,
        cx: &Ctx<'_>,
        v: usize,
        target_after: Option<usize>,
    ) -> Vec<ActorMention> {
        let Some(p) = target_after else {
            return Vec::new();
        };
        let by_tree = cx.s.heads[p]
            .filter(|&h| h > p && h != v)
            .map(|h| self.phrase_actors(cx, h))
            .unwrap_or_default();
        if !by_tree.is_empty() {
            return by_tree;
        }
        cx.mentions
            .iter()
            .find(|m| m.first > p && m.first <= p + 4)
            .map(|m| self.phrase_actors(cx, m.end - 1))
            .unwrap_or_default()
    }

    /// Actors of the noun phrase headed by `h` and of its conjuncts.
    pub(super) fn phrase_actors(&self, cx: &Ctx<'_>, h: usize) -> Vec<ActorMention> {
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
    pub(super) fn subject(&self, cx: &Ctx<'_>, v: usize) -> (Vec<ActorMention>, Vec<ActorMention>) {
        let Ctx { s, children, .. } = *cx;
        let mut cur = v;
        for _ in 0..6 {
            let subj = children[cur]
                .iter()
                .copied()
                .find(|&c| s.deprels[c].starts_with("nsubj") || s.deprels[c] == "csubj");
            if subj.is_some_and(|sj| is_misparsed_subject(cx, sj)) {
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
                    return (self.passive_agent(cx, cur), subj_actors);
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
        (self.nearest_actor_before(cx, v), Vec::new())
    }

    /// The agent of a passive verb `v` ("was attacked by Ugandan soldiers"): its `obl:agent`,
    /// or an `obl` with "by"; its source, while the grammatical subject is the target.
    fn passive_agent(&self, cx: &Ctx<'_>, v: usize) -> Vec<ActorMention> {
        let Ctx { s, children, .. } = *cx;
        children[v]
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
            .unwrap_or_default()
    }

    /// The parse found no subject ("Serbia on Tuesday demanded" often comes out broken): the
    /// nearest known actor before verb `v` with no other verb or comma in between, and not
    /// itself the object of a preposition.
    fn nearest_actor_before(&self, cx: &Ctx<'_>, v: usize) -> Vec<ActorMention> {
        let Ctx { s, mentions, .. } = *cx;
        let nearest = mentions
            .iter()
            .filter(|m| m.end <= v && m.is_known())
            .filter(|m| (m.end..v).all(|k| s.upos[k] != "VERB" && s.words[k] != ","))
            .filter(|m| m.first == 0 || s.upos[m.first - 1] != "ADP")
            .max_by_key(|m| m.end);
        match nearest {
            Some(m) => self.phrase_actors(cx, m.end - 1),
            None => Vec::new(),
        }
    }

    /// Target actors of verb `v`: its object, then its indirect object, then its
    /// prepositional objects, then the object of its complement clause.
    pub(super) fn object(
        &self,
        cx: &Ctx<'_>,
        v: usize,
        sources: &[ActorMention],
    ) -> Vec<ActorMention> {
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
                if rel == "advcl" && !rules::is_purpose_clause(cx, c) {
                    continue;
                }
                if rel == "xcomp" || rel == "ccomp" || rel == "advcl" {
                    if rules::is_reporting_clause(cx, v, c) {
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
                let locative = rules::is_locative(cx, c);
                if rel != "obj" && rules::is_time_or_source(cx, c) {
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
}

/// A subject never takes a preposition: "Serbia on Thursday rejected" parsed with "Thursday"
/// as the subject is a misparse, and the actor before the verb is the subject.
fn is_misparsed_subject(cx: &Ctx<'_>, sj: usize) -> bool {
    let Ctx { s, children, .. } = *cx;
    children[sj]
        .iter()
        .any(|&k| s.deprels[k] == "case" && s.upos[k] == "ADP" && k < sj)
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

#[cfg(test)]
mod tests;
