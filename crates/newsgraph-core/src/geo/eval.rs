//! Geoparser evaluation on LGL (Lieberman et al. 2010) and GeoVirus (Gritta et al. 2018).
//!
//! Metrics as in Gritta et al. 2019 ("A pragmatic guide to geoparsing evaluation"): the share
//! of gold toponyms resolved within 161 km (`acc161`), mean and median error in km, and `auc`,
//! the area under the curve of sorted log errors (`ln(1 + km) / ln(1 + 20039)`), lower is
//! better. A gold toponym left unresolved counts as the largest possible error (20,039 km).
//! `exact` is the share of gold toponyms carrying a GeoNames id that got that id.

use std::path::Path;

use serde::Serialize;

use super::gazetteer::{distance_km, Gazetteer};
use crate::error::{Error, Result};
use crate::geo;
use crate::segment::{self, Span};

/// Half the Earth's circumference: the error of an unresolved toponym.
pub const MAX_KM: f64 = 20039.0;

/// A gold toponym (byte offsets into the document text) with what the file says of it.
#[derive(Debug, Clone)]
pub struct GoldToponym {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Offsets as written in the file (characters; GeoVirus counts from 1).
    pub file_start: usize,
    /// End offset as written in the file.
    pub file_end: usize,
    /// GeoNames id, when the corpus gives one (LGL).
    pub geonameid: Option<u64>,
    /// Gold coordinates, when given.
    pub coords: Option<(f64, f64)>,
}

/// A document of a geoparsing corpus.
#[derive(Debug, Clone)]
pub struct GeoDoc {
    /// The article's id (LGL docid) or index.
    pub id: String,
    /// Its text.
    pub text: String,
    /// The outlet that published it (LGL `domain`, GeoVirus `source`), when given.
    pub outlet: Option<String>,
    /// Gold toponyms.
    pub gold: Vec<GoldToponym>,
}

/// The corpus formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeoFormat {
    /// LGL XML.
    Lgl,
    /// GeoVirus XML.
    GeoVirus,
}

fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

/// Reads a corpus file.
///
/// # Errors
/// An unreadable file, invalid XML, or offsets outside their text.
pub fn read(path: &Path, format: GeoFormat) -> Result<Vec<GeoDoc>> {
    let xml = std::fs::read_to_string(path).map_err(|e| {
        Error::Io(std::io::Error::new(
            e.kind(),
            format!("{}: {e}", path.display()),
        ))
    })?;
    let name = path.display().to_string();
    let bad = |reason: String| Error::Format {
        path: name.clone(),
        line: 0,
        reason,
    };
    let doc = roxmltree::Document::parse(&xml).map_err(|e| bad(format!("invalid XML: {e}")))?;
    fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, tag: &str) -> Option<roxmltree::Node<'a, 'i>> {
        n.children().find(|c| c.has_tag_name(tag))
    }
    fn text_of(n: Option<roxmltree::Node>) -> String {
        n.and_then(|x| x.text()).unwrap_or("").to_string()
    }
    let mut docs = Vec::new();
    for (i, art) in doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("article"))
        .enumerate()
    {
        let text = text_of(child(art, "text"));
        let map = char_to_byte(&text);
        let id = art.attribute("docid").map_or(i.to_string(), str::to_string);
        let (list, item, shift) = match format {
            GeoFormat::Lgl => ("toponyms", "toponym", 0),
            GeoFormat::GeoVirus => ("locations", "location", 1),
        };
        let mut gold = Vec::new();
        // descendants, not children: GeoVirus nests three of its locations inside another
        // one's element (article 45), and they are gold toponyms all the same
        for t in child(art, list)
            .into_iter()
            .flat_map(|l| l.descendants())
            .filter(|n| n.has_tag_name(item))
        {
            let num = |tag: &str| text_of(child(t, tag)).trim().parse::<usize>().ok();
            let (Some(fs), Some(fe)) = (num("start"), num("end")) else {
                return Err(bad(format!("article {id}: a toponym without start/end")));
            };
            let (s, e) = (fs.checked_sub(shift), fe.checked_sub(shift));
            let (Some(&bs), Some(&be)) = (s.and_then(|s| map.get(s)), e.and_then(|e| map.get(e)))
            else {
                return Err(bad(format!(
                    "article {id}: offsets {fs}..{fe} outside the text"
                )));
            };
            let gaz = child(t, "gaztag");
            let coord_node = gaz.unwrap_or(t);
            let f = |tag: &str| text_of(child(coord_node, tag)).trim().parse::<f64>().ok();
            let coords = f("lat").zip(f("lon"));
            gold.push(GoldToponym {
                start: bs,
                end: be,
                file_start: fs,
                file_end: fe,
                geonameid: gaz
                    .and_then(|g| g.attribute("geonameid"))
                    .and_then(|x| x.parse().ok()),
                coords,
            });
        }
        let outlet = ["domain", "url", "source"]
            .iter()
            .map(|tag| text_of(child(art, tag)))
            .find(|v| !v.trim().is_empty());
        docs.push(GeoDoc {
            id,
            text,
            outlet,
            gold,
        });
    }
    Ok(docs)
}

/// Scores of a geoparsing run. Keys are the public contract of `eval geo --json`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GeoScores {
    /// Gold toponyms with coordinates (the resolution metrics' denominator).
    pub n: usize,
    /// Share of gold toponyms with a GeoNames id that got that id (null when the corpus has none).
    pub exact: Option<f64>,
    /// Share resolved within 161 km.
    pub acc161: f64,
    /// Mean error, km.
    pub mean_km: f64,
    /// Median error, km.
    pub median_km: f64,
    /// Area under the sorted log-error curve (lower is better).
    pub auc: f64,
    /// With gold spans: the share of gold toponyms with a candidate (an entry of their name, or
    /// the country of a demonym) within 161 km of the gold point, which is what a resolver
    /// picking the best candidate every time would score: the most `acc161` can reach with
    /// this gazetteer and its reference points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oracle_acc161: Option<f64>,
    /// Recognition precision (without gold spans).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<f64>,
    /// Recognition recall.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recall: Option<f64>,
    /// Recognition F1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub f1: Option<f64>,
    /// Wall-clock seconds for geoparsing.
    pub seconds: f64,
    /// Toponyms resolved per second.
    pub toponyms_per_second: f64,
}

/// One prediction line of `--predictions`.
#[derive(Debug, Clone, Serialize)]
pub struct Prediction {
    /// Document id.
    pub doc: String,
    /// Start offset, in the file's convention.
    pub start: usize,
    /// End offset, in the file's convention.
    pub end: usize,
    /// Predicted GeoNames id.
    pub geonameid: Option<u64>,
    /// Predicted latitude.
    pub lat: Option<f64>,
    /// Predicted longitude.
    pub lon: Option<f64>,
    /// False for a predicted place that matches no gold toponym's line (end-to-end runs).
    pub gold: bool,
}

/// Runs the geoparser over the corpus and scores it. With `gold_spans`, the gold toponyms are
/// resolved; otherwise the whole pipeline finds places too, and a gold toponym counts as
/// found when a predicted place overlaps it.
pub fn evaluate(
    docs: &[GeoDoc],
    gold_spans: bool,
    format: GeoFormat,
) -> (GeoScores, Vec<Prediction>) {
    let gaz = Gazetteer::embedded();
    let pipeline = crate::Pipeline::embedded();
    let shift = usize::from(format == GeoFormat::GeoVirus);
    let start = std::time::Instant::now();
    let mut errors: Vec<f64> = Vec::new();
    let (mut exact_n, mut exact_ok) = (0usize, 0usize);
    let (mut predicted, mut found, mut gold_total, mut matched_pred) =
        (0usize, 0usize, 0usize, 0usize);
    let mut toponyms = 0usize;
    let mut preds = Vec::new();
    for d in docs {
        // (start, end, geonameid, lat, lon) of the system's places
        let places: Vec<(usize, usize, Option<u64>, f64, f64)> = if gold_spans {
            let tokens = segment::tokenize(&d.text);
            let tops: Vec<geo::Toponym> = d
                .gold
                .iter()
                .map(|g| geo::Toponym {
                    start: g.start,
                    end: g.end,
                    capital_of: None,
                })
                .collect();
            let home = d.outlet.as_deref().and_then(|o| gaz.outlet_home(o));
            let res = geo::resolve(&d.text, &tops, &tokens, gaz, home);
            tops.iter()
                .zip(res)
                .filter_map(|(t, r)| {
                    let e = gaz.entry(r?.entry);
                    Some((
                        t.start,
                        t.end,
                        Some(e.geonameid).filter(|g| *g != 0),
                        e.lat,
                        e.lon,
                    ))
                })
                .collect()
        } else {
            let mut article = crate::Article::new(None, d.text.clone());
            article.source = d.outlet.clone();
            let a = pipeline.analyze(crate::ingest::Ingested {
                article,
                warnings: Vec::new(),
            });
            a.places
                .iter()
                .map(|p| (p.start, p.end, p.geonameid, p.lat, p.lon))
                .collect()
        };
        toponyms += places.len();
        predicted += places.len();
        let byte_to_char = |b: usize| d.text[..b].chars().count() + shift;
        let mut used = vec![false; places.len()];
        for g in &d.gold {
            gold_total += 1;
            let hit = places.iter().enumerate().find(|(k, p)| {
                !used[*k]
                    && if gold_spans {
                        p.0 == g.start && p.1 == g.end
                    } else {
                        p.0 < g.end && g.start < p.1
                    }
            });
            if let Some((k, _)) = hit {
                used[k] = true;
                found += 1;
            }
            let p = hit.map(|(_, p)| p);
            preds.push(Prediction {
                doc: d.id.clone(),
                start: g.file_start,
                end: g.file_end,
                geonameid: p.and_then(|p| p.2),
                lat: p.map(|p| p.3),
                lon: p.map(|p| p.4),
                gold: true,
            });
            if let Some(id) = g.geonameid {
                exact_n += 1;
                exact_ok += usize::from(p.and_then(|p| p.2) == Some(id));
            }
            if let Some((lat, lon)) = g.coords {
                errors.push(p.map_or(MAX_KM, |p| distance_km(lat, lon, p.3, p.4)));
            }
        }
        matched_pred += used.iter().filter(|u| **u).count();
        if !gold_spans {
            for (k, p) in places.iter().enumerate().filter(|(k, _)| !used[*k]) {
                let _ = k;
                preds.push(Prediction {
                    doc: d.id.clone(),
                    start: byte_to_char(p.0),
                    end: byte_to_char(p.1),
                    geonameid: p.2,
                    lat: Some(p.3),
                    lon: Some(p.4),
                    gold: false,
                });
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    // outside the timing: the oracle is a diagnostic, not part of resolving
    let reachable = docs
        .iter()
        .flat_map(|d| d.gold.iter().map(move |g| (d, g)))
        .filter(|(d, g)| {
            let Some((lat, lon)) = g.coords else {
                return false;
            };
            let t = geo::Toponym {
                start: g.start,
                end: g.end,
                capital_of: None,
            };
            geo::candidates(&d.text, &t, gaz).iter().any(|&k| {
                let e = gaz.entry(k);
                distance_km(lat, lon, e.lat, e.lon) < 161.0
            })
        })
        .count();
    let n = errors.len();
    let mut sorted = errors.clone();
    sorted.sort_by(f64::total_cmp);
    let frac = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let scaled: Vec<f64> = sorted
        .iter()
        .map(|e| (1.0 + e).ln() / (1.0 + MAX_KM).ln())
        .collect();
    // trapezoidal area under the sorted curve, over [0, 1]
    let auc = if scaled.len() < 2 {
        scaled.first().copied().unwrap_or(0.0)
    } else {
        scaled.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum::<f64>() / (scaled.len() - 1) as f64
    };
    let mut s = GeoScores {
        n,
        exact: (exact_n > 0).then(|| frac(exact_ok, exact_n)),
        acc161: frac(errors.iter().filter(|e| **e < 161.0).count(), n),
        mean_km: if n == 0 {
            0.0
        } else {
            errors.iter().sum::<f64>() / n as f64
        },
        median_km: if n == 0 { 0.0 } else { sorted[n / 2] },
        auc,
        seconds,
        toponyms_per_second: toponyms as f64 / seconds.max(1e-9),
        ..Default::default()
    };
    if gold_spans {
        s.oracle_acc161 = Some(frac(reachable, n));
    } else {
        let p = frac(matched_pred, predicted);
        let r = frac(found, gold_total);
        s.precision = Some(p);
        s.recall = Some(r);
        s.f1 = Some(if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        });
    }
    (s, preds)
}

/// Token spans of a text (helper for callers that need them with toponyms).
pub fn tokens(text: &str) -> Vec<Span> {
    segment::tokenize(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_nested_inside_another_is_still_gold() {
        // GeoVirus offsets count from 1; the first location's element holds the second's
        let xml = "<articles><article><source>x</source>\
            <text>Cases in Pandi, Bulacan.</text><locations>\
            <location><location><name>Pandi</name><start>10</start><end>15</end>\
            <lat>14.87</lat><lon>120.95</lon></location>\
            <name>Bulacan</name><start>17</start><end>24</end>\
            <lat>14.97</lat><lon>121.0</lon></location>\
            </locations></article></articles>";
        let dir = std::env::temp_dir().join(format!("ng-geovirus-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("nested.xml");
        std::fs::write(&path, xml).unwrap();
        let docs = read(&path, GeoFormat::GeoVirus).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let spans: Vec<&str> = docs[0]
            .gold
            .iter()
            .map(|g| &docs[0].text[g.start..g.end])
            .collect();
        assert_eq!(spans, ["Bulacan", "Pandi"]);
    }
}
