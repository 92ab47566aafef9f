//! Readers for the training and evaluation corpora: UD CoNLL-U and CoNLL-2003.

use std::path::Path;

use crate::error::{Error, Result};

/// A sentence's tokens and their tags.
pub type TaggedSentence = (Vec<String>, Vec<String>);

/// One syntactic word of a CoNLL-U sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// FORM.
    pub form: String,
    /// UPOS.
    pub upos: String,
    /// XPOS.
    pub xpos: String,
    /// HEAD (0 = root).
    pub head: usize,
    /// DEPREL.
    pub deprel: String,
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        Error::Io(std::io::Error::new(
            e.kind(),
            format!("{}: {e}", path.display()),
        ))
    })
}

/// Sentences of syntactic words (multiword-token lines and empty nodes skipped).
///
/// # Errors
/// An unreadable file or a word line with fewer than 8 columns or a non-numeric HEAD.
pub fn read_conllu(path: &Path) -> Result<Vec<Vec<Word>>> {
    let content = read(path)?;
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for (n, line) in content.lines().enumerate() {
        if line.is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 8 {
            return Err(Error::Format {
                path: path.display().to_string(),
                line: n + 1,
                reason: format!("{} columns, CoNLL-U has 10", cols.len()),
            });
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let head = cols[6].parse().map_err(|_| Error::Format {
            path: path.display().to_string(),
            line: n + 1,
            reason: format!("HEAD {:?} is not a number", cols[6]),
        })?;
        cur.push(Word {
            form: cols[1].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            head,
            deprel: cols[7].to_string(),
        });
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// CoNLL-2003 sentences as `(tokens, NER tags as in the file)`; `-DOCSTART-` lines skipped.
/// See [`read_conll2003_docs`] for the document of each sentence.
///
/// # Errors
/// An unreadable file or a token line with fewer than 2 columns.
pub fn read_conll2003(path: &Path) -> Result<Vec<TaggedSentence>> {
    let content = read(path)?;
    let mut out = Vec::new();
    let (mut toks, mut tags) = (Vec::new(), Vec::new());
    for (n, line) in content.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with("-DOCSTART-") {
            if !toks.is_empty() {
                out.push((std::mem::take(&mut toks), std::mem::take(&mut tags)));
            }
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 2 {
            return Err(Error::Format {
                path: path.display().to_string(),
                line: n + 1,
                reason: "expected `token ... tag` columns".into(),
            });
        }
        toks.push(cols[0].to_string());
        tags.push(cols[cols.len() - 1].to_string());
    }
    if !toks.is_empty() {
        out.push((toks, tags));
    }
    Ok(out)
}

/// Like [`read_conll2003`], plus the document index of each sentence (`-DOCSTART-` starts one).
///
/// # Errors
/// As [`read_conll2003`].
pub fn read_conll2003_docs(path: &Path) -> Result<(Vec<TaggedSentence>, Vec<usize>)> {
    let sentences = read_conll2003(path)?;
    let content = read(path)?;
    let mut doc_of = Vec::with_capacity(sentences.len());
    let (mut doc, mut in_sentence) = (0usize, false);
    for line in content.lines() {
        let line = line.trim_end();
        if line.starts_with("-DOCSTART-") {
            if in_sentence {
                doc_of.push(doc);
                in_sentence = false;
            }
            doc += 1;
        } else if line.is_empty() {
            if in_sentence {
                doc_of.push(doc);
                in_sentence = false;
            }
        } else {
            in_sentence = true;
        }
    }
    if in_sentence {
        doc_of.push(doc);
    }
    debug_assert_eq!(doc_of.len(), sentences.len());
    Ok((sentences, doc_of))
}
