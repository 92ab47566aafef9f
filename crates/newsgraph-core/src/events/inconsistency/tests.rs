//! Unit tests of the inconsistency rule, on two sentences parsed by hand and coded in turn.

use super::*;
use crate::events::testing::{coder, parsed};

const PRAISED: &str = "
    The        DET   3 det
    Chinese    ADJ   3 amod  B-MISC
    government NOUN  4 nsubj
    praised    VERB  0 root
    Russia     PROPN 4 obj   B-LOC
    on         ADP   7 case
    Monday     PROPN 4 obl
    .          PUNCT 4 punct
";

const RUSSIANS_DID_THIS: &str = "
    Russian   ADJ   2 amod   B-MISC
    officials NOUN  4 nsubj
    have      AUX   4 aux
    done      VERB  0 root
    this      PRON  4 obj
    before    ADV   4 advmod
    .         PUNCT 4 punct
";

const CHINESE_DID_THIS: &str = "
    Chinese   ADJ   2 amod   B-MISC
    officials NOUN  4 nsubj
    have      AUX   4 aux
    done      VERB  0 root
    this      PRON  4 obj
    before    ADV   4 advmod
    .         PUNCT 4 punct
";

/// The description when the second sentence credits the first one's action elsewhere.
fn flagged(second: &'static str) -> Option<String> {
    let mut coder = coder();
    let first = coder.code_sentence(&parsed(PRAISED).view());
    let previous: Vec<Credit<(usize, usize)>> = first
        .events
        .iter()
        .filter_map(|e| {
            let src = e.source.as_ref()?;
            Some(Credit {
                code: src.code.clone(),
                name: src.name.clone(),
                evidence: e.evidence,
            })
        })
        .collect();
    assert_eq!(previous[0].code, "CHNGOV");
    let p = parsed(second);
    let (m, _) = coder.code_sentence(&p.view()).redo.expect("a pro-verb");
    credited_to_another_country(&previous, &m).map(|(_, d)| d)
}

#[test]
fn an_action_credited_to_another_countrys_actor_is_inconsistent() {
    let d = flagged(RUSSIANS_DID_THIS).expect("an inconsistency");
    assert!(d.starts_with("the same action is credited to "), "{d}");
    assert!(d.contains("(CHNGOV)") && d.ends_with("(RUSGOV)"), "{d}");
    // The same country doing it again agrees with the previous sentence.
    assert_eq!(flagged(CHINESE_DID_THIS), None);
}

#[test]
fn no_previous_action_no_inconsistency() {
    let redo = crate::events::testing::actor(0, 2, "RUSGOV");
    assert!(credited_to_another_country::<()>(&[], &redo).is_none());
}
