//! Unit tests of `segment`.

use super::*;

fn toks(text: &str) -> Vec<&str> {
    tokenize(text).iter().map(|t| t.slice(text)).collect()
}

fn sents(text: &str) -> Vec<&str> {
    segment(text)
        .sentences
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect()
}

#[test]
fn a_stretch_without_breaks_is_cut_into_bounded_sentences() {
    let lens = |text: &str| -> Vec<usize> {
        segment(text)
            .sentences
            .iter()
            .map(|s| s.end_token - s.first_token)
            .collect()
    };
    // a short text keeps its sentences whole, however long
    assert_eq!(
        lens(&"word ".repeat(2 * MAX_SENTENCE_TOKENS + 5)),
        [2 * MAX_SENTENCE_TOKENS + 5]
    );
    let words = CUT_TEXTS_OVER / 5 + 7;
    let got = lens(&"word ".repeat(words));
    assert!(got.iter().all(|&n| n <= MAX_SENTENCE_TOKENS), "{got:?}");
    assert_eq!(got.iter().sum::<usize>(), words);
    assert_eq!(got[0], MAX_SENTENCE_TOKENS);
}

#[test]
fn abbreviations_and_initials() {
    assert_eq!(
        toks("Mr. J. K. Smith of the U.S. left."),
        ["Mr.", "J.", "K.", "Smith", "of", "the", "U.S.", "left", "."]
    );
    assert_eq!(
        sents("Mr. Smith went to Washington. He met Dr. Jones on Jan. 5. It rained."),
        [
            "Mr. Smith went to Washington.",
            "He met Dr. Jones on Jan. 5.",
            "It rained."
        ]
    );
    assert_eq!(toks("No. 5 said no."), ["No.", "5", "said", "no", "."]);
    assert_eq!(
        sents("He moved to the U.S. The move was hard."),
        ["He moved to the U.S.", "The move was hard."]
    );
    assert_eq!(
        sents("He sold Apple Inc. shares."),
        ["He sold Apple Inc. shares."]
    );
}

#[test]
fn decimals_numbers_and_currency() {
    assert_eq!(
        toks("Profits rose 76% to $1.13bn (£600m), or 3,000.5 units at 10:30."),
        [
            "Profits", "rose", "76", "%", "to", "$", "1.13bn", "(", "£", "600m", ")", ",", "or",
            "3,000.5", "units", "at", "10:30", "."
        ]
    );
}

#[test]
fn typewriter_quotes_are_one_token_each() {
    assert_eq!(
        toks("to avoid ``new damage'' and ``no,'' he said."),
        [
            "to", "avoid", "``", "new", "damage", "''", "and", "``", "no", ",", "''", "he", "said",
            "."
        ]
    );
    // a lone pair, and the States' possessive, are left as they were
    assert_eq!(toks("`` ''"), ["``", "''"]);
    assert_eq!(toks("the States' plan"), ["the", "States", "'", "plan"]);
}

#[test]
fn quotes_straight_and_curly() {
    let t = "Xi Jinping announced a new “no limits” partnership. China’s border isn't open.";
    assert_eq!(
        toks(t),
        [
            "Xi",
            "Jinping",
            "announced",
            "a",
            "new",
            "“",
            "no",
            "limits",
            "”",
            "partnership",
            ".",
            "China",
            "’s",
            "border",
            "is",
            "n't",
            "open",
            "."
        ]
    );
    assert_eq!(
        sents("\"We will win.\" He left. 'Yes,' she said."),
        ["\"We will win.\"", "He left.", "'Yes,' she said."]
    );
    assert_eq!(
        toks("They can't and won't."),
        ["They", "ca", "n't", "and", "wo", "n't", "."]
    );
}

#[test]
fn ellipses_and_marks() {
    assert_eq!(
        toks("Wait... what?! Really…"),
        ["Wait", "...", "what", "?!", "Really", "…"]
    );
    assert_eq!(
        sents("Wait... What happened? Nobody knows!"),
        ["Wait...", "What happened?", "Nobody knows!"]
    );
    assert_eq!(
        sents("Yahoo! announced results."),
        ["Yahoo! announced results."]
    );
    assert_eq!(sents("call me. they said no"), ["call me.", "they said no"]);
    assert_eq!(sents("\"Why?\" he asked."), ["\"Why?\" he asked."]);
}

#[test]
fn urls_emails_hyphens() {
    assert_eq!(
        toks("See https://example.com/a?b=1. Mail news@example.org, or www.bbc.co.uk."),
        [
            "See",
            "https://example.com/a?b=1",
            ".",
            "Mail",
            "news@example.org",
            ",",
            "or",
            "www.bbc.co.uk",
            "."
        ]
    );
    assert_eq!(
        toks("a newly-built anti-West bridge -- well"),
        ["a", "newly-built", "anti-West", "bridge", "--", "well"]
    );
    assert_eq!(toks("cross-border—trade"), ["cross-border", "—", "trade"]);
}

#[test]
fn crlf_paragraphs_and_headlines() {
    let t = "Putin in China\r\nPresident Putin is making a trip.\r\n\r\nHe arrived";
    assert_eq!(
        sents(t),
        [
            "Putin in China",
            "President Putin is making a trip.",
            "He arrived"
        ]
    );
    let wrapped = "The company said on Monday that\nits profits rose sharply in the\nthird quarter, beating forecasts.\nIt also said that\nsales were up.";
    assert_eq!(sents(wrapped).len(), 2, "{:?}", sents(wrapped));
}

#[test]
fn non_latin_and_emoji() {
    let t = "Путин прибыл в Пекин. 普京抵达北京。他会见了习近平。 Great 👍🏽 news 🇨🇳!";
    let tk = toks(t);
    assert!(tk.contains(&"Путин"));
    assert!(tk.contains(&"👍🏽"), "{tk:?}");
    assert!(tk.contains(&"🇨🇳"), "{tk:?}");
    assert!(tk.contains(&"。"));
    assert_eq!(sents(t).len(), 4, "{:?}", sents(t));
}

#[test]
fn spans_slice_their_text() {
    let t = "« Hé ! » dit-il — “café”… 東京 😀\u{00A0}end.";
    let seg = segment(t);
    for tok in &seg.tokens {
        let s = tok.slice(t);
        assert!(!s.is_empty() && !s.contains(char::is_whitespace), "{s:?}");
    }
    let covered: usize = seg
        .sentences
        .iter()
        .map(|s| s.end_token - s.first_token)
        .sum();
    assert_eq!(covered, seg.tokens.len());
}
