//! Unit tests of the PLOVER/CAMEO rules, each on a sentence parsed by hand: the rule fires on
//! the sentence it is written for and not on a minimal variant of it.

use super::*;
use crate::events::testing::{actor, code, parsed, with_ctx, with_mentions, Parsed};

const SAID_MUST: &str = "
    Russia     PROPN 2 nsubj B-LOC
    said       VERB  0 root
    Sudan      PROPN 5 nsubj B-LOC
    must       AUX   5 aux
    return     VERB  2 ccomp
    the        DET   7 det
    helicopter NOUN  5 obj
    .          PUNCT 2 punct
";

const SAID_RETURNED: &str = "
    Russia     PROPN 2 nsubj B-LOC
    said       VERB  0 root
    Sudan      PROPN 4 nsubj B-LOC
    returned   VERB  2 ccomp
    the        DET   6 det
    helicopter NOUN  4 obj
    .          PUNCT 2 punct
";

const WILL_ATTACK: &str = "
    Russia  PROPN 3 nsubj B-LOC
    will    AUX   3 aux
    attack  VERB  0 root
    Ukraine PROPN 3 obj   B-LOC
    .       PUNCT 3 punct
";

const ATTACKED_ON_MONDAY: &str = "
    Russia   PROPN 2 nsubj B-LOC
    attacked VERB  0 root
    Ukraine  PROPN 2 obj   B-LOC
    on       ADP   5 case
    Monday   PROPN 2 obl
    .        PUNCT 2 punct
";

const DID_NOT_ATTACK: &str = "
    Russia  PROPN 4 nsubj  B-LOC
    did     AUX   4 aux
    not     PART  4 advmod
    attack  VERB  0 root
    Ukraine PROPN 4 obj    B-LOC
    .       PUNCT 4 punct
";

const PLANS_TO_ATTACK: &str = "
    Russia  PROPN 2 nsubj B-LOC
    plans   VERB  0 root
    to      PART  4 mark
    attack  VERB  2 xcomp
    Ukraine PROPN 4 obj   B-LOC
    .       PUNCT 2 punct
";

const NOT_ACCEPT_IF: &str = "
    Syria    PROPN 4  nsubj  B-LOC
    will     AUX   4  aux
    not      PART  4  advmod
    accept   VERB  0  root
    more     ADJ   6  amod
    refugees NOUN  4  obj
    if       SCONJ 8  mark
    fighting VERB  4  advcl
    spreads  NOUN  8  obj
    in       ADP   11 case
    Iraq     PROPN 8  obl    B-LOC
    .        PUNCT 4  punct
";

const OFFICIALS_SAID: &str = "
    Officials NOUN  2 nsubj
    said      VERB  0 root
    Russia    PROPN 4 nsubj B-LOC
    attacked  VERB  2 ccomp
    Ukraine   PROPN 4 obj   B-LOC
    .         PUNCT 2 punct
";

const ACCORDING_TO: &str = "
    Russia     PROPN 2 nsubj B-LOC
    attacked   VERB  0 root
    Ukraine    PROPN 2 obj   B-LOC
    ,          PUNCT 9 punct
    according  VERB  9 case
    to         ADP   5 fixed
    the        DET   9 det
    Swiss      ADJ   9 amod  B-MISC
    government NOUN  2 obl
    .          PUNCT 2 punct
";

const AGREED_TO_SEND: &str = "
    Germany PROPN 2 nsubj B-LOC
    agreed  VERB  0 root
    to      PART  4 mark
    send    VERB  2 xcomp
    aid     NOUN  4 obj
    to      ADP   7 case
    Poland  PROPN 4 obl   B-LOC
    .       PUNCT 2 punct
";

const TRIED_TO_SEND: &str = "
    Germany PROPN 2 nsubj B-LOC
    tried   VERB  0 root
    to      PART  4 mark
    send    VERB  2 xcomp
    aid     NOUN  4 obj
    to      ADP   7 case
    Poland  PROPN 4 obl   B-LOC
    .       PUNCT 2 punct
";

const WILL_SEND: &str = "
    Germany PROPN 3 nsubj B-LOC
    will    AUX   3 aux
    send    VERB  0 root
    aid     NOUN  3 obj
    to      ADP   6 case
    Poland  PROPN 3 obl   B-LOC
    .       PUNCT 3 punct
";

const SENT_TO_INVESTIGATE: &str = "
    The         DET   2  det
    UN          PROPN 3  nsubj B-ORG
    sent        VERB  0  root
    personnel   NOUN  3  obj
    to          ADP   6  case
    Bosnia      PROPN 3  obl   B-LOC
    to          PART  8  mark
    investigate VERB  3  advcl
    the         DET   10 det
    killings    NOUN  8  obj
    .           PUNCT 3  punct
";

const SENT: &str = "
    The       DET   2 det
    UN        PROPN 3 nsubj B-ORG
    sent      VERB  0 root
    personnel NOUN  3 obj
    to        ADP   6 case
    Bosnia    PROPN 3 obl   B-LOC
    .         PUNCT 3 punct
";

const SIGNED_WHITE_HOUSE_ANNOUNCED: &str = "
    Brazil    PROPN 4  nsubj    B-LOC
    and       CCONJ 3  cc
    Argentina PROPN 1  conj     B-LOC
    signed    VERB  0  root
    a         DET   8  det
    new       ADJ   8  amod
    trade     NOUN  8  compound
    pact      NOUN  4  obj
    ,         PUNCT 12 punct
    the       DET   12 det
    White     ADJ   12 amod     B-LOC
    House     PROPN 13 nsubj    I-LOC
    announced VERB  4  advcl
    .         PUNCT 4  punct
";

const YOU_NEED_TO_SPEAK: &str = "
    You    PRON  2 nsubj
    need   VERB  0 root
    to     PART  4 mark
    speak  VERB  2 xcomp
    to     ADP   6 case
    people NOUN  4 obl
    in     ADP   8 case
    Harbin PROPN 6 nmod  B-LOC
    .      PUNCT 2 punct
";

const DEMANDED_AFTER_A_COURT: &str = "
    Former     ADJ   4  amod
    Greek      ADJ   4  amod  B-MISC
    prime      ADJ   4  amod
    minister   NOUN  5  nmod
    Andreas    PROPN 7  nsubj B-PER
    Papandreou PROPN 5  flat  I-PER
    demanded   VERB  0  root
    early      ADJ   9  amod
    elections  NOUN  7  obj
    after      ADP   12 case
    a          DET   12 det
    court      NOUN  7  obl
    in         ADP   14 case
    Athens     PROPN 12 nmod  B-LOC
    cleared    VERB  7  advcl
    him        PRON  15 obj
    .          PUNCT 7  punct
";

const AGAINST_THE_WEST: &str = "
    Russia    PROPN 4 nsubj B-LOC
    and       CCONJ 3 cc
    China     PROPN 1 conj  B-LOC
    cooperate VERB  0 root
    against   ADP   7 case
    the       DET   7 det
    West      PROPN 4 obl   B-LOC
    .         PUNCT 4 punct
";

const STRIKING_DOCKERS: &str = "
    Striking   VERB  2 amod
    dockers    NOUN  3 nsubj
    demanded   VERB  0 root
    higher     ADJ   5 advmod
    pay        VERB  3 xcomp
    from       ADP   9 case
    the        DET   9 det
    Kenyan     ADJ   9 amod   B-MISC
    government NOUN  5 obl
    .          PUNCT 3 punct
";

const DONE_THIS: &str = "
    Russian   ADJ   2 amod   B-MISC
    officials NOUN  4 nsubj
    have      AUX   4 aux
    done      VERB  0 root
    this      PRON  4 obj
    before    ADV   4 advmod
    .         PUNCT 4 punct
";

const SAID_THIS: &str = "
    Russian   ADJ   2 amod   B-MISC
    officials NOUN  4 nsubj
    have      AUX   4 aux
    said      VERB  0 root
    this      PRON  4 obj
    before    ADV   4 advmod
    .         PUNCT 4 punct
";

const ADMISSION_THAT: &str = "
    Britain    PROPN 2  nsubj    B-LOC
    demanded   VERB  0  root
    an         DET   4  det
    admission  NOUN  2  obj
    that       PRON  8  mark
    security   NOUN  7  compound
    forces     NOUN  8  nsubj
    murdered   VERB  4  acl
    the        DET   10 det
    protesters NOUN  8  obj
    .          PUNCT 2  punct
";

fn flag(table: &'static str, word: &str, rule: fn(&Ctx<'_>, usize) -> bool) -> bool {
    let p = parsed(table);
    with_ctx(&p, &[], |cx| rule(cx, p.at(word)))
}

/// The events a fresh coder finds in the sentence, as (source, target, CAMEO, PLOVER).
fn events(p: &Parsed) -> Vec<(String, String, String, String)> {
    code(p)
        .events
        .into_iter()
        .map(|e| {
            let c = |m: Option<ActorMention>| m.map_or_else(String::new, |m| m.code);
            (c(e.source), c(e.target), e.cameo, e.plover)
        })
        .collect()
}

fn event(cameo: &str, verb: usize, source: Option<&str>, target: Option<&str>) -> CodedEvent {
    CodedEvent {
        source: source.map(|c| actor(0, 1, c)),
        target: target.map(|c| actor(verb + 1, verb + 2, c)),
        cameo: cameo.to_string(),
        plover: String::new(),
        mode: String::new(),
        goldstein: None,
        quad_class: quad_class(cameo),
        verb,
        evidence: (0, verb + 2),
        place: None,
        date: None,
        negated: false,
        hypothetical: false,
        reported: false,
        confidence: 0.5,
        features: Vec::new(),
    }
}

// Codes

#[test]
fn demand_codes_follow_what_is_demanded() {
    assert_eq!(demand_code("061"), "101");
    assert_eq!(demand_code("057"), "102");
    assert_eq!(demand_code("073"), "103");
    assert_eq!(demand_code("0842"), "105");
    assert_eq!(demand_code("042"), "106");
    assert_eq!(demand_code("190"), "100");
    assert_eq!(demand_code(""), "100");
}

#[test]
fn reject_codes_follow_what_is_refused() {
    assert_eq!(reject_code("036").as_deref(), Some("120"));
    assert_eq!(reject_code("042").as_deref(), Some("125"));
    assert_eq!(reject_code("061").as_deref(), Some("121"));
    assert_eq!(reject_code("073").as_deref(), Some("122"));
    assert_eq!(reject_code("0842").as_deref(), Some("124"));
    // Refusing to attack is no rejection.
    assert_eq!(reject_code("190"), None);
}

#[test]
fn threat_codes_follow_the_force_announced() {
    assert_eq!(threat_code("141").as_deref(), Some("133"));
    assert_eq!(threat_code("163").as_deref(), Some("131"));
    assert_eq!(threat_code("173").as_deref(), Some("132"));
    assert_eq!(threat_code("190").as_deref(), Some("138"));
    assert_eq!(threat_code("042"), None);
}

#[test]
fn intent_codes_follow_the_cooperation_intended() {
    assert_eq!(intent_code("036").as_deref(), Some("036"));
    assert_eq!(intent_code("010").as_deref(), Some("030"));
    assert_eq!(intent_code("042").as_deref(), Some("036"));
    assert_eq!(intent_code("057").as_deref(), Some("032"));
    assert_eq!(intent_code("061").as_deref(), Some("031"));
    assert_eq!(intent_code("070").as_deref(), Some("033"));
    assert_eq!(intent_code("0842").as_deref(), Some("035"));
    assert_eq!(intent_code("190"), None);
}

#[test]
fn x_said_y_must_is_a_demand_from_x_to_y() {
    let p = parsed(SAID_MUST);
    let ev = with_mentions(&p, |c, cx| c.must_demand(cx, p.at("said"))).expect("a demand");
    assert_eq!(ev.source.map(|m| m.code).as_deref(), Some("RUS"));
    assert_eq!(ev.target.map(|m| m.code).as_deref(), Some("SDN"));
    // Returning the helicopter (08: yield) is what is demanded.
    assert_eq!((ev.cameo.as_str(), ev.plover.as_str()), ("105", "REQUEST"));
    // Without "must" the complement is a reported event, not a demand.
    let p = parsed(SAID_RETURNED);
    assert!(with_mentions(&p, |c, cx| c.must_demand(cx, p.at("said"))).is_none());
    assert!(!events(&p).iter().any(|e| e.3 == "REQUEST"));
}

#[test]
fn agreeing_to_cooperate_is_an_intent() {
    let p = parsed(AGREED_TO_SEND);
    let code = with_mentions(&p, |c, cx| c.agreement_to_act(cx, p.at("agreed")));
    // Sending aid (07) agreed to is an intent to give aid (033).
    assert_eq!(code.as_deref(), Some("033"));
    assert!(events(&p).contains(&("DEU".into(), "POL".into(), "033".into(), "AGREE".into())));
    // "tried to send aid" is no agreement: the aid itself is the event.
    let p = parsed(TRIED_TO_SEND);
    assert_eq!(
        with_mentions(&p, |c, cx| c.agreement_to_act(cx, p.at("tried"))),
        None
    );
    assert!(!events(&p).iter().any(|e| e.3 == "AGREE"));
}

#[test]
fn sending_is_coded_by_its_purpose() {
    let p = parsed(SENT_TO_INVESTIGATE);
    let code = with_mentions(&p, |c, cx| c.purpose_of_sending(cx, p.at("sent")));
    assert_eq!(code.as_deref(), Some("090"));
    let p = parsed(SENT);
    assert_eq!(
        with_mentions(&p, |c, cx| c.purpose_of_sending(cx, p.at("sent"))),
        None
    );
}

#[test]
fn refusing_to_cooperate_is_a_rejection() {
    let (mut cameo, mut negated) = ("036".to_string(), true);
    refusal_is_reject(&mut cameo, &mut negated);
    assert_eq!((cameo.as_str(), negated), ("120", false));
    // Not attacking is a negated attack, not a rejection.
    let (mut cameo, mut negated) = ("190".to_string(), true);
    refusal_is_reject(&mut cameo, &mut negated);
    assert_eq!((cameo.as_str(), negated), ("190", true));
    // Accepting is no rejection.
    let (mut cameo, mut negated) = ("036".to_string(), false);
    refusal_is_reject(&mut cameo, &mut negated);
    assert_eq!((cameo.as_str(), negated), ("036", false));
    // "Syria will not accept more refugees": REJECT, not a negated acceptance.
    let coding = code(&parsed(NOT_ACCEPT_IF));
    let e = &coding.events[0];
    assert_eq!((e.plover.as_str(), e.negated), ("REJECT", false));
    assert!(e.cameo.starts_with("12"));
}

#[test]
fn future_cooperation_is_an_intent_and_future_force_a_threat() {
    assert_eq!(
        future_is_intent_or_threat("070", true, false).as_deref(),
        Some("033")
    );
    assert_eq!(
        future_is_intent_or_threat("190", true, false).as_deref(),
        Some("138")
    );
    assert_eq!(future_is_intent_or_threat("070", false, false), None);
    assert_eq!(future_is_intent_or_threat("070", true, true), None);
    assert_eq!(future_is_intent_or_threat("120", true, false), None);
    // "Germany will send aid to Poland" is AGREE; "Russia will attack Ukraine" THREATEN.
    assert_eq!(
        events(&parsed(WILL_SEND)),
        [("DEU".into(), "POL".into(), "033".into(), "AGREE".into())]
    );
    assert_eq!(
        events(&parsed(WILL_ATTACK)),
        [("RUS".into(), "UKR".into(), "138".into(), "THREATEN".into())]
    );
    assert_eq!(events(&parsed(ATTACKED_ON_MONDAY))[0].3, "ASSAULT");
}

// Which verbs carry an event

#[test]
fn a_verb_tagged_as_a_noun_after_to_carries_an_event() {
    let p = parsed(
        "
        Russia  PROPN 2 nsubj
        wants   VERB  0 root
        to      PART  4 mark
        counter NOUN  2 xcomp
        NATO    PROPN 4 obj
        ",
    );
    let norm = p.norm();
    assert!(is_verb_slot(&p.view(), &norm, p.at("wants")));
    assert!(is_verb_slot(&p.view(), &norm, p.at("counter")));
    assert!(!is_verb_slot(&p.view(), &norm, p.at("NATO")));
    let p = parsed(
        "
        Russia  PROPN 2 nsubj
        built   VERB  0 root
        a       DET   4 det
        counter NOUN  2 obj
        .       PUNCT 2 punct
        ",
    );
    assert!(!is_verb_slot(&p.view(), &p.norm(), p.at("counter")));
}

#[test]
fn a_condition_is_no_event() {
    assert!(flag(NOT_ACCEPT_IF, "fighting", is_condition));
    assert!(!flag(NOT_ACCEPT_IF, "accept", is_condition));
}

#[test]
fn a_participle_modifying_a_noun_is_background() {
    let seized = "
        Police    NOUN  3 compound
        destroyed VERB  3 amod
        weapons   NOUN  0 root
        seized    VERB  3 acl
        last      ADJ   6 amod
        year      NOUN  4 obl
        .         PUNCT 3 punct
    ";
    assert!(flag(seized, "seized", is_background_participle));
    // An infinitive modifying a noun ("a plan to attack Ukraine") still carries an event.
    let plan = "
        a       DET   2 det
        plan    NOUN  0 root
        to      PART  4 mark
        attack  VERB  2 acl
        Ukraine PROPN 4 obj
    ";
    assert!(!flag(plan, "attack", is_background_participle));
}

#[test]
fn patterns_see_only_the_verbs_own_clause() {
    let p = parsed(ADMISSION_THAT);
    let v = p.at("demanded");
    let own = with_mentions(&p, |c, cx| c.code_in_own_clause(cx, v)).expect("demanded is a verb");
    assert_eq!(own.code, "100");
    // Read with the nested clause, "demanded ... security" would match another pattern.
    let norm = p.norm();
    let whole = Verbs::embedded()
        .code(&norm, v, 0..v, v + 1..norm.len())
        .expect("coded");
    assert_ne!(whole.code, own.code);
    // A word the verb dictionary does not know has no code.
    assert!(with_mentions(&p, |c, cx| c.code_in_own_clause(cx, p.at("admission"))).is_none());
}

#[test]
fn an_appeal_under_a_demand_verb_keeps_the_verbs_code() {
    let verbs = Verbs::embedded();
    let coded = |code: &str, verb_code: &str| verbs::Coded {
        code: code.to_string(),
        support: 1,
        particles: 0,
        target_after: None,
        verb_code: verb_code.to_string(),
    };
    // An appeal is a REQUEST in its own right.
    assert_eq!(
        verbs.cameo("0241").map(|c| c.plover.as_str()),
        Some("REQUEST")
    );
    assert_eq!(
        appeal_keeps_the_verbs_code(verbs, coded("0241", "100")).code,
        "100"
    );
    // Under a verb that is no demand ("call", a phone call), the appeal stands.
    assert_eq!(
        appeal_keeps_the_verbs_code(verbs, coded("020", "041")).code,
        "020"
    );
    // A pattern that is no appeal stands.
    assert_eq!(
        appeal_keeps_the_verbs_code(verbs, coded("042", "100")).code,
        "042"
    );
}

#[test]
fn wanting_to_help_is_an_offer_not_an_appeal() {
    let p = parsed(
        "The    DET   3 det
         United ADJ   3 amod
         States PROPN 4 nsubj
         wants  VERB  0 root
         to     PART  6 mark
         help   VERB  4 xcomp
         Kenya  PROPN 6 obj
         .      PUNCT 4 punct",
    )
    .place(1, 3, "US", true)
    .place(6, 7, "KE", true);
    let v = p.at("wants");
    let coded = with_mentions(&p, |c, cx| c.code_in_own_clause(cx, v)).expect("a verb");
    assert!(coded.code.starts_with("03"), "{}", coded.code);
    // "wants Russia to help": an appeal to Russia.
    let r = parsed(
        "Kenya  PROPN 2 nsubj
         wants  VERB  0 root
         Russia PROPN 2 obj
         to     PART  5 mark
         help   VERB  2 xcomp
         .      PUNCT 2 punct",
    );
    let coded = with_mentions(&r, |c, cx| c.code_in_own_clause(cx, r.at("wants"))).expect("a verb");
    assert!(coded.code.starts_with("02"), "{}", coded.code);
    // "wants help": the appeal pattern stands.
    let q = parsed(
        "Kenya PROPN 2 nsubj
         wants VERB  0 root
         help  NOUN  2 obj
         .     PUNCT 2 punct",
    );
    let coded = with_mentions(&q, |c, cx| c.code_in_own_clause(cx, q.at("wants"))).expect("a verb");
    assert!(coded.code.starts_with("02"), "{}", coded.code);
}

// Participants

#[test]
fn agents_take_the_only_country_of_the_sentence() {
    let mut one = vec![actor(0, 1, "MOZ"), actor(3, 4, "---REB")];
    assert_eq!(agents_of_the_only_country(&mut one), [3]);
    assert_eq!(one[1].code, "MOZREB");
    let mut two = vec![
        actor(0, 1, "MOZ"),
        actor(2, 3, "ZAF"),
        actor(4, 5, "---REB"),
    ];
    assert!(agents_of_the_only_country(&mut two).is_empty());
    assert_eq!(two[2].code, "---REB");
}

#[test]
fn only_purpose_clauses_hold_a_target() {
    assert!(flag(SENT_TO_INVESTIGATE, "investigate", is_purpose_clause));
    assert!(!flag(NOT_ACCEPT_IF, "fighting", is_purpose_clause));
}

#[test]
fn a_reporting_clause_gives_no_target() {
    let p = parsed(SIGNED_WHITE_HOUSE_ANNOUNCED);
    let (v, c) = (p.at("signed"), p.at("announced"));
    assert!(with_ctx(&p, &[], |cx| is_reporting_clause(cx, v, c)));
    // A complement of speech before no comma is what is said, not a reporting clause.
    let p = parsed(OFFICIALS_SAID);
    let (v, c) = (p.at("said"), p.at("attacked"));
    assert!(!with_ctx(&p, &[], |cx| is_reporting_clause(cx, v, c)));
    // Brazil and Argentina sign with each other, not with the White House.
    let p = parsed(SIGNED_WHITE_HOUSE_ANNOUNCED);
    let evs = events(&p);
    assert!(evs.iter().any(|e| e.0 == "BRA" && e.1 == "ARG"), "{evs:?}");
    assert!(!evs.iter().any(|e| e.1 == "USAGOV"), "{evs:?}");
}

#[test]
fn a_place_phrase_is_locative() {
    assert!(flag(YOU_NEED_TO_SPEAK, "Harbin", is_locative));
    assert!(!flag(YOU_NEED_TO_SPEAK, "people", is_locative));
}

#[test]
fn according_to_and_time_phrases_are_no_targets() {
    assert!(flag(ACCORDING_TO, "government", is_time_or_source));
    assert!(flag(DEMANDED_AFTER_A_COURT, "court", is_time_or_source));
    assert!(!flag(ATTACKED_ON_MONDAY, "Monday", is_time_or_source));
    assert!(!flag(ACCORDING_TO, "Ukraine", is_time_or_source));
    // The Swiss government reports the attack; it is not attacked.
    let evs = events(&parsed(ACCORDING_TO));
    assert!(evs.iter().any(|e| e.0 == "RUS" && e.1 == "UKR"), "{evs:?}");
    assert!(!evs.iter().any(|e| e.1 == "CHEGOV"), "{evs:?}");
}

#[test]
fn a_word_inside_a_clause_of_time_or_cause_is_no_target() {
    let p = parsed(DEMANDED_AFTER_A_COURT);
    let v = p.at("demanded");
    assert!(with_ctx(&p, &[], |cx| time_or_cause(cx, p.at("Athens"), v)));
    assert!(!with_ctx(&p, &[], |cx| time_or_cause(
        cx,
        p.at("elections"),
        v
    )));
    // The demand has no target: Greece's court only dates it.
    let coding = code(&p);
    let demand = coding
        .events
        .iter()
        .find(|e| e.cameo.starts_with("10"))
        .expect("a demand");
    assert_eq!(demand.target, None);
}

#[test]
fn cooperation_against_someone_is_not_with_them() {
    let p = parsed(AGAINST_THE_WEST);
    let west = actor(p.at("West"), p.at("West") + 1, "WST");
    let mut targets = vec![west.clone()];
    drop_opponents("042", &p.norm(), &mut targets);
    assert!(targets.is_empty());
    // Conflict against someone is with them.
    let mut targets = vec![west];
    drop_opponents("190", &p.norm(), &mut targets);
    assert_eq!(targets.len(), 1);
}

#[test]
fn a_generic_subject_makes_no_event() {
    assert!(flag(YOU_NEED_TO_SPEAK, "need", is_generic_subject));
    assert!(!flag(ATTACKED_ON_MONDAY, "attacked", is_generic_subject));
    assert!(code(&parsed(YOU_NEED_TO_SPEAK)).events.is_empty());
}

#[test]
fn an_event_needs_a_known_actor() {
    let p = parsed(ATTACKED_ON_MONDAY);
    let v = p.at("attacked");
    let (rus, ukr) = ([actor(0, 1, "RUS")], [actor(2, 3, "UKR")]);
    with_ctx(&p, &[], |cx| {
        assert!(has_actors(cx, v, &rus, &[], &[], false));
        assert!(has_actors(cx, v, &[], &ukr, &[], false));
        assert!(!has_actors(cx, v, &[], &[], &[], false));
        // A target that is only an agent given the sentence's country does not do...
        assert!(!has_actors(cx, v, &[], &ukr, &[2], false));
        // ...unless it is the subject of a passive: something was done to it.
        assert!(has_actors(cx, v, &[], &ukr, &[2], true));
    });
    let p = parsed(YOU_NEED_TO_SPEAK);
    let v = p.at("need");
    with_ctx(&p, &[], |cx| {
        assert!(!has_actors(cx, v, &[], &ukr, &[], false));
    });
}

#[test]
fn an_unknown_subject_inside_a_country_is_that_countrys() {
    let p = parsed(STRIKING_DOCKERS);
    let v = p.at("demanded");
    let kenya = with_mentions(&p, |c, cx| {
        let targets: Vec<ActorMention> = cx.mentions.to_vec();
        assert_eq!(targets[0].code, "KENGOV");
        c.domestic_source(cx, v, &targets)
    })
    .expect("a domestic source");
    assert_eq!(kenya.code, "KEN");
    // The source is the subject's phrase, "Striking dockers".
    assert_eq!((kenya.first, kenya.end), (0, 2));
    // An organisation is inside no country.
    let un = with_mentions(&p, |c, cx| {
        c.domestic_source(cx, v, &[actor(8, 9, "IGOUNO")])
    });
    assert!(un.is_none());
    let evs = events(&p);
    assert!(evs.contains(&(
        "KEN".into(),
        "KENGOV".into(),
        "100".into(),
        "REQUEST".into()
    )));
}

#[test]
fn co_subjects_are_each_others_targets() {
    let dict = ActorDict::embedded();
    let sources = [actor(0, 1, "EGY"), actor(2, 3, "JOR")];
    // A region is no partner: "reached an agreement ... in the Middle East".
    let mut targets = vec![actor(11, 13, "MEA")];
    co_subjects_act_on_each_other(dict, &sources, &mut targets);
    let codes: Vec<&str> = targets.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(codes, ["JOR", "EGY"]);
    let mut targets = vec![actor(5, 6, "ISR")];
    co_subjects_act_on_each_other(dict, &sources, &mut targets);
    assert_eq!(targets[0].code, "ISR");
    // One subject acts on no one by itself.
    let mut targets = Vec::new();
    co_subjects_act_on_each_other(dict, &sources[..1], &mut targets);
    assert!(targets.is_empty());
}

#[test]
fn an_actor_does_not_act_on_itself() {
    let src = Some(actor(0, 1, "ISR"));
    let lebanon = Some(actor(2, 3, "LBN"));
    let srcs = [src.clone(), lebanon.clone()];
    let tgts = [lebanon.clone(), Some(actor(9, 10, "LBN"))];
    // Lebanon does not negotiate with Lebanon.
    let of_lebanon = targets_for(&lebanon, &srcs, &tgts);
    assert_eq!(of_lebanon, [&None]);
    let of_israel = targets_for(&src, &srcs, &tgts);
    assert_eq!(of_israel.len(), 2);
    // A single source keeps its own code where nothing else is: a domestic event.
    let algeria = Some(actor(0, 1, "DZA"));
    let tgts = [Some(actor(4, 5, "DZA"))];
    assert_eq!(
        targets_for(&algeria, std::slice::from_ref(&algeria), &tgts),
        [&tgts[0]]
    );
}

#[test]
fn confidence_grows_with_roles_and_pattern_words() {
    assert_eq!(confidence(false, false, 0), 0.5);
    assert!((confidence(true, true, 2) - 0.9).abs() < 1e-9);
    assert!((confidence(true, false, 10) - 0.85).abs() < 1e-9);
}

#[test]
fn cooperation_without_a_target_continues_the_sources_interaction() {
    let mut evs = vec![
        event("042", 2, Some("RUS"), Some("CHN")),
        event("036", 8, Some("RUS"), None),
    ];
    continue_the_interaction(&mut evs);
    assert_eq!(evs[1].target.as_ref().map(|m| m.code.as_str()), Some("CHN"));
    // Conflict is no continuation, nor another source's event.
    let mut evs = vec![
        event("042", 2, Some("RUS"), Some("CHN")),
        event("190", 8, Some("RUS"), None),
        event("036", 9, Some("IND"), None),
    ];
    continue_the_interaction(&mut evs);
    assert!(evs[1].target.is_none() && evs[2].target.is_none());
}

#[test]
fn done_this_credits_an_earlier_action() {
    let p = parsed(DONE_THIS);
    let (m, v) = with_mentions(&p, |c, cx| c.redo(cx)).expect("a pro-verb");
    assert_eq!((m.code.as_str(), v), ("RUSGOV", p.at("done")));
    let p = parsed(SAID_THIS);
    assert!(with_mentions(&p, |c, cx| c.redo(cx)).is_none());
}

// Flags

#[test]
fn not_and_never_negate_but_no_troops_does_not() {
    assert!(flag(DID_NOT_ATTACK, "attack", is_negated));
    assert!(!flag(ATTACKED_ON_MONDAY, "attacked", is_negated));
    let no_troops = "
        Russia PROPN 2 nsubj
        sent   VERB  0 root
        no     DET   4 det
        troops NOUN  2 obj
        to     ADP   6 case
        Syria  PROPN 2 obl
        .      PUNCT 2 punct
    ";
    assert!(!flag(no_troops, "sent", is_negated));
}

#[test]
fn modals_intent_verbs_and_if_make_an_event_hypothetical() {
    assert!(flag(WILL_ATTACK, "attack", is_hypothetical));
    assert!(flag(PLANS_TO_ATTACK, "attack", is_hypothetical));
    assert!(flag(NOT_ACCEPT_IF, "fighting", is_hypothetical));
    assert!(!flag(ATTACKED_ON_MONDAY, "attacked", is_hypothetical));
    assert!(!flag(PLANS_TO_ATTACK, "plans", is_hypothetical));
}

#[test]
fn speech_verbs_and_according_to_make_an_event_reported() {
    let reported = |table: &'static str, word: &str| {
        let p = parsed(table);
        is_reported(&p.view(), &p.norm(), p.at(word))
    };
    assert!(reported(OFFICIALS_SAID, "attacked"));
    assert!(reported(ACCORDING_TO, "attacked"));
    assert!(!reported(ATTACKED_ON_MONDAY, "attacked"));
    assert!(!reported(OFFICIALS_SAID, "said"));
}

#[test]
fn the_place_is_where_the_verb_says_else_the_first_non_country() {
    let table = "
        Russia   PROPN 2 nsubj
        attacked VERB  0 root
        a        DET   4 det
        village  NOUN  2 obj
        in       ADP   6 case
        Donetsk  PROPN 2 obl
    ";
    let p = parsed(table)
        .place(0, 1, "RU", true)
        .place(5, 6, "UA", false);
    with_ctx(&p, &[], |cx| {
        assert_eq!(event_place(cx.s, cx.children, p.at("attacked")), Some(1));
    });
    // Countries alone do not place an event.
    let p = parsed(ATTACKED_ON_MONDAY)
        .place(0, 1, "RU", true)
        .place(2, 3, "UA", true);
    with_ctx(&p, &[], |cx| {
        assert_eq!(event_place(cx.s, cx.children, p.at("attacked")), None);
    });
}

#[test]
fn the_date_is_the_one_in_the_verbs_own_clause() {
    let p = parsed(
        "
        Officials NOUN  2 nsubj
        said      VERB  0 root
        on        ADP   4 case
        Monday    PROPN 2 obl
        Russia    PROPN 6 nsubj
        attacked  VERB  2 ccomp
        Ukraine   PROPN 6 obj
        .         PUNCT 2 punct
        ",
    );
    with_ctx(&p, &[], |cx| {
        let date = |w: &str| event_date(cx.dates, cx.children, cx.s.deprels, p.at(w));
        assert_eq!(date("said").as_deref(), Some("2023-03-20"));
        // Monday dates the saying, not the attack.
        assert_eq!(date("attacked"), None);
    });
}
