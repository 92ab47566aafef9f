//! The container every shipped artifact uses: an 8-byte header, then a zstd stream.
//!
//! ```text
//! bytes 0..4   magic, one per artifact kind (e.g. b"NGTN" for the tone lexicon)
//! bytes 4..6   format version, u16 little-endian
//! bytes 6..8   reserved, zero
//! bytes 8..    zstd-compressed payload
//! ```
//! Loaders take bytes, so `include_bytes!` and mmap both work, and reject a wrong magic or
//! version with a clear error instead of misreading the payload.

use crate::error::{Error, Result};

/// The default artifacts compiled into the library, in one place so a reader sees what the
/// binary carries (and how big it is) without searching the stages. Each stage's `embedded()`
/// decodes its own on first use.
pub mod embedded {
    /// Tone lexicon (VADER), `artifacts/tone-vader.ngl`.
    pub const TONE: &[u8] = include_bytes!("../../../artifacts/tone-vader.ngl");
    /// Part-of-speech tagger (UD English EWT + GUM), `artifacts/pos-ud-en.ngl`.
    pub const POS: &[u8] = include_bytes!("../../../artifacts/pos-ud-en.ngl");
    /// Named-entity tagger (CoNLL-2003), `artifacts/ner-conll.ngl`.
    pub const NER: &[u8] = include_bytes!("../../../artifacts/ner-conll.ngl");
    /// Given-name and surname lists the NER features read, `artifacts/names.ngl`.
    pub const NAMES: &[u8] = include_bytes!("../../../artifacts/names.ngl");
    /// Web word lexicon the taggers read, `artifacts/lexicon-web.ngl`.
    pub const LEXICON: &[u8] = include_bytes!("../../../artifacts/lexicon-web.ngl");
    /// Word clusters from news text, `artifacts/clusters-news.ngl`.
    pub const CLUSTERS: &[u8] = include_bytes!("../../../artifacts/clusters-news.ngl");
    /// Greedy dependency parser (the default), `artifacts/parser-ud-en.ngl`.
    pub const PARSER: &[u8] = include_bytes!("../../../artifacts/parser-ud-en.ngl");
    /// Beam-trained dependency parser (`--parse-beam`), `artifacts/parser-ud-en-beam.ngl`.
    pub const PARSER_BEAM: &[u8] = include_bytes!("../../../artifacts/parser-ud-en-beam.ngl");
    /// GeoNames gazetteer, `artifacts/gazetteer.ngl`.
    pub const GAZETTEER: &[u8] = include_bytes!("../../../artifacts/gazetteer.ngl");
    /// Actor dictionary (PETRARCH2/Phoenix), `artifacts/actors.ngl`.
    pub const ACTORS: &[u8] = include_bytes!("../../../artifacts/actors.ngl");
    /// Verb dictionary (PETRARCH2 verbs → CAMEO/PLOVER), `artifacts/verbs.ngl`.
    pub const VERBS: &[u8] = include_bytes!("../../../artifacts/verbs.ngl");
    /// The learned event filter (`newsgraph train event-filter`), `artifacts/event-filter.ngl`.
    pub const EVENT_FILTER: &[u8] = include_bytes!("../../../artifacts/event-filter.ngl");
    /// Given names and their gender, for pronouns (`newsgraph build first-names`),
    /// `artifacts/first-names.ngl`.
    pub const FIRST_NAMES: &[u8] = include_bytes!("../../../artifacts/first-names.ngl");
}

const HEADER_LEN: usize = 8;

/// Wraps `payload` in the artifact container.
///
/// # Errors
/// Fails only if zstd compression fails (out of memory).
pub fn encode(magic: [u8; 4], version: u16, payload: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len() / 3);
    out.extend_from_slice(&magic);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    // Level 19: artifacts are built once and loaded many times; size matters more than build time.
    let compressed = zstd::bulk::compress(payload, 19)?;
    out.extend_from_slice(&compressed);
    Ok(out)
}

/// Checks the header of `bytes` and returns the decompressed payload.
///
/// # Errors
/// A short file, a wrong magic, an unsupported version or a corrupt zstd stream.
pub fn decode(name: &'static str, magic: [u8; 4], version: u16, bytes: &[u8]) -> Result<Vec<u8>> {
    let bad = |reason: String| Error::Artifact { name, reason };
    if bytes.len() < HEADER_LEN {
        return Err(bad(format!(
            "{} bytes is too short for a header",
            bytes.len()
        )));
    }
    if bytes[..4] != magic {
        return Err(bad(format!(
            "magic is {:?}, expected {:?}: not a {name} artifact",
            String::from_utf8_lossy(&bytes[..4]),
            String::from_utf8_lossy(&magic)
        )));
    }
    let found = u16::from_le_bytes([bytes[4], bytes[5]]);
    if found != version {
        return Err(bad(format!(
            "format version {found}, this build reads version {version}: rebuild the artifact"
        )));
    }
    let body = &bytes[HEADER_LEN..];
    // The frame records its size (`encode` writes one frame): one allocation of exactly that
    // size, where streaming would grow and copy the buffer as it goes.
    let decoded = match zstd::zstd_safe::get_frame_content_size(body) {
        Ok(Some(n)) if n <= MAX_PAYLOAD => zstd::bulk::decompress(body, n as usize),
        _ => zstd::stream::decode_all(body),
    };
    decoded.map_err(|e| bad(format!("corrupt payload: {e}")))
}

/// The largest payload a header may announce (the biggest artifact is tens of MB): a corrupt
/// size does not reserve memory.
const MAX_PAYLOAD: u64 = 1 << 30;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let bytes = encode(*b"TEST", 3, b"hello artifact").unwrap();
        assert_eq!(
            decode("test", *b"TEST", 3, &bytes).unwrap(),
            b"hello artifact"
        );
    }

    #[test]
    fn a_streamed_payload_without_a_recorded_size_decodes_too() {
        let payload = vec![7u8; 100_000];
        let mut bytes = b"TEST\x03\0\0\0".to_vec();
        bytes.extend(zstd::stream::encode_all(&payload[..], 3).unwrap());
        assert_eq!(decode("test", *b"TEST", 3, &bytes).unwrap(), payload);
    }

    #[test]
    fn rejects_wrong_magic_version_and_truncation() {
        let bytes = encode(*b"TEST", 3, b"x").unwrap();
        let e = decode("test", *b"NOPE", 3, &bytes).unwrap_err().to_string();
        assert!(e.contains("magic"), "{e}");
        let e = decode("test", *b"TEST", 4, &bytes).unwrap_err().to_string();
        assert!(e.contains("version 3"), "{e}");
        assert!(decode("test", *b"TEST", 3, &bytes[..5]).is_err());
        assert!(decode("test", *b"TEST", 3, &bytes[..bytes.len() - 2]).is_err());
    }
}
