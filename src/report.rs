//! The readable report `newsgraph analyze` prints on a terminal.

use std::fmt::Write;

use newsgraph_core::Analysis;

/// Renders one Analysis for people.
pub fn render(a: &Analysis) -> String {
    let art = &a.article;
    let mut s = String::new();
    let rule = "─".repeat(78);
    let _ = writeln!(s, "{rule}");
    let _ = writeln!(s, "{}", art.title.as_deref().unwrap_or("(untitled)"));
    let _ = writeln!(s, "{rule}");
    let _ = writeln!(
        s,
        "article {}  ·  {} bytes  ·  {} sentences  ·  {} tokens  ·  {} words",
        art.id,
        art.text.len(),
        a.sentences.len(),
        a.tokens.len(),
        a.tone.word_count
    );
    let mut meta = Vec::new();
    if let Some(p) = &art.published {
        meta.push(format!("published {p}"));
    }
    if let Some(src) = &art.source {
        meta.push(format!("source {src}"));
    }
    if let Some(u) = &art.url {
        meta.push(u.clone());
    }
    if let Some(p) = &art.path {
        meta.push(format!("from {p}"));
    }
    if !meta.is_empty() {
        let _ = writeln!(s, "{}", meta.join("  ·  "));
    }

    let t = &a.tone;
    let _ = writeln!(
        s,
        "\nTone (GDELT V2Tone)  {:+.2}   positive {:.2}%  negative {:.2}%  polarity {:.2}%",
        t.tone, t.positive, t.negative, t.polarity
    );

    let _ = writeln!(s, "\nSentences");
    for (i, sent) in a.sentences.iter().enumerate() {
        let _ = writeln!(
            s,
            "{:>4}  {}",
            i + 1,
            one_line(&art.text[sent.start..sent.end])
        );
    }

    // one line per distinct (type, name), with how often it is mentioned
    let mut entities: Vec<(&'static str, &str, usize)> = Vec::new();
    for m in &a.mentions {
        match entities
            .iter_mut()
            .find(|(k, t, _)| *k == kind(m.kind) && *t == m.text)
        {
            Some(e) => e.2 += 1,
            None => entities.push((kind(m.kind), &m.text, 1)),
        }
    }
    entities.sort_by_key(|e| (e.0, std::cmp::Reverse(e.2)));
    section(
        &mut s,
        "Entities (named-entity tagger)",
        "none found",
        entities.iter().map(|(k, t, n)| {
            if *n > 1 {
                format!("{k:<5} {t} ×{n}")
            } else {
                format!("{k:<5} {t}")
            }
        }),
    );
    let mut places: Vec<(&str, &newsgraph_core::analysis::Place, usize)> = Vec::new();
    for p in &a.places {
        match places
            .iter_mut()
            .find(|(t, q, _)| *t == p.text && q.geonameid == p.geonameid)
        {
            Some(e) => e.2 += 1,
            None => places.push((&p.text, p, 1)),
        }
    }
    section(
        &mut s,
        "Places (geoparser)",
        "none found",
        places.iter().map(|(t, p, n)| {
            let times = if *n > 1 {
                format!(" ×{n}")
            } else {
                String::new()
            };
            let region = p
                .admin1
                .as_deref()
                .map(|r| format!(", {r}"))
                .unwrap_or_default();
            let cc = p
                .country_code
                .as_deref()
                .map(|c| format!(", {c}"))
                .unwrap_or_default();
            format!(
                "{t}{times} → {}{region}{cc} ({:.2}, {:.2}) geonames:{} {}",
                p.name,
                p.lat,
                p.lon,
                p.geonameid.map_or("-".to_string(), |g| g.to_string()),
                p.feature_code.as_deref().unwrap_or("")
            )
        }),
    );
    section(
        &mut s,
        "Actors (actor dictionary; code, name, how it is mentioned)",
        "none found",
        a.actors.iter().map(|x| {
            let mut said: Vec<&str> = Vec::new();
            for m in &x.mentions {
                let t = &art.text[m.start..m.end];
                if !said.contains(&t) {
                    said.push(t);
                }
            }
            format!("{:<10} {}  ← {}", x.code, x.name, said.join(" · "))
        }),
    );
    section(
        &mut s,
        "Events (source  PLOVER/CAMEO  target  @place  goldstein  flags  “evidence”)",
        "none coded",
        a.events.iter().map(|e| {
            let mut flags = Vec::new();
            if e.negated {
                flags.push("NEGATED");
            }
            if e.hypothetical {
                flags.push("hypothetical");
            }
            if e.reported {
                flags.push("reported");
            }
            let place = e
                .place
                .and_then(|i| a.places.get(i))
                .map(|p| format!(" @{}", p.name))
                .unwrap_or_default();
            let mode = e
                .mode
                .as_deref()
                .map(|m| format!("/{m}"))
                .unwrap_or_default();
            format!(
                "s{:<3} {} {}{mode} {} {}{place}  {:+.1}{}  “{}”",
                e.sentence + 1,
                if e.source.is_empty() { "-" } else { &e.source },
                e.event,
                e.cameo.as_deref().unwrap_or("-"),
                e.target.as_deref().unwrap_or("-"),
                e.goldstein.unwrap_or(0.0),
                if flags.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", flags.join(", "))
                },
                one_line(&art.text[e.evidence.start..e.evidence.end])
            )
        }),
    );
    if !a.inconsistencies.is_empty() {
        section(
            &mut s,
            "Inconsistencies",
            "none",
            a.inconsistencies.iter().map(|i| i.description.clone()),
        );
    }
    if !a.issues.is_empty() {
        section(&mut s, "Issues", "none", a.issues.iter().cloned());
    }
    s
}

/// Text on one line: runs of whitespace, newlines included, become one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn kind(k: newsgraph_core::analysis::MentionKind) -> &'static str {
    use newsgraph_core::analysis::MentionKind::*;
    match k {
        Person => "PER",
        Org => "ORG",
        Place => "LOC",
        Misc => "MISC",
    }
}

/// A titled list; `empty` is what to say when it has no items.
fn section(s: &mut String, title: &str, empty: &str, items: impl Iterator<Item = String>) {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        let _ = writeln!(s, "\n{title}: {empty}");
        return;
    }
    let _ = writeln!(s, "\n{title}");
    for i in items {
        let _ = writeln!(s, "  {i}");
    }
}
