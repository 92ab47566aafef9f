//! Test helpers: a parsed sentence written by hand as a small CoNLL-like table, and the
//! coding context the rules read, so each rule is tested on a sentence the test builds.

use super::actors::{self, ActorDict};
use super::tree::{children_of, refined_relations, subtree_span};
use super::verbs::Verbs;
use super::{ActorMention, Coder, Ctx, OwnedSentence, PlaceRef, SentenceCoding, SentenceView};
use crate::dates;

/// The publication date of every test sentence.
pub(super) const PUBLISHED: &str = "2023-03-20";

/// A sentence with its tags and parse, owned by the test.
pub(super) type Parsed = OwnedSentence<'static>;

/// A sentence from a table, one word a line: the word, its UPOS tag, its head (1-based as
/// in CoNLL-U, 0 for the root), its relation, and optionally its BIO entity tag ("O" when
/// left out). Blank lines are skipped.
pub(super) fn parsed(table: &'static str) -> Parsed {
    let mut p = Parsed::default();
    for line in table.lines().filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&'static str> = line.split_whitespace().collect();
        assert!(matches!(cols.len(), 4 | 5), "bad row: {line:?}");
        let head: usize = cols[2].parse().expect("head");
        p.words.push(cols[0]);
        p.upos.push(cols[1]);
        p.heads.push(head.checked_sub(1));
        p.deprels.push(cols[3]);
        p.ner.push(cols.get(4).copied().unwrap_or("O"));
    }
    p
}

impl Parsed {
    /// Adds a resolved place over tokens `first..end` in the ISO alpha-2 `country`.
    pub(super) fn place(
        mut self,
        first: usize,
        end: usize,
        country: &str,
        is_country: bool,
    ) -> Self {
        self.places.push(PlaceRef {
            first,
            end,
            country: Some(country.to_string()),
            index: self.places.len(),
            is_country,
        });
        self
    }

    /// The index of the first token spelt `word`.
    pub(super) fn at(&self, word: &str) -> usize {
        self.words
            .iter()
            .position(|w| *w == word)
            .unwrap_or_else(|| panic!("no {word:?} in {:?}", self.words))
    }

    /// The words, normalised as the coder does.
    pub(super) fn norm(&self) -> Vec<String> {
        self.words.iter().map(|w| actors::normalise(w)).collect()
    }
}

/// A coder with the embedded dictionaries, for an article of [`PUBLISHED`].
pub(super) fn coder() -> Coder<'static> {
    Coder::new(ActorDict::embedded(), Verbs::embedded(), Some(PUBLISHED))
}

/// The sentence coded by a fresh coder.
pub(super) fn code(p: &Parsed) -> SentenceCoding {
    coder().code_sentence(&p.view())
}

/// A known actor mention over tokens `first..end`.
pub(super) fn actor(first: usize, end: usize, code: &str) -> ActorMention {
    ActorMention {
        first,
        end,
        code: code.to_string(),
        name: code.to_string(),
        person: false,
    }
}

/// Runs `f` on the sentence's coding context, as `code_sentence` builds it: refined
/// relations, subtrees, dates, and the given mentions.
pub(super) fn with_ctx<R>(
    p: &Parsed,
    mentions: &[ActorMention],
    f: impl FnOnce(&Ctx<'_>) -> R,
) -> R {
    let view = p.view();
    let norm = p.norm();
    let children = children_of(view.heads);
    let deprels = refined_relations(&view, &children, &norm);
    let s = SentenceView {
        deprels: &deprels,
        ..view
    };
    let spans: Vec<(usize, usize)> = (0..p.words.len())
        .map(|i| subtree_span(&children, i))
        .collect();
    let dates = dates::find_normalised(s.words, &norm, dates::publication(Some(PUBLISHED)));
    let cx = Ctx {
        s: &s,
        children: &children,
        mentions,
        spans: &spans,
        norm: &norm,
        dates: &dates,
    };
    f(&cx)
}

/// Runs `f` with a fresh coder on the sentence's context with the mentions that coder finds
/// (bare agents given the sentence's only country, as `code_sentence` does).
pub(super) fn with_mentions<R>(p: &Parsed, f: impl FnOnce(&Coder<'_>, &Ctx<'_>) -> R) -> R {
    let mut coder = coder();
    let view = p.view();
    let norm = p.norm();
    let children = children_of(view.heads);
    let deprels = refined_relations(&view, &children, &norm);
    let s = SentenceView {
        deprels: &deprels,
        ..view
    };
    let mut mentions = coder.mentions(&s, &norm);
    super::rules::agents_of_the_only_country(&mut mentions);
    with_ctx(p, &mentions, |cx| f(&coder, cx))
}
