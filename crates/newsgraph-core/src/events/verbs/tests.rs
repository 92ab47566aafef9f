//! Unit tests of `code::verbs`.

use super::*;

const DICT: &str =
    "&AUXVERB3_\n+HAVE\n+HAS\n\n&FOOD\n+RICE\n+WHEAT_\n\n&TRUCE\n+CEASEFIRE\n+CEASE_FIRE\n\n\
---  DECLARE  [---]  ---\nDECLARE\n- * &TRUCE [0871]\n\n\
---  MAKE   [---]  ---\nMAKE {MAKES MADE MAKING}\n- * VISIT  [036]  # MAKE\n- * TRIP (TO) [042]\n\
- * {COURTESY CALL} [041:041]\n\n---  ACCUSE  [112]  ---\nACCUSE\nBLAME [1121]\n\
- * (OF &FOOD) [999]\n\n---  BEEF  [---]  ---\n+BEEF_UP [154]\n\n\
---  APPREHEND  [171]  ---\nARREST [173]\nTAKE {TAKES TOOK TAKEN TAKING}\n\
- SOLDIERS *  [192]  # TAKE\n- * REBELS  [1731]  # ARRESTED\n- * LEADER  [181]  # oy 2006\n";

fn verbs() -> Verbs {
    let mut t = Tables::default();
    t.plover
        .insert("042".into(), ("CONSULT".into(), "visit".into(), "".into()));
    t.plover
        .insert("11".into(), ("ACCUSE".into(), "".into(), "".into()));
    t.goldstein.insert("042".into(), 1.9);
    t.goldstein.insert("112".into(), -2.0);
    Verbs::from_bytes(&Verbs::build(&t, &[DICT.to_string()]).unwrap()).unwrap()
}

fn w(s: &str) -> Vec<String> {
    s.split(' ').map(String::from).collect()
}

#[test]
fn patterns_pick_the_most_specific_code() {
    let v = verbs();
    let s = w("putin is making a key trip to china");
    assert_eq!(v.code(&s, 2, 0..2, 3..8).unwrap().code, "042");
    let s = w("putin made a visit");
    assert_eq!(v.code(&s, 1, 0..1, 2..4).unwrap().code, "036");
    // No pattern and a null block code: no event.
    let s = w("they made history");
    assert!(v.code(&s, 1, 0..1, 2..3).is_none());
    let s = w("he accused them");
    assert_eq!(v.code(&s, 1, 0..1, 2..3).unwrap().code, "112");
    let s = w("he blames them of rice theft");
    assert_eq!(v.code(&s, 1, 0..1, 2..6).unwrap().code, "999");
    let s = w("he blamed them");
    assert_eq!(v.code(&s, 1, 0..1, 2..3).unwrap().code, "1121");
    let s = w("they beefed up security");
    let c = v.code(&s, 1, 0..1, 2..4).unwrap();
    assert_eq!((c.code.as_str(), c.particles), ("154", 1));
    assert!(v.code(&s, 0, 0..0, 1..4).is_none());
}

#[test]
fn a_verb_with_its_own_code_skips_patterns_written_for_another_verb() {
    let v = verbs();
    // "- SOLDIERS * [192] # TAKE" is TAKE's: soldiers who arrest keep ARREST's code.
    let s = w("soldiers arrested them");
    assert_eq!(v.code(&s, 1, 0..1, 2..3).unwrap().code, "173");
    let s = w("soldiers took it");
    assert_eq!(v.code(&s, 1, 0..1, 2..3).unwrap().code, "192");
    // A comment naming the verb in any form is its own; one naming no verb is a note.
    let s = w("police arrested rebels");
    assert_eq!(v.code(&s, 1, 0..1, 2..3).unwrap().code, "1731");
    let s = w("police arrested the leader");
    assert_eq!(v.code(&s, 1, 0..1, 2..4).unwrap().code, "181");
}

#[test]
fn no_verb_takes_an_appeal_written_for_another() {
    const CALLS: &str = "---  CALL  [---]  ---\nCALL\nTELEPHONE\n- * (ON) [020]  # CALL\n\
                         - * (TO DISCUSS) [040]  # TELEPHONE\n";
    let v = Verbs::from_bytes(&Verbs::build(&Tables::default(), &[CALLS.to_string()]).unwrap())
        .unwrap();
    let s = w("they called on russia");
    assert_eq!(v.code(&s, 1, 0..1, 2..4).unwrap().code, "020");
    // "telephoned Kozyrev on Tuesday" is no appeal.
    let s = w("he telephoned kozyrev on tuesday");
    assert!(v
        .code(&s, 1, 0..1, 2..5)
        .is_none_or(|c| !c.code.starts_with("02")));
}

#[test]
fn multi_word_synset_members_match_as_phrases() {
    let v = verbs();
    let s = w("they declared a cease fire");
    assert_eq!(v.code(&s, 1, 0..1, 2..5).unwrap().code, "0871");
    let s = w("they declared a ceasefires");
    assert_eq!(v.code(&s, 1, 0..1, 2..4).unwrap().code, "0871");
    // "fire" alone is not "cease fire".
    let s = w("they declared a fire");
    assert!(v.code(&s, 1, 0..1, 2..4).is_none());
}

#[test]
fn cameo_table_falls_back_to_the_root() {
    let v = verbs();
    assert_eq!(v.cameo("042").unwrap().mode, "visit");
    assert_eq!(v.cameo("1121").unwrap().plover, "ACCUSE");
    assert_eq!(v.goldstein("1121"), Some(-2.0));
    assert!(v.cameo("999").is_none());
}

#[test]
fn the_manual_corrects_the_conversion_table() {
    let table = "08: CONCEDE\n083: CONCEDE,   ,   political_institutions # Accede\n\
                     0831: CONCEDE,   ,   political_institutions # Leadership\n\
                     0813: RETREAT, ,   legal # Ease curfew\n";
    let t = Tables::parse(table, "", "");
    assert_eq!(t.plover["083"].0, "CONCEDE");
    assert_eq!(t.plover["0813"].0, "CONCEDE");
    assert_eq!(
        t.plover["0831"],
        (
            "RETREAT".into(),
            "resign".into(),
            "political_institutions".into()
        )
    );
}

#[test]
fn verb_forms_are_regular() {
    assert!(verb_forms("agree").contains(&"agreed".to_string()));
    assert!(verb_forms("agree").contains(&"agreeing".to_string()));
    assert!(verb_forms("accuse").contains(&"accusing".to_string()));
    assert!(verb_forms("deny").contains(&"denied".to_string()));
    assert!(verb_forms("admit").contains(&"admitted".to_string()));
    assert!(verb_forms("push").contains(&"pushes".to_string()));
}
