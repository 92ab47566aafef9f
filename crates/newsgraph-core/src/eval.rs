//! Evaluation against gold corpora: segmentation against CoNLL-2003 tokens and UD sentences.
//!
//! Neither corpus ships its raw text, so each document is rebuilt from the gold: UD sentences
//! from their `# text` lines (a space between sentences, a blank line between paragraphs),
//! CoNLL-2003 tokens joined by the usual detokenisation rules (no space before `,` `.` `'s`
//! `n't` ...). Gold spans are located in that text, and a predicted token or sentence counts
//! when its span matches a gold one exactly (the CoNLL 2018 shared task's convention).

use std::collections::HashSet;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::segment::{self, Span};

/// A document rebuilt from a gold corpus.
#[derive(Debug, Clone, Serialize)]
pub struct GoldDoc {
    /// The rebuilt text.
    pub text: String,
    /// Gold token spans (bytes).
    pub tokens: Vec<(usize, usize)>,
    /// Gold sentence spans (bytes).
    pub sentences: Vec<(usize, usize)>,
}

/// Precision, recall and F1 of predicted spans against gold spans.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans.
    pub predicted: usize,
    /// Exact matches.
    pub correct: usize,
    /// correct / predicted.
    pub precision: f64,
    /// correct / gold.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Prf {
    /// Adds one document's counts.
    pub fn add<T: std::hash::Hash + Eq>(&mut self, gold: &[T], predicted: &[T]) {
        let g: HashSet<&T> = gold.iter().collect();
        self.gold += gold.len();
        self.predicted += predicted.len();
        self.correct += predicted.iter().filter(|p| g.contains(p)).count();
        self.finish();
    }

    /// Scores from counts already made: `correct` of `predicted` against `gold`.
    pub fn from_counts(correct: usize, predicted: usize, gold: usize) -> Prf {
        let mut p = Prf {
            gold,
            predicted,
            correct,
            ..Prf::default()
        };
        p.finish();
        p
    }

    fn finish(&mut self) {
        let div = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        self.precision = div(self.correct, self.predicted);
        self.recall = div(self.correct, self.gold);
        self.f1 = if self.precision + self.recall == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        };
    }
}

/// Segmentation scores on one corpus.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentEval {
    /// Documents scored.
    pub docs: usize,
    /// Sentence-span scores.
    pub sentences: Prf,
    /// Token-span scores.
    pub tokens: Prf,
    /// Wall-clock seconds spent segmenting.
    pub seconds: f64,
}

/// Scores newsgraph's segmenter on rebuilt gold documents.
pub fn evaluate_segmentation(docs: &[GoldDoc]) -> SegmentEval {
    let start = std::time::Instant::now();
    let predicted: Vec<_> = docs.iter().map(|d| segment::segment(&d.text)).collect();
    let seconds = start.elapsed().as_secs_f64();
    let (mut sentences, mut tokens) = (Prf::default(), Prf::default());
    for (doc, seg) in docs.iter().zip(&predicted) {
        let toks: Vec<_> = seg.tokens.iter().map(|t| (t.start, t.end)).collect();
        let sents: Vec<_> = seg.sentences.iter().map(|s| (s.start, s.end)).collect();
        tokens.add(&doc.tokens, &toks);
        sentences.add(&doc.sentences, &sents);
    }
    SegmentEval {
        docs: docs.len(),
        sentences,
        tokens,
        seconds,
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        Error::Io(std::io::Error::new(
            e.kind(),
            format!("{}: {e}", path.display()),
        ))
    })
}

/// Reads a CoNLL-U file (UD) into documents rebuilt from the `# text` of each sentence.
///
/// # Errors
/// An unreadable file, a sentence without `# text`, or tokens that do not occur in that text.
pub fn read_conllu(path: &Path) -> Result<Vec<GoldDoc>> {
    let content = read(path)?;
    let name = path.display().to_string();
    let mut docs = Vec::new();
    let mut doc = GoldDoc {
        text: String::new(),
        tokens: Vec::new(),
        sentences: Vec::new(),
    };
    let mut new_par = false;
    let mut sent_text: Option<(usize, String)> = None;
    let mut forms: Vec<String> = Vec::new();
    let mut skip_until = 0usize;
    let mut mwt: Option<(String, Vec<String>)> = None;
    let flush_sentence = |doc: &mut GoldDoc,
                          new_par: &mut bool,
                          sent: &mut Option<(usize, String)>,
                          forms: &mut Vec<String>|
     -> Result<()> {
        let Some((line, text)) = sent.take() else {
            return Ok(());
        };
        if !doc.text.is_empty() {
            doc.text.push_str(if *new_par { "\n\n" } else { " " });
        }
        *new_par = false;
        let base = doc.text.len();
        doc.text.push_str(&text);
        doc.sentences.push((base, base + text.len()));
        let mut at = 0;
        for f in forms.drain(..) {
            let off = text[at..].find(&f).ok_or_else(|| Error::Format {
                path: name.clone(),
                line,
                reason: format!("token {f:?} not found in the sentence text"),
            })?;
            doc.tokens
                .push((base + at + off, base + at + off + f.len()));
            at += off + f.len();
        }
        Ok(())
    };
    for (n, line) in content.lines().enumerate() {
        if let Some(rest) = line.strip_prefix("# newdoc") {
            let _ = rest;
            flush_sentence(&mut doc, &mut new_par, &mut sent_text, &mut forms)?;
            if !doc.text.is_empty() {
                docs.push(std::mem::replace(
                    &mut doc,
                    GoldDoc {
                        text: String::new(),
                        tokens: Vec::new(),
                        sentences: Vec::new(),
                    },
                ));
            }
        } else if line.starts_with("# newpar") {
            new_par = true;
        } else if let Some(t) = line.strip_prefix("# text = ") {
            sent_text = Some((n + 1, t.trim().to_owned()));
        } else if line.is_empty() {
            skip_until = 0;
            flush_sentence(&mut doc, &mut new_par, &mut sent_text, &mut forms)?;
        } else if !line.starts_with('#') {
            let mut cols = line.split('\t');
            let (Some(id), Some(form)) = (cols.next(), cols.next()) else {
                return Err(Error::Format {
                    path: name,
                    line: n + 1,
                    reason: "expected tab-separated CoNLL-U columns".into(),
                });
            };
            if id.contains('.') {
                continue; // empty nodes
            }
            if let Some((_, b)) = id.split_once('-') {
                // a multiword token ("don't"): score its words ("do", "n't") when they are
                // substrings of it in order, as they almost always are; else the surface form
                skip_until = b.parse().unwrap_or(0);
                mwt = Some((form.to_owned(), Vec::new()));
            } else if id.parse::<usize>().unwrap_or(0) <= skip_until {
                if let Some((_, words)) = mwt.as_mut() {
                    words.push(form.to_owned());
                }
                if id.parse::<usize>().ok() == Some(skip_until) {
                    if let Some((surface, words)) = mwt.take() {
                        let mut at = 0;
                        let fits = words.iter().all(|w| match surface[at..].find(w.as_str()) {
                            Some(off) => {
                                at += off + w.len();
                                true
                            }
                            None => false,
                        });
                        if fits {
                            forms.extend(words);
                        } else {
                            forms.push(surface);
                        }
                    }
                }
            } else {
                forms.push(form.to_owned());
            }
            if sent_text.is_none() {
                return Err(Error::Format {
                    path: name,
                    line: n + 1,
                    reason: "sentence without a `# text =` comment".into(),
                });
            }
        }
    }
    flush_sentence(&mut doc, &mut new_par, &mut sent_text, &mut forms)?;
    if !doc.text.is_empty() {
        docs.push(doc);
    }
    Ok(docs)
}

/// Reads CoNLL-2003 tokens (first column; `-DOCSTART-` separates documents) and rebuilds each
/// document's text, a line per sentence.
///
/// # Errors
/// An unreadable file.
pub fn read_conll2003(path: &Path) -> Result<Vec<GoldDoc>> {
    let content = read(path)?;
    let mut docs = Vec::new();
    let mut sentences: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut flush_doc = |sentences: &mut Vec<Vec<&str>>| {
        if !sentences.is_empty() {
            docs.push(detokenize(sentences));
            sentences.clear();
        }
    };
    for line in content.lines() {
        let tok = line.split(' ').next().unwrap_or("");
        if tok == "-DOCSTART-" {
            if !current.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            flush_doc(&mut sentences);
        } else if tok.is_empty() {
            if !current.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
        } else {
            current.push(tok);
        }
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    flush_doc(&mut sentences);
    Ok(docs)
}

/// Joins tokens the way they would have been written.
pub fn detokenize(sentences: &[Vec<&str>]) -> GoldDoc {
    let mut text = String::new();
    let mut tokens = Vec::new();
    let mut sents = Vec::new();
    for sentence in sentences {
        if !text.is_empty() {
            text.push('\n');
        }
        let start = text.len();
        let mut open_quote = false;
        let mut glue_next = true;
        for tok in sentence {
            let lower = tok.to_ascii_lowercase();
            let no_space_before = matches!(
                *tok,
                "," | "." | ";" | ":" | "!" | "?" | ")" | "]" | "}" | "%" | "..."
            ) || matches!(
                lower.as_str(),
                "'s" | "n't" | "'re" | "'ve" | "'ll" | "'d" | "'m" | "'"
            ) || (*tok == "\"" && open_quote);
            if !glue_next && !no_space_before {
                text.push(' ');
            }
            tokens.push((text.len(), text.len() + tok.len()));
            text.push_str(tok);
            glue_next = matches!(*tok, "(" | "[" | "{" | "$") || (*tok == "\"" && !open_quote);
            if *tok == "\"" {
                open_quote = !open_quote;
            }
        }
        sents.push((start, text.len()));
    }
    GoldDoc {
        text,
        tokens,
        sentences: sents,
    }
}

/// Convenience for callers that want token spans as [`Span`]s.
pub fn spans(pairs: &[(usize, usize)]) -> Vec<Span> {
    pairs.iter().map(|&(s, e)| Span::new(s, e)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detokenizes_and_locates_tokens() {
        let doc = detokenize(&[vec![
            "Germany", "'s", "view", "(", "on", "\"", "talks", "\"", ")", ".",
        ]]);
        assert_eq!(doc.text, "Germany's view (on \"talks\").");
        for &(s, e) in &doc.tokens {
            assert!(!doc.text[s..e].contains(' '));
        }
        assert_eq!(doc.tokens.len(), 10);
    }

    #[test]
    fn prf_counts_exact_matches() {
        let mut p = Prf::default();
        p.add(&[(0, 3), (4, 6)], &[(0, 3), (4, 5), (5, 6)]);
        assert_eq!((p.gold, p.predicted, p.correct), (2, 3, 1));
        assert!((p.f1 - 0.4).abs() < 1e-9);
    }

    #[test]
    fn reads_conllu_paragraphs() {
        let dir = std::env::temp_dir().join(format!("ng-conllu-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("t.conllu");
        std::fs::write(
            &p,
            "# newdoc id = d1\n# newpar id = p1\n# text = I don't know.\n1\tI\t_\n2-3\tdon't\t_\n2\tdo\t_\n3\tn't\t_\n4\tknow\t_\n5\t.\t_\n\n# newpar id = p2\n# text = Yes.\n1\tYes\t_\n2\t.\t_\n\n",
        )
        .unwrap();
        let docs = read_conllu(&p).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].text, "I don't know.\n\nYes.");
        assert_eq!(docs[0].sentences, vec![(0, 13), (15, 19)]);
        assert_eq!(docs[0].tokens[..3], [(0, 1), (2, 4), (4, 7)]);
        std::fs::remove_dir_all(dir).unwrap();
    }
}

/// Entity-level scores as conlleval computes them: exact chunk match, per type and micro-averaged.
#[derive(Debug, Clone, Default, Serialize)]
pub struct NerEval {
    /// Micro-averaged over all types.
    pub micro: Prf,
    /// Per entity type.
    pub per_type: std::collections::BTreeMap<String, Prf>,
    /// Tokens scored.
    pub tokens: usize,
    /// Token tag accuracy (conlleval's "accuracy").
    pub accuracy: f64,
}

/// Scores predicted tag sequences against gold ones (any mix of IOB1 and BIO).
pub fn score_ner(gold: &[Vec<String>], predicted: &[Vec<String>]) -> NerEval {
    use crate::tag::entity_spans;
    let mut e = NerEval::default();
    let mut correct_tags = 0;
    for (g, p) in gold.iter().zip(predicted) {
        let gs: Vec<&str> = g.iter().map(String::as_str).collect();
        let ps: Vec<&str> = p.iter().map(String::as_str).collect();
        e.tokens += g.len();
        correct_tags += g.iter().zip(p).filter(|(a, b)| a == b).count();
        let gold_spans = entity_spans(&gs);
        let pred_spans = entity_spans(&ps);
        let mut types: Vec<&String> = gold_spans.iter().chain(&pred_spans).map(|s| &s.2).collect();
        types.sort();
        types.dedup();
        for ty in types {
            let gt: Vec<(usize, usize)> = gold_spans
                .iter()
                .filter(|s| &s.2 == ty)
                .map(|s| (s.0, s.1))
                .collect();
            let pt: Vec<(usize, usize)> = pred_spans
                .iter()
                .filter(|s| &s.2 == ty)
                .map(|s| (s.0, s.1))
                .collect();
            e.per_type.entry(ty.clone()).or_default().add(&gt, &pt);
        }
        e.micro.add(&gold_spans, &pred_spans);
    }
    e.accuracy = correct_tags as f64 / e.tokens.max(1) as f64;
    e
}

#[cfg(test)]
mod ner_tests {
    use super::*;

    #[test]
    fn conlleval_chunks_and_types() {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let gold = vec![v(&["I-PER", "I-PER", "O", "I-LOC", "I-ORG"])];
        let pred = vec![v(&["B-PER", "I-PER", "O", "B-ORG", "B-ORG"])];
        let e = score_ner(&gold, &pred);
        assert_eq!(
            (e.micro.gold, e.micro.predicted, e.micro.correct),
            (3, 3, 2)
        );
        assert_eq!(e.per_type["LOC"].correct, 0);
        assert_eq!(
            (e.per_type["ORG"].predicted, e.per_type["ORG"].correct),
            (2, 1)
        );
    }
}
