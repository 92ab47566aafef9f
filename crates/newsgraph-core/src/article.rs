//! The article: what every input format is turned into before analysis.

use serde::{Deserialize, Serialize};

/// One news article. `text` is what the pipeline analyses; every span in an
/// [`Analysis`](crate::Analysis) is a half-open byte range into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Article {
    /// Content hash of title and text (16 lowercase hex digits of BLAKE3), so re-ingesting the
    /// same article is a no-op whatever file or record it came from.
    pub id: String,
    /// The record's own id, when the input gave one (JSONL `id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Where the article was published online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The outlet (JSONL `source`, or the HTML page's site name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The file it was read from (`-` for standard input).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date (`YYYY-MM-DD`) or date-time (RFC 3339), normalised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The analysed text, UTF-8, byte-order mark removed.
    pub text: String,
}

impl Article {
    /// Builds an article and computes its content-hash id.
    pub fn new(title: Option<String>, text: String) -> Self {
        let id = content_id(title.as_deref(), &text);
        Article {
            id,
            external_id: None,
            url: None,
            source: None,
            path: None,
            title,
            published: None,
            text,
        }
    }

    /// The publication date part (`YYYY-MM-DD`) when known.
    pub fn published_date(&self) -> Option<&str> {
        self.published.as_deref().map(|p| p.get(..10).unwrap_or(p))
    }
}

/// The content hash used as article id: BLAKE3 of `title \0 text`, first 8 bytes as hex.
pub fn content_id(title: Option<&str>, text: &str) -> String {
    let mut h = blake3::Hasher::new();
    h.update(title.unwrap_or("").as_bytes());
    h.update(b"\0");
    h.update(text.as_bytes());
    let digest = h.finalize();
    digest.as_bytes()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_is_stable_and_content_addressed() {
        let a = Article::new(Some("T".into()), "body".into());
        let b = Article::new(Some("T".into()), "body".into());
        let c = Article::new(Some("T".into()), "body!".into());
        assert_eq!(a.id, b.id);
        assert_ne!(a.id, c.id);
        assert_eq!(a.id.len(), 16);
        // title and text are separated, so moving a character across the boundary changes the id
        assert_ne!(content_id(Some("ab"), "c"), content_id(Some("a"), "bc"));
    }
}
