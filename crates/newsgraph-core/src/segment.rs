//! Segment: text → tokens and sentences, each a half-open byte span `[start, end)` into the text.
//!
//! The tokenizer follows the conventions of the English treebanks and CoNLL-2003 (which our
//! taggers train on): punctuation, quotes and brackets split off, clitics split (`Russia’s` →
//! `Russia` `’s`, `don't` → `do` `n't`), hyphenated words, numbers, abbreviations, URLs and
//! e-mail addresses kept whole. Sentences end at terminal punctuation followed by something that
//! can start a sentence, at paragraph breaks, and at line breaks unless the text is hard-wrapped.
//!
//! ```
//! let text = "Mr. Putin met Xi Jinping in Beijing. They didn’t sign.";
//! let seg = newsgraph_core::segment::segment(text);
//! assert_eq!(seg.sentences.len(), 2);
//! let words: Vec<&str> = seg.tokens.iter().map(|t| &text[t.start..t.end]).collect();
//! assert_eq!(words[..3], ["Mr.", "Putin", "met"]);
//! assert!(words.contains(&"n’t"));
//! ```

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

/// A half-open byte range `[start, end)` into the analysed text.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from its bounds.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The text this span covers.
    ///
    /// # Panics
    /// If the span is not on character boundaries of `text`; spans made by this crate always are.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// A sentence: its byte span and the half-open range of its tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Sentence {
    /// First byte of the first token.
    pub start: usize,
    /// One past the last byte of the last token.
    pub end: usize,
    /// Index of the sentence's first token.
    pub first_token: usize,
    /// One past the index of its last token.
    pub end_token: usize,
}

/// Tokens and sentences of one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmentation {
    /// Every token, in text order.
    pub tokens: Vec<Span>,
    /// Every sentence, in text order; together they cover every token exactly once.
    pub sentences: Vec<Sentence>,
}

/// Tokenizes and sentence-splits `text`.
pub fn segment(text: &str) -> Segmentation {
    let tokens = tokenize(text);
    let sentences = split_sentences(text, &tokens);
    Segmentation { tokens, sentences }
}

// ---------------------------------------------------------------------------------------------
// Tokens

/// Abbreviations (lower case, final full stop omitted) that keep their full stop.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "mme", "dr", "prof", "sr", "jr", "st", "mt", "ft", "gen", "col",
    "lt", "maj", "sgt", "cpl", "pvt", "capt", "cmdr", "adm", "gov", "sen", "rep", "reps", "pres",
    "rev", "hon", "supt", "insp", "det", "atty", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
    "sat", "sun", "inc", "ltd", "co", "corp", "bros", "llc", "plc", "dept", "univ", "assn", "est",
    "fig", "figs", "vol", "vols", "pp", "op", "cf", "al", "etc", "vs", "approx", "ave", "blvd",
    "rd", "cal", "calif", "conn", "fla", "ill", "kan", "mass", "mich", "minn", "nev", "okla",
    "ore", "penn", "tenn", "tex", "va", "wash", "wis", "ariz", "colo", "del", "ga", "ky", "la",
    "md", "mo", "neb", "pa", "vt", "wyo", "ala", "ark", "ind", "mich", "miss", "mont", "no", "nos",
    "esp", "dist", "gov't", "mins", "hrs", "sq", "ref", "tel", "ext", "govt",
];

/// Abbreviations that often end a sentence too ("... shares of Apple Inc. The company ...").
const FINAL_ABBREVIATIONS: &[&str] = &[
    "inc", "ltd", "co", "corp", "bros", "llc", "plc", "etc", "jr", "sr",
];

/// Capitalised words that usually start a sentence, used to decide whether an abbreviation
/// such as "U.S." or "Inc." also ends one.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "In",
    "On",
    "At",
    "For",
    "From",
    "With",
    "As",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "Although",
    "Though",
    "Because",
    "Since",
    "However",
    "Meanwhile",
    "Its",
    "His",
    "Her",
    "Their",
    "Our",
    "My",
    "Some",
    "Many",
    "Most",
    "Officials",
    "What",
    "Why",
    "How",
    "Who",
    "Where",
    "Now",
    "Then",
    "Still",
    "Also",
    "Last",
    "Earlier",
    "Later",
    "Both",
    "Such",
    "Another",
    "One",
    "No",
    "Not",
    "Under",
    "By",
];

fn is_abbreviation(core: &str, next: Option<char>) -> bool {
    if core.is_empty() || core.len() > 8 {
        return false;
    }
    let lower = core.to_ascii_lowercase();
    if lower == "no" || lower == "nos" {
        // "No. 5" but not "said no."
        return next.is_some_and(|c| c.is_ascii_digit());
    }
    ABBREVIATIONS.contains(&lower.as_str()) || is_initialism(core)
}

/// "J", "U.S", "e.g", "a.m": single letters separated by full stops (final one omitted).
fn is_initialism(core: &str) -> bool {
    let mut chars = core.chars();
    loop {
        match chars.next() {
            Some(c) if c.is_alphabetic() => {}
            _ => return false,
        }
        match chars.next() {
            None => return true,
            Some('.') => {}
            Some(_) => return false,
        }
    }
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '‘'
            | '«'
            | '‹'
            | '('
            | '['
            | '{'
            | '¿'
            | '¡'
            | '„'
            | '‚'
            | '<'
            | '*'
    )
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '>' | '*'
    )
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '£' | '€' | '¥' | '₹' | '₽' | '¢')
}

fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '。' | '！' | '？' | '‼' | '⁇' | '⁈' | '⁉'
    )
}

/// Pictographs, dingbats, arrows and other symbols: each grapheme is a token of its own.
fn is_symbol(c: char) -> bool {
    matches!(c as u32,
        0x2190..=0x21FF | 0x2300..=0x23FF | 0x25A0..=0x27BF | 0x2900..=0x297F | 0x2B00..=0x2BFF
        | 0x1F000..=0x1FAFF)
}

/// CJK and full-width punctuation: always its own token.
fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

const CLITICS: &[&str] = &["s", "re", "ve", "ll", "d", "m"];

/// Tokenizes the whole text.
pub fn tokenize(text: &str) -> Vec<Span> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut chunks = whitespace_chunks(text).peekable();
    while let Some((s, e)) = chunks.next() {
        let next = chunks.peek().and_then(|&(ns, _)| text[ns..].chars().next());
        split_chunk(text, s, e, next, &mut out);
    }
    out
}

fn whitespace_chunks(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start: Option<usize> = None;
    let mut iter = text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')));
    std::iter::from_fn(move || {
        for (i, c) in iter.by_ref() {
            let ws = c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}';
            match (ws, start) {
                (true, Some(s)) => {
                    start = None;
                    return Some((s, i));
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        None
    })
}

fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}

fn last_char(s: &str) -> char {
    s.chars().next_back().unwrap_or(' ')
}

fn looks_like_url(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("ftp://")
        || lower.starts_with("www.") && s.len() > 5
}

fn looks_like_email(s: &str) -> bool {
    let Some(at) = s.find('@') else { return false };
    let (user, domain) = (&s[..at], &s[at + 1..]);
    !user.is_empty()
        && user
            .chars()
            .all(|c| c.is_alphanumeric() || "._%+-'".contains(c))
        && domain.contains('.')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
        && domain.chars().next().is_some_and(char::is_alphanumeric)
}

/// Splits one whitespace-free chunk `[s, e)` into tokens.
fn split_chunk(text: &str, mut s: usize, mut e: usize, next: Option<char>, out: &mut Vec<Span>) {
    // Leading punctuation: quotes, brackets, currency before a number.
    while s < e {
        // a typewriter opening quote, `` (Penn Treebank style), is one token, and so is its
        // closing ''
        if &text[s..e] == "''" {
            break;
        }
        if text[s..e].starts_with("``") && e - s > 2 {
            out.push(Span::new(s, s + 2));
            s += 2;
            continue;
        }
        let c = first_char(&text[s..e]);
        let rest = &text[s + c.len_utf8()..e];
        let split = if c == '\'' || c == '‘' || c == '’' {
            // keep "'s" written apart, and "’90s"
            !(CLITICS.contains(&rest.to_ascii_lowercase().as_str())
                || rest.starts_with(|d: char| d.is_ascii_digit())
                || rest.is_empty())
        } else if is_currency(c) {
            rest.starts_with(|d: char| d.is_ascii_digit())
        } else {
            is_opening(c) && !rest.is_empty()
        };
        if !split {
            break;
        }
        out.push(Span::new(s, s + c.len_utf8()));
        s += c.len_utf8();
    }
    if looks_like_url(&text[s..e]) || looks_like_email(&text[s..e]) {
        let mut tail = Vec::new();
        while e > s {
            let c = last_char(&text[s..e]);
            let strip = matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | '”' | '’' | '>' | ']'
            ) || c == ')' && !text[s..e].contains('(');
            if !strip {
                break;
            }
            tail.push(Span::new(e - c.len_utf8(), e));
            e -= c.len_utf8();
        }
        out.push(Span::new(s, e));
        out.extend(tail.into_iter().rev());
        return;
    }

    // Trailing punctuation, popped from the end and pushed afterwards in order.
    let mut tail: Vec<Span> = Vec::new();
    while e > s {
        let chunk = &text[s..e];
        // and its closing '' (two apostrophes)
        if chunk == "''" {
            break;
        }
        if chunk.ends_with("''") {
            tail.push(Span::new(e - 2, e));
            e -= 2;
            continue;
        }
        let c = last_char(chunk);
        if c == '.' {
            // An ellipsis or a run of terminal marks is one token.
            let run = chunk.len() - chunk.trim_end_matches(['.', '!', '?']).len();
            if run > 1 {
                tail.push(Span::new(e - run, e));
                e -= run;
                continue;
            }
            let core = &chunk[..chunk.len() - 1];
            if is_abbreviation(core, next) {
                break; // "U.S." keeps its full stop
            }
            tail.push(Span::new(e - 1, e));
            e -= 1;
            continue;
        }
        if matches!(c, '!' | '?') {
            let run = chunk.len() - chunk.trim_end_matches(['.', '!', '?']).len();
            tail.push(Span::new(e - run, e));
            e -= run;
            continue;
        }
        let split = if c == '\'' || c == '’' {
            // "States'" → "States" "'"; but a lone quote stays
            chunk.len() > c.len_utf8()
        } else {
            matches!(c, ',' | ';' | ':' | '%' | '…') || is_closing(c) || is_terminal(c)
        };
        if !split || chunk.len() == c.len_utf8() {
            break;
        }
        tail.push(Span::new(e - c.len_utf8(), e));
        e -= c.len_utf8();
    }

    if s < e {
        // Clitics: "n't", "'s", "'re", ... (straight or curly apostrophe).
        let core = &text[s..e];
        let mut clitic_at = None;
        let lower_tail = core
            .get(core.len().saturating_sub(4)..)
            .unwrap_or("")
            .to_ascii_lowercase();
        if core.len() > 3 && (lower_tail.ends_with("n't")) {
            clitic_at = Some(e - 3);
        } else if core.len() > 5 && core.to_lowercase().ends_with("n’t") {
            clitic_at = Some(e - "n’t".len());
        } else {
            for apos in ['\'', '’'] {
                if let Some(p) = core.rfind(apos) {
                    let after = &core[p + apos.len_utf8()..];
                    if p > 0
                        && CLITICS.contains(&after.to_ascii_lowercase().as_str())
                        && core[..p]
                            .chars()
                            .next_back()
                            .is_some_and(char::is_alphanumeric)
                    {
                        clitic_at = Some(s + p);
                    }
                }
            }
        }
        match clitic_at {
            Some(at) => {
                split_infixes(text, s, at, out);
                out.push(Span::new(at, e));
            }
            None => split_infixes(text, s, e, out),
        }
    }
    out.extend(tail.into_iter().rev());
}

/// Splits inside a token: dashes, ellipses, CJK punctuation, symbols and emoji, and commas or
/// semicolons between letters. Hyphens, decimal points, thousands separators and colons in
/// times stay inside.
fn split_infixes(text: &str, s: usize, e: usize, out: &mut Vec<Span>) {
    let word = &text[s..e];
    if word.is_ascii()
        && word.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'-' | b'.' | b'\'' | b'&' | b'/' | b':' | b'@' | b'#' | b'_' | b'+'
                )
        })
        && !word.contains("--")
        && !word.contains("..")
    {
        out.push(Span::new(s, e));
        return;
    }
    let mut start = s;
    let flush = |start: usize, end: usize, out: &mut Vec<Span>| {
        if start < end {
            out.push(Span::new(start, end));
        }
    };
    let mut graphemes = word.grapheme_indices(true).peekable();
    while let Some((off, g)) = graphemes.next() {
        let i = s + off;
        let c = first_char(g);
        let prev = text[s..i].chars().next_back();
        let next = graphemes.peek().map(|&(_, n)| first_char(n));
        let alone = matches!(c, '—' | '–' | '…' | '―')
            || is_symbol(c)
            || is_cjk_punct(c)
            || (matches!(c, ',' | ';')
                && !(prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit())))
            || (matches!(c, '"' | '“' | '”' | '(' | ')' | '[' | ']')
                && (prev.is_none() || next.is_none()));
        if alone {
            flush(start, i, out);
            out.push(Span::new(i, i + g.len()));
            start = i + g.len();
            continue;
        }
        // "--" and "..." inside a word
        if (c == '-' && next == Some('-')) || (c == '.' && next == Some('.')) {
            let run_len = text[i..e].len() - text[i..e].trim_start_matches(c).len();
            flush(start, i, out);
            out.push(Span::new(i, i + run_len));
            start = i + run_len;
            while graphemes.peek().is_some_and(|&(o, _)| s + o < start) {
                graphemes.next();
            }
        }
    }
    flush(start, e, out);
}

// ---------------------------------------------------------------------------------------------
// Sentences

/// The most tokens a sentence of a long text may hold; a longer stretch without a sentence
/// break is cut into sentences of this many. (The longest sentence of the 2,225 BBC articles
/// has 342.)
pub const MAX_SENTENCE_TOKENS: usize = 1000;

/// Texts longer than this have their sentences cut at [`MAX_SENTENCE_TOKENS`]; a shorter text
/// keeps its sentences whole, as it always has (its cost is bounded by its size anyway).
pub const CUT_TEXTS_OVER: usize = 256 << 10;

/// Splits tokens into sentences. `tokens` must come from [`tokenize`] on the same text.
pub fn split_sentences(text: &str, tokens: &[Span]) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    if tokens.is_empty() {
        return sentences;
    }
    let wrapped = is_hard_wrapped(text);
    let cut = text.len() > CUT_TEXTS_OVER;
    let mut first = 0;
    let mut i = 0;
    while i < tokens.len() {
        let mut last = i; // last token of a sentence ending here, if it does
        let tok = tokens[i].slice(text);
        let ends = if let Some(next) = tokens.get(i + 1) {
            let gap = &text[tokens[i].end..next.start];
            let line_break =
                gap.contains('\n') && !wrapped && !continues_line(tok, next.slice(text));
            if has_paragraph_break(gap) || line_break {
                true
            } else if is_terminal_token(tok) {
                // closing quotes and brackets right after the mark belong to this sentence
                while let Some(t) = tokens.get(last + 1) {
                    let s = t.slice(text);
                    if t.start == tokens[last].end && s.chars().all(is_closing) {
                        last += 1;
                    } else {
                        break;
                    }
                }
                match tokens.get(last + 1) {
                    None => false,
                    Some(n) => {
                        let next = n.slice(text);
                        let cjk = matches!(last_char(tok), '。' | '！' | '？');
                        // A bare "." or "?" before a lower-case word still ends a sentence in
                        // informal text ("call me. they said"): abbreviations keep their full
                        // stop, so this "." is not one. Not after a closing quote ("Why?" he asked).
                        let informal = last == i
                            && matches!(tok, "." | "?")
                            && first_char(next).is_lowercase()
                            && next.chars().all(char::is_alphabetic);
                        cjk || informal
                            || can_start_sentence(next)
                            || has_paragraph_break(&text[tokens[last].end..n.start])
                    }
                }
            } else if tok.len() > 1 && tok.ends_with('.') {
                // an abbreviation that kept its full stop
                let core = tok[..tok.len() - 1].to_ascii_lowercase();
                let n = next.slice(text);
                let can_end = FINAL_ABBREVIATIONS.contains(&core.as_str())
                    || (is_initialism(&tok[..tok.len() - 1]) && tok.len() > 2);
                can_end && SENTENCE_STARTERS.contains(&n)
            } else {
                false
            }
        } else {
            false
        };
        // a run of text with no sentence break (a table, a list, garbage) is cut so that no
        // sentence costs the taggers and the parser unbounded memory
        let too_long = cut && last + 1 - first >= MAX_SENTENCE_TOKENS;
        if ends || too_long || last + 1 == tokens.len() {
            sentences.push(Sentence {
                start: tokens[first].start,
                end: tokens[last].end,
                first_token: first,
                end_token: last + 1,
            });
            first = last + 1;
        }
        i = last + 1;
    }
    sentences
}

fn is_terminal_token(tok: &str) -> bool {
    !tok.is_empty() && tok.chars().all(is_terminal)
}

fn can_start_sentence(tok: &str) -> bool {
    let c = first_char(tok);
    if c.is_lowercase() {
        return false;
    }
    if c.is_alphabetic() || c.is_numeric() {
        return true;
    }
    // quotes, brackets, bullets, symbols; but not a comma or another closing mark
    !matches!(c, ',' | ';' | ':' | ')' | ']' | '}' | '%') && !is_terminal(c)
}

fn has_paragraph_break(gap: &str) -> bool {
    gap.matches('\n').count() >= 2
}

/// In a text with one paragraph per line, a line break still does not end a sentence when the
/// line plainly goes on (it ends in a comma or the next starts in lower case).
fn continues_line(tok: &str, next: &str) -> bool {
    matches!(last_char(tok), ',' | ';' | '-' | '–' | '(' | '&') || first_char(next).is_lowercase()
}

/// A hard-wrapped text (Reuters, e-mail) breaks lines mid-sentence; one paragraph per line
/// (most web and wire copy) does not. Wrapped if at least a quarter of the single line breaks
/// are followed by a lower-case word or follow a line that ends mid-clause.
fn is_hard_wrapped(text: &str) -> bool {
    let mut breaks = 0usize;
    let mut mid = 0usize;
    let lines: Vec<&str> = text.lines().collect();
    for w in lines.windows(2) {
        let (a, b) = (w[0].trim_end(), w[1].trim_start());
        if a.is_empty() || b.is_empty() {
            continue;
        }
        breaks += 1;
        let a_last = last_char(a);
        if first_char(b).is_lowercase()
            || matches!(a_last, ',' | ';' | '-')
            || a_last.is_lowercase() && !a.ends_with(':') && a.len() > 50
        {
            mid += 1;
        }
    }
    breaks >= 3 && mid * 4 >= breaks
}

#[cfg(test)]
mod tests;
