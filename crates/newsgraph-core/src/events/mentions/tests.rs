//! Unit tests of actor mentions, on sentences parsed by hand and the embedded dictionary.

use crate::events::testing::{coder, parsed, Parsed};
use crate::events::Coder;

/// The mentions a coder finds in the sentence, as (first token, code).
fn found(coder: &mut Coder<'_>, p: &Parsed) -> Vec<(usize, String)> {
    coder
        .code_sentence(&p.view())
        .actors
        .into_iter()
        .map(|m| (m.first, m.code))
        .collect()
}

fn fresh(p: &Parsed) -> Vec<(usize, String)> {
    found(&mut coder(), p)
}

fn has(ms: &[(usize, String)], first: usize, code: &str) -> bool {
    ms.iter().any(|m| m.0 == first && m.1 == code)
}

#[test]
fn the_country_leading_is_the_actor() {
    let led = parsed(
        "
        Saudi-led ADJ   2 amod
        forces    NOUN  3 nsubj
        attacked  VERB  0 root
        Yemen     PROPN 3 obj   B-LOC
        ",
    );
    let ms = fresh(&led);
    assert!(ms.iter().any(|m| m.1.starts_with("SAU")), "{ms:?}");
    let backed = parsed(
        "
        Saudi-backed ADJ   2 amod
        forces       NOUN  3 nsubj
        attacked     VERB  0 root
        Yemen        PROPN 3 obj   B-LOC
        ",
    );
    let ms = fresh(&backed);
    assert!(!ms.iter().any(|m| m.1.starts_with("SAU")), "{ms:?}");
}

#[test]
fn an_agent_takes_the_country_of_its_phrase() {
    let p = parsed(
        "
        China   PROPN 4 nmod     B-LOC
        's      PART  1 case
        state   NOUN  4 compound
        media   NOUN  5 nsubj
        praised VERB  0 root
        Russia  PROPN 5 obj      B-LOC
        ",
    );
    let ms = fresh(&p);
    assert!(has(&ms, 0, "CHNGOVMED"), "{ms:?}");
    let bare = parsed(
        "
        state   NOUN  2 compound
        media   NOUN  3 nsubj
        praised VERB  0 root
        Russia  PROPN 3 obj      B-LOC
        ",
    );
    let ms = fresh(&bare);
    assert!(has(&ms, 0, "---GOVMED"), "{ms:?}");
}

#[test]
fn an_organisations_officials_are_the_organisation() {
    let p = parsed(
        "
        European  ADJ   3 amod     B-ORG
        Community NOUN  3 compound I-ORG
        officials NOUN  4 nsubj
        praised   VERB  0 root
        Norway    PROPN 4 obj      B-LOC
        ",
    );
    let coding = coder().code_sentence(&p.view());
    let officials = coding
        .actors
        .iter()
        .find(|m| (m.first, m.end) == (0, 3))
        .unwrap_or_else(|| panic!("{:?}", coding.actors));
    assert!(officials.code.starts_with("IGO"), "{officials:?}");
}

#[test]
fn an_ethnic_group_belongs_to_the_country_it_lives_in() {
    let ethnic = parsed(
        "
        Serbian   ADJ   2 amod   B-MISC
        police    NOUN  3 nsubj
        arrested  VERB  0 root
        ten       NUM   6 nummod
        ethnic    ADJ   6 amod
        Albanians PROPN 3 obj    B-MISC
        in        ADP   8 case
        Serbia    PROPN 6 nmod   B-LOC
        ",
    );
    let coding = coder().code_sentence(&ethnic.view());
    let group = coding
        .actors
        .iter()
        .find(|m| m.name == "ethnic Albanians")
        .expect("the group");
    assert_eq!(group.code, "SRB");
    let plain = parsed(
        "
        Serbian   ADJ   2 amod   B-MISC
        police    NOUN  3 nsubj
        arrested  VERB  0 root
        ten       NUM   5 nummod
        Albanians PROPN 3 obj    B-MISC
        in        ADP   7 case
        Serbia    PROPN 5 nmod   B-LOC
        ",
    );
    assert!(has(&fresh(&plain), 4, "ALB"));
}

#[test]
fn a_pronoun_takes_the_latest_compatible_actor() {
    let met = parsed(
        "
        Putin PROPN 2 nsubj B-PER
        met   VERB  0 root
        Xi    PROPN 2 obj   B-PER
        .     PUNCT 2 punct
        ",
    );
    let he = parsed(
        "
        He      PRON  2 nsubj
        praised VERB  0 root
        China   PROPN 2 obj   B-LOC
        ",
    );
    let mut c = coder();
    let first = found(&mut c, &met);
    let putin = first[0].1.clone();
    assert!(has(&found(&mut c, &he), 0, &putin));
    // With no one named before, "he" is no one.
    assert!(!fresh(&he).iter().any(|m| m.0 == 0));
}

#[test]
fn a_bare_agent_is_the_one_named_before() {
    let named = parsed(
        "
        China   PROPN 4 nmod     B-LOC
        's      PART  1 case
        state   NOUN  4 compound
        media   NOUN  5 nsubj
        praised VERB  0 root
        Russia  PROPN 5 obj      B-LOC
        ",
    );
    // Two countries: the sentence's own country cannot be the agent's.
    let bare = parsed(
        "
        the        DET   3 det
        state      NOUN  3 compound
        media      NOUN  4 nsubj
        criticised VERB  0 root
        Japan      PROPN 4 obj   B-LOC
        and        CCONJ 7 cc
        India      PROPN 5 conj  B-LOC
        ",
    );
    let mut c = coder();
    found(&mut c, &named);
    let ms = found(&mut c, &bare);
    assert!(has(&ms, 1, "CHNGOVMED"), "{ms:?}");
    let ms = fresh(&bare);
    assert!(has(&ms, 1, "---GOVMED"), "{ms:?}");
}

#[test]
fn a_longer_place_name_is_that_place() {
    let table = "
        Fighting VERB  0 root
        spread   NOUN  1 obj
        in       ADP   5 case
        West     PROPN 5 compound B-LOC
        Darfur   PROPN 1 obl      I-LOC
    ";
    // "West Darfur" is a Sudanese province, not "the West" followed by a word.
    let ms = fresh(&parsed(table).place(3, 5, "SD", false));
    assert!(has(&ms, 3, "SDN"), "{ms:?}");
    assert!(!ms.iter().any(|m| m.1 == "WST"), "{ms:?}");
    let ms = fresh(&parsed(table));
    assert!(ms.iter().any(|m| m.1 == "WST"), "{ms:?}");
}

#[test]
fn a_named_actor_starts_with_a_capital() {
    // "Turkey" the country, not "turkey" the bird.
    let country = parsed(
        "
        Turkey PROPN 2 nsubj B-LOC
        spoke  VERB  0 root
        ",
    );
    let bird = parsed(
        "
        turkey NOUN  2 nsubj
        spoke  VERB  0 root
        ",
    );
    assert!(has(&fresh(&country), 0, "TUR"));
    let ms = fresh(&bird);
    assert!(ms.is_empty(), "{ms:?}");
}

#[test]
fn a_leader_is_the_person_named_before_with_that_code() {
    let met = parsed(
        "
        Putin PROPN 2 nsubj B-PER
        met   VERB  0 root
        Xi    PROPN 2 obj
        .     PUNCT 2 punct
        ",
    );
    let leader = parsed(
        "
        Russia  PROPN 3 nmod  B-LOC
        's      PART  1 case
        leader  NOUN  4 nsubj
        praised VERB  0 root
        China   PROPN 4 obj   B-LOC
        ",
    );
    let name = |c: &mut Coder<'_>| {
        let coding = c.code_sentence(&leader.view());
        let m = coding.actors.iter().find(|m| m.person).cloned();
        m.map(|m| (m.code, m.name))
    };
    let mut c = coder();
    c.code_sentence(&met.view());
    let (code, named) = name(&mut c).expect("the leader");
    assert_eq!(code, "RUSGOV");
    assert!(named.contains("Putin"), "{named}");
    // Nobody named before: the leader is named after the country and the role.
    let (_, unnamed) = name(&mut coder()).expect("the leader");
    assert!(!unnamed.contains("Putin"), "{unnamed}");
}

#[test]
fn it_stands_for_an_actor_of_its_sentence_only_as_a_subject_or_possessor() {
    let subject = parsed(
        "
        Russia  PROPN 2 nsubj B-LOC
        said    VERB  0 root
        it      PRON  5 nsubj
        would   AUX   5 aux
        attack  VERB  2 ccomp
        Ukraine PROPN 5 obj   B-LOC
        ",
    );
    assert!(has(&fresh(&subject), 2, "RUS"));
    let object = parsed(
        "
        Russia   PROPN 2 nsubj B-LOC
        attacked VERB  0 root
        it       PRON  2 obj
        ",
    );
    assert!(!fresh(&object).iter().any(|m| m.0 == 2));
}

#[test]
fn a_quantified_agent_is_not_the_one_named_before() {
    let named = parsed(
        "
        The        DET   3 det
        Chinese    ADJ   3 amod  B-MISC
        government NOUN  4 nsubj
        praised    VERB  0 root
        Russia     PROPN 4 obj   B-LOC
        ",
    );
    let later = |table: &'static str| {
        let mut c = coder();
        found(&mut c, &named);
        found(&mut c, &parsed(table))
    };
    // "both governments" are two countries' governments.
    let both = later(
        "
        Both        DET   2 det
        governments NOUN  3 nsubj
        praised     VERB  0 root
        Norway      PROPN 3 obj   B-LOC
        and         CCONJ 6 cc
        Sweden      PROPN 4 conj  B-LOC
        ",
    );
    assert!(has(&both, 1, "---GOV"), "{both:?}");
    let the = later(
        "
        The         DET   2 det
        governments NOUN  3 nsubj
        praised     VERB  0 root
        Norway      PROPN 3 obj   B-LOC
        and         CCONJ 6 cc
        Sweden      PROPN 4 conj  B-LOC
        ",
    );
    assert!(has(&the, 1, "CHNGOV"), "{the:?}");
}

#[test]
fn a_dictionary_city_placed_in_another_named_country_is_that_place() {
    // "Tripoli, the north Lebanese port": the dictionary's Tripoli is Libya's.
    let table = "
        Shells   NOUN  2 nsubj
        hit      VERB  0 root
        Tripoli  PROPN 2 obj   B-LOC
        ,        PUNCT 8 punct
        the      DET   8 det
        north    ADJ   8 amod
        Lebanese ADJ   8 amod  B-MISC
        port     NOUN  3 appos
    ";
    let lebanese = parsed(table)
        .place(2, 3, "LB", false)
        .place(6, 7, "LB", true);
    let ms = fresh(&lebanese);
    assert!(has(&ms, 2, "LBN"), "{ms:?}");
    // Without the country named, the dictionary's city stands.
    let ms = fresh(&parsed(table).place(2, 3, "LB", false));
    assert!(has(&ms, 2, "LBY"), "{ms:?}");
}
