//! `newsgraph build`: the artifacts (gazetteer, dictionaries, lexicons, clusters, tone) from
//! their public sources, and `build prune` for trained models.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use newsgraph_core::parse::Parser;
use newsgraph_core::tag::Tagger;

use super::{read_text, save_artifact};
use crate::cli::TaskArg;

pub fn build_tone(vader: &Path, out: &Path) -> Result<ExitCode> {
    let src = read_text(vader)?;
    let bytes = newsgraph_core::tone::ToneLexicon::build_artifact(&src)?;
    let lex = newsgraph_core::tone::ToneLexicon::from_bytes(&bytes)?;
    save_artifact(out, &bytes, format_args!("{} entries", lex.len()))?;
    Ok(ExitCode::SUCCESS)
}

/// Reads unlabeled text for cluster induction and returns tokenised sentences.
fn unlabeled_sentences(sources: &[std::path::PathBuf]) -> Result<Vec<Vec<String>>> {
    let mut files = Vec::new();
    for s in sources {
        for e in walkdir::WalkDir::new(s).sort_by_file_name() {
            let e = e.with_context(|| format!("reading {}", s.display()))?;
            if e.file_type().is_file() {
                files.push(e.into_path());
            }
        }
    }
    let mut out = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).with_context(|| format!("reading {}", f.display()))?;
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
        let text = match std::str::from_utf8(&bytes) {
            Ok(t) => std::borrow::Cow::Borrowed(t),
            Err(_) => text,
        };
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "sgm" {
            // Reuters-21578: the <TITLE> and <BODY> of each story
            for tag in ["TITLE", "BODY"] {
                let open = format!("<{tag}>");
                let close = format!("</{tag}>");
                let mut rest = text.as_ref();
                while let Some(i) = rest.find(&open) {
                    let after = &rest[i + open.len()..];
                    let end = after.find(&close).unwrap_or(after.len());
                    let body = after[..end]
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&amp;", "&")
                        .replace("&#3;", "");
                    push_sentences(&body, &mut out);
                    rest = &after[end..];
                }
            }
        } else if text.starts_with("-DOCSTART-") {
            let mut cur = Vec::new();
            for line in text.lines() {
                match line.split(' ').next() {
                    Some("") | None | Some("-DOCSTART-") => {
                        if !cur.is_empty() {
                            out.push(std::mem::take(&mut cur));
                        }
                    }
                    Some(tok) => cur.push(tok.to_string()),
                }
            }
        } else if matches!(ext, "txt" | "text" | "") {
            push_sentences(&text, &mut out);
        }
    }
    Ok(out)
}

fn push_sentences(text: &str, out: &mut Vec<Vec<String>>) {
    let seg = newsgraph_core::segment::segment(text);
    for s in &seg.sentences {
        out.push(
            seg.tokens[s.first_token..s.end_token]
                .iter()
                .map(|t| t.slice(text).to_string())
                .collect(),
        );
    }
}

pub fn build_clusters(
    sources: &[std::path::PathBuf],
    out: &Path,
    min_count: usize,
    contexts: usize,
    seed: u64,
) -> Result<ExitCode> {
    let t = Instant::now();
    let sentences = unlabeled_sentences(sources)?;
    let words: usize = sentences.iter().map(Vec::len).sum();
    eprintln!(
        "{} sentences, {words} words read in {:.1}s",
        sentences.len(),
        t.elapsed().as_secs_f64()
    );
    let clusters =
        newsgraph_core::tag::clusters::Clusters::induce(&sentences, min_count, contexts, seed);
    let bytes = clusters.to_bytes()?;
    save_artifact(
        out,
        &bytes,
        format_args!(
            "{} words, built in {:.1}s",
            clusters.len(),
            t.elapsed().as_secs_f64()
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn build_lexicon(
    clusters: &Path,
    probs: &Path,
    min_logprob: f64,
    out: &Path,
) -> Result<ExitCode> {
    let t = Instant::now();
    let read =
        |p: &Path| std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()));
    let lexicon = newsgraph_core::tag::lexicon::Lexicon::from_spacy(
        &read(clusters)?,
        &read(probs)?,
        min_logprob,
    )
    .with_context(|| {
        format!(
            "building the lexicon from {} and {}",
            clusters.display(),
            probs.display()
        )
    })?;
    let bytes = lexicon.to_bytes()?;
    save_artifact(
        out,
        &bytes,
        format_args!(
            "{} word forms, built in {:.1}s",
            lexicon.len(),
            t.elapsed().as_secs_f64()
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `build first-names`: the given-name gender lists for pronouns.
pub fn build_first_names(female: &Path, male: &Path, out: &Path) -> Result<ExitCode> {
    use newsgraph_core::events::coref::FirstNames;
    let names = FirstNames::from_lists(&read_text(female)?, &read_text(male)?);
    let bytes = names.to_bytes()?;
    save_artifact(
        out,
        &bytes,
        format_args!("{} names with a gender", names.len()),
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn build_names(phoenix: &Path, geonames: &Path, out: &Path) -> Result<ExitCode> {
    use newsgraph_core::tag::names::{kind, parse_phoenix, phoenix_kind, NameLists};
    let mut lists = NameLists::default();
    let mut add = |name: &str, bits: u8| {
        let toks = newsgraph_core::segment::tokenize(name);
        let words: Vec<&str> = toks.iter().map(|t| t.slice(name)).collect();
        lists.insert(&words, bits);
    };
    for file in [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ] {
        let text = read_text(&phoenix.join(file))?;
        for (names, codes) in parse_phoenix(&text) {
            let bits = phoenix_kind(&names[0], &codes);
            if bits == 0 {
                continue;
            }
            // a person's synonyms carry titles ("President Xi Jinping"); list the name alone
            let take = if bits == kind::PERSON { 1 } else { names.len() };
            for n in names.iter().take(take) {
                add(n, bits);
            }
        }
    }
    let read_json = |name: &str| -> Result<serde_json::Value> {
        let p = geonames.join(name);
        let text = read_text(&p)?;
        serde_json::from_str(&text).with_context(|| format!("parsing {}", p.display()))
    };
    let countries = read_json("countries.json")?;
    for c in countries.as_object().into_iter().flat_map(|o| o.values()) {
        if let Some(n) = c["name"].as_str() {
            add(n, kind::COUNTRY);
        }
    }
    for (file, bits) in [
        ("us_states.json", kind::REGION),
        ("continents.json", kind::REGION),
    ] {
        let v = read_json(file)?;
        for c in v.as_object().into_iter().flat_map(|o| o.values()) {
            if let Some(n) = c["name"].as_str().or_else(|| c["asciiName"].as_str()) {
                add(n, bits);
            }
        }
    }
    let cities = read_json("cities15000.json")?;
    for c in cities.as_object().into_iter().flat_map(|o| o.values()) {
        if let Some(n) = c["name"].as_str() {
            add(n, kind::CITY);
        }
        for alt in c["alternatenames"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str())
        {
            // Latin-script alternate names that look like names, not codes
            if alt.len() >= 3
                && alt.is_ascii()
                && alt.starts_with(|ch: char| ch.is_ascii_uppercase())
                && alt.chars().any(|ch| ch.is_ascii_lowercase())
                && !alt.chars().any(|ch| ch.is_ascii_digit())
            {
                add(alt, kind::CITY);
            }
        }
    }
    let bytes = lists.to_bytes()?;
    save_artifact(out, &bytes, format_args!("{} names", lists.len()))?;
    Ok(ExitCode::SUCCESS)
}

pub fn build_gazetteer(
    sources: [&std::path::PathBuf; 8],
    outlet_homes: Option<&Path>,
    out: &Path,
) -> Result<ExitCode> {
    let t = Instant::now();
    let texts: Vec<String> = sources
        .iter()
        .map(|p| read_text(p))
        .collect::<Result<_>>()?;
    let outlets = outlet_homes.map(read_text).transpose()?;
    let g = newsgraph_core::geo::gazetteer::build(&newsgraph_core::geo::gazetteer::Sources {
        cities500: &texts[0],
        admin1_codes: &texts[1],
        country_info: &texts[2],
        subdivisions: &texts[3],
        world_countries: &texts[4],
        continents: &texts[5],
        us_counties: &texts[6],
        supplement: &texts[7],
        outlet_homes: outlets.as_deref(),
    })?;
    let bytes = g.to_bytes()?;
    save_artifact(
        out,
        &bytes,
        format_args!(
            "{} places, built in {:.1}s",
            g.len(),
            t.elapsed().as_secs_f64()
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn build_actors(
    phoenix: &Path,
    supplement: &Path,
    country_info: &Path,
    world_countries: &Path,
    out: &Path,
) -> Result<ExitCode> {
    use newsgraph_core::events::actors::{build, BuildSources};
    let t = Instant::now();
    // Supplements first: earlier entries win on a shared phrase.
    let src = BuildSources {
        actors: vec![
            read_text(&supplement.join("actors-supplement.txt"))?,
            read_text(&phoenix.join("Phoenix.Countries.actors.txt"))?,
            read_text(&phoenix.join("Phoenix.International.actors.txt"))?,
            read_text(&phoenix.join("Phoenix.MilNonState.actors.txt"))?,
            world_countries_actors(world_countries)?,
        ],
        agents: vec![
            read_text(&supplement.join("agents-supplement.txt"))?,
            read_text(&phoenix.join("Phoenix.agents.txt"))?,
        ],
        country_info: read_text(country_info)?,
    };
    let dict = build(&src);
    let bytes = dict.to_bytes()?;
    save_artifact(
        out,
        &bytes,
        format_args!(
            "{} actor entries, built in {:.1}s",
            dict.len(),
            t.elapsed().as_secs_f64()
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Country names and demonyms from world-countries, as Phoenix-format entries (read after
/// the Phoenix files, so they only add what Phoenix lacks: "Azerbaijani", "Czechia"...).
fn world_countries_actors(path: &Path) -> Result<String> {
    let v: serde_json::Value = serde_json::from_str(&read_text(path)?)
        .with_context(|| format!("parsing {}", path.display()))?;
    let mut out = String::from("# generated from world-countries\n");
    for c in v.as_array().into_iter().flatten() {
        let Some(code) = c["cca3"].as_str() else {
            continue;
        };
        let mut names: Vec<&str> = Vec::new();
        for n in [
            &c["name"]["common"],
            &c["name"]["official"],
            &c["demonyms"]["eng"]["m"],
            &c["demonyms"]["eng"]["f"],
        ] {
            if let Some(n) = n.as_str() {
                names.push(n);
            }
        }
        names.extend(
            c["altSpellings"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|a| a.as_str())
                // two-letter codes ("AZ") would match ordinary words
                .filter(|a| a.len() > 3 && a.is_ascii()),
        );
        names.dedup();
        let Some((first, rest)) = names.split_first() else {
            continue;
        };
        let phrase = |n: &str| n.replace(' ', "_").to_uppercase() + "_";
        out.push_str(&format!("{}  [{code}]\n", phrase(first)));
        for n in rest {
            out.push_str(&format!("+{}\n", phrase(n)));
        }
    }
    Ok(out)
}

pub fn build_verbs(
    cameo_verbs: &Path,
    supplement: &Path,
    codebooks: &Path,
    out: &Path,
) -> Result<ExitCode> {
    use newsgraph_core::events::verbs::{Tables, Verbs};
    let t = Instant::now();
    let tables = Tables::parse(
        &read_text(&codebooks.join("CAMEO2PLOVER-2021.txt"))?,
        &read_text(&codebooks.join("CAMEO.goldsteinscale.txt"))?,
        &String::from_utf8_lossy(&std::fs::read(codebooks.join("CAMEO.eventcodes.txt"))?),
    );
    let bytes = Verbs::build(&tables, &[read_text(cameo_verbs)?, read_text(supplement)?])?;
    let verbs = Verbs::from_bytes(&bytes)?;
    save_artifact(
        out,
        &bytes,
        format_args!(
            "{} verb forms, built in {:.1}s",
            verbs.len(),
            t.elapsed().as_secs_f64()
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn prune(task: TaskArg, model: &Path, threshold: f32, out: &Path) -> Result<ExitCode> {
    let bytes = std::fs::read(model).with_context(|| format!("reading {}", model.display()))?;
    let (features, pruned) = match task {
        TaskArg::Parse => {
            let p = Parser::from_bytes(&bytes)?.pruned(threshold);
            (p.features(), p.to_bytes()?)
        }
        TaskArg::Pos | TaskArg::Ner => {
            let t = task.tagger().expect("a tagger task");
            let m = Tagger::from_bytes(t, &bytes)?.pruned(threshold);
            (m.features(), m.to_bytes()?)
        }
    };
    save_artifact(
        out,
        &pruned,
        format_args!(
            "{features} features, was {:.2} MB",
            bytes.len() as f64 / 1e6
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}
