//! The verb dictionary and the CAMEO tables: verb + the words around it → a CAMEO event code,
//! and a CAMEO code → PLOVER type, mode, Goldstein score and QuadClass.
//!
//! The verbs are PETRARCH2's `CAMEO.2.0.txt` (MIT, © Open Event Data Alliance) followed by
//! the project's supplement `data/verbs-supplement.txt` in the same format; they are stored
//! verbatim in the artifact and parsed at load (≈10 ms). The CAMEO tables are joined at build
//! time from the codebooks in `cameo-plover-codebooks` (CAMEO→PLOVER 2021, GDELT's Goldstein
//! and event-code lookups).
//!
//! Pattern matching is a simplification of PETRARCH's: a pattern's post-verb nouns and
//! prepositional phrases must appear in order among the words the verb governs, its pre-verb
//! nouns among the words before it; the pattern with most matched words wins, else the verb's
//! own code, else its block's. A verb with a code of its own skips the patterns whose comment
//! names another verb of its block (PETRARCH2 merged per-verb lists into blocks), and every
//! verb skips the appeals (CAMEO 02) written for another.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::artifact;
use crate::error::{Error, Result};

const MAGIC: [u8; 4] = *b"NGVB";
const VERSION: u16 = 1;
const VERBS_MARK: &str = "%%VERBS";

/// What a CAMEO code means.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoInfo {
    /// PLOVER event type (`AGREE`, `CONSULT`...).
    pub plover: String,
    /// PLOVER mode (`visit`, `disapprove`...), empty when none.
    pub mode: String,
    /// PLOVER context (`diplomatic`, `military`...), empty when none.
    pub context: String,
    /// Goldstein score.
    pub goldstein: Option<f64>,
    /// CAMEO description.
    pub description: String,
}

/// One element of a verb pattern.
#[derive(Debug, Clone, PartialEq)]
enum Elem {
    /// A noun phrase: modifiers then the head (each a set of alternative words).
    Noun(Vec<Vec<String>>),
    /// A preposition, optionally with its object; `true` when the pattern marks the
    /// preposition's object as the event's target (`(WITH +)`).
    Prep(String, Option<Vec<Vec<String>>>, bool),
}

#[derive(Debug, Clone, PartialEq)]
struct Pattern {
    pre: Vec<Elem>,
    post: Vec<Elem>,
    code: String,
    words: usize,
    /// The verb the pattern was written for (its comment, `# TAKE`), when that is a verb of
    /// its block.
    for_verb: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Block {
    code: String,
    patterns: Vec<Pattern>,
}

#[derive(Debug, Clone)]
struct VerbForm {
    block: u32,
    /// The verb's own code, overriding the block's.
    code: Option<String>,
    /// Words that must follow the verb (particles of multi-word verbs).
    particles: Vec<String>,
    /// The dictionary line's verb, lower case (`take` for `took`).
    lemma: String,
}

/// The loaded verb dictionary and CAMEO tables.
#[derive(Debug, Clone, Default)]
pub struct Verbs {
    forms: FxHashMap<String, Vec<VerbForm>>,
    blocks: Vec<Block>,
    cameo: FxHashMap<String, CameoInfo>,
}

/// A coded verb: its CAMEO code and how many pattern words supported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coded {
    /// CAMEO code (`042`, `1121`...).
    pub code: String,
    /// Pattern words matched (0: the verb's default code).
    pub support: usize,
    /// Particle words the verb consumed after itself.
    pub particles: usize,
    /// Where the pattern says the target is: the first word after this position.
    pub target_after: Option<usize>,
    /// The verb's own code without patterns (its line's, else its block's; may be null `---`).
    pub verb_code: String,
}

impl Verbs {
    /// The dictionary built into the binary (`artifacts/verbs.ngl`).
    pub fn embedded() -> &'static Verbs {
        static VERBS: OnceLock<Verbs> = OnceLock::new();
        VERBS.get_or_init(|| {
            Verbs::from_bytes(artifact::embedded::VERBS)
                .expect("the embedded verb dictionary is valid")
        })
    }

    /// Loads a verb artifact.
    ///
    /// # Errors
    /// A wrong header, a payload that is not UTF-8 or lacks its sections, or a bad table row.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let payload = artifact::decode("verb dictionary", MAGIC, VERSION, bytes)?;
        let text = String::from_utf8(payload).map_err(|_| bad("payload is not UTF-8"))?;
        let (table, verbs) = text
            .split_once(VERBS_MARK)
            .ok_or_else(|| bad("no verbs section"))?;
        let mut out = Verbs::default();
        for (n, line) in table.lines().enumerate() {
            if line.is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 7 || f[0] != "T" {
                return Err(bad(&format!("table line {}: malformed", n + 1)));
            }
            out.cameo.insert(
                f[1].to_string(),
                CameoInfo {
                    plover: f[2].to_string(),
                    mode: f[3].to_string(),
                    context: f[4].to_string(),
                    goldstein: f[5].parse().ok(),
                    description: f[6].to_string(),
                },
            );
        }
        out.parse_verbs(verbs);
        Ok(out)
    }

    #[cfg(feature = "build")]
    /// Builds the artifact bytes from the CAMEO tables and verb dictionary texts.
    ///
    /// # Errors
    /// Only if compression fails.
    pub fn build(tables: &Tables, verb_texts: &[String]) -> Result<Vec<u8>> {
        let mut out = String::new();
        let mut codes: Vec<&String> = tables.plover.keys().collect();
        codes.extend(
            tables
                .goldstein
                .keys()
                .filter(|c| !tables.plover.contains_key(*c)),
        );
        codes.sort();
        codes.dedup();
        for c in codes {
            let (plover, mode, context) = tables.plover.get(c).cloned().unwrap_or_default();
            let g = tables
                .goldstein
                .get(c)
                .map(|g| g.to_string())
                .unwrap_or_default();
            let d = tables.descriptions.get(c).cloned().unwrap_or_default();
            out.push_str(&format!("T\t{c}\t{plover}\t{mode}\t{context}\t{g}\t{d}\n"));
        }
        out.push_str(VERBS_MARK);
        out.push('\n');
        for t in verb_texts {
            out.push_str(t);
            out.push('\n');
        }
        artifact::encode(MAGIC, VERSION, out.as_bytes())
    }

    /// The meaning of a CAMEO code, falling back to its parent codes for the PLOVER type.
    pub fn cameo(&self, code: &str) -> Option<&CameoInfo> {
        self.up_the_tree(code, |i| (!i.plover.is_empty()).then_some(i))
    }

    /// Goldstein score of a CAMEO code (its own, else its parent's).
    pub fn goldstein(&self, code: &str) -> Option<f64> {
        self.up_the_tree(code, |i| i.goldstein)
    }

    /// The first answer `f` gives for `code` or its parents (`1121` → `112` → `11`).
    fn up_the_tree<'a, T>(
        &'a self,
        code: &str,
        f: impl Fn(&'a CameoInfo) -> Option<T>,
    ) -> Option<T> {
        let mut c = code;
        loop {
            if let Some(t) = self.cameo.get(c).and_then(&f) {
                return Some(t);
            }
            if c.len() <= 2 {
                return None;
            }
            c = &c[..c.len() - 1];
        }
    }

    /// Number of verb forms known.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// True when no verbs are loaded.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// True when `word` (normalised) is a form of a dictionary verb.
    pub fn is_verb(&self, word: &str) -> bool {
        self.forms.contains_key(word)
    }

    /// Codes the verb at `at` in `words` (normalised words of one sentence). `governed` is the
    /// range of words the verb governs after itself, `before` those before it. Returns `None`
    /// for a word not in the dictionary or whose code is null (`---`).
    pub fn code<W: AsRef<str>>(
        &self,
        words: &[W],
        at: usize,
        before: std::ops::Range<usize>,
        governed: std::ops::Range<usize>,
    ) -> Option<Coded> {
        let forms = self.forms.get(words[at].as_ref())?;
        // A multi-word verb whose particles follow wins over the bare verb.
        let form = forms
            .iter()
            .filter(|f| {
                f.particles
                    .iter()
                    .enumerate()
                    .all(|(k, p)| words.get(at + 1 + k).map(AsRef::as_ref) == Some(p.as_str()))
            })
            .max_by_key(|f| f.particles.len())?;
        let block = &self.blocks[form.block as usize];
        let after = (at + 1 + form.particles.len()).max(governed.start)..governed.end;
        // Patterns are sorted most specific first; among equally specific ones that match,
        // the one whose words end nearest the verb ("launched rocket fire against camps near
        // the border" is FIRE [193], not BORDER [050]).
        let mut best: Option<(&Pattern, Option<usize>, usize)> = None;
        for p in &block.patterns {
            if best.is_some_and(|(b, _, _)| p.words < b.words) {
                break;
            }
            // PETRARCH2 merged per-verb lists into blocks: a verb with a code of its own
            // ("ARREST [173]") does not take patterns written for another verb of its block
            // ("&MILITARY * [192] # TAKE" is not "soldiers arrested").
            // Nor does any verb take an appeal written for another: "(ON) [020] # CALL" is
            // "called on", not "telephoned Kozyrev on Tuesday".
            let foreign = p.for_verb.as_ref().is_some_and(|v| *v != form.lemma);
            if foreign && (form.code.is_some() || p.code.starts_with("02")) {
                continue;
            }
            let Some((target, end)) = match_seq(&p.post, words, after.clone()) else {
                continue;
            };
            if match_seq(&p.pre, words, before.clone()).is_none() {
                continue;
            }
            if best.is_none_or(|(_, _, e)| end < e) {
                best = Some((p, target, end));
            }
        }
        let best = best.map(|(p, t, _)| (p, t));
        let verb_code = form.code.clone().unwrap_or_else(|| block.code.clone());
        let (code, support, target_after) = match best {
            Some((p, t)) => (p.code.clone(), p.words, t),
            None => (verb_code.clone(), 0, None),
        };
        (!code.is_empty() && code != "---").then_some(Coded {
            code,
            support,
            particles: form.particles.len(),
            target_after,
            verb_code,
        })
    }

    fn parse_verbs(&mut self, text: &str) {
        let mut synsets: FxHashMap<String, Vec<String>> = FxHashMap::default();
        let mut current_syn: Option<(String, bool)> = None;
        let mut block: Option<u32> = None;
        // A supplement block with the name of an existing one adds to it.
        let mut by_name: FxHashMap<String, u32> = FxHashMap::default();
        for raw in text.lines() {
            let (line, comment) = raw.split_once('#').unwrap_or((raw, ""));
            let line = line.trim_end();
            let t = line.trim();
            if t.is_empty() {
                current_syn = None;
                continue;
            }
            if let Some(name) = t.strip_prefix('&') {
                let name = name.split_whitespace().next().unwrap_or("");
                let no_plural = name.ends_with('_');
                let key = name.trim_end_matches('_').to_string();
                synsets.entry(key.clone()).or_default();
                current_syn = Some((key, no_plural));
                block = None;
                continue;
            }
            if let Some((key, no_plural)) = &current_syn {
                if let Some(w) = t.strip_prefix('+') {
                    let phrase_no_plural = w.ends_with('_');
                    let phrase = norm_phrase(w);
                    let list = synsets.entry(key.clone()).or_default();
                    if !phrase.is_empty() {
                        if !no_plural && !phrase_no_plural && !phrase.contains(' ') {
                            list.push(noun_plural(&phrase));
                        }
                        list.push(phrase);
                    }
                    continue;
                }
                current_syn = None;
            }
            if t.starts_with("---") {
                let code = t
                    .split('[')
                    .nth(1)
                    .and_then(|c| c.split(']').next())
                    .map(primary_code)
                    .unwrap_or_default();
                let name = t
                    .trim_start_matches('-')
                    .split('[')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string();
                let next = self.blocks.len() as u32;
                let id = *by_name.entry(name).or_insert(next);
                if id == next {
                    self.blocks.push(Block {
                        code,
                        patterns: Vec::new(),
                    });
                }
                block = Some(id);
                continue;
            }
            let Some(b) = block else { continue };
            if let Some(p) = t.strip_prefix('-') {
                if let Some(mut pat) = parse_pattern(p, &synsets) {
                    pat.for_verb = comment
                        .split_whitespace()
                        .next()
                        .filter(|w| w.bytes().all(|c| c.is_ascii_uppercase() || c == b'_'))
                        .map(|w| w.split('_').next().unwrap_or(w).to_lowercase());
                    self.blocks[b as usize].patterns.push(pat);
                }
                continue;
            }
            self.add_verb_line(t, b);
        }
        // The comment names the verb in any form ("# CALLED_OFF"); one that names no verb of
        // its block is a note, not a verb.
        for (id, b) in self.blocks.iter_mut().enumerate() {
            for p in &mut b.patterns {
                p.for_verb = p.for_verb.take().and_then(|w| {
                    self.forms
                        .get(&w)?
                        .iter()
                        .find(|f| f.block as usize == id)
                        .map(|f| f.lemma.clone())
                });
            }
        }
        // Most specific patterns first so the first full match is the best.
        for b in &mut self.blocks {
            b.patterns.sort_by_key(|x| std::cmp::Reverse(x.words));
        }
    }

    fn add_verb_line(&mut self, t: &str, block: u32) {
        let code = t
            .rsplit_once('[')
            .and_then(|(_, c)| c.split(']').next())
            .map(primary_code);
        let head = t.split('[').next().unwrap_or("");
        let (base, irregular) = match head.split_once('{') {
            Some((b, rest)) => (b.trim(), Some(rest.split('}').next().unwrap_or(""))),
            None => (head.trim(), None),
        };
        let lemma = base
            .trim_start_matches('+')
            .split(['_', '+'])
            .next()
            .unwrap_or("")
            .to_lowercase();
        let mut forms: Vec<String> = Vec::new();
        match irregular {
            Some(irr) => {
                forms.push(base.to_string());
                forms.extend(irr.split_whitespace().map(str::to_string));
            }
            None if base.contains('+') || base.contains('_') => {
                forms.extend(verb_forms_multi(base));
            }
            None => {
                forms.push(base.to_string());
            }
        }
        let mut all = Vec::new();
        for f in forms {
            if irregular.is_none() && !f.contains('_') {
                all.extend(verb_forms(&f.to_lowercase()));
            } else {
                all.push(f.to_lowercase());
            }
        }
        for f in all {
            // `+CORDON_OFF`: the `+` word is the verb; only verb-first phrases are indexed.
            let f = f.trim_start_matches('+');
            if f.contains('+') {
                continue;
            }
            let mut words = f.split('_').filter(|w| !w.is_empty());
            let Some(verb) = words.next() else { continue };
            let particles: Vec<String> = words.map(str::to_string).collect();
            let entry = VerbForm {
                block,
                code: code.clone().filter(|c| !c.is_empty()),
                particles,
                lemma: lemma.clone(),
            };
            let list = self.forms.entry(verb.to_string()).or_default();
            // A later line for the same verb in the same block (the supplement) sets its code.
            match list
                .iter_mut()
                .find(|e| e.block == entry.block && e.particles == entry.particles)
            {
                Some(e) => {
                    if entry.code.is_some() {
                        e.code = entry.code;
                    }
                }
                None => list.push(entry),
            }
        }
    }
}

#[cfg(feature = "build")]
/// CAMEO tables read from the codebooks at build time.
#[derive(Debug, Default)]
pub struct Tables {
    /// CAMEO code → (PLOVER type, mode, context).
    pub plover: FxHashMap<String, (String, String, String)>,
    /// CAMEO code → Goldstein score.
    pub goldstein: FxHashMap<String, f64>,
    /// CAMEO code → description.
    pub descriptions: FxHashMap<String, String>,
}

#[cfg(feature = "build")]
impl Tables {
    /// Reads `CAMEO2PLOVER-2021.txt`, `CAMEO.goldsteinscale.txt` and `CAMEO.eventcodes.txt`.
    pub fn parse(plover: &str, goldstein: &str, eventcodes: &str) -> Tables {
        let mut t = Tables::default();
        for line in plover.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((code, rest)) = line.split_once(':') else {
                continue;
            };
            let code = code.trim();
            if !code.bytes().all(|b| b.is_ascii_digit()) || code.len() < 2 {
                continue;
            }
            let f: Vec<&str> = rest.split(',').map(str::trim).collect();
            let field = |i: usize| f.get(i).copied().unwrap_or("").to_string();
            // Two-digit rows name the root's type; three- and four-digit rows are codes.
            t.plover
                .entry(code.to_string())
                .or_insert((field(0), field(1), field(2)));
        }
        // Where the 2021 table contradicts the manual's own definitions, the definitions win:
        // CONCEDE covers "removing curfews" (the table puts 0813 and 0814 under RETREAT), and
        // RETREAT "also covers resignations of government officials", its mode `resign` (the
        // table puts 0831, change in leadership, under CONCEDE).
        for (code, kind, mode, context) in [
            ("0813", "CONCEDE", "", "legal"),
            ("0814", "CONCEDE", "", "legal"),
            ("0831", "RETREAT", "resign", "political_institutions"),
        ] {
            t.plover.insert(
                code.to_string(),
                (kind.to_string(), mode.to_string(), context.to_string()),
            );
        }
        // The table drops CAMEO 02 (appeal), but the manual's REQUEST is "all requests,
        // demands, and orders", an appeal among them (its note 2 allows such a documented
        // exception): each 02 code takes the type, mode and context of its parallel 10 code
        // (021 appeal for material cooperation as 101 demand it, ..., 028 as 108).
        let appeals: Vec<(String, (String, String, String))> = t
            .plover
            .iter()
            .filter_map(|(code, row)| {
                let rest = code.strip_prefix("10")?;
                Some((format!("02{rest}"), row.clone()))
            })
            .collect();
        for (code, row) in appeals {
            t.plover.entry(code).or_insert(row);
        }
        for line in goldstein.lines().skip(1) {
            if let Some((c, g)) = line.split_once('\t') {
                if let Ok(g) = g.trim().parse() {
                    t.goldstein.insert(c.trim().to_string(), g);
                }
            }
        }
        for line in eventcodes.lines().skip(1) {
            if let Some((c, d)) = line.split_once('\t') {
                let c = c.trim();
                // GDELT's copy merges code 106 into the line of 1056.
                if let Some((d1, _)) = d.split_once("106:") {
                    t.descriptions.insert(c.to_string(), d1.trim().to_string());
                    t.descriptions
                        .insert("106".to_string(), "Demand withdrawal".to_string());
                    continue;
                }
                if c.len() >= 2 {
                    t.descriptions
                        .insert(c.to_string(), d.trim().replace('\t', " "));
                }
            }
        }
        t
    }
}

fn bad(reason: &str) -> Error {
    Error::Artifact {
        name: "verb dictionary",
        reason: reason.to_string(),
    }
}

/// `042:043` → `042`; `:173` → `` (no event in the forward direction).
fn primary_code(c: &str) -> String {
    c.split(':').next().unwrap_or("").trim().to_string()
}

fn norm_phrase(w: &str) -> String {
    w.trim()
        .trim_end_matches('_')
        .replace('_', " ")
        .to_lowercase()
        .trim()
        .to_string()
}

fn noun_plural(w: &str) -> String {
    if let Some(stem) = w.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'o', 'u']) {
            return format!("{stem}ies");
        }
    }
    if w.ends_with("ss") {
        return format!("{w}es");
    }
    format!("{w}s")
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Regular forms of an English verb: base, -s, -ed, -ing (with and without a doubled final
/// consonant, since the dictionary does not say which verbs double).
fn verb_forms(v: &str) -> Vec<String> {
    let b = v.as_bytes();
    let mut out = vec![v.to_string()];
    let n = b.len();
    if n == 0 {
        return out;
    }
    let last = b[n - 1];
    // third person
    if v.ends_with('y') && n > 1 && !is_vowel(b[n - 2]) {
        out.push(format!("{}ies", &v[..n - 1]));
        out.push(format!("{}ied", &v[..n - 1]));
    } else if v.ends_with('s')
        || v.ends_with('x')
        || v.ends_with('z')
        || v.ends_with("ch")
        || v.ends_with("sh")
    {
        out.push(format!("{v}es"));
        out.push(format!("{v}ed"));
    } else {
        out.push(format!("{v}s"));
        if last == b'e' {
            out.push(format!("{v}d"));
        } else {
            out.push(format!("{v}ed"));
        }
    }
    if last == b'e' && !v.ends_with("ee") && !v.ends_with("ye") && !v.ends_with("oe") {
        out.push(format!("{}ing", &v[..n - 1]));
    } else {
        out.push(format!("{v}ing"));
    }
    if n >= 3
        && !is_vowel(last)
        && !matches!(last, b'w' | b'x' | b'y')
        && is_vowel(b[n - 2])
        && !is_vowel(b[n - 3])
    {
        out.push(format!("{v}{}ed", last as char));
        out.push(format!("{v}{}ing", last as char));
    }
    out
}

/// Forms of a multi-word verb such as `+BEEF_UP` or `CLAMP_+DOWN`: inflect the `+` word.
fn verb_forms_multi(base: &str) -> Vec<String> {
    let words: Vec<&str> = base.split('_').collect();
    let Some(k) = words.iter().position(|w| w.starts_with('+')).or(Some(0)) else {
        return Vec::new();
    };
    let verb = words[k].trim_start_matches('+').to_lowercase();
    verb_forms(&verb)
        .into_iter()
        .map(|f| {
            let mut w: Vec<String> = words.iter().map(|x| x.to_lowercase()).collect();
            w[k] = format!("+{f}");
            w.join("_")
        })
        .collect()
}

/// Parses the part of a pattern line after `-`.
fn parse_pattern(p: &str, synsets: &FxHashMap<String, Vec<String>>) -> Option<Pattern> {
    let (body, code) = p.rsplit_once('[')?;
    let code = primary_code(code.split(']').next()?);
    let (pre, post) = body.split_once('*')?;
    let pre = parse_elems(pre, synsets)?;
    let post = parse_elems(post, synsets)?;
    let words = count_words(&pre) + count_words(&post);
    Some(Pattern {
        pre,
        post,
        code,
        words,
        for_verb: None,
    })
}

fn count_words(e: &[Elem]) -> usize {
    e.iter()
        .map(|e| match e {
            Elem::Noun(w) => w.len(),
            Elem::Prep(_, n, _) => 1 + n.as_ref().map_or(0, Vec::len),
        })
        .sum()
}

/// Alternatives for one pattern word: a literal (with its plural) or a synset's members.
fn alternatives(w: &str, synsets: &FxHashMap<String, Vec<String>>) -> Option<Vec<String>> {
    if let Some(s) = w.strip_prefix('&') {
        // Multi-word members ("cease fire") stay phrases: they match as consecutive words.
        let list = synsets.get(s.trim_end_matches('_'))?;
        return Some(list.clone());
    }
    let w = norm_phrase(w);
    if w.is_empty() {
        return None;
    }
    let w = w.rsplit(' ').next().unwrap_or(&w).to_string();
    Some(vec![noun_plural(&w), w])
}

fn parse_elems(s: &str, synsets: &FxHashMap<String, Vec<String>>) -> Option<Vec<Elem>> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    let noun_group = |g: &str| -> Option<Vec<Vec<String>>> {
        g.split_whitespace()
            .filter(|w| !matches!(*w, "$" | "+" | "%" | "^"))
            .map(|w| alternatives(w, synsets))
            .collect()
    };
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('(') {
            let close = r.find(')')?;
            let inner = &r[..close];
            rest = r[close + 1..].trim_start();
            let inner = inner.trim();
            let (prep, obj) = match inner.split_once(char::is_whitespace) {
                Some((p, o)) => (p, Some(o.trim())),
                None => (inner, None),
            };
            let target = obj.is_some_and(|o| o.split_whitespace().any(|w| w == "+"));
            let obj = match obj {
                Some(o) => Some(noun_group(o.trim_start_matches('{').trim_end_matches('}'))?)
                    .filter(|g| !g.is_empty()),
                None => None,
            };
            out.push(Elem::Prep(norm_phrase(prep), obj, target));
        } else if let Some(r) = rest.strip_prefix('{') {
            let close = r.find('}')?;
            let g = noun_group(&r[..close])?;
            if !g.is_empty() {
                out.push(Elem::Noun(g));
            }
            rest = r[close + 1..].trim_start();
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let w = &rest[..end];
            rest = rest[end..].trim_start();
            if matches!(w, "$" | "+" | "%" | "^") {
                continue;
            }
            out.push(Elem::Noun(vec![alternatives(w, synsets)?]));
        }
    }
    Some(out)
}

const PARTICLES: &[&str] = &[
    "on", "up", "off", "out", "down", "in", "over", "back", "away", "through", "into", "for", "to",
    "with", "from", "by", "against", "at", "about", "around", "aside", "forward",
];

fn any_of(alts: &[String], w: &str) -> bool {
    alts.iter().any(|a| a == w)
}

/// True when an alternative ends at `words[p]`: a single word equal to it, or a phrase whose
/// words end there.
fn ends_at<W: AsRef<str>>(alts: &[String], words: &[W], p: usize) -> bool {
    // Hot: single words compare directly; a phrase word by word from its end, no allocation.
    alts.iter().any(|a| {
        if !a.contains(' ') {
            return a == words[p].as_ref();
        }
        a.rsplit(' ')
            .enumerate()
            .all(|(k, w)| k <= p && words[p - k].as_ref() == w)
    })
}

/// Finds a noun group (modifiers…, head) with its head at or after `from` inside `range`.
fn match_noun<W: AsRef<str>>(
    g: &[Vec<String>],
    words: &[W],
    from: usize,
    end: usize,
) -> Option<usize> {
    let (head, mods) = g.split_last()?;
    (from..end).find(|&p| {
        ends_at(head, words, p)
            && mods
                .iter()
                .all(|m| (from.max(p.saturating_sub(4))..p).any(|q| ends_at(m, words, q)))
    })
}

/// Matches pattern elements in order inside `range`. `None`: no match; `Some((t, end))`: a
/// match, with `t` the position of a target-marked preposition and `end` the position after
/// the last matched word.
fn match_seq<W: AsRef<str>>(
    elems: &[Elem],
    words: &[W],
    range: std::ops::Range<usize>,
) -> Option<(Option<usize>, usize)> {
    let mut cursor = range.start;
    let end = range.end.min(words.len());
    let mut target = None;
    for e in elems {
        match e {
            // A bare preposition is the verb's particle ("PRESS ON"): right after the verb.
            Elem::Noun(g)
                if g.len() == 1 && g[0].iter().any(|w| PARTICLES.contains(&w.as_str())) =>
            {
                if cursor < end && any_of(&g[0], words[cursor].as_ref()) {
                    cursor += 1;
                } else {
                    return None;
                }
            }
            Elem::Noun(g) => cursor = match_noun(g, words, cursor, end)? + 1,
            Elem::Prep(prep, obj, marked) => {
                let found = (cursor..end).find_map(|p| {
                    if words[p].as_ref() != prep {
                        return None;
                    }
                    match obj {
                        None => Some(p + 1),
                        Some(g) => match_noun(g, words, p + 1, end.min(p + 7)).map(|q| q + 1),
                    }
                });
                let c = found?;
                if *marked {
                    target = Some(c - 1);
                }
                cursor = c;
            }
        }
    }
    Some((target, cursor))
}

#[cfg(test)]
mod tests;
