//! Dependency-tree helpers the coder reads the parse with: children, depths, subtrees,
//! clause boundaries, and the relation subtypes a universal-relations parser leaves out.

use super::SentenceView;

/// The relations the coder reads, with the subtypes a parser that learns only universal
/// relations leaves out restored from the words: a passive subject (`nsubj` of a participle
/// with a form of "be" as its last auxiliary: "was attacked", "has been indicted") and its
/// agent ("by" + noun), possessives ("Russia's"), relative clauses ("who ...").
pub(super) fn refined_relations<'a>(
    s: &SentenceView<'a>,
    children: &[Vec<usize>],
    norm: &[String],
) -> Vec<&'a str> {
    let n = s.words.len();
    let mut out: Vec<&'a str> = s.deprels.to_vec();
    let be = |w: &str| matches!(w, "be" | "is" | "are" | "was" | "were" | "been" | "being");
    for v in 0..n {
        // "were engaged in", "is prepared to": states, not actions done to the subject.
        let adjectival = || {
            matches!(
                norm[v].as_str(),
                "engaged" | "involved" | "committed" | "determined" | "prepared" | "poised" | "set"
            )
        };
        if s.upos[v] != "VERB" || norm[v].ends_with("ing") || adjectival() {
            continue;
        }
        let last_aux = children[v]
            .iter()
            .copied()
            .filter(|&c| c < v && s.deprels[c] == "aux")
            .max();
        if !last_aux.is_some_and(|a| be(&norm[a])) {
            continue;
        }
        for &c in &children[v] {
            match s.deprels[c] {
                "nsubj" => out[c] = "nsubj:pass",
                "csubj" => out[c] = "csubj:pass",
                "aux" if Some(c) == last_aux => out[c] = "aux:pass",
                "obl"
                    if children[c]
                        .iter()
                        .any(|&k| s.deprels[k] == "case" && norm[k] == "by") =>
                {
                    out[c] = "obl:agent"
                }
                _ => {}
            }
        }
    }
    for i in 0..n {
        match s.deprels[i] {
            "nmod"
                if children[i]
                    .iter()
                    .any(|&k| s.deprels[k] == "case" && matches!(norm[k].as_str(), "'s" | "'")) =>
            {
                out[i] = "nmod:poss"
            }
            "acl"
                if children[i].iter().any(|&k| {
                    k < i
                        && s.deprels[k] != "mark"
                        && matches!(
                            norm[k].as_str(),
                            "who" | "whom" | "whose" | "which" | "that"
                        )
                }) =>
            {
                out[i] = "acl:relcl"
            }
            _ => {}
        }
    }
    out
}

/// A headline drops the auxiliary of its passives ("Russian journalist jailed for spying",
/// "Two soldiers killed in Gaza"); the parser reads them as active, with the victim as the
/// actor. In a headline a past participle with a subject and no auxiliary, object or
/// clausal complement is passive: its subject becomes `nsubj:pass`, a "by" phrase its agent.
pub(super) fn headline_passives(
    s: &SentenceView<'_>,
    children: &[Vec<usize>],
    norm: &[String],
    out: &mut [&str],
) {
    let participle = |w: &str| {
        w.ends_with("ed")
            || matches!(
                w,
                "held"
                    | "shot"
                    | "beaten"
                    | "taken"
                    | "caught"
                    | "sent"
                    | "struck"
                    | "slain"
                    | "thrown"
                    | "driven"
                    | "hurt"
                    | "found"
                    | "sought"
                    | "given"
                    | "stolen"
            )
    };
    for v in 0..s.words.len() {
        if s.upos[v] != "VERB" || !participle(&norm[v]) {
            continue;
        }
        let active = children[v].iter().any(|&c| {
            matches!(
                out[c],
                "aux" | "aux:pass" | "cop" | "obj" | "iobj" | "ccomp" | "xcomp"
            )
        });
        if active || !children[v].iter().any(|&c| out[c] == "nsubj") {
            continue;
        }
        for &c in &children[v] {
            if out[c] == "nsubj" {
                out[c] = "nsubj:pass";
            } else if out[c] == "obl"
                && children[c]
                    .iter()
                    .any(|&k| s.deprels[k] == "case" && norm[k] == "by")
            {
                out[c] = "obl:agent";
            }
        }
    }
}

/// Whether `a` governs `b` within three steps inside one phrase: a clause in between
/// ("refugees if war starts in Iraq") ends the phrase.
pub(super) fn governs(heads: &[Option<usize>], deprels: &[&str], a: usize, b: usize) -> bool {
    let mut cur = b;
    for _ in 0..3 {
        if deprels
            .get(cur)
            .is_some_and(|r| is_clause(r) && *r != "conj")
        {
            return false;
        }
        match heads.get(cur).copied().flatten() {
            Some(h) if h == a => return true,
            Some(h) => cur = h,
            None => return false,
        }
    }
    false
}

/// Relations that open a clause of its own.
pub(super) fn is_clause(rel: &str) -> bool {
    matches!(
        rel,
        "acl" | "acl:relcl" | "advcl" | "ccomp" | "parataxis" | "conj" | "csubj" | "list"
    )
}

/// The tokens of `v`'s own clause: its subtree without the clauses nested in it. Cycle-safe.
pub(super) fn own_clause(children: &[Vec<usize>], deprels: &[&str], v: usize) -> Vec<bool> {
    let mut inside = vec![false; children.len()];
    let mut stack = vec![v];
    let mut guard = 0;
    while let Some(x) = stack.pop() {
        guard += 1;
        if guard > inside.len() {
            break;
        }
        inside[x] = true;
        stack.extend(
            children[x]
                .iter()
                .copied()
                .filter(|&c| !is_clause(deprels[c])),
        );
    }
    inside
}

/// Marks the verbs inside `v`'s subtree as used by `v`, except coordinated ones
/// ("met and agreed" are two events).
pub(super) fn consume_clauses(
    children: &[Vec<usize>],
    deprels: &[&str],
    v: usize,
    consumed: &mut [bool],
) {
    let mut stack: Vec<usize> = children[v]
        .iter()
        .copied()
        .filter(|&c| !matches!(deprels[c], "conj" | "parataxis" | "list"))
        .collect();
    let mut guard = 0;
    while let Some(x) = stack.pop() {
        guard += 1;
        if guard > consumed.len() {
            break;
        }
        consumed[x] = true;
        stack.extend(children[x].iter().copied());
    }
}

/// Depth of every token in the tree (0 for roots), cycle-safe.
pub(super) fn depths(heads: &[Option<usize>]) -> Vec<usize> {
    (0..heads.len())
        .map(|i| {
            let mut d = 0;
            let mut cur = i;
            while let Some(h) = heads.get(cur).copied().flatten() {
                d += 1;
                cur = h;
                if d > heads.len() {
                    break;
                }
            }
            d
        })
        .collect()
}

/// Each token's dependents, in token order; a self-loop or an out-of-range head is dropped.
pub(super) fn children_of(heads: &[Option<usize>]) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); heads.len()];
    for (i, h) in heads.iter().enumerate() {
        if let Some(h) = *h {
            if h < heads.len() && h != i {
                out[h].push(i);
            }
        }
    }
    out
}

/// The first and last token of `i`'s subtree (inclusive), cycle-safe.
pub(super) fn subtree_span(children: &[Vec<usize>], i: usize) -> (usize, usize) {
    let mut lo = i;
    let mut hi = i;
    let mut stack = vec![i];
    let mut seen = 0;
    while let Some(x) = stack.pop() {
        seen += 1;
        if seen > children.len() {
            break;
        }
        lo = lo.min(x);
        hi = hi.max(x);
        stack.extend(children[x].iter().copied());
    }
    (lo, hi)
}
