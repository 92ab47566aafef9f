//! Unit tests of source and target finding, on sentences parsed by hand.

use crate::events::testing::{actor, coder, parsed, with_ctx, with_mentions, Parsed};
use crate::events::ActorMention;

fn codes(ms: &[ActorMention]) -> Vec<&str> {
    ms.iter().map(|m| m.code.as_str()).collect()
}

/// Sources and passive targets of `verb`, by code, with the mentions the coder finds.
fn subject(p: &Parsed, verb: &str) -> (Vec<String>, Vec<String>) {
    let own = |ms: Vec<ActorMention>| ms.into_iter().map(|m| m.code).collect();
    let (s, t) = with_mentions(p, |c, cx| c.subject(cx, p.at(verb)));
    (own(s), own(t))
}

/// Targets of `verb` for the given source codes, with the mentions the coder finds.
fn object(p: &Parsed, verb: &str, sources: &[&str]) -> Vec<String> {
    with_mentions(p, |c, cx| {
        let sources: Vec<ActorMention> = sources
            .iter()
            .map(|code| {
                cx.mentions
                    .iter()
                    .find(|m| m.code == *code)
                    .cloned()
                    .unwrap_or_else(|| actor(0, 1, code))
            })
            .collect();
        c.object(cx, p.at(verb), &sources)
            .into_iter()
            .map(|m| m.code)
            .collect()
    })
}

const ATTACKED: &str = "
    Russia   PROPN 2 nsubj B-LOC
    attacked VERB  0 root
    Ukraine  PROPN 2 obj   B-LOC
    .        PUNCT 2 punct
";

#[test]
fn the_subject_is_the_source_and_the_object_the_target() {
    let p = parsed(ATTACKED);
    assert_eq!(subject(&p, "attacked"), (vec!["RUS".into()], vec![]));
    assert_eq!(object(&p, "attacked", &["RUS"]), ["UKR"]);
    // Nothing is the source of a word with no subject and no actor before it.
    assert_eq!(subject(&p, "Russia"), (vec![], vec![]));
}

#[test]
fn a_passives_agent_is_the_source_and_its_subject_the_target() {
    let p = parsed(
        "
        A        DET   2  det
        village  NOUN  7  nsubj
        near     ADP   5  case
        the      DET   5  det
        border   NOUN  2  nmod
        was      AUX   7  aux
        attacked VERB  0  root
        by       ADP   10 case
        Ugandan  ADJ   10 amod  B-MISC
        soldiers NOUN  7  obl
        .        PUNCT 7  punct
        ",
    );
    // The village, an agent without a country, takes the sentence's only one.
    assert_eq!(
        subject(&p, "attacked"),
        (vec!["UGAMIL".into()], vec!["UGACVL".into()])
    );
}

#[test]
fn a_complement_without_a_subject_inherits_its_heads() {
    let p = parsed(
        "
        Germany PROPN 2 nsubj B-LOC
        agreed  VERB  0 root
        to      PART  4 mark
        send    VERB  2 xcomp
        aid     NOUN  4 obj
        to      ADP   7 case
        Poland  PROPN 4 obl   B-LOC
        .       PUNCT 2 punct
        ",
    );
    assert_eq!(subject(&p, "send").0, ["DEU"]);
    assert_eq!(object(&p, "send", &["DEU"]), ["POL"]);
}

#[test]
fn a_relative_pronoun_stands_for_the_noun_its_clause_modifies() {
    let p = parsed(
        "
        Russia     PROPN 7 nsubj B-LOC
        ,          PUNCT 4 punct
        which      PRON  4 nsubj
        attacked   VERB  1 acl
        Ukraine    PROPN 4 obj   B-LOC
        ,          PUNCT 7 punct
        criticised VERB  0 root
        Japan      PROPN 7 obj   B-LOC
        .          PUNCT 7 punct
        ",
    );
    assert_eq!(subject(&p, "attacked").0, ["RUS"]);
    assert_eq!(subject(&p, "criticised").0, ["RUS"]);
}

#[test]
fn a_subject_with_a_preposition_is_a_misparse() {
    // "Serbia on Thursday rejected": the actor before the verb is the subject.
    let p = parsed(
        "
        Serbia   PROPN 4 dep   B-LOC
        on       ADP   3 case
        Thursday PROPN 4 nsubj
        rejected VERB  0 root
        the      DET   6 det
        plan     NOUN  4 obj
        ",
    );
    assert_eq!(subject(&p, "rejected").0, ["SRB"]);
    let p = parsed(
        "
        Serbia   PROPN 4 dep   B-LOC
        ,        PUNCT 3 punct
        Thursday PROPN 4 nsubj
        rejected VERB  0 root
        the      DET   6 det
        plan     NOUN  4 obj
        ",
    );
    assert!(subject(&p, "rejected").0.is_empty());
}

#[test]
fn every_country_of_a_list_is_a_target() {
    let p = parsed(
        "
        Brazil  PROPN 2 nsubj B-LOC
        gave    VERB  0 root
        food    NOUN  2 obj
        to      ADP   5 case
        Chile   PROPN 2 obl   B-LOC
        ,       PUNCT 7 punct
        Peru    PROPN 5 conj  B-LOC
        and     CCONJ 9 cc
        Bolivia PROPN 5 conj  B-LOC
        .       PUNCT 2 punct
        ",
    );
    assert_eq!(object(&p, "gave", &["BRA"]), ["CHL", "PER", "BOL"]);
    // A list the parse split up is still one phrase, joined by commas and "and" alone.
    let split = parsed(
        "
        Brazil  PROPN 2 nsubj B-LOC
        gave    VERB  0 root
        food    NOUN  2 obj
        to      ADP   5 case
        Chile   PROPN 2 obl   B-LOC
        ,       PUNCT 2 punct
        Peru    PROPN 2 dep   B-LOC
        and     CCONJ 9 cc
        Bolivia PROPN 2 dep   B-LOC
        .       PUNCT 2 punct
        ",
    );
    assert_eq!(object(&split, "gave", &["BRA"]), ["CHL", "PER", "BOL"]);
    let clause = parsed(
        "
        Brazil  PROPN 2 nsubj B-LOC
        gave    VERB  0 root
        food    NOUN  2 obj
        to      ADP   5 case
        Chile   PROPN 2 obl   B-LOC
        ,       PUNCT 2 punct
        and     CCONJ 8 cc
        Peru    PROPN 9 nsubj B-LOC
        said    VERB  2 conj
        so      ADV   9 advmod
        ",
    );
    assert_eq!(object(&clause, "gave", &["BRA"]), ["CHL"]);
}

#[test]
fn the_complements_participant_is_the_target() {
    // "urged the council to condemn Ukraine": the council names no actor; Ukraine does.
    let p = parsed(
        "
        Russia  PROPN 2 nsubj
        urged   VERB  0 root
        the     DET   4 det
        council NOUN  2 obj
        to      PART  6 mark
        condemn VERB  2 xcomp
        Ukraine PROPN 6 obj
        ",
    );
    let mentions = [actor(0, 1, "RUS"), actor(6, 7, "UKR")];
    let targets = with_ctx(&p, &mentions, |cx| {
        coder().object(cx, p.at("urged"), &mentions[..1])
    });
    assert_eq!(codes(&targets), ["UKR"]);
    // The same actor as the source is no target.
    let targets = with_ctx(&p, &mentions, |cx| {
        coder().object(cx, p.at("urged"), &mentions[1..])
    });
    assert!(targets.is_empty());
}

#[test]
fn the_source_of_a_report_is_no_target() {
    let according = parsed(
        "
        Portugal   PROPN 2 nsubj B-LOC
        acted      VERB  0 root
        according  VERB  7 case
        to         ADP   3 fixed
        the        DET   7 det
        Swiss      ADJ   7 amod  B-MISC
        government NOUN  2 obl
        .          PUNCT 2 punct
        ",
    );
    assert!(object(&according, "acted", &["PRT"]).is_empty());
    let with = parsed(
        "
        Portugal   PROPN 2 nsubj B-LOC
        acted      VERB  0 root
        with       ADP   6 case
        the        DET   6 det
        Swiss      ADJ   6 amod  B-MISC
        government NOUN  2 obl
        .          PUNCT 2 punct
        ",
    );
    assert_eq!(object(&with, "acted", &["PRT"]), ["CHEGOV"]);
}

#[test]
fn a_place_is_the_target_only_when_nothing_else_is() {
    let p = parsed(
        "
        Russia PROPN 2 nsubj B-LOC
        fought VERB  0 root
        in     ADP   4 case
        Sudan  PROPN 2 obl   B-LOC
        .      PUNCT 2 punct
        ",
    );
    assert_eq!(object(&p, "fought", &["RUS"]), ["SDN"]);
    // Without a source, the place is no one's target.
    assert!(object(&p, "fought", &[]).is_empty());
}

#[test]
fn one_source_takes_the_next_actor_named_after_the_verb() {
    let p = parsed(
        "
        Portugal   PROPN 2  nsubj B-LOC
        restored   VERB  0  root
        diplomatic ADJ   4  amod
        relations  NOUN  2  obj
        with       ADP   7  mark
        and        CCONJ 7  cc
        reopened   VERB  2  conj
        its        PRON  9  nmod
        embassy    NOUN  7  obj
        in         ADP   11 case
        Vietnam    PROPN 9  nmod  B-LOC
        .          PUNCT 2  punct
        ",
    );
    assert_eq!(object(&p, "restored", &["PRT"]), ["VNM"]);
    // Co-subjects act on each other instead.
    assert!(object(&p, "restored", &["PRT", "ESP"]).is_empty());
}

#[test]
fn a_verb_tagged_as_a_noun_takes_the_next_actor() {
    // "to counter NATO": the tagger took "counter" for a noun, so it governs nothing.
    let noun = parsed(
        "
        Russia  PROPN 2 nsubj
        wants   VERB  0 root
        to      PART  4 mark
        counter NOUN  2 xcomp
        NATO    PROPN 2 dep
        ",
    );
    let verb = parsed(
        "
        Russia  PROPN 2 nsubj
        wants   VERB  0 root
        to      PART  4 mark
        counter VERB  2 xcomp
        NATO    PROPN 2 dep
        ",
    );
    let mentions = [actor(0, 1, "RUS"), actor(4, 5, "IGONAT")];
    // Without a source, as when the subject is unknown.
    let of = |p: &Parsed| with_ctx(p, &mentions, |cx| coder().object(cx, 3, &[]));
    assert_eq!(codes(&of(&noun)), ["IGONAT"]);
    assert!(of(&verb).is_empty());
}

#[test]
fn a_relationship_is_with_the_pair_named_before() {
    let pair = parsed(
        "
        Russia PROPN 4 nsubj B-LOC
        and    CCONJ 3 cc
        China  PROPN 1 conj  B-LOC
        met    VERB  0 root
        .      PUNCT 4 punct
        ",
    );
    let praised = |object: &'static str| {
        let table = match object {
            "relationship" => {
                "
                India        PROPN 2 nsubj B-LOC
                praised      VERB  0 root
                this         DET   4 det
                relationship NOUN  2 obj
                .            PUNCT 2 punct
                "
            }
            _ => {
                "
                India        PROPN 2 nsubj B-LOC
                praised      VERB  0 root
                this         DET   4 det
                plan         NOUN  2 obj
                .            PUNCT 2 punct
                "
            }
        };
        let mut coder = coder();
        coder.code_sentence(&pair.view());
        let coding = coder.code_sentence(&parsed(table).view());
        coding.events[0].target.as_ref().map(|m| m.code.clone())
    };
    assert_eq!(praised("relationship").as_deref(), Some("RUS"));
    assert_eq!(praised("plan"), None);
}

#[test]
fn a_pattern_can_say_where_the_target_is() {
    let p = parsed(
        "
        Xi             PROPN 3 nmod
        's             PART  1 case
        administration NOUN  5 nsubj
        has            AUX   5 aux
        swung          VERB  0 root
        the            DET   7 det
        population     NOUN  5 obj
        behind         ADP   9 case
        Putin          PROPN 7 nmod  B-PER
        .              PUNCT 5 punct
        ",
    );
    let v = p.at("swung");
    let (marked, unmarked) = with_mentions(&p, |c, cx| {
        let coded = c.code_in_own_clause(cx, v).expect("swung is coded");
        assert!(coded.target_after.is_some());
        (
            c.pattern_target(cx, v, coded.target_after),
            c.pattern_target(cx, v, None),
        )
    });
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0].first, p.at("Putin"));
    assert!(unmarked.is_empty());
}

#[test]
fn an_apposition_names_the_phrase_before_a_possessive() {
    let p = parsed(
        "
        The        DET   3  det
        United     ADJ   3  amod  B-LOC
        States     PROPN 4  nsubj I-LOC
        criticised VERB  0  root
        Russia     PROPN 8  nmod  B-LOC
        's         PART  5  case
        closest    ADJ   8  amod
        ally       NOUN  4  obj
        ,          PUNCT 10 punct
        China      PROPN 8  appos B-LOC
        .          PUNCT 4  punct
        ",
    );
    let (ally, states) = with_mentions(&p, |c, cx| {
        (
            c.phrase_actors(cx, p.at("ally")),
            c.phrase_actors(cx, p.at("States")),
        )
    });
    assert_eq!(codes(&ally), ["CHN"]);
    assert_eq!(codes(&states), ["USA"]);
}

#[test]
fn the_other_actor_inside_the_sources_own_phrase_is_the_target() {
    // "withdrew its troops from Lebanon": "its troops" are Syria's; Lebanon is the target.
    let p = parsed(
        "
        Syria    PROPN 2 nsubj B-LOC
        withdrew VERB  0 root
        its      PRON  4 nmod
        troops   NOUN  2 obj
        from     ADP   4 case
        Lebanon  PROPN 4 nmod  B-LOC
        .        PUNCT 2 punct
        ",
    );
    // "its" stands for Syria, as the coder's pronoun rule makes it.
    let mentions = [actor(0, 1, "SYR"), actor(2, 3, "SYR"), actor(5, 6, "LBN")];
    let of = |source: usize| {
        let targets = with_ctx(&p, &mentions, |cx| {
            coder().object(cx, p.at("withdrew"), &mentions[source..source + 1])
        });
        targets.into_iter().map(|m| m.code).collect::<Vec<_>>()
    };
    assert_eq!(of(0), ["LBN"]);
    // For Lebanon as the source, the phrase's own actor, Syria, is the target.
    assert_eq!(of(2), ["SYR"]);
}

#[test]
fn coordinated_countries_under_one_agent_are_each_that_agent() {
    let p = parsed(
        "
        Hungarian ADJ   4 amod  B-MISC
        and       CCONJ 3 cc
        Romanian  ADJ   1 conj  B-MISC
        officials NOUN  5 nsubj
        praised   VERB  0 root
        Norway    PROPN 5 obj   B-LOC
        .         PUNCT 5 punct
        ",
    );
    assert_eq!(subject(&p, "praised").0, ["HUNGOV", "ROUGOV"]);
    let one = parsed(
        "
        Romanian  ADJ   2 amod  B-MISC
        officials NOUN  3 nsubj
        praised   VERB  0 root
        Norway    PROPN 3 obj   B-LOC
        .         PUNCT 3 punct
        ",
    );
    assert_eq!(subject(&one, "praised").0, ["ROUGOV"]);
}
