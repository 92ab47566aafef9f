//! `newsgraph eval events DIR`: the event coder on whole annotated articles. Each annotation
//! names its article (a path under `--data`) and the SHA-256 of the text its offsets point
//! into; an annotation that cannot be read, or whose article is missing or changed, is
//! reported and skipped, and the others are scored.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use newsgraph_core::events::eval_articles::{
    by_group, read_annotation, score_article, total, ArticleCounts, ArticleGold, ArticlePrediction,
    ArticleScores,
};
use newsgraph_core::{Analysis, Article, Pipeline};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::{read_text, write_json_lines};
use crate::cli::{EvalEventsArgs, SplitArg};

/// One annotated article ready to analyse.
pub(super) struct Item {
    pub slug: String,
    pub gold: ArticleGold,
    pub article: Article,
}

/// Reads an annotation and its article; `Err` is the reason it is skipped.
fn load_item(path: &Path, data: &Path) -> Result<Item, String> {
    let shown = path.display().to_string();
    let json = read_text(path).map_err(|e| format!("{e:#}"))?;
    let gold = read_annotation(&shown, &json).map_err(|e| e.to_string())?;
    let doc = data.join(&gold.doc);
    let bytes = std::fs::read(&doc).map_err(|e| format!("article {}: {e}", doc.display()))?;
    let article = if doc.extension().is_some_and(|x| x == "tml") {
        let xml =
            String::from_utf8(bytes).map_err(|e| format!("article {}: {e}", doc.display()))?;
        let t = newsgraph_core::dates::read_timeml(&xml)
            .map_err(|e| format!("article {}: not TimeML: {e}", doc.display()))?;
        let mut a = Article::new(None, t.text);
        a.published = t.dct;
        a
    } else {
        newsgraph_core::ingest::from_text(&bytes, Some(&doc.display().to_string()))
            .map_err(|e| format!("article {}: {}", doc.display(), e.reason))?
            .article
    };
    let hash = format!("{:x}", Sha256::digest(article.text.as_bytes()));
    if hash != gold.text_sha256 {
        return Err(format!(
            "article {} is not the text annotated (sha256 {hash}, annotated {})",
            doc.display(),
            gold.text_sha256
        ));
    }
    let slug = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Item {
        slug,
        gold,
        article,
    })
}

/// The coder's events in the scorer's terms.
pub(super) fn predictions(events: &[newsgraph_core::analysis::Event]) -> Vec<ArticlePrediction> {
    events
        .iter()
        .map(|e| ArticlePrediction {
            sentence: e.sentence,
            kind: e.event.clone(),
            source: e.source.clone(),
            target: e.target.clone().unwrap_or_default(),
            hypothetical: e.hypothetical,
            negated: e.negated,
        })
        .collect()
}

/// The annotations in `dir` (`*.json`, in name order) of `split`, with their articles read
/// from `data`; each one that cannot be used is given back as "path: reason".
pub(super) fn load_split(
    dir: &Path,
    data: &Path,
    split: SplitArg,
) -> Result<(Vec<Item>, Vec<String>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut items = Vec::new();
    let mut skipped = Vec::new();
    for f in &files {
        match load_item(f, data) {
            Ok(item) => {
                let wanted = match split {
                    SplitArg::All => true,
                    SplitArg::Dev => item.gold.split == "dev",
                    SplitArg::Test => item.gold.split == "test",
                };
                if wanted {
                    items.push(item);
                }
            }
            Err(reason) => skipped.push(format!("{}: {reason}", f.display())),
        }
    }
    Ok((items, skipped))
}

/// Runs the whole pipeline on one article (an annotated article, a gold sentence).
pub(super) fn analyse(pipeline: &Pipeline, article: Article) -> Analysis {
    pipeline.analyze(newsgraph_core::ingest::Ingested {
        article,
        warnings: Vec::new(),
    })
}

pub fn eval_articles(args: &EvalEventsArgs, pipeline: &Pipeline) -> Result<ExitCode> {
    let (items, skipped) = load_split(&args.file, &args.data, args.split)?;
    let t = Instant::now();
    let analyses: Vec<Analysis> = items
        .par_iter()
        .map(|it| analyse(pipeline, it.article.clone()))
        .collect();
    let seconds = t.elapsed().as_secs_f64();
    let rows: Vec<(String, (ArticleCounts, usize))> = items
        .iter()
        .zip(&analyses)
        .map(|(it, a)| {
            let sentences: Vec<(usize, usize)> =
                a.sentences.iter().map(|s| (s.start, s.end)).collect();
            let c = score_article(&it.gold.events, &sentences, &predictions(&a.events));
            (it.slug.clone(), (c, a.tokens.len()))
        })
        .collect();
    let overall = total(rows.iter().map(|(_, (c, w))| (c, *w)));
    let groups: Vec<(String, ArticleScores)> = by_group(&rows)
        .into_iter()
        .map(|(g, list)| (g.to_string(), total(list.into_iter().map(|(c, w)| (c, *w)))))
        .collect();
    if let Some(p) = &args.predictions {
        write_json_lines(
            p,
            items.iter().zip(&analyses).map(|(it, a)| {
                let text = &a.article.text;
                let quote = |s: usize, e: usize| text.get(s..e).unwrap_or("").to_string();
                serde_json::json!({
                    "article": it.slug,
                    "gold": it.gold.events.iter().map(|g| serde_json::json!({
                        "type": g.kind, "cameo": g.cameo, "source": g.source, "target": g.target,
                        "hypothetical": g.hypothetical, "negated": g.negated,
                        // The predicted sentence holding the gold verb (null: none), as scored.
                        "sentence": a.sentences.iter().position(|s| s.start <= g.verb[0] && g.verb[0] < s.end),
                        "verb": quote(g.verb[0], g.verb[1]),
                        "evidence": quote(g.evidence[0], g.evidence[1]),
                    })).collect::<Vec<_>>(),
                    "predicted": a.events.iter().map(|e| serde_json::json!({
                        "type": e.event, "cameo": e.cameo, "source": e.source, "target": e.target,
                        "hypothetical": e.hypothetical, "negated": e.negated,
                        "confidence": e.confidence, "sentence": e.sentence,
                        "evidence": quote(e.evidence.start, e.evidence.end),
                    })).collect::<Vec<_>>(),
                })
            }),
        )?;
    }
    let mut out = io::stdout().lock();
    if args.json {
        let v = serde_json::json!({
            "split": format!("{:?}", args.split).to_lowercase(),
            "overall": overall,
            "groups": groups.iter().map(|(g, s)| (g.clone(), serde_json::to_value(s).unwrap_or_default())).collect::<serde_json::Map<_, _>>(),
            "articles": rows.iter().map(|(slug, (c, w))| serde_json::json!({"article": slug, "words": w, "counts": c})).collect::<Vec<_>>(),
            "skipped": skipped,
            "seconds": seconds,
            "parse_beam": pipeline.parse_beam(),
        });
        serde_json::to_writer(&mut out, &v)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} articles ({:?} split), {} words, {} gold events, {seconds:.2}s (whole pipeline)",
            overall.articles, args.split, overall.words, overall.event.gold
        )?;
        for line in &skipped {
            writeln!(out, "skipped {line}")?;
        }
        if overall.unplaced > 0 {
            writeln!(
                out,
                "{} gold events lie in no predicted sentence (not scored)",
                overall.unplaced
            )?;
        }
        writeln!(
            out,
            "{:<32} {:>5} {:>5}  {:>17}  {:>17}  {:>17}",
            "article", "gold", "pred", "event P/R/tp", "triple P/R/tp", "triple_role P/R/tp"
        )?;
        let row = |name: &str, s: &ArticleScores| {
            let f = |m: &newsgraph_core::eval::Prf| {
                format!("{:.2} {:.2} {:>4}", m.precision, m.recall, m.correct)
            };
            format!(
                "{name:<32} {:>5} {:>5}  {:>17}  {:>17}  {:>17}",
                s.event.gold,
                s.event.predicted,
                f(&s.event),
                f(&s.triple),
                f(&s.triple_role)
            )
        };
        for (slug, (c, w)) in &rows {
            writeln!(out, "{}", row(slug, &total([(c, *w)])))?;
        }
        for (g, s) in &groups {
            writeln!(out, "{}", row(&format!("[{g}]"), s))?;
        }
        writeln!(out, "{}", row("[all]", &overall))?;
        writeln!(
            out,
            "flags on triple pairs: hypothetical agree {:.3}, negated agree {:.3}; {:.1} predicted events per 1,000 words",
            overall.hypothetical_agreement,
            overall.negated_agreement,
            if overall.words == 0 {
                0.0
            } else {
                1000.0 * overall.event.predicted as f64 / overall.words as f64
            }
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `eval coref`: the coreference chains and the actors of personal pronouns against the
/// annotations' entities.
pub fn eval_coref(args: &EvalEventsArgs) -> Result<ExitCode> {
    use newsgraph_core::events::eval_coref::{
        score_coref, score_pronoun_actors, CorefCounts, Links, Predicted, PronounActors,
    };
    let pipeline = super::eval::eval_pipeline(args)?;
    let (items, skipped) = load_split(&args.file, &args.data, args.split)?;
    let rows: Vec<(String, CorefCounts, PronounActors, serde_json::Value)> = items
        .par_iter()
        .map(|it| {
            let a = analyse(&pipeline, it.article.clone());
            let text = &a.article.text;
            let predicted: Vec<Predicted> = pipeline
                .coreference(&a)
                .into_iter()
                .map(|(span, chain, pronoun)| Predicted {
                    span: [span.start, span.end],
                    chain,
                    pronoun,
                })
                .collect();
            let actors: Vec<(String, Vec<[usize; 2]>)> = a
                .actors
                .iter()
                .map(|x| {
                    (
                        x.code.clone(),
                        x.mentions.iter().map(|m| [m.start, m.end]).collect(),
                    )
                })
                .collect();
            // The chains as a reader checks them: each mention's span and words.
            let chains = serde_json::json!({
                "article": it.slug,
                "mentions": predicted.iter().map(|p| serde_json::json!({
                    "span": p.span, "chain": p.chain, "pronoun": p.pronoun,
                    "text": text.get(p.span[0]..p.span[1]).unwrap_or(""),
                })).collect::<Vec<_>>(),
            });
            (
                it.slug.clone(),
                score_coref(text, &it.gold.entities, &predicted),
                score_pronoun_actors(text, &it.gold.entities, &actors),
                chains,
            )
        })
        .collect();
    if let Some(p) = &args.predictions {
        write_json_lines(p, rows.iter().map(|r| r.3.clone()))?;
    }
    let mut links = CorefCounts::default();
    let mut pronouns = PronounActors::default();
    for (_, c, p, _) in &rows {
        links.add(c);
        pronouns.add(p);
    }
    let mut out = io::stdout().lock();
    if args.json {
        let v = serde_json::json!({
            "split": format!("{:?}", args.split).to_lowercase(),
            "coreference": !args.no_coreference,
            "links": links,
            "pronoun_actors": pronouns,
            "articles": rows.iter().map(|(slug, c, p, _)| serde_json::json!({"article": slug, "links": c, "pronoun_actors": p})).collect::<Vec<_>>(),
            "skipped": skipped,
        });
        serde_json::to_writer(&mut out, &v)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} articles ({:?} split); a link is right when a mention's closest earlier chain mention is a mention of its gold entity",
        rows.len(),
        args.split
    )?;
    for line in &skipped {
        writeln!(out, "skipped {line}")?;
    }
    writeln!(
        out,
        "{:<34} {:>5} {:>6} {:>6} {:>9} {:>6}",
        "mentions", "gold", "linked", "right", "precision", "recall"
    )?;
    let row = |name: &str, l: &Links| {
        format!(
            "{name:<34} {:>5} {:>6} {:>6} {:>9.3} {:>6.3}",
            l.gold,
            l.linked,
            l.correct,
            l.scores().precision,
            l.scores().recall
        )
    };
    writeln!(
        out,
        "{}",
        row("personal pronouns (he, her...)", &links.pronoun)
    )?;
    writeln!(out, "{}", row("names (Mr Straw, NATO...)", &links.name))?;
    writeln!(
        out,
        "{}",
        row("other (the minister, it, they...)", &links.other)
    )?;
    writeln!(
        out,
        "links on words no gold mention covers: {}",
        links.unannotated
    )?;
    let share = |n: usize| {
        if pronouns.gold == 0 {
            0.0
        } else {
            n as f64 / pronouns.gold as f64
        }
    };
    writeln!(
        out,
        "personal pronouns of coded entities: {}; credited to the right code {:.3}, right country {:.3}, another country {:.3}, an office of no country {:.3}, no actor {:.3}",
        pronouns.gold,
        share(pronouns.code),
        share(pronouns.country),
        share(pronouns.wrong),
        share(pronouns.no_country),
        share(pronouns.none)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `eval places`: the geoparser against the annotations' places. A place the pipeline
/// derived from a demonym (a MISC mention, or a word the gazetteer lists as a demonym:
/// "Russian", "Americans" → their country) is left out: the guideline annotates place names,
/// not adjectives.
pub fn eval_places(args: &EvalEventsArgs) -> Result<ExitCode> {
    use newsgraph_core::analysis::MentionKind;
    use newsgraph_core::events::eval_articles::{
        place_pairs, score_places, PlaceCounts, PlacePrediction,
    };
    let pipeline = super::eval::eval_pipeline(args)?;
    let (items, skipped) = load_split(&args.file, &args.data, args.split)?;
    let rows: Vec<(String, PlaceCounts, serde_json::Value)> = items
        .par_iter()
        .map(|it| {
            let a = analyse(&pipeline, it.article.clone());
            let text = &a.article.text;
            // A demonym: a MISC mention ("Russian"), or a word the gazetteer knows as one
            let gazetteer = newsgraph_core::geo::gazetteer::Gazetteer::embedded();
            // ("Americans", "Kazakh"), singular or plural, unless it is the place's own name
            // ("Gibraltar", "Philippines").
            let demonym = |p: &newsgraph_core::analysis::Place| {
                let w = text.get(p.start..p.end).unwrap_or("");
                let listed = gazetteer.demonym(w).is_some()
                    || w.strip_suffix('s')
                        .is_some_and(|w| gazetteer.demonym(w).is_some());
                a.mentions
                    .iter()
                    .any(|m| m.kind == MentionKind::Misc && m.start == p.start && m.end == p.end)
                    || listed && !w.eq_ignore_ascii_case(&p.name)
            };
            let kept: Vec<&newsgraph_core::analysis::Place> =
                a.places.iter().filter(|p| !demonym(p)).collect();
            let predicted: Vec<PlacePrediction> = kept
                .iter()
                .map(|p| PlacePrediction {
                    span: [p.start, p.end],
                    geonameid: p.geonameid,
                })
                .collect();
            let gold = &it.gold.places;
            let counts = score_places(gold, &predicted);
            // What a reader checks: every gold place with what it became, and every
            // prediction no gold place covers.
            let pairs = place_pairs(gold, &predicted);
            let quote = |s: usize, e: usize| text.get(s..e).unwrap_or("").to_string();
            let gold_rows: Vec<serde_json::Value> = gold
                .iter()
                .enumerate()
                .map(|(gi, g)| {
                    let p = pairs
                        .iter()
                        .find(|(x, _)| *x == gi)
                        .map(|&(_, pi)| kept[pi]);
                    serde_json::json!({
                        "text": quote(g.span[0], g.span[1]), "kind": g.kind,
                        "metonymic": g.metonymic, "geonameid": g.geonameid,
                        "predicted": p.map(|p| serde_json::json!({
                            "text": p.text, "geonameid": p.geonameid, "name": p.name,
                            "country": p.country_code, "feature_code": p.feature_code,
                        })),
                    })
                })
                .collect();
            let false_rows: Vec<serde_json::Value> = (0..kept.len())
                .filter(|pi| !pairs.iter().any(|(_, x)| x == pi))
                .map(|pi| {
                    let p = kept[pi];
                    serde_json::json!({
                        "text": p.text, "geonameid": p.geonameid, "name": p.name,
                        "country": p.country_code, "feature_code": p.feature_code,
                    })
                })
                .collect();
            let lines = serde_json::json!({
                "article": it.slug, "gold": gold_rows, "no_gold_place": false_rows,
            });
            (it.slug.clone(), counts, lines)
        })
        .collect();
    if let Some(p) = &args.predictions {
        write_json_lines(p, rows.iter().map(|r| r.2.clone()))?;
    }
    let mut overall = PlaceCounts::default();
    for (_, c, _) in &rows {
        overall.add(c);
    }
    let mut groups: std::collections::BTreeMap<&str, PlaceCounts> = Default::default();
    for (slug, c, _) in &rows {
        groups
            .entry(newsgraph_core::events::eval_articles::group(slug))
            .or_default()
            .add(c);
    }
    let mut out = io::stdout().lock();
    let summary = |c: &PlaceCounts| {
        serde_json::json!({
            "counts": c, "recognition": c.recognition(), "end_to_end": c.end_to_end(),
            "resolution_accuracy": c.resolution_accuracy(),
        })
    };
    if args.json {
        let v = serde_json::json!({
            "split": format!("{:?}", args.split).to_lowercase(),
            "overall": summary(&overall),
            "groups": groups.iter().map(|(g, c)| (g.to_string(), summary(c))).collect::<serde_json::Map<_, _>>(),
            "skipped": skipped,
        });
        serde_json::to_writer(&mut out, &v)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} articles ({:?} split), {} gold places ({} with a GeoNames id, {} metonymic); demonyms not scored",
        rows.len(),
        args.split,
        overall.gold,
        overall.gold_with_id,
        overall.metonymic
    )?;
    for line in &skipped {
        writeln!(out, "skipped {line}")?;
    }
    writeln!(
        out,
        "{:<16} {:>5} {:>5}  {:>20}  {:>20}  {:>10}",
        "group", "gold", "pred", "recognition P/R/F1", "end to end P/R/F1", "resolution"
    )?;
    let row = |name: &str, c: &PlaceCounts| {
        let f = |m: &newsgraph_core::eval::Prf| {
            format!("{:.3} {:.3} {:.3}", m.precision, m.recall, m.f1)
        };
        format!(
            "{name:<16} {:>5} {:>5}  {:>20}  {:>20}  {:>10.3}",
            c.gold,
            c.predicted,
            f(&c.recognition()),
            f(&c.end_to_end()),
            c.resolution_accuracy()
        )
    };
    for (g, c) in &groups {
        writeln!(out, "{}", row(&format!("[{g}]"), c))?;
    }
    writeln!(out, "{}", row("[all]", &overall))?;
    Ok(ExitCode::SUCCESS)
}
