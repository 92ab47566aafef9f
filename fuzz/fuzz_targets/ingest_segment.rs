//! Any bytes, through every ingest entry point and segmentation: no panic, and every span
//! slices its text on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph_core::{ingest, Pipeline};

fuzz_target!(|data: &[u8]| {
    let pipeline = Pipeline::embedded();
    for got in [
        ingest::from_text(data, None),
        ingest::from_json_line(data),
        ingest::from_html(data, None),
    ]
    .into_iter()
    .flatten()
    {
        let a = pipeline.analyze(got);
        let text = &a.article.text;
        for t in &a.tokens {
            assert!(text.get(t.start..t.end).is_some_and(|s| !s.is_empty()));
        }
        for s in &a.sentences {
            assert!(text.get(s.start..s.end).is_some());
        }
    }
});
