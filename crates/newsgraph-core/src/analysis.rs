//! The Analysis record: one serialisable object per article, the project's public contract.
//!
//! Its JSON form is versioned (`"schema": 1`) and described by `schema/analysis.schema.json`,
//! which a test regenerates from these types. Every span is a half-open byte range into
//! `article.text`.

use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::events::actors::ActorDict;
use crate::events::coref::Coreference;
use crate::events::filter::EventFilter;
use crate::events::inconsistency::{self, Credit};
use crate::events::verbs::Verbs;
use crate::events::{Coder, OwnedSentence, PlaceRef, SentenceView};
use crate::geo;
use crate::geo::gazetteer::{Gazetteer, Home, Kind};
use crate::ingest::{Ingested, RecordError};
use crate::label::Label;
use crate::parse::{self, Parser};
use crate::segment::{self, Sentence, Span};
use crate::tag::{self, Tagger};
use crate::tone::{Tone, ToneLexicon};

/// The version of the Analysis JSON layout. Bump it on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything newsgraph reads out of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Analysis {
    /// Layout version: [`SCHEMA_VERSION`].
    pub schema: u32,
    /// The article and its metadata; `article.text` is what spans index.
    pub article: Article,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// Named-entity and other mentions.
    pub mentions: Vec<Mention>,
    /// Place names resolved to the map.
    pub places: Vec<Place>,
    /// Actors (people, organisations, countries) with CAMEO-style codes.
    pub actors: Vec<Actor>,
    /// Political events: who did what to whom, where and when.
    pub events: Vec<Event>,
    /// Date expressions, resolved against the publication date.
    pub dates: Vec<DateMention>,
    /// GDELT V2Tone figures.
    pub tone: Tone,
    /// Pairs of statements that contradict each other.
    pub inconsistencies: Vec<Inconsistency>,
    /// Non-fatal problems met while analysing (guessed encoding, unreadable date...).
    pub issues: Vec<String>,
}

/// One token. Tagging fields are absent until a tagger fills them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Token {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    // The tags are interned `Label`s (two bytes each): a long text holds a token every few
    // bytes, and the tokens are most of an Analysis's memory.
    /// Universal POS tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub upos: Option<Label>,
    /// Index (into `tokens`) of the syntactic head; `None` for the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<usize>,
    /// Universal Dependencies relation to the head.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub deprel: Option<Label>,
    /// BIO named-entity tag (`B-PER`, `I-ORG`, `O`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub ner: Option<Label>,
}

/// What kind of thing a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum MentionKind {
    /// A person.
    #[serde(rename = "PER")]
    Person,
    /// An organisation.
    #[serde(rename = "ORG")]
    Org,
    /// A place.
    #[serde(rename = "LOC")]
    Place,
    /// Other names (nationalities, events, works).
    #[serde(rename = "MISC")]
    Misc,
}

/// A span of text that names something.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Mention {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The mention's text.
    pub text: String,
    /// What it names.
    pub kind: MentionKind,
    /// Canonical identity it links to (actor code or GeoNames id), when linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

/// A place name resolved to a gazetteer entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Place {
    /// First byte of the mention.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The mention's text.
    pub text: String,
    /// GeoNames id.
    pub geonameid: Option<u64>,
    /// The place's canonical name.
    pub name: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country_code: Option<String>,
    /// First-level region.
    pub admin1: Option<String>,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// GeoNames feature code (PPLC, ADM1, PCLI...).
    pub feature_code: Option<String>,
    /// Confidence in [0, 1].
    pub confidence: f64,
    /// The best other candidate, by GeoNames id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runner_up: Option<u64>,
}

/// An actor: a person, organisation, country or group, with a CAMEO-style code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Actor {
    /// CAMEO-style code: country + role (`RUSGOV`, `CHNMED`), or an IGO (`NATO`).
    pub code: String,
    /// Canonical name.
    pub name: String,
    /// ISO 3166-1 alpha-3 country, when the actor has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Role (`GOV`, `MIL`, `MED`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Wikidata id, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// Every mention of this actor in the text.
    pub mentions: Vec<Span>,
}

/// A coded political event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Event {
    /// Source actor code.
    pub source: String,
    /// Target actor code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// PLOVER event type (`CONSULT`, `AGREE`, `ASSAULT`...).
    pub event: String,
    /// PLOVER mode, when the text supports one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// CAMEO event code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    /// Goldstein score of the CAMEO code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goldstein: Option<f64>,
    /// GDELT QuadClass (1 verbal cooperation ... 4 material conflict).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quad_class: Option<u8>,
    /// Index into `places` of where it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<usize>,
    /// When it happened (ISO date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Index of the sentence it was coded from.
    pub sentence: usize,
    /// The source actor's mention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_span: Option<Span>,
    /// The target actor's mention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_span: Option<Span>,
    /// The verb that carries it.
    pub verb: Span,
    /// The words that carry it.
    pub evidence: Span,
    /// The text says it did not happen.
    pub negated: bool,
    /// Future, conditional or hypothetical.
    pub hypothetical: bool,
    /// Reported speech rather than the outlet's own statement.
    pub reported: bool,
    /// Confidence in [0, 1].
    pub confidence: f64,
}

/// A date expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DateMention {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The expression's text.
    pub text: String,
    /// Resolved value: ISO date, or a coarser ISO form (`2023-W05`, `2023-01`, `2023`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// Statements in the article that do not agree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Inconsistency {
    /// What disagrees, in words.
    pub description: String,
    /// The spans that disagree.
    pub evidence: Vec<Span>,
}

/// The event confidence under which the default pipeline drops an event: 0, every event the
/// rules propose is kept and scored by the event filter. The filter's own threshold (0.04,
/// chosen by cross-validation for precision; `EventFilter::threshold`) doubles whole-article
/// precision but also drops true events of the seed the filter has not learnt to trust, so it
/// is the opt-in precise mode (`--min-confidence 0.04`) until the coder's proposals improve
/// (BENCHMARKS.md, "Events on whole articles").
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.0;

/// The loaded resources the pipeline needs, shared by every worker thread.
#[derive(Debug, Clone, Copy)]
pub struct Pipeline {
    tone: &'static ToneLexicon,
    pos: &'static Tagger,
    ner: &'static Tagger,
    parser: &'static Parser,
    /// The parser's beam width (see [`Pipeline::with_parse_beam`]).
    parse_beam: usize,
    /// `None` when the places stage is left out.
    gazetteer: Option<&'static Gazetteer>,
    /// `None` when the events stage is left out.
    coder: Option<(&'static ActorDict, &'static Verbs)>,
    /// The learned event filter and its threshold; `None` keeps every proposed event.
    filter: Option<(&'static EventFilter, f64)>,
    /// Pronouns and short names read through coreference chains (off: the latest actor
    /// named, as before chains; for ablations).
    coreference: bool,
}

/// Stages after tagging and parsing that a pipeline can leave out (as spaCy's `disable`):
/// what a run that needs only the linguistic layers skips, artifacts included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Geoparsing: `places`, and the mentions' GeoNames links.
    Places,
    /// Actors, events, dates and inconsistencies.
    Events,
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline::embedded()
    }
}

impl Pipeline {
    /// The pipeline with the artifacts built into the binary.
    pub fn embedded() -> Self {
        Pipeline::embedded_without(&[])
    }

    /// The embedded pipeline without the `disabled` stages, whose artifacts are not loaded.
    pub fn embedded_without(disabled: &[Stage]) -> Self {
        Pipeline::embedded_configured(disabled, 1)
    }

    /// The embedded pipeline without the `disabled` stages, parsing with beam width
    /// `parse_beam` (see [`Pipeline::with_parse_beam`]); only the parser it uses is loaded.
    pub fn embedded_configured(disabled: &[Stage], parse_beam: usize) -> Self {
        let places = !disabled.contains(&Stage::Places);
        let events = !disabled.contains(&Stage::Events);
        let parse_beam = parse_beam.max(1);
        // Each artifact loads once per process; loading them side by side puts the slowest
        // (the parser) rather than their sum on the start-up path.
        std::thread::scope(|s| {
            s.spawn(|| {
                parse::embedded_for(parse_beam);
            });
            if places {
                s.spawn(|| {
                    Gazetteer::embedded();
                });
            }
            s.spawn(|| {
                tag::embedded_pos();
                tag::embedded_ner();
            });
            s.spawn(|| {
                tag::lexicon::Lexicon::embedded();
            });
            if events {
                ActorDict::embedded();
                Verbs::embedded();
            }
            ToneLexicon::embedded();
        });
        Pipeline {
            tone: ToneLexicon::embedded(),
            pos: tag::embedded_pos(),
            ner: tag::embedded_ner(),
            parser: parse::embedded_for(parse_beam),
            parse_beam,
            gazetteer: places.then(Gazetteer::embedded),
            coder: events.then(|| (ActorDict::embedded(), Verbs::embedded())),
            filter: events.then(|| (EventFilter::embedded(), DEFAULT_MIN_CONFIDENCE)),
            coreference: true,
        }
    }

    /// The same pipeline with another event filter and threshold (`None`: every event the
    /// rules propose, with the rules' confidence).
    #[must_use]
    pub fn with_event_filter(mut self, filter: Option<(&'static EventFilter, f64)>) -> Self {
        self.filter = filter;
        self
    }

    /// The same pipeline with coreference chains on (the default) or off: off, a personal
    /// pronoun takes the latest person a dictionary knows (what the chains add, measured).
    #[must_use]
    pub fn with_coreference(mut self, on: bool) -> Self {
        self.coreference = on;
        self
    }

    /// The coreference chains of an analysed article's people and organisations, as the
    /// coder reads them: each mention's byte span, chain (numbered by first mention) and
    /// whether it is a pronoun.
    pub fn coreference(&self, analysis: &Analysis) -> Vec<(Span, usize, bool)> {
        let owned = Self::sentence_views(
            &analysis.article.text,
            &analysis.sentences,
            &analysis.tokens,
            &analysis.places,
        );
        let views: Vec<SentenceView<'_>> = owned.iter().map(|(_, o)| o.view()).collect();
        let coref = Coreference::resolve(&views);
        coref
            .mentions
            .iter()
            .map(|m| {
                let sent = &analysis.sentences[owned[m.sentence].0];
                let toks = &analysis.tokens[sent.first_token..sent.end_token];
                (
                    Span::new(toks[m.first].start, toks[m.end - 1].end),
                    m.chain,
                    m.pronoun,
                )
            })
            .collect()
    }

    /// The event filter and threshold in use.
    pub fn event_filter(&self) -> Option<(&'static EventFilter, f64)> {
        self.filter
    }

    /// The event filter's features of each event the rules propose for `analysis` (coded
    /// again without a filter): what `newsgraph train event-filter` learns from. The events
    /// come back with them, in the order [`Pipeline::analyze`] without a filter gives.
    pub fn proposals(&self, analysis: &Analysis) -> Vec<(Event, Vec<u32>)> {
        if self.coder.is_none() {
            return Vec::new();
        }
        let mut features = Vec::new();
        let (_, events, _, _) = self.code(
            None,
            Some(&mut features),
            &analysis.article,
            &analysis.sentences,
            &analysis.tokens,
            &analysis.places,
        );
        events.into_iter().zip(features).collect()
    }

    /// The same pipeline parsing with beam width `k`: 1 is the greedy parser (the default,
    /// fastest); above 1, the parser trained for beam search ([`parse::embedded_beam`]),
    /// more accurate and slower as `k` grows (BENCHMARKS.md has the figures).
    pub fn with_parse_beam(mut self, k: usize) -> Self {
        self.parse_beam = k.max(1);
        self.parser = parse::embedded_for(k);
        self
    }

    /// The same pipeline parsing with `parser` (a retrained model, say) at beam width `k`.
    pub fn with_parser(mut self, parser: &'static Parser, k: usize) -> Self {
        self.parse_beam = k.max(1);
        self.parser = parser;
        self
    }

    /// The parser's beam width.
    pub fn parse_beam(&self) -> usize {
        self.parse_beam
    }

    /// Analyses one ingested article.
    pub fn analyze(&self, ingested: Ingested) -> Analysis {
        let seg = segment::segment(&ingested.article.text);
        self.analyze_segmented(ingested, seg)
    }

    /// Analyses one ingested article unless its text has more than `max_tokens` tokens.
    /// Memory grows with tokens (about 40 bytes each in the Analysis, 70 in its JSON), not
    /// with bytes: a text can hold a token every two bytes. The limit is checked after
    /// segmentation, before any model runs.
    ///
    /// # Errors
    /// The text has more than `max_tokens` tokens; the error carries the record's id.
    pub fn analyze_within(
        &self,
        ingested: Ingested,
        max_tokens: usize,
    ) -> Result<Analysis, RecordError> {
        let seg = segment::segment(&ingested.article.text);
        if seg.tokens.len() > max_tokens {
            return Err(RecordError {
                id: ingested.article.external_id.clone(),
                reason: format!(
                    "text has {} tokens, over the {max_tokens}-token limit",
                    seg.tokens.len()
                ),
            });
        }
        Ok(self.analyze_segmented(ingested, seg))
    }

    fn analyze_segmented(&self, ingested: Ingested, seg: segment::Segmentation) -> Analysis {
        let Ingested { article, warnings } = ingested;
        let tone = self.tone.score(&article.text, &seg.tokens);
        let mut tokens: Vec<Token> = seg
            .tokens
            .iter()
            .map(|t| Token {
                start: t.start,
                end: t.end,
                upos: None,
                head: None,
                deprel: None,
                ner: None,
            })
            .collect();
        let mut mentions = Vec::new();
        // what the NER tagger learnt of the names in earlier windows
        let mut history = tag::DocHistory::default();
        let windows = windows(&seg.sentences);
        // the mentions each window found, for the geoparser's windows
        let mut window_mentions = Vec::with_capacity(windows.len());
        for window in &windows {
            let first_mention = mentions.len();
            self.tag_window(
                &article.text,
                &seg,
                &seg.sentences[window.clone()],
                &mut history,
                &mut tokens,
                &mut mentions,
            );
            window_mentions.push(first_mention..mentions.len());
        }
        let places = match self.gazetteer {
            Some(gaz) => {
                // the outlet's home (from the URL's host, or a source given as a domain)
                let home = [&article.url, &article.source]
                    .into_iter()
                    .flatten()
                    .find_map(|o| gaz.outlet_home(o));
                let proper: Vec<bool> = tokens
                    .iter()
                    .map(|t| t.upos.as_deref() == Some("PROPN"))
                    .collect();
                // window by window: the geoparser weighs every place against every other, so
                // a window bounds its work; the outlet's home holds for all of them, and what
                // earlier windows named and placed carries to later ones
                let mut places = Vec::new();
                let mut evidence = geo::Evidence::default();
                for (window, in_window) in windows.iter().zip(window_mentions) {
                    let toks = match (
                        seg.sentences.get(window.start),
                        window.end.checked_sub(1).and_then(|e| seg.sentences.get(e)),
                    ) {
                        (Some(a), Some(b)) => a.first_token..b.end_token,
                        _ => continue,
                    };
                    places.extend(Self::places(
                        gaz,
                        &article.text,
                        &seg.tokens[toks.clone()],
                        &proper[toks],
                        &mut mentions[in_window],
                        home,
                        &mut evidence,
                    ));
                }
                places
            }
            None => Vec::new(),
        };
        let (actors, events, dates, inconsistencies) = self.code(
            self.filter,
            None,
            &article,
            &seg.sentences,
            &tokens,
            &places,
        );
        Analysis {
            schema: SCHEMA_VERSION,
            article,
            sentences: seg.sentences,
            tokens,
            mentions,
            places,
            actors,
            events,
            dates,
            tone,
            inconsistencies,
            issues: warnings,
        }
    }
}

/// The most text, in bytes, that the taggers, the parser and the geoparser hold at once. A
/// longer article is analysed in windows of whole sentences of about this size, in order; the
/// NER tagger's document history and the event coder's state (pronouns, actors named so far)
/// carry from one window to the next, the geoparser weighs the places of one window against
/// each other. Every news article is shorter (the longest of the 2,225 BBC articles has
/// 25 KB), so it is analysed in one window, as a whole. Memory per article is then its
/// tokens and findings plus one window's working set (BENCHMARKS.md, "Memory").
pub const WINDOW_BYTES: usize = 256 << 10;

/// Consecutive sentence ranges of about [`WINDOW_BYTES`] of text each (a window ends at the
/// first sentence that reaches the size), covering all sentences.
fn windows(sentences: &[Sentence]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut first = 0;
    for (i, s) in sentences.iter().enumerate() {
        if s.end - sentences[first].start >= WINDOW_BYTES {
            out.push(first..i + 1);
            first = i + 1;
        }
    }
    if first < sentences.len() || out.is_empty() {
        out.push(first..sentences.len());
    }
    out
}

impl Pipeline {
    /// Tags, parses and finds the entity mentions of one window's sentences, filling their
    /// tokens; `history` carries the NER tagger's document history from window to window.
    fn tag_window(
        &self,
        text: &str,
        seg: &segment::Segmentation,
        sentences: &[Sentence],
        history: &mut tag::DocHistory,
        tokens: &mut [Token],
        mentions: &mut Vec<Mention>,
    ) {
        let sentence_words: Vec<Vec<&str>> = sentences
            .iter()
            .map(|sent| {
                seg.tokens[sent.first_token..sent.end_token]
                    .iter()
                    .map(|t| t.slice(text))
                    .collect()
            })
            .collect();
        // stage by stage over the window rather than sentence by sentence: each model's
        // table stays in the caches while it works (lookups are memory-bound)
        let document_ner = self.ner.tag_document_part(&sentence_words, history);
        let pos_classes: &'static [String] = self.pos.classes();
        let ner_classes: &'static [String] = self.ner.classes();
        let labels: &'static [String] = self.parser.labels();
        // each model's classes as labels, once per window (a class name that cannot be a
        // label, from a retrained model, leaves its tokens unlabelled rather than failing)
        let as_labels = |names: &[String]| -> Vec<Option<Label>> {
            names.iter().map(|n| Label::new(n).ok()).collect()
        };
        let (pos_labels, ner_labels, parse_labels) = (
            as_labels(pos_classes),
            as_labels(ner_classes),
            as_labels(labels),
        );
        let document_tags: Vec<Vec<usize>> = self.pos.tag_document(&sentence_words);
        let trees: Vec<parse::Tree> = sentence_words
            .iter()
            .zip(&document_tags)
            .map(|(words, tags)| {
                let tags: Vec<&str> = tags.iter().map(|&k| pos_classes[k].as_str()).collect();
                self.parser.parse_with_beam(words, &tags, self.parse_beam)
            })
            .collect();
        drop(sentence_words);
        for (((sent, ner), tags), tree) in sentences
            .iter()
            .zip(document_ner)
            .zip(&document_tags)
            .zip(trees)
        {
            let range = sent.first_token..sent.end_token;
            let ner_names: Vec<&'static str> =
                ner.iter().map(|&i| ner_classes[i].as_str()).collect();
            for (k, (tok, label)) in tokens[range.clone()]
                .iter_mut()
                .zip(tree.labels)
                .enumerate()
            {
                tok.upos = pos_labels[tags[k]];
                tok.head = match tree.heads[k] {
                    0 => None,
                    h => Some(range.start + h - 1),
                };
                tok.deprel = match labels.iter().position(|l| *l == label) {
                    Some(i) => parse_labels[i],
                    None => Label::new(&label).ok(),
                };
                tok.ner = ner_labels[ner[k]];
            }
            for (first, end, ty) in tag::entity_spans(&ner_names) {
                let (start, stop) = (
                    seg.tokens[range.start + first].start,
                    seg.tokens[range.start + end - 1].end,
                );
                let kind = match ty.as_str() {
                    "PER" => MentionKind::Person,
                    "ORG" => MentionKind::Org,
                    "LOC" => MentionKind::Place,
                    _ => MentionKind::Misc,
                };
                mentions.push(Mention {
                    start,
                    end: stop,
                    text: text[start..stop].to_string(),
                    kind,
                    entity: None,
                });
            }
        }
    }

    /// Recomputes the actors and events of an analysis from its tags, parse and places:
    /// re-codes stored analyses after a dictionary update without tagging them again. A
    /// pipeline without the events stage leaves the analysis as it is.
    pub fn recode(&self, analysis: &mut Analysis) {
        if self.coder.is_none() {
            return;
        }
        let (actors, events, dates, inconsistencies) = self.code(
            self.filter,
            None,
            &analysis.article,
            &analysis.sentences,
            &analysis.tokens,
            &analysis.places,
        );
        analysis.actors = actors;
        analysis.events = events;
        analysis.dates = dates;
        analysis.inconsistencies = inconsistencies;
    }

    /// Links actors and codes events, sentence by sentence, from the tags, parse and places,
    /// with `filter` (the pipeline's, or none to see every proposal); nothing without the
    /// events stage.
    fn code(
        &self,
        filter: Option<(&'static EventFilter, f64)>,
        mut features: Option<&mut Vec<Vec<u32>>>,
        article: &Article,
        sentences: &[Sentence],
        tokens: &[Token],
        places: &[Place],
    ) -> (Vec<Actor>, Vec<Event>, Vec<DateMention>, Vec<Inconsistency>) {
        let Some((actors_dict, verbs)) = self.coder else {
            return Default::default();
        };
        let coreference = self.coreference;
        let text = &article.text;
        let mut inconsistencies = Vec::new();
        // the previous sentence's events with a source, for the inconsistency rule
        let mut previous: Vec<Credit<Span>> = Vec::new();
        let mut date_mentions = Vec::new();
        let mut actors: Vec<Actor> = Vec::new();
        let mut events = Vec::new();
        // (code, name) → index into `actors`, so a long article's mentions find their actor at once
        let mut actor_index: rustc_hash::FxHashMap<(String, String), usize> = Default::default();
        // Every sentence as the coder sees it, first: coreference reads the whole article.
        let owned = Self::sentence_views(text, sentences, tokens, places);
        let views: Vec<SentenceView<'_>> = owned.iter().map(|(_, o)| o.view()).collect();
        let coref = Coreference::resolve(&views);
        // The first sentence is the headline when it is the article's title.
        let headline = match (article.title.as_deref(), owned.first()) {
            (Some(title), Some((si, _))) => {
                let s = &sentences[*si];
                text.get(s.start..s.end)
                    .is_some_and(|t| t.trim() == title.trim())
            }
            _ => false,
        };
        let mut coder = Coder::new(actors_dict, verbs, article.published_date())
            .with_headline(headline)
            .with_filter(filter)
            .with_coreference(coreference.then_some(&coref))
            .recording_features(features.is_some());
        for ((si, o), view) in owned.iter().zip(&views) {
            let si = *si;
            let sent = &sentences[si];
            let toks = &tokens[sent.first_token..sent.end_token];
            let words = &o.words;
            let coded = coder.code_sentence(view);
            for d in &coded.dates {
                let (start, end) = (toks[d.first].start, toks[d.end - 1].end);
                date_mentions.push(DateMention {
                    start,
                    end,
                    text: text[start..end].to_string(),
                    value: d.value.clone(),
                });
            }
            // Coder spans are sentence-relative token ranges; clamp so a bad one cannot panic.
            let span = |first: usize, end: usize| {
                let end = end.clamp(1, toks.len());
                let first = first.min(end - 1);
                Span::new(toks[first].start, toks[end - 1].end)
            };
            for m in &coded.actors {
                // "they" stands for several actors: it belongs to no single actor's mentions.
                if m.end == m.first + 1
                    && matches!(
                        words[m.first].to_lowercase().as_str(),
                        "they" | "them" | "their"
                    )
                {
                    continue;
                }
                let sp = span(m.first, m.end);
                match actor_index.entry((m.code.clone(), m.name.clone())) {
                    std::collections::hash_map::Entry::Occupied(e) => {
                        actors[*e.get()].mentions.push(sp)
                    }
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(actors.len());
                        actors.push(actor_record(&m.code, &m.name, sp));
                    }
                }
            }
            // "Xi's administration has swung the population behind Putin. The Russian
            // government has done this through state media": the same action, another agent.
            if let Some((m, verb)) = &coded.redo {
                if let Some((earlier, description)) =
                    inconsistency::credited_to_another_country(&previous, m)
                {
                    inconsistencies.push(Inconsistency {
                        description,
                        evidence: vec![earlier.evidence, span(m.first.min(*verb), verb + 1)],
                    });
                }
            }
            previous.clear();
            for e in &coded.events {
                if let Some(src) = &e.source {
                    previous.push(Credit {
                        code: src.code.clone(),
                        name: src.name.clone(),
                        evidence: span(e.evidence.0, e.evidence.1),
                    });
                }
            }
            for mut e in coded.events {
                if let Some(out) = features.as_deref_mut() {
                    out.push(std::mem::take(&mut e.features));
                }
                let ev_span = span(e.evidence.0, e.evidence.1);
                events.push(Event {
                    source: e
                        .source
                        .as_ref()
                        .map_or_else(String::new, |m| m.code.clone()),
                    target: e.target.as_ref().map(|m| m.code.clone()),
                    event: e.plover,
                    mode: (!e.mode.is_empty()).then_some(e.mode),
                    cameo: Some(e.cameo),
                    goldstein: e.goldstein,
                    quad_class: Some(e.quad_class),
                    place: e.place,
                    date: e
                        .date
                        .clone()
                        .or_else(|| article.published_date().map(str::to_string)),
                    sentence: si,
                    source_span: e.source.as_ref().map(|m| span(m.first, m.end)),
                    target_span: e.target.as_ref().map(|m| span(m.first, m.end)),
                    verb: span(e.verb, e.verb + 1),
                    evidence: ev_span,
                    negated: e.negated,
                    hypothetical: e.hypothetical,
                    reported: e.reported,
                    confidence: e.confidence,
                });
            }
        }
        (actors, events, date_mentions, inconsistencies)
    }

    /// Each non-empty sentence's index and its words, tags, parse and places as the coder
    /// reads them.
    fn sentence_views<'t>(
        text: &'t str,
        sentences: &[Sentence],
        tokens: &'t [Token],
        places: &[Place],
    ) -> Vec<(usize, OwnedSentence<'t>)> {
        // the places by start, so each sentence finds its own by binary search
        let mut by_start: Vec<usize> = (0..places.len()).collect();
        by_start.sort_by_key(|&i| places[i].start);
        let mut in_sentence: Vec<usize> = Vec::new();
        let mut out = Vec::new();
        for (si, sent) in sentences.iter().enumerate() {
            let toks = &tokens[sent.first_token..sent.end_token];
            if toks.is_empty() {
                continue;
            }
            let tok_at = |byte: usize, end: bool| {
                toks.iter()
                    .position(|t| if end { t.end >= byte } else { t.end > byte })
            };
            in_sentence.clear();
            let from = by_start.partition_point(|&i| places[i].start < sent.start);
            in_sentence.extend(
                by_start[from..]
                    .iter()
                    .take_while(|&&i| places[i].start <= sent.end)
                    .filter(|&&i| places[i].end <= sent.end),
            );
            in_sentence.sort_unstable(); // in the order of `places`, as the coder expects
            let refs: Vec<PlaceRef> = in_sentence
                .iter()
                .map(|&index| (index, &places[index]))
                .filter_map(|(index, p)| {
                    Some(PlaceRef {
                        first: tok_at(p.start, false)?,
                        end: tok_at(p.end, true)? + 1,
                        country: p.country_code.clone(),
                        index,
                        is_country: matches!(
                            p.feature_code.as_deref(),
                            Some("PCLI" | "PCLD" | "PCLS" | "PCLF" | "PCL" | "TERR")
                        ),
                    })
                })
                .collect();
            out.push((
                si,
                OwnedSentence {
                    words: toks.iter().map(|t| &text[t.start..t.end]).collect(),
                    upos: toks
                        .iter()
                        .map(|t| t.upos.as_deref().unwrap_or("X"))
                        .collect(),
                    deprels: toks
                        .iter()
                        .map(|t| t.deprel.as_deref().unwrap_or("dep"))
                        .collect(),
                    ner: toks
                        .iter()
                        .map(|t| t.ner.as_deref().unwrap_or("O"))
                        .collect(),
                    heads: toks
                        .iter()
                        .map(|t| t.head.and_then(|h| h.checked_sub(sent.first_token)))
                        .collect(),
                    places: refs,
                },
            ));
        }
        out
    }

    /// Finds and resolves the place names; links the LOC mentions to their GeoNames ids.
    fn places(
        gaz: &Gazetteer,
        text: &str,
        tokens: &[Span],
        proper: &[bool],
        mentions: &mut [Mention],
        home: Option<&Home>,
        evidence: &mut geo::Evidence,
    ) -> Vec<Place> {
        let locs: Vec<Span> = mentions
            .iter()
            .filter(|m| m.kind == MentionKind::Place)
            .map(|m| Span::new(m.start, m.end))
            .collect();
        let persons: Vec<Span> = mentions
            .iter()
            .filter(|m| m.kind == MentionKind::Person)
            .map(|m| Span::new(m.start, m.end))
            .collect();
        let orgs: Vec<Span> = mentions
            .iter()
            .filter(|m| m.kind == MentionKind::Org)
            .map(|m| Span::new(m.start, m.end))
            .collect();
        let tagged = geo::Tagged {
            proper,
            locations: &locs,
            persons: &persons,
            organisations: &orgs,
        };
        let toponyms = geo::recognise(text, tokens, &tagged, gaz, home);
        let resolved = geo::resolve_in(text, &toponyms, tokens, gaz, home, evidence);
        let mut places = Vec::new();
        for (t, r) in toponyms.iter().zip(resolved) {
            let Some(r) = r else { continue };
            let e = gaz.entry(r.entry);
            let admin1 = match e.kind {
                Kind::City | Kind::Admin1 | Kind::Admin2 => gaz
                    .admin1_of(&e.country, &e.admin1)
                    .map(|k| gaz.entry(k).name.clone()),
                _ => None,
            };
            if let Some(m) = mentions
                .iter_mut()
                .find(|m| m.start == t.start && m.end == t.end)
            {
                m.entity = Some(format!("geonames:{}", e.geonameid));
            }
            places.push(Place {
                start: t.start,
                end: t.end,
                text: text[t.start..t.end].to_string(),
                geonameid: (e.geonameid != 0).then_some(e.geonameid),
                name: e.name.clone(),
                country_code: (!e.country.is_empty()).then(|| e.country.clone()),
                admin1,
                lat: e.lat,
                lon: e.lon,
                feature_code: Some(e.feature_code.clone()),
                confidence: r.confidence,
                // a runner-up without a GeoNames id (a supplement region) has none to give
                runner_up: r
                    .runner_up
                    .map(|k| gaz.entry(k).geonameid)
                    .filter(|&id| id != 0),
            });
        }
        places
    }
}

/// An actor record from its code: the country is the first three letters when they are a
/// country code, the role the rest.
fn actor_record(code: &str, name: &str, mention: Span) -> Actor {
    let head = code.get(..3).unwrap_or("");
    let is_country = crate::events::actors::is_country_prefix(head);
    let rest = code.get(3..).filter(|r| !r.is_empty());
    Actor {
        code: code.to_string(),
        name: name.to_string(),
        country: is_country.then(|| head.to_string()),
        role: if is_country || head == "---" {
            rest.map(str::to_string)
        } else {
            None
        },
        wikidata: None,
        mentions: vec![mention],
    }
}

/// The JSON Schema of [`Analysis`], as committed in `schema/analysis.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Analysis);
    serde_json::to_string_pretty(&schema).expect("a schema always serialises") + "\n"
}

#[cfg(test)]
mod tests;
