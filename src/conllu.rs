//! `analyze --output conllu`: an Analysis as CoNLL-U (the Universal Dependencies format that
//! UD tools, spaCy's converters and parser scorers read), one block per sentence.

use std::io::{self, Write};

use newsgraph_core::Analysis;

/// Writes `a` as CoNLL-U: `# newdoc id` for the article (the input's own id where it has
/// one, else newsgraph's), then per sentence `# sent_id` and
/// `# text` and one line per token with FORM, UPOS, HEAD (1-based within the sentence, 0 for
/// the root) and DEPREL; MISC holds the entity tag (`NER=B-PER`), the token's byte span in
/// the article (`TokenRange=start:end`, half-open) and `SpaceAfter=No` where no space follows.
pub fn write(a: &Analysis, out: &mut impl Write) -> io::Result<()> {
    let text = a.article.text.as_str();
    let doc = one_line(a.article.external_id.as_deref().unwrap_or(&a.article.id));
    writeln!(out, "# newdoc id = {doc}")?;
    for (n, s) in a.sentences.iter().enumerate() {
        writeln!(out, "# sent_id = {doc}-{}", n + 1)?;
        writeln!(
            out,
            "# text = {}",
            one_line(text.get(s.start..s.end).unwrap_or(""))
        )?;
        let tokens = a.tokens.get(s.first_token..s.end_token).unwrap_or(&[]);
        for (i, t) in tokens.iter().enumerate() {
            // a head outside the sentence (none is made so) would not be valid CoNLL-U
            let head = t
                .head
                .filter(|h| (s.first_token..s.end_token).contains(h))
                .map_or(0, |h| h - s.first_token + 1);
            let mut misc = Vec::with_capacity(3);
            if let Some(ner) = &t.ner {
                misc.push(format!("NER={ner}"));
            }
            misc.push(format!("TokenRange={}:{}", t.start, t.end));
            if tokens.get(i + 1).is_some_and(|n| n.start == t.end) {
                misc.push("SpaceAfter=No".to_string());
            }
            writeln!(
                out,
                "{}\t{}\t_\t{}\t_\t_\t{head}\t{}\t_\t{}",
                i + 1,
                field(text.get(t.start..t.end).unwrap_or("")),
                t.upos.as_deref().map_or("_".into(), field),
                t.deprel.as_deref().map_or("_".into(), field),
                misc.join("|"),
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// A comment's value on one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A field without the tabs and line breaks that would split it (CoNLL-U allows spaces in
/// FORM, not those); an empty field is `_`.
fn field(s: &str) -> String {
    let f: String = s
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    if f.is_empty() {
        "_".into()
    } else {
        f
    }
}
