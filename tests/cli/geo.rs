//! `eval geo` on a tiny LGL-format file made up here, and the seed's places.

use super::{json_lines, newsgraph, write};

/// Great-circle distance in km.
fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (p1, p2) = (a.0.to_radians(), b.0.to_radians());
    let h = ((p2 - p1) / 2.0).sin().powi(2)
        + p1.cos() * p2.cos() * ((b.1 - a.1).to_radians() / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

#[test]
fn seed_places_lie_where_the_acceptance_picture_puts_them() {
    let out = newsgraph().arg("analyze").assert().success();
    let a = json_lines(&out.get_output().stdout).remove(0);
    let places = a["places"].as_array().unwrap();
    // EXPECTED.md, within 50 km (Heilongjiang: the middle of its towns' extent)
    let expected = [
        ("China", (35.0, 105.0)),
        ("Russia", (60.0, 100.0)),
        ("Heihe", (50.24, 127.49)),
        ("Blagoveshchensk", (50.28, 127.54)),
        ("Beijing", (39.91, 116.40)),
        ("Chinese capital", (39.91, 116.40)),
        ("Harbin", (45.75, 126.65)),
        ("Ukraine", (49.0, 32.0)),
        ("United States", (39.8, -98.5)),
        ("Heilongjiang", (48.0, 128.0)),
    ];
    for (name, at) in expected {
        let p = places
            .iter()
            .find(|p| p["text"] == name)
            .unwrap_or_else(|| panic!("{name} not found: {places:#?}"));
        let got = (p["lat"].as_f64().unwrap(), p["lon"].as_f64().unwrap());
        assert!(km(got, at) < 50.0, "{name} at {got:?}, expected {at:?}");
    }
}

const LGL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <text><![CDATA[Tourists in Heihe look across the river at Blagoveshchensk. Harbin is Heilongjiang’s capital.]]></text>
    <toponyms>
      <toponym><start>12</start><end>17</end><phrase>Heihe</phrase>
        <gaztag geonameid="2036973"><name>Heihe</name><lat>50.24413</lat><lon>127.49016</lon></gaztag></toponym>
      <toponym><start>43</start><end>58</end><phrase>Blagoveshchensk</phrase>
        <gaztag geonameid="2026609"><name>Blagoveshchensk</name><lat>50.27961</lat><lon>127.5405</lon></gaztag></toponym>
      <toponym><start>60</start><end>66</end><phrase>Harbin</phrase>
        <gaztag geonameid="2037013"><name>Harbin</name><lat>45.75</lat><lon>126.65</lon></gaztag></toponym>
    </toponyms>
  </article>
</articles>
"#;

#[test]
fn eval_geo_gold_spans_and_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "tiny.xml", LGL);
    let preds = dir.path().join("p.jsonl");
    let out = newsgraph()
        .args([
            "eval",
            "geo",
            "--format",
            "lgl",
            "--gold-spans",
            "--json",
            "--predictions",
        ])
        .arg(&preds)
        .arg(&file)
        .assert()
        .success();
    let j: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    for k in ["n", "exact", "acc161", "mean_km", "median_km", "auc"] {
        assert!(j.get(k).is_some(), "{k} missing: {j}");
    }
    assert_eq!(j["n"], 3);
    assert_eq!(j["exact"], 1.0, "{j}");
    assert_eq!(j["acc161"], 1.0, "{j}");
    assert_eq!(j["oracle_acc161"], 1.0, "{j}");
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&preds)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["geonameid"], 2026609);
    assert_eq!(lines[1]["start"], 43);

    let out = newsgraph()
        .args(["eval", "geo", "--format", "lgl", "--json"])
        .arg(&file)
        .assert()
        .success();
    let j: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    for k in ["precision", "recall", "f1"] {
        let x = j[k].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&x));
    }
    assert!(j.get("oracle_acc161").is_none(), "gold spans only: {j}");

    // the oracle: Harbin's gold point 1,000 km from every Harbin in the gazetteer, and a name
    // it lacks, leave one toponym of three within reach
    let far = LGL
        .replace("<lat>45.75</lat>", "<lat>36.75</lat>")
        .replace(
            "<phrase>Blagoveshchensk</phrase>",
            "<phrase>Qxzvwkjtplmnrbd</phrase>",
        )
        .replace("at Blagoveshchensk.", "at Qxzvwkjtplmnrbd.");
    let file = write(dir.path(), "far.xml", &far);
    let out = newsgraph()
        .args(["eval", "geo", "--format", "lgl", "--gold-spans", "--json"])
        .arg(&file)
        .assert()
        .success();
    let j: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let third = 1.0 / 3.0;
    assert!(
        (j["oracle_acc161"].as_f64().unwrap() - third).abs() < 1e-9,
        "{j}"
    );
    assert!((j["acc161"].as_f64().unwrap() - third).abs() < 1e-9, "{j}");
    newsgraph()
        .args(["eval", "geo", "--format", "lgl"])
        .arg(dir.path().join("missing.xml"))
        .assert()
        .code(2);
}

#[test]
fn the_outlet_home_places_a_local_papers_town() {
    // the same sentence, bare and from the Paris (Illinois) Beacon-News: its own town is
    // local news's unqualified "Paris"
    let text = "Police in Paris said the fire started near the courthouse square on Monday.";
    let input = format!(
        "{}\n{}\n",
        serde_json::json!({ "text": text }),
        serde_json::json!({ "url": "https://www.parisbeacon.com/news/2009/fire", "text": text })
    );
    let out = newsgraph()
        .args(["analyze", "--output", "jsonl", "-"])
        .write_stdin(input)
        .assert()
        .success();
    let got: Vec<(String, String)> = json_lines(&out.get_output().stdout)
        .iter()
        .map(|a| {
            let p = &a["places"][0];
            (
                p["country_code"].as_str().unwrap().to_string(),
                p["admin1"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("FR".to_string(), "Île-de-France".to_string()),
            ("US".to_string(), "Illinois".to_string())
        ]
    );
}

#[test]
fn a_qualifier_is_the_region_that_holds_the_place_before_it() {
    // Ontario, California lies between Los Angeles and Riverside, but "Mississauga, Ontario"
    // is the province that holds Mississauga
    let out = newsgraph()
        .args(["analyze", "--output", "jsonl", "-"])
        .write_stdin(
            "The company, based in Mississauga, Ontario, sold the food in Los Angeles, \
             San Diego and Riverside, California.\n",
        )
        .assert()
        .success();
    let a = json_lines(&out.get_output().stdout).remove(0);
    let ontario = a["places"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["text"] == "Ontario")
        .unwrap_or_else(|| panic!("Ontario not found: {a:#?}"))
        .clone();
    assert_eq!(
        (
            ontario["country_code"].as_str(),
            ontario["feature_code"].as_str()
        ),
        (Some("CA"), Some("ADM1")),
        "{ontario:#?}"
    );
}

#[test]
fn short_demonyms_and_spellings_with_hyphens_or_apostrophes_find_their_places() {
    // "Saudi" is not world-countries' demonym (the supplement adds it); GeoNames spells
    // "Ts’khinvali" and "Al Minyā"
    let out = newsgraph()
        .args(["analyze", "--output", "jsonl", "-"])
        .write_stdin(
            "Saudi clerics condemned the shelling of Tskhinvali, the regional capital. \
             Protests spread from Cairo to Al-Minya.\n",
        )
        .assert()
        .success();
    let a = json_lines(&out.get_output().stdout).remove(0);
    let got: Vec<(&str, u64)> = a["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["text"].as_str().unwrap(),
                p["geonameid"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Saudi", 102358),
            ("Tskhinvali", 611403),
            ("Cairo", 360630),
            ("Al-Minya", 360686)
        ],
        "{a:#?}"
    );
}
