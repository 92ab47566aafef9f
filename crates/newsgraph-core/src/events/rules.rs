//! The PLOVER/CAMEO rules of the event coder, one named function each: which verbs carry an
//! event, which code they get, which phrases are no participant, and the flags.
//!
//! Codes: "X said Y must" is a demand ([`Coder::must_demand`]); agreeing to cooperate is an
//! intent ([`Coder::agreement_to_act`]); refused cooperation is a rejection
//! ([`refusal_is_reject`]); future cooperation is an intent (AGREE) and future force a threat
//! ([`future_is_intent_or_threat`]); sending's purpose clause names the event
//! ([`Coder::purpose_of_sending`]).
//! Participants: "according to" and time or cause phrases are not targets
//! ([`is_time_or_source`], [`time_or_cause`]); nor is a reporting clause
//! ([`is_reporting_clause`]); cooperation "against" someone is not with them
//! ([`drop_opponents`]); an actor does not act on itself ([`targets_for`]).
//! Flags: [`is_negated`], [`is_hypothetical`], [`is_reported`] (speech verb or "according to").

use super::actors::{self, is_country_prefix, ActorDict};
use super::mentions::only_country;
use super::tree::own_clause;
use super::verbs::{self, Verbs};
use super::{quad_class, ActorMention, CodedEvent, Coder, Ctx, SentenceView};
use crate::dates::DateExpr;

/// Verbs of speech: what they govern is reported, and a clause of theirs hung under an
/// event ("..., the White House announced") is no target.
pub(super) const SPEECH_VERBS: &[&str] = &[
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
/// Verbs of intent: a verb in their complement ("plans to impose") is hypothetical.
pub(super) const INTENT_VERBS: &[&str] = &[
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
/// Modal auxiliaries: a verb under one ("will impose") is hypothetical.
pub(super) const MODALS: &[&str] = &[
    "will", "would", "could", "might", "may", "should", "shall", "'ll", "'d", "wo", "must",
];
/// Words that negate the verb they depend on.
pub(super) const NEGATORS: &[&str] = &["not", "n't", "never", "no"];
/// Verbs of sending, whose purpose clause names the event.
pub(super) const SEND_VERBS: &[&str] = &[
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
pub(super) const DECLARE_VERBS: &[&str] = &[
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
pub(super) fn demand_code(code: &str) -> &'static str {
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
pub(super) const AGREE_VERBS: &[&str] = &[
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
pub(super) fn reject_code(code: &str) -> Option<String> {
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
pub(super) fn threat_code(code: &str) -> Option<String> {
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
pub(super) fn intent_code(code: &str) -> Option<String> {
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
pub(super) fn is_verb_slot(s: &SentenceView<'_>, norm: &[String], v: usize) -> bool {
    s.upos[v] == "VERB"
        || (matches!(s.upos[v], "NOUN" | "ADJ")
            && v > 0
            && norm[v - 1] == "to"
            && v + 1 < norm.len()
            && matches!(s.upos[v + 1], "DET" | "PROPN" | "PRON"))
}

/// Agents without a country ("officials", "rebels") take the sentence's country when it names
/// exactly one, before subjects and objects are chosen ("accepted demands from rebels" in a
/// sentence about Mozambique). Returns their first tokens: an event with no source needs a
/// target the text names, not such an agent ([`has_actors`]).
pub(super) fn agents_of_the_only_country(mentions: &mut [ActorMention]) -> Vec<usize> {
    let mut from_agent: Vec<usize> = Vec::new();
    if let Some(only) = only_country(mentions) {
        for m in mentions.iter_mut() {
            if let Some(role) = m.code.strip_prefix("---") {
                m.code = format!("{only}{role}");
                from_agent.push(m.first);
            }
        }
    }
    from_agent
}

/// A condition ("if it is attacked", "unless Israel rescinds") is not an event the sentence
/// reports.
pub(super) fn is_condition(cx: &Ctx<'_>, v: usize) -> bool {
    let Ctx {
        s, children, norm, ..
    } = *cx;
    children[v]
        .iter()
        .any(|&k| s.deprels[k] == "mark" && matches!(norm[k].as_str(), "if" | "unless"))
}

/// A participle modifying a noun ("weapons seized last year") is background, not an event
/// the sentence reports; an infinitive ("a plan to attack") still is.
pub(super) fn is_background_participle(cx: &Ctx<'_>, v: usize) -> bool {
    let Ctx {
        s, children, norm, ..
    } = *cx;
    let infinitive = children[v]
        .iter()
        .any(|&k| s.deprels[k] == "mark" && norm[k] == "to");
    s.deprels[v] == "acl" && s.upos[v] == "VERB" && !infinitive
}

impl Coder<'_> {
    /// The dictionary code of verb `v` from its own clause: the words of nested clauses are
    /// blanked out so "demanded an admission that security forces murdered..." does not match
    /// SECURITY, and particles right after the verb count whatever the parse says ("beef
    /// up"). `None` for a word the verb dictionary does not know.
    pub(super) fn code_in_own_clause(&self, cx: &Ctx<'_>, v: usize) -> Option<verbs::Coded> {
        let Ctx {
            s,
            children,
            spans,
            norm,
            ..
        } = *cx;
        let n = s.words.len();
        // Most words are not dictionary verbs: skip the mask for them.
        if !self.verbs.is_verb(&norm[v]) {
            return None;
        }
        let (lo, hi) = spans[v];
        let own = own_clause(children, s.deprels, v);
        let mut masked: Vec<&str> = (0..n)
            .map(|k| if own[k] { norm[k].as_str() } else { "" })
            .collect();
        for k in v + 1..(v + 3).min(n) {
            if masked[k].is_empty() && s.upos[k] == "ADP" {
                masked[k] = &norm[k];
            }
        }
        let coded = self.verbs.code(&masked, v, lo..v, v + 1..hi + 1)?;
        let coded = appeal_keeps_the_verbs_code(self.verbs, coded);
        Some(intent_to_act_is_no_appeal(cx, v, coded))
    }

    /// "sent personnel to Bosnia to investigate": sending is the means, the purpose clause
    /// (`advcl` or `xcomp` with "to") says what the event is, when its code is a PLOVER event.
    pub(super) fn purpose_of_sending(&self, cx: &Ctx<'_>, v: usize) -> Option<String> {
        let Ctx {
            s, children, norm, ..
        } = *cx;
        if !SEND_VERBS.contains(&norm[v].as_str()) {
            return None;
        }
        let purpose = children[v].iter().copied().find(|&c| {
            matches!(s.deprels[c], "advcl" | "xcomp")
                && children[c]
                    .iter()
                    .any(|&k| s.deprels[k] == "mark" && norm[k] == "to")
        })?;
        let child = self.code_in_own_clause(cx, purpose)?;
        self.verbs
            .cameo(&child.code)
            .is_some()
            .then_some(child.code)
    }

    /// "agreed to set up a commission": an agreement verb governs its complement, and with a
    /// cooperative complement it is an intent to do it (PLOVER AGREE, CAMEO 03x by the
    /// complement's code). The last such complement decides.
    pub(super) fn agreement_to_act(&self, cx: &Ctx<'_>, v: usize) -> Option<String> {
        let Ctx {
            s, children, norm, ..
        } = *cx;
        if !AGREE_VERBS.contains(&norm[v].as_str()) {
            return None;
        }
        let mut out = None;
        for &c in &children[v] {
            if s.deprels[c] != "xcomp" {
                continue;
            }
            if let Some(intent) = self
                .code_in_own_clause(cx, c)
                .and_then(|child| intent_code(&child.code))
            {
                out = Some(intent);
            }
        }
        out
    }

    /// A subject the dictionaries do not know ("Ibo traditional elders", "ethnic Turks")
    /// acting inside one country is that country's: PLOVER codes domestic events from the
    /// country they happen in, which is the target's. For a verb with no known source.
    pub(super) fn domestic_source(
        &self,
        cx: &Ctx<'_>,
        v: usize,
        targets: &[ActorMention],
    ) -> Option<ActorMention> {
        let Ctx {
            s, children, spans, ..
        } = *cx;
        let c = children[v]
            .iter()
            .copied()
            .find(|&c| matches!(s.deprels[c], "nsubj" | "nsubj:pass"))?;
        let cc = targets
            .first()?
            .code
            .get(..3)
            .filter(|c| is_country_prefix(c))?;
        let (lo, hi) = spans[c];
        Some(ActorMention {
            first: lo,
            end: hi + 1,
            code: cc.to_string(),
            name: self.dict.country_name(cc).unwrap_or(cc).to_string(),
            person: false,
        })
    }

    /// "Russia said Sudan must return the helicopter": a speech or declaration verb whose
    /// complement clause carries "must" or "should" is a demand (CAMEO 10x by the complement's
    /// root, [`demand_code`]) from the speaker to the complement's subject.
    pub(super) fn must_demand(&self, cx: &Ctx<'_>, v: usize) -> Option<CodedEvent> {
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
            features: Vec::new(),
        })
    }

    /// "X has done this": a form of "do" whose object is "this"/"that"/"so" and whose subject
    /// names a known actor credits an earlier action to that actor ("The Russian government
    /// has done this through state media"); the caller checks it against the previous
    /// sentence ([`super::inconsistency`]).
    pub(super) fn redo(&self, cx: &Ctx<'_>) -> Option<(ActorMention, usize)> {
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
}

/// A hypothetical or future event: a modal right before the verb ("would prohibit", "will
/// not impose"), "to" after an intent verb ("plans to impose", whatever the tagger made of
/// "plans"), or up the verb's `xcomp`/`conj` chain a modal auxiliary, "if", or an intent verb
/// ("threatened to cut ties").
pub(super) fn is_hypothetical(cx: &Ctx<'_>, v: usize) -> bool {
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

/// True when the event at `v` sits under a speech verb ("officials said X attacked Y") or an
/// "according to" phrase.
pub(super) fn is_reported(s: &SentenceView<'_>, norm: &[String], v: usize) -> bool {
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
pub(super) fn event_place(
    s: &SentenceView<'_>,
    children: &[Vec<usize>],
    v: usize,
) -> Option<usize> {
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
pub(super) fn event_date(
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

/// Prepositions and subordinators of time, and "according (to)": what they introduce is a
/// time or the report's source, not a participant.
pub(super) const TIME_OR_SOURCE: &[&str] = &["after", "before", "since", "until", "according"];

/// Whether word `w`, on its way up to verb `v`, passes through a clause or phrase of time or
/// cause ("after a court cleared him", "as the opposition threatened").
pub(super) fn time_or_cause(cx: &Ctx<'_>, mut w: usize, v: usize) -> bool {
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

/// An appeal pattern (CAMEO 02) under a verb whose own code is a demand (10) keeps the
/// verb's code: "demanded security" is a demand, not an appeal (PETRARCH's verb blocks share
/// their patterns among the verbs they list). Under any other verb the pattern stands:
/// "called for talks" is an appeal, not the phone call of "call".
pub(super) fn appeal_keeps_the_verbs_code(verbs: &Verbs, coded: verbs::Coded) -> verbs::Coded {
    if coded.code.starts_with("02")
        && coded.verb_code.starts_with("10")
        && verbs.cameo(&coded.verb_code).is_some()
    {
        return verbs::Coded {
            code: coded.verb_code.clone(),
            ..coded
        };
    }
    coded
}

/// An appeal pattern under a verb of intent with an infinitive complement and no object
/// matched the complement's verb, not a noun: "wants to help Kenya" is an offer (the verb's
/// own code, 03), not "wants help" (an appeal for aid); "wants Russia to help" stays an
/// appeal.
pub(super) fn intent_to_act_is_no_appeal(
    cx: &Ctx<'_>,
    v: usize,
    coded: verbs::Coded,
) -> verbs::Coded {
    let Ctx { s, children, .. } = *cx;
    let infinitive = children[v].iter().any(|&c| {
        s.deprels[c] == "xcomp"
            && s.upos[c] == "VERB"
            && children[c]
                .iter()
                .any(|&k| s.deprels[k] == "mark" && s.words[k].eq_ignore_ascii_case("to"))
    });
    // "wants Russia to help" asks someone else: an appeal.
    let asks_another = children[v]
        .iter()
        .any(|&c| matches!(s.deprels[c], "obj" | "iobj"));
    if infinitive
        && !asks_another
        && coded.code.starts_with("02")
        && coded.verb_code.starts_with("03")
    {
        return verbs::Coded {
            code: coded.verb_code.clone(),
            ..coded
        };
    }
    coded
}

/// Only a purpose clause ("threatened ... to break relations with Russia") among a verb's
/// adverbial clauses can hold its target.
pub(super) fn is_purpose_clause(cx: &Ctx<'_>, c: usize) -> bool {
    let Ctx { s, children, .. } = *cx;
    children[c]
        .iter()
        .any(|&k| s.deprels[k] == "mark" && s.words[k].eq_ignore_ascii_case("to"))
}

/// ", the White House announced": a speech verb after the event and a comma is the
/// reporting clause the parse hung under the event; its speaker is not the target.
pub(super) fn is_reporting_clause(cx: &Ctx<'_>, v: usize, c: usize) -> bool {
    let Ctx { s, spans, norm, .. } = *cx;
    let (lo, _) = spans[c];
    let after_comma = s.words[lo] == "," || lo.checked_sub(1).is_some_and(|k| s.words[k] == ",");
    c > v && after_comma && SPEECH_VERBS.contains(&norm[c].as_str())
}

/// "in Harbin", "at the border": a phrase of place says where it happened, not to whom; it
/// is the target only when nothing else is.
pub(super) fn is_locative(cx: &Ctx<'_>, c: usize) -> bool {
    let Ctx { s, children, .. } = *cx;
    children[c].iter().any(|&k| {
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
    })
}

/// "after a court cleared him" is a time, not a participant; "according to the US
/// government" is the source of the report, not the target. Such a phrase is never a
/// verb's (prepositional) target.
pub(super) fn is_time_or_source(cx: &Ctx<'_>, c: usize) -> bool {
    let Ctx {
        s, children, norm, ..
    } = *cx;
    children[c]
        .iter()
        .any(|&k| s.deprels[k] == "case" && TIME_OR_SOURCE.contains(&norm[k].as_str()))
}

/// Cooperation "against the West" is not cooperation with the West: for a cooperative code
/// (03–08) a target right after "against" (or "against the") is dropped.
pub(super) fn drop_opponents(cameo: &str, norm: &[String], targets: &mut Vec<ActorMention>) {
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
}

/// A generic person as the subject ("you only need to speak to people in Harbin", "we",
/// "nobody") makes no event.
pub(super) fn is_generic_subject(cx: &Ctx<'_>, v: usize) -> bool {
    let Ctx {
        s, children, norm, ..
    } = *cx;
    children[v].iter().any(|&c| {
        s.deprels[c] == "nsubj"
            && matches!(
                norm[c].as_str(),
                "you" | "we" | "i" | "one" | "nobody" | "someone" | "anyone" | "everyone"
            )
    })
}

/// No event without a known actor: a source, or else a target the text names (not an
/// agent that only took the sentence's country, [`agents_of_the_only_country`]) and no
/// generic subject. A passive names what was done to its subject, whoever did it ("a
/// journalist has been killed"): that subject is a target even when it is only an agent.
pub(super) fn has_actors(
    cx: &Ctx<'_>,
    v: usize,
    sources: &[ActorMention],
    targets: &[ActorMention],
    from_agent: &[usize],
    passive_subject: bool,
) -> bool {
    if !sources.is_empty() {
        return true;
    }
    let named_target = targets.iter().any(|t| !from_agent.contains(&t.first))
        || (passive_subject && !targets.is_empty());
    named_target && !is_generic_subject(cx, v)
}

/// "Putin and Xi announced a partnership": co-subjects act on each other, also where the
/// only other actor is a region ("reached a consensus on water in the Middle East" is
/// Israel's with the Palestinians). The targets become the sources in reverse order.
pub(super) fn co_subjects_act_on_each_other(
    dict: &ActorDict,
    sources: &[ActorMention],
    targets: &mut Vec<ActorMention>,
) {
    if sources.len() > 1 && targets.iter().all(|t| dict.is_region(&t.code)) {
        targets.clear();
    }
    if targets.is_empty() && sources.len() > 1 {
        *targets = sources.iter().rev().cloned().collect();
    }
}

/// A negated event: the verb governs "not", "n't", "never" or "no" (not as a determiner:
/// "no troops" negates the troops, not the verb).
pub(super) fn is_negated(cx: &Ctx<'_>, v: usize) -> bool {
    let Ctx {
        s, children, norm, ..
    } = *cx;
    children[v]
        .iter()
        .any(|&c| NEGATORS.contains(&norm[c].as_str()) && s.deprels[c] != "det")
}

/// Refusing to cooperate is an event of its own: "will not accept refugees" is a REJECT
/// (CAMEO 12x by what is refused, [`reject_code`]), not a negated acceptance; the event is
/// then no longer negated.
pub(super) fn refusal_is_reject(cameo: &mut String, negated: &mut bool) {
    if *negated {
        if let Some(c) = reject_code(cameo) {
            *cameo = c;
            *negated = false;
        }
    }
}

/// PLOVER: cooperation reported in the future tense is an intention (AGREE, CAMEO 03x,
/// "China will send aid"), and coercion or force in the future tense a threat (THREATEN,
/// CAMEO 13x, "will impose sanctions"). Not for a negated event or a rejection.
pub(super) fn future_is_intent_or_threat(
    cameo: &str,
    hypothetical: bool,
    negated: bool,
) -> Option<String> {
    if hypothetical && !negated && !cameo.starts_with("12") {
        return intent_code(cameo).or_else(|| threat_code(cameo));
    }
    None
}

/// The targets one source acts on: an actor does not act on itself ("Israel and Lebanon
/// renewed negotiations on a pullback from Lebanon" is not Lebanon negotiating with Lebanon).
/// Its own code is kept as the target only where nothing else is, for a single source: a
/// domestic event ("will boycott Algeria's elections") is coded within the country, as
/// PLOVER does. Never the very same mention; `None` (no target) when nothing is left.
pub(super) fn targets_for<'a>(
    src: &Option<ActorMention>,
    src_list: &[Option<ActorMention>],
    tgt_list: &'a [Option<ActorMention>],
) -> Vec<&'a Option<ActorMention>> {
    let other = |t: &&Option<ActorMention>| match (src, t) {
        (Some(a), Some(b)) => a.code != b.code,
        _ => true,
    };
    let mut tgts: Vec<&Option<ActorMention>> = tgt_list
        .iter()
        .filter(|t| other(t) || (src_list.len() == 1 && !tgt_list.iter().any(|u| other(&u))))
        .filter(|t| match (src, t) {
            (Some(a), Some(b)) => a.code != b.code || a.first != b.first,
            _ => true,
        })
        .collect();
    if tgts.is_empty() {
        tgts.push(&None);
    }
    tgts
}

/// An event's confidence: 0.5, plus 0.15 for a source and 0.15 for a target, plus 0.05 a
/// pattern word matched (at most 0.2).
pub(super) fn confidence(source: bool, target: bool, support: usize) -> f64 {
    0.5 + 0.15 * f64::from(u8::from(source))
        + 0.15 * f64::from(u8::from(target))
        + (0.05 * support as f64).min(0.2)
}

/// A cooperative event (03–06) with no target whose source already acted on someone earlier
/// in the sentence continues that interaction ("making a trip to China that will seek to
/// shore up an alliance"): it takes that target. `events` are in verb order.
pub(super) fn continue_the_interaction(events: &mut [CodedEvent]) {
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
}

#[cfg(test)]
mod tests;
