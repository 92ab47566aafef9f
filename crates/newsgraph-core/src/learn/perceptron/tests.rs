//! Unit tests of `learn::perceptron`.

use super::*;

/// Random weights over `k` classes: rows of 1 to `k` entries, so some spill.
fn random_weights(rows: usize, k: usize, seed: u64) -> Weights {
    let mut rng = Rng::new(seed);
    let mut keys: Vec<Feature> = (0..rows).map(|_| rng.next_u64()).collect();
    keys.push(0); // the value 0 is a feature like any other
    keys.sort_unstable();
    keys.dedup();
    let classes = (0..k).map(|c| format!("C{c}")).collect();
    let mut w = Weights::empty(classes);
    for f in keys {
        let len = 1 + (rng.next_u64() % k as u64) as usize;
        let row: Vec<(usize, f32)> = (0..len)
            .map(|c| (c, (rng.next_u64() % 2001) as f32 / 100.0 - 10.0))
            .collect();
        w.push_row(f, row.into_iter());
    }
    w
}

/// The dequantised row of feature `f` as the compiled model should score it.
fn expected(w: &Weights, m: &Model, f: Feature) -> Vec<f32> {
    let mut out = vec![0f32; w.classes.len()];
    if let Ok(r) = w.rows.binary_search_by_key(&f, |r| r.0) {
        for &(c, x) in w.row(r) {
            out[c as usize] += (x / m.scale).round() * m.scale;
        }
    }
    out
}

#[test]
fn keyed_features_hash_as_the_string_features() {
    let values = [
        "",
        "a",
        "<root>",
        "putin",
        "PROPN",
        "0000",
        "naïve",
        "1234567",
        "12345678",
        "123456789abcdefgh",
        "a longer value of more than sixteen bytes, with ü",
    ];
    for t in [0u8, 1, 47, 255] {
        for a in values {
            assert_eq!(feat_k(t, Key::of(a)), feat(t, a), "feat {t} {a:?}");
            for b in values {
                assert_eq!(feat2_k(t, Key::of(a), Key::of(b)), feat2(t, a, b));
                for c in ["", "x", "NOUN"] {
                    assert_eq!(
                        feat_nk(t, &[Key::of(a), Key::of(b), Key::of(c)]),
                        feat_n(t, &[a, b, c])
                    );
                }
            }
        }
    }
    assert_eq!(feat_nk(9, &[]), feat_n(9, &[]));
}

#[test]
fn compiled_table_scores_every_row_and_nothing_else() {
    let w = random_weights(3000, 30, 7);
    let m = w.compile().unwrap();
    assert!(
        !m.spill.is_empty() && !m.dense.is_empty(),
        "rows spill both ways"
    );
    let mut s = vec![0f32; 30];
    for &(f, _, _) in &w.rows {
        m.score(&[f], &mut s);
        assert_eq!(s, expected(&w, &m, f), "feature {f:#x}");
    }
    // several features at once add up
    let some: Vec<Feature> = w.rows.iter().step_by(97).map(|r| r.0).collect();
    m.score(&some, &mut s);
    let mut sum = [0f32; 30];
    for f in &some {
        let mut raw = vec![0f32; 30];
        if let Ok(r) = w.rows.binary_search_by_key(f, |r| r.0) {
            for &(c, x) in w.row(r) {
                raw[c as usize] += (x / m.scale).round();
            }
        }
        sum.iter_mut().zip(raw).for_each(|(a, b)| *a += b);
    }
    let sum: Vec<f32> = sum.iter().map(|x| x * m.scale).collect();
    assert_eq!(s, sum);
    // features the model never saw score nothing
    let mut rng = Rng::new(99);
    for _ in 0..2000 {
        let f = rng.next_u64();
        if w.rows.binary_search_by_key(&f, |r| r.0).is_err() {
            m.score(&[f], &mut s);
            assert!(s.iter().all(|&x| x == 0.0));
        }
    }
}

#[test]
fn groups_score_as_separate_calls_and_both_sum_paths_agree() {
    for k in [9, 30, 74, 200] {
        let w = random_weights(2000, k, k as u64);
        let m = w.compile().unwrap();
        let feats: Vec<Feature> = w.rows.iter().step_by(7).map(|r| r.0).collect();
        let ends = [5, 5, 40, feats.len()];
        let mut grouped = vec![0f32; ends.len() * k];
        m.score_groups(&feats, &ends, &mut grouped);
        let mut start = 0;
        for (g, &end) in ends.iter().enumerate() {
            let mut one = vec![0f32; k];
            m.score(&feats[start..end], &mut one);
            assert_eq!(&grouped[g * k..(g + 1) * k], &one[..], "k {k}, group {g}");
            start = end;
        }
        // the portable sums and the AVX2 build of the same code
        let mixed: Vec<u64> = feats.iter().map(|&f| mix(f)).collect();
        let mut portable = vec![0f32; k];
        m.sum(&mixed, &mut portable);
        let mut all = vec![0f32; k];
        m.score(&feats, &mut all);
        assert_eq!(portable, all);
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            let mut wide = vec![0f32; k];
            // SAFETY: the CPU has AVX2, checked just above.
            unsafe { m.sum_avx2(&mixed, &mut wide) };
            assert_eq!(portable, wide);
        }
    }
}

#[test]
fn compiled_model_round_trips_and_rejects_damage() {
    let m = random_weights(500, 5, 3).compile().unwrap();
    let bytes = m.to_bytes(*b"TEST", 1).unwrap();
    let back = Model::from_bytes("test", *b"TEST", 1, &bytes).unwrap();
    assert_eq!(back.classes(), m.classes());
    assert_eq!(
        (back.scale, &back.slots, &back.spill, &back.dense),
        (m.scale, &m.slots, &m.spill, &m.dense)
    );
    assert!(Model::from_bytes("test", *b"TEST", 1, &bytes[..bytes.len() - 3]).is_err());
    assert!(Model::from_bytes("test", *b"TEST", 2, &bytes).is_err());
    // a class id past the class list
    let mut bad = m.clone();
    let s = bad
        .slots
        .iter_mut()
        .find(|s| s.fp != 0 && s.spilled().is_none())
        .unwrap();
    s.class[0] = 5;
    let mut p = Vec::new();
    bad.write_payload(&mut p);
    assert!(Model::read_payload("test", &p, &mut 0).is_err());
    // a full table (a missing feature would probe forever)
    let mut full = m.clone();
    full.slots.iter_mut().for_each(|s| s.fp = s.fp.max(1));
    let mut p = Vec::new();
    full.write_payload(&mut p);
    assert!(Model::read_payload("test", &p, &mut 0).is_err());
}

#[test]
fn mean_adds_in_member_order_and_pruning_zeroes_small_weights() {
    let (a, b) = (random_weights(300, 4, 1), random_weights(300, 4, 2));
    let m = Weights::mean(&[a.clone(), b.clone()]);
    assert_eq!(m.rows.len(), {
        let mut all: Vec<Feature> = a.rows.iter().chain(&b.rows).map(|r| r.0).collect();
        all.sort_unstable();
        all.dedup();
        all.len()
    });
    let f = a.rows[10].0;
    let r = m.rows.binary_search_by_key(&f, |r| r.0).unwrap();
    let want: Vec<(u8, f32)> = a.row(10).iter().map(|&(c, w)| (c, w / 2.0)).collect();
    assert_eq!(m.row(r), &want[..], "a feature only the first member has");
    let compiled = m.compile().unwrap();
    let pruned = compiled.pruned(5.0);
    assert!(pruned.weights() < compiled.weights());
    let mut s = vec![0f32; 4];
    for &(f, _, _) in &m.rows {
        pruned.score(&[f], &mut s);
        assert!(s.iter().all(|&x| x == 0.0 || x.abs() >= 5.0 - 1e-3));
    }
}

#[test]
fn learns_a_separable_problem_and_round_trips() {
    let classes = vec!["A".to_string(), "B".to_string()];
    let mut t = Trainer::new(classes);
    let data = [(vec![feat(1, "x")], 0), (vec![feat(1, "y")], 1)];
    for _ in 0..5 {
        for (f, y) in &data {
            let g = t.predict(f);
            t.update(*y, g, f);
        }
    }
    let m = t.finish(0.0).compile().unwrap();
    let mut s = vec![0.0; 2];
    m.score(&[feat(1, "x")], &mut s);
    assert_eq!(argmax(&s), 0);
    m.score(&[feat(1, "y")], &mut s);
    assert_eq!(argmax(&s), 1);
    let bytes = m.to_bytes(*b"TEST", 1).unwrap();
    let back = Model::from_bytes("test", *b"TEST", 1, &bytes).unwrap();
    assert_eq!(back.classes(), m.classes());
    let mut s2 = vec![0.0; 2];
    back.score(&[feat(1, "y")], &mut s2);
    m.score(&[feat(1, "y")], &mut s);
    assert_eq!(s, s2);
    assert!(Model::from_bytes("test", *b"TEST", 1, &bytes[..bytes.len() - 3]).is_err());
}
