//! Word clusters induced from unlabeled news: words that occur in similar contexts share a
//! cluster, so a tagger that has seen "Moscow" in training knows something about "Kyiv".
//!
//! Built ahead of time (`newsgraph build clusters`): each word's left and right neighbours are
//! counted, weighted by positive pointwise mutual information, randomly projected to a dense
//! vector, and clustered by hierarchical spherical k-means into three granularities (16, 128
//! and 1,024 clusters), like the bit-string prefixes of Brown clusters.

use rustc_hash::FxHashMap;

use crate::artifact;
use crate::error::{Error, Result};
#[cfg(feature = "build")]
use crate::learn::perceptron::Rng;

const MAGIC: [u8; 4] = *b"NGCL";
const VERSION: u16 = 1;
#[cfg(feature = "build")]
/// Clusters at each level: level 1 has `BRANCH[0]`, each of those splits into `BRANCH[1]`...
const BRANCH: [usize; 3] = [16, 8, 8];
#[cfg(feature = "build")]
const DIM: usize = 128;

/// Word → cluster ids at three granularities.
#[derive(Debug, Clone, Default)]
pub struct Clusters {
    map: FxHashMap<Box<str>, [u16; 3]>,
}

impl Clusters {
    /// The clusters compiled into the binary.
    pub fn embedded() -> &'static Clusters {
        static C: std::sync::OnceLock<Clusters> = std::sync::OnceLock::new();
        C.get_or_init(|| {
            Clusters::from_bytes(crate::artifact::embedded::CLUSTERS)
                .expect("the embedded clusters are valid: checked by their tests")
        })
    }

    /// Cluster ids of a word (exact form first, then lower case).
    pub fn get(&self, word: &str) -> Option<[u16; 3]> {
        self.map.get(word).copied().or_else(|| {
            crate::tag::lower_case_differs(word)
                .then(|| self.map.get(word.to_lowercase().as_str()).copied())
                .flatten()
        })
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when there are no words.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Loads a clusters artifact.
    ///
    /// # Errors
    /// A wrong magic or version, or a line that is not `word<TAB>c1<TAB>c2<TAB>c3`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let p = artifact::decode("word clusters", MAGIC, VERSION, bytes)?;
        let text = String::from_utf8(p).map_err(|_| bad("payload is not UTF-8"))?;
        let mut map = FxHashMap::default();
        for line in text.lines() {
            let mut it = line.split('\t');
            let word = it.next().ok_or_else(|| bad("empty line"))?;
            let mut ids = [0u16; 3];
            for id in &mut ids {
                *id = it
                    .next()
                    .and_then(|x| x.parse().ok())
                    .ok_or_else(|| bad("line without three cluster ids"))?;
            }
            map.insert(word.into(), ids);
        }
        Ok(Clusters { map })
    }

    #[cfg(any(feature = "build", feature = "train"))]
    /// Serialises as an artifact (sorted, so the bytes are reproducible).
    ///
    /// # Errors
    /// Compression failure.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut rows: Vec<(&Box<str>, &[u16; 3])> = self.map.iter().collect();
        rows.sort();
        let mut s = String::new();
        for (w, c) in rows {
            s.push_str(&format!("{w}\t{}\t{}\t{}\n", c[0], c[1], c[2]));
        }
        artifact::encode(MAGIC, VERSION, s.as_bytes())
    }

    #[cfg(feature = "build")]
    /// Induces clusters from tokenised sentences. Words seen fewer than `min_count` times are
    /// left out; contexts are the `contexts` most frequent (lower-cased) words.
    pub fn induce(
        sentences: &[Vec<String>],
        min_count: usize,
        contexts: usize,
        seed: u64,
    ) -> Clusters {
        // vocabulary and context words
        let mut freq: FxHashMap<&str, usize> = FxHashMap::default();
        let mut lower_freq: FxHashMap<String, usize> = FxHashMap::default();
        for s in sentences {
            for w in s {
                *freq.entry(w.as_str()).or_default() += 1;
                *lower_freq.entry(w.to_lowercase()).or_default() += 1;
            }
        }
        let mut vocab: Vec<&str> = freq
            .iter()
            .filter(|(_, &c)| c >= min_count)
            .map(|(w, _)| *w)
            .collect();
        vocab.sort_unstable();
        let vid: FxHashMap<&str, usize> = vocab.iter().enumerate().map(|(i, w)| (*w, i)).collect();
        let mut ctx: Vec<(&String, &usize)> = lower_freq.iter().collect();
        ctx.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let cid: FxHashMap<&str, usize> = ctx
            .iter()
            .take(contexts)
            .enumerate()
            .map(|(i, (w, _))| (w.as_str(), i))
            .collect();
        let unk = contexts;
        // two positions (-1, +1), each with the context words, <unk> and a boundary
        let ncols = 2 * (contexts + 2);
        // sparse co-occurrence counts: word → (column → count)
        let mut rows: Vec<FxHashMap<u32, f32>> = vec![FxHashMap::default(); vocab.len()];
        let column = |w: Option<&String>, slot: usize| -> u32 {
            let base = slot * (contexts + 2);
            match w {
                None => (base + contexts + 1) as u32, // sentence boundary
                Some(w) => {
                    (base + cid.get(w.to_lowercase().as_str()).copied().unwrap_or(unk)) as u32
                }
            }
        };
        for s in sentences {
            for (i, w) in s.iter().enumerate() {
                let Some(&r) = vid.get(w.as_str()) else {
                    continue;
                };
                let at = |d: isize| -> Option<&String> {
                    let j = i as isize + d;
                    if j < 0 {
                        None
                    } else {
                        s.get(j as usize)
                    }
                };
                for (slot, d) in [-1isize, 1].into_iter().enumerate() {
                    *rows[r].entry(column(at(d), slot)).or_default() += 1.0;
                }
            }
        }
        // PPMI
        let mut col_sum = vec![0f64; ncols];
        let mut total = 0f64;
        for r in &rows {
            for (&c, &n) in r {
                col_sum[c as usize] += n as f64;
                total += n as f64;
            }
        }
        let vectors: Vec<[f32; DIM]> = rows
            .iter()
            .map(|r| {
                let row_sum: f64 = r.values().map(|&n| n as f64).sum();
                let mut v = [0f32; DIM];
                for (&c, &n) in r {
                    let pmi = ((n as f64 * total) / (row_sum * col_sum[c as usize])).ln();
                    if pmi <= 0.0 {
                        continue;
                    }
                    // a fixed random ±1 projection of this column
                    let mut h = Rng::new(u64::from(c) * 0x9E37_79B9 + seed);
                    let mut bits = 0u64;
                    for (d, x) in v.iter_mut().enumerate() {
                        if d % 64 == 0 {
                            bits = h.next_u64();
                        }
                        *x += if bits >> (d % 64) & 1 == 1 {
                            pmi as f32
                        } else {
                            -(pmi as f32)
                        };
                    }
                }
                normalise(&mut v);
                v
            })
            .collect();
        // hierarchical spherical k-means
        let mut rng = Rng::new(seed);
        let mut ids = vec![[0u16; 3]; vocab.len()];
        let mut groups: Vec<Vec<usize>> = vec![(0..vocab.len()).collect()];
        for (level, &k) in BRANCH.iter().enumerate() {
            let mut next_groups = Vec::new();
            for (g, members) in groups.iter().enumerate() {
                let assign = kmeans(&vectors, members, k, 15, &mut rng);
                let mut parts: Vec<Vec<usize>> = vec![Vec::new(); k];
                for (m, a) in members.iter().zip(assign) {
                    parts[a].push(*m);
                    ids[*m][level] = (g * k + a) as u16;
                }
                next_groups.extend(parts);
            }
            groups = next_groups;
        }
        Clusters {
            map: vocab
                .iter()
                .zip(ids)
                .map(|(w, c)| (Box::from(*w), c))
                .collect(),
        }
    }
}

fn bad(reason: &str) -> Error {
    Error::Artifact {
        name: "word clusters",
        reason: reason.to_string(),
    }
}

#[cfg(feature = "build")]
fn normalise(v: &mut [f32; DIM]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

#[cfg(feature = "build")]
fn dot(a: &[f32; DIM], b: &[f32; DIM]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(feature = "build")]
/// Spherical k-means over `members`; returns each member's cluster in `0..k`.
fn kmeans(
    vectors: &[[f32; DIM]],
    members: &[usize],
    k: usize,
    iters: usize,
    rng: &mut Rng,
) -> Vec<usize> {
    if members.len() <= k {
        return (0..members.len()).collect();
    }
    let mut centres: Vec<[f32; DIM]> = (0..k)
        .map(|_| vectors[members[(rng.next_u64() % members.len() as u64) as usize]])
        .collect();
    let mut assign = vec![0usize; members.len()];
    for _ in 0..iters {
        for (a, &m) in assign.iter_mut().zip(members) {
            let mut best = (f32::MIN, 0);
            for (c, centre) in centres.iter().enumerate() {
                let s = dot(&vectors[m], centre);
                if s > best.0 {
                    best = (s, c);
                }
            }
            *a = best.1;
        }
        let mut sums = vec![[0f32; DIM]; k];
        let mut counts = vec![0usize; k];
        for (&a, &m) in assign.iter().zip(members) {
            counts[a] += 1;
            for (s, x) in sums[a].iter_mut().zip(&vectors[m]) {
                *s += x;
            }
        }
        for c in 0..k {
            if counts[c] == 0 {
                // re-seed an empty cluster with a random member
                sums[c] = vectors[members[(rng.next_u64() % members.len() as u64) as usize]];
            }
            normalise(&mut sums[c]);
            centres[c] = sums[c];
        }
    }
    assign
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_cluster_together() {
        let mut sentences = Vec::new();
        let cities: Vec<String> = (0..40).map(|i| format!("City{i}")).collect();
        let verbs: Vec<String> = (0..40).map(|i| format!("verb{i}")).collect();
        for _ in 0..5 {
            for c in &cities {
                sentences.push(vec![
                    "talks".to_string(),
                    "in".into(),
                    c.clone(),
                    "ended".into(),
                ]);
            }
            for v in &verbs {
                sentences.push(vec!["officials".to_string(), v.clone(), "that".into()]);
            }
        }
        let c = Clusters::induce(&sentences, 3, 100, 7);
        // no top-level cluster mixes the two kinds of word
        for city in &cities {
            for verb in &verbs {
                assert_ne!(
                    c.get(city).unwrap()[0],
                    c.get(verb).unwrap()[0],
                    "{city} / {verb}"
                );
            }
        }
        let back = Clusters::from_bytes(&c.to_bytes().unwrap()).unwrap();
        assert_eq!(back.get("City3"), c.get("City3"));
        assert_eq!(
            back.get("city3"),
            None,
            "lower case does not find a capitalised entry"
        );
        assert_eq!(
            c.get("VERB3"),
            c.get("verb3"),
            "upper case falls back to lower case"
        );
    }
}
