//! Unit tests of `analysis`.

use super::*;
use crate::ingest;

#[test]
fn analysis_round_trips_through_json() {
    let got =
        ingest::from_text("Title here\n\nPutin met Xi. Trade failed.".as_bytes(), None).unwrap();
    let a = Pipeline::embedded().analyze(got);
    assert_eq!(a.sentences.len(), 3);
    let json = serde_json::to_string(&a).unwrap();
    let back: Analysis = serde_json::from_str(&json).unwrap();
    assert_eq!(a, back);
    assert!(json.starts_with("{\"schema\":1,"));
}

#[test]
fn a_token_stays_small() {
    // memory per record is mostly tokens (BENCHMARKS.md, "Memory"): 40 bytes, not 104
    assert!(std::mem::size_of::<Token>() <= 40);
}

#[test]
fn the_token_limit_refuses_a_longer_text_and_analyses_the_rest_as_before() {
    let text = "Putin met Xi in Beijing. Trade grew.";
    let ingested = || {
        let mut i = ingest::from_text(text.as_bytes(), None).unwrap();
        i.article.external_id = Some("r7".into());
        i
    };
    let p = Pipeline::embedded();
    let err = p.analyze_within(ingested(), 8).unwrap_err();
    assert_eq!(err.id.as_deref(), Some("r7"));
    assert_eq!(err.reason, "text has 9 tokens, over the 8-token limit");
    assert_eq!(
        p.analyze_within(ingested(), 10).unwrap(),
        p.analyze(ingested())
    );
}

#[test]
fn long_articles_are_analysed_in_windows_of_whole_sentences() {
    let sentence = |start: usize, len: usize| Sentence {
        start,
        end: start + len,
        first_token: 0,
        end_token: 0,
    };
    // short: one window
    assert_eq!(windows(&[sentence(0, 100), sentence(101, 50)]), vec![0..2]);
    assert_eq!(windows(&[]), vec![0..0]);
    // 1,000 sentences of 1 KB: windows of whole sentences reaching WINDOW_BYTES
    let many: Vec<Sentence> = (0..1000).map(|i| sentence(i * 1025, 1024)).collect();
    let w = windows(&many);
    assert_eq!(w.len(), 4);
    assert_eq!(w[0], 0..256);
    assert_eq!(w.last().unwrap().end, 1000);
    assert!(w.windows(2).all(|p| p[0].end == p[1].start));
}

#[test]
fn a_windowed_article_keeps_every_token_and_finds_entities_in_each_window() {
    let para = "President Vladimir Putin met Chinese leader Xi Jinping in Beijing on Monday. \
                    Russia and China signed a trade deal.\n\n";
    let text = para.repeat(WINDOW_BYTES / para.len() * 2 + 10);
    let a = Pipeline::embedded().analyze(ingest::from_text(text.as_bytes(), None).unwrap());
    assert!(a.tokens.iter().all(|t| t.upos.is_some() && t.ner.is_some()));
    assert!(a
        .tokens
        .iter()
        .all(|t| t.head.is_none_or(|h| h < a.tokens.len())));
    let last = a.mentions.last().unwrap();
    assert!(last.start > 2 * WINDOW_BYTES, "the last window tags too");
    assert!(a.places.iter().any(|p| p.start > 2 * WINDOW_BYTES));
    // the same sentence is read the same way in the first window and in the last
    let names = |range: std::ops::Range<usize>| -> Vec<(&str, MentionKind)> {
        a.mentions
            .iter()
            .filter(|m| range.contains(&m.start))
            .map(|m| (m.text.as_str(), m.kind))
            .collect()
    };
    let n = para.len();
    let k = text.len() / n - 1;
    assert_eq!(names(0..n), names(k * n..(k + 1) * n));
}

/// Golden: the embedded taggers on a few sentences (regenerate deliberately after retraining).
#[test]
fn golden_tags_and_mentions() {
    let text = "President Vladimir Putin met German Chancellor Angela Merkel in Berlin on Monday. \
                    The United Nations said it was worried.";
    let a = Pipeline::embedded().analyze(ingest::from_text(text.as_bytes(), None).unwrap());
    let mentions: Vec<(&str, MentionKind)> = a
        .mentions
        .iter()
        .map(|m| (m.text.as_str(), m.kind))
        .collect();
    assert_eq!(
        mentions,
        [
            ("Vladimir Putin", MentionKind::Person),
            ("German", MentionKind::Misc),
            ("Angela Merkel", MentionKind::Person),
            ("Berlin", MentionKind::Place),
            ("United Nations", MentionKind::Org),
        ]
    );
    for m in &a.mentions {
        assert_eq!(&a.article.text[m.start..m.end], m.text);
    }
    let upos = |w: &str| {
        a.tokens
            .iter()
            .find(|t| &a.article.text[t.start..t.end] == w)
            .and_then(|t| t.upos.as_deref())
            .unwrap()
    };
    assert_eq!(upos("met"), "VERB");
    assert_eq!(upos("in"), "ADP");
    assert_eq!(upos("The"), "DET");
    assert_eq!(upos("it"), "PRON");
    assert_eq!(upos("Berlin"), "PROPN");
}

/// Regression: "they" standing for a pair named in an earlier sentence once carried that
/// sentence's token positions into this one.
#[test]
fn pronouns_for_earlier_pairs_keep_spans_in_their_sentence() {
    let text = "Talks\n\nVladimir Putin and Xi Jinping met in Beijing on Monday after a long \
                    and difficult year of talks. They praised each other.";
    let a = Pipeline::embedded().analyze(ingest::from_text(text.as_bytes(), None).unwrap());
    let last = a.sentences.last().unwrap();
    let praise = a
        .events
        .iter()
        .find(|e| e.event == "SUPPORT")
        .expect("a SUPPORT event");
    let src = praise.source_span.unwrap();
    assert_eq!(&a.article.text[src.start..src.end], "They");
    assert!(src.start >= last.start && src.end <= last.end);
    for e in &a.events {
        assert!(e.evidence.start < e.evidence.end && e.evidence.end <= a.article.text.len());
    }
}

#[test]
fn committed_schema_is_current() {
    let committed = include_str!("../../../../schema/analysis.schema.json");
    assert!(
            committed == json_schema(),
            "schema/analysis.schema.json is stale: run `newsgraph schema > schema/analysis.schema.json`"
        );
}
