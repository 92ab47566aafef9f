//! The learned event filter: the rules propose events (a dictionary verb pattern with its
//! actors); a logistic model decides, from the verb in its context, the actors and the
//! flags, how likely the proposal is a real political event with the right actors. Its
//! probability is the event's `confidence`; proposals under the threshold are dropped.
//!
//! Trained by `newsgraph train event-filter` on the whole-article annotations
//! (`annotations/articles`, dev split), the PLOVER GSR sentences and sentences of BBC sport
//! and entertainment news (which report no political event); see BENCHMARKS.md.

use super::actors::last_role as role;
use super::{ActorMention, CodedEvent, Ctx};
use crate::error::Result;
use crate::learn::logistic::{slot, Logistic};

const MAGIC: [u8; 4] = *b"NGEF";
const VERSION: u16 = 1;

/// Hashed feature table size: 2^18 slots.
pub const BITS: u8 = 18;

/// A trained filter: the model and the threshold it was chosen with.
#[derive(Debug, Clone, PartialEq)]
pub struct EventFilter {
    model: Logistic,
    threshold: f64,
}

impl EventFilter {
    /// A filter from a model and its threshold.
    pub fn new(model: Logistic, threshold: f64) -> Self {
        EventFilter { model, threshold }
    }

    /// The filter shipped in the binary.
    pub fn embedded() -> &'static EventFilter {
        static F: std::sync::OnceLock<EventFilter> = std::sync::OnceLock::new();
        F.get_or_init(|| {
            EventFilter::from_bytes(crate::artifact::embedded::EVENT_FILTER)
                .expect("the embedded event filter is valid (checked by tests)")
        })
    }

    /// The probability below which a proposed event is dropped.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// The probability that a proposal with these features is a right event.
    pub fn prob(&self, slots: &[u32]) -> f64 {
        self.model.prob(slots)
    }

    /// The filter as an artifact: the threshold, then the model's own artifact.
    ///
    /// # Errors
    /// Compression failed.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut p = self.threshold.to_le_bytes().to_vec();
        p.extend_from_slice(&self.model.to_bytes()?);
        crate::artifact::encode(MAGIC, VERSION, &p)
    }

    /// Reads a filter written by [`EventFilter::to_bytes`].
    ///
    /// # Errors
    /// Not such an artifact.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let p = crate::artifact::decode("event filter", MAGIC, VERSION, bytes)?;
        let bad = || crate::error::Error::Artifact {
            name: "event filter",
            reason: "payload too short".into(),
        };
        let t: [u8; 8] = p.get(..8).and_then(|b| b.try_into().ok()).ok_or_else(bad)?;
        Ok(EventFilter {
            threshold: f64::from_le_bytes(t),
            model: Logistic::from_bytes("event filter model", &p[8..])?,
        })
    }
}

/// What kind of actor a mention is, for the features: none, a bare country, a country with
/// a role, an IGO, or an actor of unknown country.
fn actor_kind(m: Option<&ActorMention>) -> &'static str {
    match m {
        None => "none",
        Some(m) if m.code.starts_with("IGO") => "igo",
        Some(m) if m.code.starts_with("---") => "unknown",
        Some(m) if m.code.len() == 3 => {
            if m.end - m.first == 1 {
                "country1"
            } else {
                "country"
            }
        }
        Some(m) if m.person => "person",
        Some(_) => "role",
    }
}

/// The hashed features of a proposed event in its sentence. `sentence` is the sentence's
/// index in the article (the headline is 0).
pub(super) fn features(cx: &Ctx<'_>, e: &CodedEvent, sentence: usize) -> Vec<u32> {
    let s = cx.s;
    let v = e.verb.min(s.words.len().saturating_sub(1));
    let word = |i: usize| cx.norm.get(i).map_or("", String::as_str);
    let t = e.plover.as_str();
    let root = e.cameo.get(..2).unwrap_or("");
    let (sk, tk) = (actor_kind(e.source.as_ref()), actor_kind(e.target.as_ref()));
    let src = e.source.as_ref().map_or("", |m| m.code.as_str());
    let tgt = e.target.as_ref().map_or("", |m| m.code.as_str());
    let mut f: Vec<String> = vec![
        "bias".into(),
        format!("t={t}"),
        format!("c={}", e.cameo),
        format!("r={root}"),
        format!("v={}", word(v)),
        format!("vt={}|{t}", word(v)),
        format!("vc={}|{}", word(v), e.cameo),
        format!("vu={}|{t}", s.upos.get(v).copied().unwrap_or("")),
        format!("vd={}|{t}", s.deprels.get(v).copied().unwrap_or("")),
        format!("sk={sk}"),
        format!("tk={tk}"),
        format!("st={sk}|{tk}"),
        format!("stt={sk}|{tk}|{t}"),
        format!("sr={}|{t}", role(src)),
        format!("tr={}|{t}", role(tgt)),
        format!("h={}|{t}", e.hypothetical),
        format!("n={}|{t}", e.negated),
        format!("rep={}", e.reported),
        format!("w-1={}", word(v.wrapping_sub(1))),
        format!("w+1={}", word(v + 1)),
        format!("w+1t={}|{t}", word(v + 1)),
        format!("w+2={}", word(v + 2)),
        format!("head={}", sentence == 0),
    ];
    if !src.is_empty() && src.get(..3) == tgt.get(..3) {
        f.push(format!("same_country|{t}"));
    }
    for (name, m) in [("s", &e.source), ("o", &e.target)] {
        if let Some(m) = m {
            let last = m.end.saturating_sub(1);
            f.push(format!("{name}w={}", word(last)));
            let dist = if m.first > v {
                m.first - v
            } else {
                v - m.end.min(v)
            };
            f.push(format!("{name}d={}", dist.min(8) / 2));
            f.push(format!(
                "{name}dep={}",
                s.deprels.get(last).copied().unwrap_or("")
            ));
        }
    }
    for &c in cx.children.get(v).map_or(&[][..], Vec::as_slice) {
        f.push(format!("ch={}", s.deprels.get(c).copied().unwrap_or("")));
        f.push(format!("chw={}", word(c)));
    }
    // inside a quotation: an odd number of quote marks before the verb
    let quotes = s.words[..v]
        .iter()
        .filter(|w| matches!(**w, "\"" | "\u{201c}" | "\u{201d}" | "``" | "''"))
        .count();
    f.push(format!("quoted={}", quotes % 2 == 1));
    // the nouns of the sentence say what it is about (a match, shares, a film)
    for (i, u) in s.upos.iter().enumerate() {
        if *u == "NOUN" {
            f.push(format!("noun={}", word(i)));
        }
    }
    f.iter().map(|x| slot(x, BITS)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_kinds() {
        assert_eq!(role("CHNGOVMED"), "MED");
        assert_eq!(role("GBR"), "");
        assert_eq!(role("IGOUNO"), "");
        let m = |code: &str, person: bool, len: usize| ActorMention {
            first: 0,
            end: len,
            code: code.into(),
            name: String::new(),
            person,
        };
        assert_eq!(actor_kind(None), "none");
        assert_eq!(actor_kind(Some(&m("RUS", false, 1))), "country1");
        assert_eq!(actor_kind(Some(&m("RUSGOV", true, 2))), "person");
        assert_eq!(actor_kind(Some(&m("IGOUNO", false, 1))), "igo");
        assert_eq!(actor_kind(Some(&m("---BUS", false, 1))), "unknown");
    }

    #[test]
    fn the_embedded_filter_loads_and_round_trips() {
        let f = EventFilter::embedded();
        assert!((0.0..1.0).contains(&f.threshold()));
        let back = EventFilter::from_bytes(&f.to_bytes().unwrap()).unwrap();
        assert_eq!(&back, f);
    }
}
