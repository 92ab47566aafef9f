//! Properties: any input goes through ingest and segmentation without panicking, and every
//! span slices its text.

use newsgraph_core::{ingest, segment, Analysis, Pipeline};
use proptest::prelude::*;

fn check_segmentation(text: &str) {
    let seg = segment::segment(text);
    let mut prev_end = 0;
    for t in &seg.tokens {
        assert!(
            t.start < t.end && t.start >= prev_end,
            "{t:?} after {prev_end}"
        );
        let s = text
            .get(t.start..t.end)
            .expect("token span on char boundaries");
        assert!(
            !s.chars().any(char::is_whitespace),
            "token {s:?} has whitespace"
        );
        prev_end = t.end;
    }
    let mut next_token = 0;
    for s in &seg.sentences {
        assert_eq!(s.first_token, next_token, "sentences cover tokens in order");
        assert!(s.end_token > s.first_token);
        assert_eq!(s.start, seg.tokens[s.first_token].start);
        assert_eq!(s.end, seg.tokens[s.end_token - 1].end);
        assert!(text.get(s.start..s.end).is_some());
        next_token = s.end_token;
    }
    assert_eq!(next_token, seg.tokens.len());
}

fn check_analysis(a: &Analysis) {
    check_segmentation(&a.article.text);
    // Every actor and event span is a valid span of the text.
    let text = &a.article.text;
    let ok =
        |s: &newsgraph_core::segment::Span| s.start < s.end && text.get(s.start..s.end).is_some();
    for d in &a.dates {
        assert!(d.start < d.end && text.get(d.start..d.end) == Some(d.text.as_str()));
    }
    for x in &a.actors {
        assert!(x.mentions.iter().all(ok), "bad actor span: {x:?}");
    }
    for e in &a.events {
        assert!(ok(&e.evidence) && ok(&e.verb), "bad event span: {e:?}");
        assert!(e.source_span.iter().chain(&e.target_span).all(ok));
        assert!(e.place.is_none_or(|p| p < a.places.len()));
        assert!(e.sentence < a.sentences.len());
    }
    // Each sentence's parse is a tree: one root, heads inside the sentence, no cycle.
    for s in &a.sentences {
        let range = s.first_token..s.end_token;
        let tokens = &a.tokens[range.clone()];
        assert_eq!(tokens.iter().filter(|t| t.head.is_none()).count(), 1);
        for (i, t) in tokens.iter().enumerate() {
            let mut at = range.start + i;
            for _ in 0..=tokens.len() {
                match a.tokens[at].head {
                    None => break,
                    Some(h) => {
                        assert!(range.contains(&h), "head outside its sentence");
                        at = h;
                    }
                }
            }
            assert!(a.tokens[at].head.is_none(), "a cycle through {t:?}");
        }
    }
    let json = serde_json::to_string(a).unwrap();
    let back: Analysis = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, a);
}

/// Text that looks like news more often than uniform noise does: words, punctuation, quotes,
/// abbreviations, newlines, non-Latin scripts and emoji.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Putin".to_string()),
        Just("U.S.".to_string()),
        Just("Mr.".to_string()),
        Just("3.5".to_string()),
        Just("...".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("’s".to_string()),
        Just("n't".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just(". ".to_string()),
        Just("? ".to_string()),
        Just("http://x.org/a.".to_string()),
        Just("a@b.co".to_string()),
        Just("北京。".to_string()),
        Just("👍🏽".to_string()),
        Just("—".to_string()),
        // Words the actor and event coder reacts to.
        Just(" Xi Jinping ".to_string()),
        Just(" and ".to_string()),
        Just(" They ".to_string()),
        Just(" its ".to_string()),
        Just(" attacked ".to_string()),
        Just(" Russia ".to_string()),
        Just(" said ".to_string()),
        Just(" will not ".to_string()),
        Just(" agreed to visit ".to_string()),
        Just(" Chinese officials ".to_string()),
        Just(" on Monday ".to_string()),
        Just(" 5 March 2022 ".to_string()),
        Just(" last year ".to_string()),
        // Words the geoparser's recognition rules react to.
        Just("D-".to_string()),
        Just("W. Va.".to_string()),
        Just(" Ky. ".to_string()),
        Just(", ".to_string()),
        Just("-".to_string()),
        Just("Egyptian-US".to_string()),
        Just(" the ".to_string()),
        Just("New York-based".to_string()),
        Just(" Sri Lankan".to_string()),
        Just("190 A.D.".to_string()),
        "[a-zA-Z]{1,8}",
        "\\PC{1,3}",
        " {1,2}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_string_segments(text in any::<String>()) {
        check_segmentation(&text);
    }

    #[test]
    fn newsish_text_segments(text in newsish()) {
        check_segmentation(&text);
    }

    #[test]
    fn newsish_text_through_the_beam_parser(text in newsish()) {
        if let Ok(got) = ingest::from_text(text.as_bytes(), None) {
            check_analysis(&Pipeline::embedded().with_parse_beam(4).analyze(got));
        }
    }

    #[test]
    fn any_bytes_through_text_ingest(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(got) = ingest::from_text(&bytes, None) {
            check_analysis(&Pipeline::embedded().analyze(got));
        }
    }

    #[test]
    fn any_bytes_through_jsonl_ingest(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = ingest::from_json_line(&bytes);
    }

    #[test]
    fn any_text_through_jsonl_ingest(text in newsish(), title in any::<String>()) {
        let line = serde_json::json!({"title": title, "text": text}).to_string();
        if let Ok(got) = ingest::from_json_line(line.as_bytes()) {
            check_analysis(&Pipeline::embedded().analyze(got));
        }
    }
}

proptest! {
    // HTML extraction is slower; fewer cases.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_bytes_through_html_ingest(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(got) = ingest::from_html(&bytes, None) {
            check_analysis(&Pipeline::embedded().analyze(got));
        }
    }

    #[test]
    fn tag_soup_through_html_ingest(parts in prop::collection::vec(prop_oneof![
        Just("<div>"), Just("</div>"), Just("<p>"), Just("</p>"), Just("<article>"),
        Just("<script>var x=1;</script>"), Just("<!--"), Just("-->"), Just("<br/>"),
        Just("Putin met Xi in Beijing. "), Just("&amp;"), Just("&#xD800;"), Just("<meta charset=latin1>"),
    ], 0..80)) {
        let html = parts.concat();
        if let Ok(got) = ingest::from_html(html.as_bytes(), None) {
            check_analysis(&Pipeline::embedded().analyze(got));
        }
    }
}
