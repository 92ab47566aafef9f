//! Actors and events: the seed's acceptance picture, `eval events` / `eval actors` on tiny
//! files made up here, and the GDELT export.

use super::{analyze_text, json_lines, newsgraph, write};

/// The seed article (embedded default), as one Analysis.
fn seed() -> serde_json::Value {
    let out = newsgraph().arg("analyze").assert().success();
    json_lines(&out.get_output().stdout).remove(0)
}

#[test]
fn seed_actors_and_events_match_the_acceptance_picture() {
    let a = seed();
    let text = a["article"]["text"].as_str().unwrap().as_bytes();
    let actors = a["actors"].as_array().unwrap();
    let by_code = |code: &str| -> Vec<String> {
        actors
            .iter()
            .filter(|x| x["code"] == code)
            .flat_map(|x| x["mentions"].as_array().unwrap().clone())
            .map(|m| {
                let (s, e) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
                String::from_utf8_lossy(&text[s as usize..e as usize]).into_owned()
            })
            .collect()
    };
    // People linked to their codes; "Russia's leader" is Putin.
    let putin = by_code("RUSGOV");
    for m in ["President Vladimir Putin", "Russia’s leader"] {
        assert!(putin.iter().any(|x| x == m), "{m} not RUSGOV: {putin:?}");
    }
    assert!(by_code("CHNGOV").iter().any(|x| x == "Xi Jinping"));
    // "state-controlled media", in a sentence naming several countries, is the state media
    // named before; "both governments" are not one country's
    for m in ["China’s state media", "state-controlled media"] {
        assert!(by_code("CHNGOVMED").iter().any(|x| x == m), "{m}");
    }
    assert!(by_code("---GOV").iter().any(|x| x == "governments"));
    assert!(by_code("RUSMIL")
        .iter()
        .any(|x| x == "Russian coastguard officers"));
    assert!(by_code("IGOWSTNAT").iter().any(|x| x == "NATO"));
    assert!(by_code("USA").iter().any(|x| x == "United States"));

    let events = a["events"].as_array().unwrap();
    let has = |src: &str, ev: &str, tgt: Option<&str>| {
        events.iter().any(|e| {
            e["source"] == src
                && e["event"] == ev
                && tgt.is_none_or(|t| e["target"].as_str() == Some(t))
        })
    };
    assert!(
        has("RUSGOV", "CONSULT", Some("CHN")),
        "Putin's visit: {events:#?}"
    );
    assert!(has("RUSGOV", "AGREE", Some("CHNGOV")), "the partnership");
    assert!(
        has("CHNGOV", "AGREE", Some("RUSGOV")),
        "the partnership, both ways"
    );
    // "celebrating the fruits of this relationship": the relationship is with Russia
    assert!(
        has("CHNGOVMED", "SUPPORT", Some("RUSGOV")),
        "state media celebrating"
    );
    let seek = events
        .iter()
        .find(|e| e["source"] == "RUSGOV" && e["event"] == "AGREE" && e["target"] == "CHN")
        .expect("the alliance Putin seeks with China");
    assert_eq!(seek["hypothetical"], true);
    assert!(
        has("CHNGOV", "SUPPORT", Some("RUSGOV")),
        "swung behind Putin"
    );
    // EXPECTED's inconsistency: Xi's administration swung the population behind Putin; "the
    // Russian government has done this" credits the same action to another government.
    let inc = a["inconsistencies"].as_array().unwrap();
    assert_eq!(inc.len(), 1, "{inc:#?}");
    let d = inc[0]["description"].as_str().unwrap();
    assert!(d.contains("CHNGOV") && d.contains("RUSGOV"), "{d}");
    assert_eq!(inc[0]["evidence"].as_array().unwrap().len(), 2);
    // The invasion the media does not speak of is not coded as one.
    assert!(!events
        .iter()
        .any(|e| e["event"] == "ASSAULT" && e["target"] == "UKR"));
    for e in events {
        for k in ["cameo", "goldstein", "quad_class"] {
            assert!(e.get(k).is_some(), "{k} missing: {e}");
        }
        let (s, t) = (
            e["evidence"]["start"].as_u64().unwrap(),
            e["evidence"]["end"].as_u64().unwrap(),
        );
        assert!(s < t && t as usize <= text.len());
    }
}

#[test]
fn negation_and_future_are_flagged() {
    let a =
        analyze_text("Flags\n\nRussia did not attack Ukraine. Germany will send aid to Poland.");
    let events = a["events"].as_array().unwrap();
    let attack = events
        .iter()
        .find(|e| e["source"] == "RUS" && e["target"] == "UKR")
        .unwrap_or_else(|| panic!("no RUS→UKR event: {events:#?}"));
    assert_eq!(attack["negated"], true);
    let aid = events
        .iter()
        .find(|e| e["source"] == "DEU")
        .unwrap_or_else(|| panic!("no DEU event: {events:#?}"));
    assert_eq!(aid["hypothetical"], true);
    // PLOVER: promised cooperation is an intention.
    assert_eq!(aid["event"], "AGREE");
}

#[test]
fn an_action_credited_to_another_agent_is_flagged() {
    let flagged = |second: &str| -> usize {
        let a = analyze_text(&format!(
            "Again\n\nThe Chinese government praised Russia on Monday. {second}"
        ));
        assert!(a["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["source"] == "CHNGOV"));
        a["inconsistencies"].as_array().unwrap().len()
    };
    assert_eq!(flagged("Russian officials have done this before."), 1);
    // the same country doing it again is no inconsistency
    assert_eq!(flagged("Chinese officials have done this before."), 0);
}

#[test]
fn unknown_subjects_and_later_targets_are_coded() {
    let a = analyze_text(
        "Targets\n\nStriking dockers demanded higher pay from the Kenyan government on Monday. \
         Portugal restored diplomatic relations with and reopened its embassy in Vietnam. \
         Striking teachers demanded higher pay from the Ugandan government.",
    );
    let events = a["events"].as_array().unwrap();
    let text = a["article"]["text"].as_str().unwrap();
    // a subject the dictionaries do not know, acting inside Kenya, is Kenya's
    let demand = events
        .iter()
        .find(|e| e["target"] == "KENGOV" && e["event"] == "REQUEST")
        .unwrap_or_else(|| panic!("no demand: {events:#?}"));
    assert_eq!(demand["source"], "KEN");
    let span = &demand["source_span"];
    let (s, e) = (
        span["start"].as_u64().unwrap(),
        span["end"].as_u64().unwrap(),
    );
    assert_eq!(&text[s as usize..e as usize], "Striking dockers");
    // an agent with no country of its own is the country of the sentence's government
    assert!(
        events
            .iter()
            .any(|e| e["source"] == "UGAEDU" && e["target"] == "UGAGOV"),
        "{events:#?}"
    );
    // one source, no object actor: the first other actor named after the verb
    assert!(
        events
            .iter()
            .any(|e| e["source"] == "PRT" && e["target"] == "VNM"),
        "{events:#?}"
    );
}

#[test]
fn passives_lists_and_organisations_find_their_actors() {
    let a = analyze_text(
        "Roles\n\nA village near the border was attacked by Ugandan soldiers on Monday. \
         Brazil gave food to Chile, Peru and Bolivia. \
         European Community officials praised Norway. Saudi-led forces attacked Yemen.",
    );
    let events = a["events"].as_array().unwrap();
    let pairs: Vec<(String, String)> = events
        .iter()
        .map(|e| {
            let code = |k: &str| {
                e[k].as_str()
                    .unwrap_or("")
                    .get(..3)
                    .unwrap_or("")
                    .to_string()
            };
            (code("source"), code("target"))
        })
        .collect();
    // the agent of a passive is its source
    assert!(
        events.iter().any(
            |e| e["source"].as_str().is_some_and(|s| s.starts_with("UGA"))
                && e["event"] == "ASSAULT"
        ),
        "{events:#?}"
    );
    // every country of a list is a target
    for t in ["CHL", "PER", "BOL"] {
        assert!(pairs.contains(&("BRA".into(), t.into())), "{t}: {pairs:?}");
    }
    // an organisation's officials act for the organisation
    assert!(pairs.contains(&("IGO".into(), "NOR".into())), "{pairs:?}");
    // the country leading is the actor
    assert!(pairs.contains(&("SAU".into(), "YEM".into())), "{pairs:?}");
}

#[test]
fn clauses_bound_actors_and_targets() {
    let a = analyze_text(
        "Clauses\n\nSyria will not accept more refugees if fighting spreads in Iraq. \
         Former Greek prime minister Andreas Papandreou demanded early elections after a court \
         in Athens cleared him.",
    );
    let actors = a["actors"].as_array().unwrap();
    // an agent takes a country in its own phrase, not across a clause
    assert!(!actors.iter().any(|m| m["code"] == "IRQREF"), "{actors:#?}");
    let events = a["events"].as_array().unwrap();
    let demand = events
        .iter()
        .find(|e| e["cameo"].as_str().is_some_and(|c| c.starts_with("10")))
        .unwrap_or_else(|| panic!("no demand: {events:#?}"));
    // the place in the clause of time is not the demand's target
    assert!(demand.get("target").is_none(), "{demand:#?}");
}

#[test]
fn the_geoparser_places_city_actors() {
    let a = analyze_text(
        "Cities\n\nSyrian officers ended their mediation between rival militias in Tripoli as \
         shells hit the north Lebanese port. The White House praised Jordan.",
    );
    let places = a["places"].as_array().unwrap();
    let place = |t: &str| {
        places
            .iter()
            .find(|p| p["text"] == t)
            .unwrap_or_else(|| panic!("{t}: {places:#?}"))
    };
    assert_eq!(place("Tripoli")["country_code"], "LB");
    // not Casablanca, whose GeoNames names include "White House"
    assert_eq!(place("White House")["geonameid"], 4140963);
    let events = a["events"].as_array().unwrap();
    // the dictionary's Tripoli is Libya's; the text's is in Lebanon
    assert!(
        events
            .iter()
            .any(|e| e["source"] == "SYR"
                && e["target"].as_str().is_some_and(|t| t.starts_with("LBN"))),
        "{events:#?}"
    );
    assert!(
        events
            .iter()
            .any(|e| e["source"] == "USAGOV" && e["target"] == "JOR"),
        "{events:#?}"
    );
}

#[test]
fn co_subjects_reporters_and_regions() {
    let a = analyze_text(
        "Pairs\n\nEgypt and Jordan reached an agreement on water resources in the Middle East \
         on Monday. Brazil and Argentina signed a new trade pact, the White House announced. \
         Peru and Chile met in South America. Israel mounted an invasion of South Lebanon.",
    );
    let events = a["events"].as_array().unwrap();
    let pairs: Vec<(&str, &str)> = events
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap_or(""),
                e["target"].as_str().unwrap_or(""),
            )
        })
        .collect();
    // a region is no partner of co-subjects: they act on each other
    assert!(pairs.contains(&("EGY", "JOR")), "{pairs:?}");
    assert!(!pairs.iter().any(|p| p.1 == "MEA"), "{pairs:?}");
    // the reporting clause's speaker is not the target
    assert!(pairs.contains(&("BRA", "ARG")), "{pairs:?}");
    assert!(!pairs.iter().any(|p| p.1 == "USAGOV"), "{pairs:?}");
    // "America" inside "South America" is not the United States
    assert!(!pairs.iter().any(|p| p.1 == "USA"), "{pairs:?}");
    // "South Lebanon" is Lebanon, not a village in Ohio
    assert!(pairs.contains(&("ISR", "LBN")), "{pairs:?}");
}

#[test]
fn ethnic_groups_belong_to_their_country_and_reports_are_no_targets() {
    let a = analyze_text(
        "Groups\n\nSerbian police arrested ten ethnic Albanians in Serbia on Monday, according \
         to the Swiss government.",
    );
    let events = a["events"].as_array().unwrap();
    let arrest = events
        .iter()
        .find(|e| e["event"] == "COERCE")
        .unwrap_or_else(|| panic!("no arrest: {events:#?}"));
    // PLOVER codes an ethnic group by the country it lives in
    assert_eq!(arrest["target"], "SRB", "{arrest:#?}");
    let actors = a["actors"].as_array().unwrap();
    assert!(
        actors.iter().any(|m| m["name"] == "ethnic Albanians"),
        "{actors:#?}"
    );
    // the source of the report is not a target
    assert!(
        !events.iter().any(|e| e["target"] == "CHEGOV"),
        "{events:#?}"
    );
}

const GSR: &str = r#"[{"id":"doc","event":"DOCUMENT"},
 {"text":"Russia attacked Ukraine on Monday.","event":"ASSAULT","source":[{"code":"RUS"}],"target":[{"code":"UKR"}]},
 {"text":"France praised Germany.","event":"SUPPORT","source":[{"code":"FRA"}],"target":[{"code":"DEU"}]}]"#;

#[test]
fn eval_events_reports_the_keys_and_writes_predictions() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "gsr.json", GSR);
    let preds = dir.path().join("p.jsonl");
    let out = newsgraph()
        .args(["eval", "events", "--json", "--predictions"])
        .arg(&preds)
        .arg(&f)
        .assert()
        .success();
    let j: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    for k in ["event", "triple", "triple_full"] {
        for m in ["precision", "recall", "f1"] {
            let v = j[k][m]
                .as_f64()
                .unwrap_or_else(|| panic!("{k}.{m} missing: {j}"));
            assert!((0.0..=1.0).contains(&v));
        }
    }
    assert!(j.get("cameo_root").is_some());
    assert_eq!(j["sentences"], 2);
    assert_eq!(j["event"]["recall"], 1.0, "{j}");
    let lines = json_lines(&std::fs::read(&preds).unwrap());
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["events"][0]["event"], "SUPPORT");
    assert_eq!(lines[1]["events"][0]["source"], "FRA");
    assert_eq!(j["parse_beam"], 1);
    // the same with the beam-search parser
    let out = newsgraph()
        .args(["eval", "events", "--json", "--parse-beam", "4"])
        .arg(&f)
        .assert()
        .success();
    let j: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(j["parse_beam"], 4);
    assert_eq!(j["event"]["recall"], 1.0, "{j}");
    // a parser artifact from a file decodes with the beam it was trained for
    let beam =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/parser-ud-en-beam.ngl");
    let out = newsgraph()
        .args(["eval", "events", "--json", "--parser-model"])
        .arg(&beam)
        .arg(&f)
        .assert()
        .success();
    let j: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(j["parse_beam"], 4);
    assert_eq!(j["parser_model"], beam.display().to_string());
    assert_eq!(j["event"]["recall"], 1.0, "{j}");
    // a file that is not a parser artifact is refused, by name
    let out = newsgraph()
        .args(["eval", "events", "--parser-model"])
        .arg(&f)
        .arg(&f)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("gsr.json") && err.contains("parser model"),
        "{err}"
    );
    // A file that is not a GSR array is a clear error.
    let bad = write(dir.path(), "bad.json", "{\"text\": 1}");
    let out = newsgraph()
        .args(["eval", "events"])
        .arg(&bad)
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("array"));
}

#[test]
fn eval_actors_scores_conflibert_spans() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "ner.txt",
        "Russian B-S\ntroops I-S\nattacked O\nUkraine B-T\n. O\n",
    );
    let out = newsgraph()
        .args(["eval", "actors", "--json"])
        .arg(&f)
        .assert()
        .success();
    let j: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(j["sentences"], 1);
    assert_eq!(j["target_exact"]["f1"], 1.0, "{j}");
    assert_eq!(j["source_overlap"]["f1"], 1.0, "{j}");
    let out = newsgraph()
        .args(["eval", "actors", "--json", "--parse-beam", "2"])
        .arg(&f)
        .assert()
        .success();
    let j: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(j["parse_beam"], 2);
    assert_eq!(j["target_exact"]["f1"], 1.0, "{j}");
}

#[test]
fn gdelt_export_has_61_columns_per_event() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("n.db");
    let f = write(
        dir.path(),
        "a.jsonl",
        "{\"id\":\"x\",\"text\":\"Russian forces attacked Ukrainian troops in Kharkiv. France praised Germany.\",\"published\":\"2023-03-20\",\"url\":\"https://example.org/a\"}\n",
    );
    newsgraph()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&f)
        .assert()
        .success();
    let out = newsgraph()
        .args(["export", "--format", "gdelt-events", "--db"])
        .arg(&db)
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert!(rows.len() >= 2, "{text}");
    for r in &rows {
        assert_eq!(r.len(), 61);
        assert_eq!(r[1], "20230320");
        assert_eq!(r[60], "https://example.org/a");
    }
    assert!(rows
        .iter()
        .any(|r| r[5] == "FRA" && r[15] == "DEU" && r[28] == "05"));
}

#[test]
fn events_take_the_date_the_text_gives_them() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "d.jsonl",
        "{\"id\":\"d\",\"published\":\"2023-10-18\",\"text\":\"President Vladimir Putin visited Beijing on Monday. Russia attacked Ukraine in February 2022. France praised Germany.\"}\n",
    );
    let out = newsgraph().arg("analyze").arg(&f).assert().success();
    let a = json_lines(&out.get_output().stdout).remove(0);
    let dates: Vec<(&str, &str)> = a["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["text"].as_str().unwrap(), d["value"].as_str().unwrap()))
        .collect();
    assert_eq!(
        dates,
        [("Monday", "2023-10-16"), ("February 2022", "2022-02")]
    );
    let date_of = |src: &str| {
        a["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["source"] == src)
            .unwrap_or_else(|| panic!("no {src} event: {a}"))["date"]
            .clone()
    };
    assert_eq!(date_of("RUSGOV"), "2023-10-16");
    assert_eq!(date_of("RUS"), "2022-02");
    // No date in the sentence: the publication date.
    assert_eq!(date_of("FRA"), "2023-10-18");
}

#[test]
fn eval_dates_scores_timeml() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.tml",
        r#"<?xml version="1.0" ?>
<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>Stocks fell <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3> after a rise in <TIMEX3 tid="t2" type="DATE" value="1997-10">October</TIMEX3>.</TEXT></TimeML>"#,
    );
    let out = newsgraph()
        .args(["eval", "dates", "--json"])
        .arg(dir.path())
        .assert()
        .success();
    let j: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(j["documents"], 1);
    assert_eq!(j["gold"], 2);
    assert_eq!(j["strict_f1"], 1.0, "{j}");
    assert_eq!(j["value_accuracy"], 1.0, "{j}");
    // No TimeML there: a clear error.
    let empty = tempfile::tempdir().unwrap();
    let out = newsgraph()
        .args(["eval", "dates"])
        .arg(empty.path())
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains(".tml"));
}
