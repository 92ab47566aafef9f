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
