//! Events: tagged and parsed sentences → actors with CAMEO-style codes and coded events
//! (PLOVER type and mode, CAMEO code, Goldstein score, QuadClass).
//!
//! For each sentence ([`Coder::code_sentence`]):
//! 1. `mentions`: dictionary phrases ([`actors`]: Phoenix people, countries, organisations,
//!    agents) and resolved places become actor mentions; an agent ("state media",
//!    "officials") takes the country in its noun phrase ("China's state media" →
//!    `CHNGOVMED`), and pronouns take the latest compatible actor of the article.
//! 2. [`verbs`]: each verb in the dictionary is coded from the words of its own clause.
//! 3. `roles`: the dependency parse gives its source (subject, or the agent of a passive,
//!    inherited through `xcomp` and `conj` chains) and target (object, then prepositional
//!    objects, then the complement's participants).
//! 4. `rules`: the PLOVER/CAMEO rules, one named and unit-tested function each, decide which
//!    verbs carry an event, recode it ("X said Y must" is a demand, future cooperation an
//!    intent, refused cooperation a rejection...), drop what is no participant ("according
//!    to", time clauses, reporting clauses), and set the flags: negated, hypothetical,
//!    reported.
//!
//! `tree` holds the dependency-tree helpers; `inconsistency` the check across sentences
//! that the analysis runs on each sentence's [`SentenceCoding::redo`].

pub mod actors;
pub mod coref;
#[cfg(feature = "eval")]
pub mod eval;
#[cfg(feature = "eval")]
pub mod eval_articles;
#[cfg(feature = "eval")]
pub mod eval_coref;
pub mod filter;
pub(crate) mod inconsistency;
mod mentions;
mod roles;
mod rules;
mod tree;
pub mod verbs;

use rustc_hash::FxHashMap;

use crate::dates::{self, DateExpr};
use actors::ActorDict;
use tree::{
    children_of, consume_clauses, depths, headline_passives, refined_relations, subtree_span,
};
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

/// A sentence's words, tags, parse and places, owned: what a [`SentenceView`] borrows.
#[derive(Debug, Clone, Default)]
pub struct OwnedSentence<'t> {
    /// The words.
    pub words: Vec<&'t str>,
    /// Universal POS tags.
    pub upos: Vec<&'t str>,
    /// Heads: `None` for the root, else the 0-based index of the head word.
    pub heads: Vec<Option<usize>>,
    /// UD relations.
    pub deprels: Vec<&'t str>,
    /// BIO entity tags.
    pub ner: Vec<&'t str>,
    /// Resolved places in the sentence.
    pub places: Vec<PlaceRef>,
}

impl OwnedSentence<'_> {
    /// The sentence as the coder sees it.
    pub fn view(&self) -> SentenceView<'_> {
        SentenceView {
            words: &self.words,
            upos: &self.upos,
            heads: &self.heads,
            deprels: &self.deprels,
            ner: &self.ner,
            places: &self.places,
        }
    }
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
    /// Confidence in [0, 1]: the event filter's probability when one is attached, else the
    /// rules' own estimate.
    pub confidence: f64,
    /// The filter's features (hashed), kept only when the coder records them for training.
    pub features: Vec<u32>,
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

/// The most sources one verb codes: each pairs with each target, so a long list of actors
/// ("Britain, France, Germany, Italy and Spain urged ...") would multiply events; the first
/// named are kept.
const MOST_SOURCES: usize = 4;
/// The most targets one verb codes (a list of targets is longer than a list of sources in
/// news: "met the leaders of A, B, C ...").
const MOST_TARGETS: usize = 6;

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
    /// The article's coreference chains, when the caller worked them out: pronouns and
    /// short names then take their chain's actor (or none), not the latest one named.
    coref: Option<&'d coref::Coreference>,
    /// Chain → the actor the dictionaries coded one of its names as.
    chain_actor: FxHashMap<usize, ActorMention>,
    /// The first sentence is the article's headline (its title).
    headline: bool,
    /// The learned filter and the threshold it drops proposals under.
    filter: Option<(&'d filter::EventFilter, f64)>,
    /// Keep each event's filter features (for training the filter).
    record: bool,
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
            coref: None,
            chain_actor: FxHashMap::default(),
            headline: false,
            filter: None,
            record: false,
        }
    }

    /// The same coder scoring each proposed event with `filter`: the probability becomes the
    /// event's confidence, and events under `threshold` are dropped.
    #[must_use]
    pub fn with_filter(mut self, filter: Option<(&'d filter::EventFilter, f64)>) -> Self {
        self.filter = filter;
        self
    }

    /// The same coder reading pronouns and short names through the article's `coref`
    /// chains (worked out over the same sentences, in the order they will be coded).
    #[must_use]
    pub fn with_coreference(mut self, coref: Option<&'d coref::Coreference>) -> Self {
        self.coref = coref;
        self
    }

    /// The same coder reading the first sentence as a headline (the article's title), whose
    /// participles without an auxiliary are passives ("Journalist jailed for spying").
    #[must_use]
    pub fn with_headline(mut self, headline: bool) -> Self {
        self.headline = headline;
        self
    }

    /// The same coder keeping each event's filter features in [`CodedEvent::features`].
    #[must_use]
    pub fn recording_features(mut self, record: bool) -> Self {
        self.record = record;
        self
    }

    /// Codes one sentence: its actor mentions, then each verb that carries an event,
    /// shallowest first (a coded verb takes the verbs of its clauses with it).
    pub fn code_sentence(&mut self, s: &SentenceView<'_>) -> SentenceCoding {
        let index = self.sentence;
        let n = s.words.len();
        let norm: Vec<String> = s.words.iter().map(|w| actors::normalise(w)).collect();
        // The tree's shape is the parser's; only labels are refined.
        let children = children_of(s.heads);
        let mut deprels = refined_relations(s, &children, &norm);
        if index == 0 && self.headline {
            headline_passives(s, &children, &norm, &mut deprels);
        }
        let s = &SentenceView {
            deprels: &deprels,
            ..*s
        };
        let mut mentions = self.mentions(s, &norm);
        // The actor list keeps what the text says; only the coding assumes the country.
        let named = mentions.clone();
        let from_agent = rules::agents_of_the_only_country(&mut mentions);
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
        let depth = depths(s.heads);
        let mut order: Vec<usize> = (0..n)
            .filter(|&v| rules::is_verb_slot(s, &norm, v))
            .collect();
        order.sort_by_key(|&v| (depth[v], v));
        for v in order {
            if rules::is_condition(&cx, v) || consumed[v] || rules::is_background_participle(&cx, v)
            {
                continue;
            }
            if let Some(ev) = self.must_demand(&cx, v) {
                consume_clauses(&children, s.deprels, v, &mut consumed);
                events.push(ev);
                continue;
            }
            if let Some(coded) = self.code_verb(&cx, v, &from_agent) {
                consume_clauses(&children, s.deprels, v, &mut consumed);
                events.extend(coded);
            }
        }
        events.sort_by_key(|e| e.verb);
        rules::continue_the_interaction(&mut events);
        if self.filter.is_some() || self.record {
            for e in &mut events {
                let f = filter::features(&cx, e, index);
                if let Some((model, _)) = self.filter {
                    e.confidence = model.prob(&f);
                }
                if self.record {
                    e.features = f;
                }
            }
            if let Some((_, threshold)) = self.filter {
                events.retain(|e| e.confidence >= threshold);
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

    /// Codes verb `v` by the rules: its code, source and target, flags, and one event per
    /// source and target; `None` when it carries no event (no dictionary code, no known
    /// actor, or a code that is no PLOVER event).
    fn code_verb(&self, cx: &Ctx<'_>, v: usize, from_agent: &[usize]) -> Option<Vec<CodedEvent>> {
        let coded = self.code_in_own_clause(cx, v)?;
        let mut cameo = coded.code.clone();
        if let Some(c) = self.purpose_of_sending(cx, v) {
            cameo = c;
        }
        if let Some(c) = self.agreement_to_act(cx, v) {
            cameo = c;
        }
        let (mut sources, passive) = self.subject(cx, v);
        let passive_subject = !passive.is_empty();
        let marked = self.pattern_target(cx, v, coded.target_after);
        let mut targets = if !marked.is_empty() {
            marked
        } else if passive.is_empty() {
            self.object(cx, v, &sources)
        } else {
            passive
        };
        rules::drop_opponents(&cameo, cx.norm, &mut targets);
        // Agents were given the sentence's country above; one still without is no actor.
        sources.retain(ActorMention::is_known);
        targets.retain(ActorMention::is_known);
        if !rules::has_actors(cx, v, &sources, &targets, from_agent, passive_subject) {
            return None;
        }
        if sources.is_empty() {
            sources.extend(self.domestic_source(cx, v, &targets));
        }
        rules::co_subjects_act_on_each_other(self.dict, &sources, &mut targets);
        sources.truncate(MOST_SOURCES);
        targets.truncate(MOST_TARGETS);
        let mut negated = rules::is_negated(cx, v);
        let hypothetical = rules::is_hypothetical(cx, v);
        rules::refusal_is_reject(&mut cameo, &mut negated);
        if let Some(c) = rules::future_is_intent_or_threat(&cameo, hypothetical, negated) {
            cameo = c;
        }
        let info = self.verbs.cameo(&cameo)?;
        let reported = rules::is_reported(cx.s, cx.norm, v);
        let place = rules::event_place(cx.s, cx.children, v);
        let date = rules::event_date(cx.dates, cx.children, cx.s.deprels, v);
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
        let mut events = Vec::new();
        for src in &src_list {
            for tgt in rules::targets_for(src, &src_list, &tgt_list) {
                // The evidence runs from the source through the target, the verb included.
                let mut lo = v;
                let mut hi = v + 1 + coded.particles;
                for m in [src, tgt].into_iter().flatten() {
                    lo = lo.min(m.first);
                    hi = hi.max(m.end);
                }
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
                    confidence: rules::confidence(src.is_some(), tgt.is_some(), coded.support),
                    features: Vec::new(),
                });
            }
        }
        Some(events)
    }
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
mod testing;
#[cfg(test)]
mod tests;
