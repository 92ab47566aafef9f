use super::*;
use crate::events::testing::{self, parsed, Parsed};

/// The chains of the sentences, with the embedded given names.
fn chains(sentences: &[Parsed]) -> Coreference {
    let views: Vec<SentenceView<'_>> = sentences.iter().map(Parsed::view).collect();
    Coreference::resolve(&views)
}

/// The chain of the mention at token `i` of sentence `s`.
fn chain_at(c: &Coreference, s: usize, i: usize) -> Option<usize> {
    c.in_sentence(s)
        .iter()
        .find(|m| m.first <= i && i < m.end)
        .map(|m| m.chain)
}

fn straw_met_chirac() -> Parsed {
    parsed(
        "Jack    PROPN 2 compound B-PER
         Straw   PROPN 3 nsubj    I-PER
         met     VERB  0 root
         Chirac  PROPN 3 obj      B-PER
         .       PUNCT 3 punct",
    )
}

#[test]
fn a_pronoun_takes_the_subject_of_the_previous_sentence() {
    let c = chains(&[
        straw_met_chirac(),
        parsed(
            "He    PRON 2 nsubj
             left  VERB 0 root
             .     PUNCT 2 punct",
        ),
    ]);
    assert_eq!(chain_at(&c, 1, 0), chain_at(&c, 0, 0));
    assert_ne!(chain_at(&c, 1, 0), chain_at(&c, 0, 3));
}

#[test]
fn gender_from_a_title_or_a_given_name_rules_a_candidate_out() {
    let c = chains(&[
        parsed(
            "Tessa  PROPN 2 compound B-PER
             Jowell PROPN 3 nsubj    I-PER
             met    VERB  0 root
             Mr     PROPN 5 compound
             Hill   PROPN 3 obj      B-PER
             .      PUNCT 3 punct",
        ),
        parsed(
            "He    PRON 2 nsubj
             left  VERB 0 root
             ,     PUNCT 5 punct
             she   PRON 5 nsubj
             said  VERB 2 parataxis
             .     PUNCT 2 punct",
        ),
    ]);
    // "He" is Mr Hill though Jowell is the subject; "she" is Jowell.
    assert_eq!(chain_at(&c, 1, 0), chain_at(&c, 0, 4));
    assert_eq!(chain_at(&c, 1, 3), chain_at(&c, 0, 0));
}

#[test]
fn an_object_pronoun_is_not_the_subject_of_its_own_clause() {
    let c = chains(&[parsed(
        "Straw   PROPN 2 nsubj B-PER
         thanked VERB  0 root
         him     PRON  2 obj
         .       PUNCT 2 punct",
    )]);
    // No other person: "him" is left unresolved rather than bound to Straw.
    assert_eq!(chain_at(&c, 0, 2), None);
}

#[test]
fn a_pronoun_with_no_person_in_reach_is_left_alone() {
    let far: Vec<Parsed> = std::iter::once(straw_met_chirac())
        .chain((0..WINDOW).map(|_| {
            parsed(
                "Prices PROPN 2 nsubj
                 rose   VERB  0 root
                 .      PUNCT 2 punct",
            )
        }))
        .chain(std::iter::once(parsed(
            "He   PRON 2 nsubj
             left VERB 0 root",
        )))
        .collect();
    let c = chains(&far);
    assert_eq!(chain_at(&c, far.len() - 1, 0), None);
}

#[test]
fn short_names_join_the_full_name_and_other_people_of_the_family_do_not() {
    assert!(same_person(&words("jack straw"), &words("straw")));
    assert!(same_person(&words("elian gonzalez"), &words("elian")));
    assert!(same_person(&words("jack straw"), &words("jack straw")));
    assert!(!same_person(&words("george bush"), &words("laura bush")));
}

#[test]
fn organisations_by_acronym_and_generic_suffix() {
    assert!(same_organisation(
        &words("north atlantic treaty organization"),
        &words("nato")
    ));
    assert!(same_organisation(&words("labour party"), &words("labour")));
    assert!(!same_organisation(
        &words("bank of england"),
        &words("bank")
    ));
}

#[test]
fn titles_and_offices_are_not_part_of_the_name() {
    let p = parsed(
        "Mr     PROPN 2 compound B-PER
         Straw  PROPN 0 root     I-PER",
    );
    assert_eq!(name_words(&p.view(), 0, 2), words("straw"));
    assert_eq!(title_gender("mrs"), Some(Gender::Female));
    assert_eq!(title_gender("president"), None);
}

#[test]
fn a_person_the_dictionaries_do_not_know_keeps_his_pronoun() {
    // "Makarov met Putin. He complained." — "He" is Makarov: no actor, not Putin.
    let sentences = [
        parsed(
            "Makarov PROPN 2 nsubj B-PER
             met     VERB  0 root
             Putin   PROPN 2 obj   B-PER
             .       PUNCT 2 punct",
        ),
        parsed(
            "He         PRON 2 nsubj
             complained VERB 0 root
             .          PUNCT 2 punct",
        ),
    ];
    let c = chains(&sentences);
    let mut coder = testing::coder().with_coreference(Some(&c));
    let first = coder.code_sentence(&sentences[0].view());
    assert!(first.actors.iter().any(|a| a.code.starts_with("RUS")));
    let second = coder.code_sentence(&sentences[1].view());
    assert!(second.actors.is_empty(), "{:?}", second.actors);
    // Without chains, the latest person a dictionary knows takes it.
    let mut old = testing::coder();
    old.code_sentence(&sentences[0].view());
    let second = old.code_sentence(&sentences[1].view());
    assert!(second.actors.iter().any(|a| a.code.starts_with("RUS")));
}

#[test]
fn a_later_short_name_takes_the_office_its_person_was_introduced_with() {
    // "British Foreign Secretary Jack Straw spoke. Mr Straw left."
    let sentences = [
        parsed(
            "British   ADJ   3 amod
             Foreign   PROPN 3 compound
             Secretary PROPN 5 compound
             Jack      PROPN 5 compound B-PER
             Straw     PROPN 6 nsubj    I-PER
             spoke     VERB  0 root
             .         PUNCT 6 punct",
        ),
        parsed(
            "Mr    PROPN 2 compound
             Straw PROPN 3 nsubj    B-PER
             left  VERB  0 root
             .     PUNCT 3 punct",
        ),
    ];
    let c = chains(&sentences);
    let mut coder = testing::coder().with_coreference(Some(&c));
    let first = coder.code_sentence(&sentences[0].view());
    assert!(
        first.actors.iter().any(|a| a.code == "GBRGOV"),
        "{:?}",
        first.actors
    );
    let second = coder.code_sentence(&sentences[1].view());
    let straw: Vec<_> = second.actors.iter().filter(|a| a.first == 1).collect();
    assert_eq!(straw.len(), 1, "{:?}", second.actors);
    assert_eq!(straw[0].code, "GBRGOV");
    assert_eq!(straw[0].name, "Jack Straw");
}

fn words(s: &str) -> Vec<String> {
    s.split(' ').map(str::to_string).collect()
}

#[test]
fn a_subject_it_takes_the_organisation_just_named_unless_a_place_came_between() {
    let yukos = || {
        parsed(
            "Yukos  PROPN 2 nsubj B-ORG
             lost   VERB  0 root
             .      PUNCT 2 punct",
        )
    };
    let it_said = || {
        parsed(
            "It    PRON 2 nsubj
             said  VERB 0 root
             .     PUNCT 2 punct",
        )
    };
    let c = chains(&[yukos(), it_said()]);
    assert_eq!(chain_at(&c, 1, 0), chain_at(&c, 0, 0));
    // "Yukos lost in Moscow. It said": "it" may be Moscow's; left alone.
    let moscow = parsed(
        "Yukos  PROPN 2 nsubj B-ORG
         lost   VERB  0 root
         in     ADP   4 case
         Moscow PROPN 2 obl   B-LOC
         .      PUNCT 2 punct",
    );
    let c = chains(&[moscow, it_said()]);
    assert_eq!(chain_at(&c, 1, 0), None);
    // An expletive "it" ("it is likely") is no subject of a verb.
    let likely = parsed(
        "It     PRON 3 nsubj
         is     AUX  3 cop
         likely ADJ  0 root",
    );
    let c = chains(&[yukos(), likely]);
    assert_eq!(chain_at(&c, 1, 0), None);
}
