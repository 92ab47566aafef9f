//! Unit tests of the event coder's public helpers and tree functions.

use super::*;

#[test]
fn quad_classes() {
    assert_eq!(quad_class("042"), 1);
    assert_eq!(quad_class("057"), 1);
    assert_eq!(quad_class("073"), 2);
    assert_eq!(quad_class("112"), 3);
    assert_eq!(quad_class("190"), 4);
}

#[test]
fn date_keys() {
    assert_eq!(date_key(Some("2023-03-20")), 20230320);
    assert_eq!(date_key(Some("2023-03-20T10:00:00Z")), 20230320);
    assert_eq!(date_key(None), 99_991_231);
    assert_eq!(date_key(Some("soon")), 99_991_231);
}

#[test]
fn subtree_spans_survive_cycles() {
    let heads = [Some(1), Some(0)];
    let ch = children_of(&heads);
    assert_eq!(subtree_span(&ch, 0), (0, 1));
}

#[test]
fn a_headline_participle_with_no_auxiliary_is_passive() {
    use crate::events::testing::parsed;
    use crate::events::tree::{headline_passives, refined_relations};
    let headline = |table: &'static str| {
        let p = parsed(table);
        let children = children_of(&p.heads);
        let view = p.view();
        let mut out = refined_relations(&view, &children, &p.norm());
        headline_passives(&view, &children, &p.norm(), &mut out);
        out.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    let jailed = headline(
        "
        Russian    ADJ   2 amod
        journalist NOUN  3 nsubj
        jailed     VERB  0 root
        for        ADP   5 case
        spying     NOUN  3 obl
        ",
    );
    assert_eq!(jailed[1], "nsubj:pass");
    // An object makes it active: "Police arrested Griffin".
    let active = headline(
        "
        Police   NOUN  2 nsubj
        arrested VERB  0 root
        Griffin  PROPN 2 obj
        ",
    );
    assert_eq!(active[0], "nsubj");
}

#[test]
fn relation_subtypes_are_restored_from_the_words() {
    use crate::events::testing::parsed;
    use crate::events::tree::refined_relations;
    let refined = |table: &'static str| {
        let p = parsed(table);
        let children = children_of(&p.heads);
        let out: Vec<String> = refined_relations(&p.view(), &children, &p.norm())
            .into_iter()
            .map(str::to_string)
            .collect();
        out
    };
    // "was attacked by": a passive subject, auxiliary and agent.
    let passive = refined(
        "
        Kyiv     PROPN 3 nsubj
        was      AUX   3 aux
        attacked VERB  0 root
        by       ADP   5 case
        Russia   PROPN 3 obl
        ",
    );
    assert_eq!(
        passive,
        ["nsubj:pass", "aux:pass", "root", "case", "obl:agent"]
    );
    // "were engaged in" is a state, not something done to the subject.
    let state = refined(
        "
        Troops  NOUN  3 nsubj
        were    AUX   3 aux
        engaged VERB  0 root
        ",
    );
    assert_eq!(state, ["nsubj", "aux", "root"]);
    // A possessive 's, and a relative clause opened by "who".
    let poss = refined(
        "
        Russia  PROPN 3 nmod
        's      PART  1 case
        leader  NOUN  0 root
        who     PRON  5 nsubj
        spoke   VERB  3 acl
        ",
    );
    assert_eq!(poss, ["nmod:poss", "case", "root", "nsubj", "acl:relcl"]);
}

/// The distinct source and target codes of a coding, in order of first appearance.
fn sides(c: &SentenceCoding) -> (Vec<String>, Vec<String>) {
    let mut sources: Vec<String> = Vec::new();
    let mut targets: Vec<String> = Vec::new();
    for e in &c.events {
        for (side, list) in [(&e.source, &mut sources), (&e.target, &mut targets)] {
            if let Some(m) = side {
                if !list.contains(&m.code) {
                    list.push(m.code.clone());
                }
            }
        }
    }
    (sources, targets)
}

#[test]
fn a_verb_codes_at_most_four_sources() {
    let p = super::testing::parsed(
        "Britain PROPN 10 nsubj B-LOC
         , PUNCT 3 punct
         France PROPN 1 conj B-LOC
         , PUNCT 5 punct
         Germany PROPN 1 conj B-LOC
         , PUNCT 7 punct
         Italy PROPN 1 conj B-LOC
         and CCONJ 9 cc
         Spain PROPN 1 conj B-LOC
         condemned VERB 0 root
         Russia PROPN 10 obj B-LOC
         . PUNCT 10 punct",
    );
    let (sources, targets) = sides(&super::testing::code(&p));
    assert_eq!(sources.len(), MOST_SOURCES, "{sources:?}");
    assert!(!sources.iter().any(|s| s.starts_with("ESP")), "{sources:?}");
    assert_eq!(targets, ["RUS"]);
}

#[test]
fn a_verb_codes_at_most_six_targets() {
    let p = super::testing::parsed(
        "Russia PROPN 2 nsubj B-LOC
         condemned VERB 0 root
         Britain PROPN 2 obj B-LOC
         , PUNCT 5 punct
         France PROPN 3 conj B-LOC
         , PUNCT 7 punct
         Germany PROPN 3 conj B-LOC
         , PUNCT 9 punct
         Italy PROPN 3 conj B-LOC
         , PUNCT 11 punct
         Spain PROPN 3 conj B-LOC
         , PUNCT 13 punct
         Poland PROPN 3 conj B-LOC
         and CCONJ 15 cc
         Austria PROPN 3 conj B-LOC
         . PUNCT 2 punct",
    );
    let (sources, targets) = sides(&super::testing::code(&p));
    assert_eq!(sources, ["RUS"]);
    assert_eq!(targets.len(), MOST_TARGETS, "{targets:?}");
    assert!(!targets.iter().any(|t| t.starts_with("AUT")), "{targets:?}");
}
