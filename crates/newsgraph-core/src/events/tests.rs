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
