#!/usr/bin/env python3
"""CoNLL-U helpers for the supertag experiment (`train parse --features super`, BENCHMARKS.md).

A word's supertag is its universal relation and the side its head is on: `nsubj<` (head to
the right), `obj>` (head to the left), `root`. A sequence tagger learns them from the words
and their UPOS (`train super` on files whose UPOS column holds `UPOS|SUPERTAG`; `train pos`
on files holding the supertag alone learns them from the words only), and the parser reads
them as `UPOS|SUPERTAG`.

  supertags.py convert IN OUT            UPOS column := the gold supertag
  supertags.py folds PREFIX IN...        5 folds of the sentences of IN... (sentence i in fold
                                         i % 5, as `train parse` jackknifes POS): PREFIX{k}_train
                                         .conllu (the other folds) and PREFIX{k}_held.conllu
  supertags.py combine TAGS OUT ST...    OUT := TAGS with UPOS := TAGS's UPOS|ST's UPOS, where
                                         ST is one file in TAGS's order or the 5 fold files
"""
import sys


def sentences(path):
    cur = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                cur.append(line)
            elif cur:
                yield cur
                cur = []
    if cur:
        yield cur


def is_word(line):
    return not line.startswith("#") and line.split("\t")[0].isdigit()


def convert(src, dst):
    with open(dst, "w", encoding="utf-8") as out:
        for rows in sentences(src):
            for r in rows:
                c = r.split("\t")
                if is_word(r):
                    i, h = int(c[0]), int(c[6])
                    lab = c[7].split(":")[0]
                    c[3] = "root" if h == 0 else lab + ("<" if h > i else ">")
                out.write("\t".join(c) + "\n")
            out.write("\n")


def folds(prefix, srcs):
    sents = [s for src in srcs for s in sentences(src)]
    for k in range(5):
        with open(f"{prefix}{k}_train.conllu", "w", encoding="utf-8") as tr, open(
            f"{prefix}{k}_held.conllu", "w", encoding="utf-8"
        ) as held:
            for i, s in enumerate(sents):
                (held if i % 5 == k else tr).write("\n".join(s) + "\n\n")


def combine(tags, dst, st_files):
    base = list(sentences(tags))
    if len(st_files) == 1:
        st = list(sentences(st_files[0]))
    else:
        st = [None] * len(base)
        for k, path in enumerate(st_files):
            for j, s in enumerate(sentences(path)):
                st[k + 5 * j] = s
    if len(st) != len(base):
        sys.exit(f"{tags} has {len(base)} sentences, the supertags {len(st)}")
    with open(dst, "w", encoding="utf-8") as out:
        for n, (a, b) in enumerate(zip(base, st)):
            wa, wb = [r for r in a if is_word(r)], [r for r in b if is_word(r)]
            if len(wa) != len(wb):
                sys.exit(f"sentence {n + 1}: {len(wa)} words against {len(wb)} supertags")
            for x, y in zip(wa, wb):
                c = x.split("\t")
                c[3] = c[3] + "|" + y.split("\t")[3]
                out.write("\t".join(c) + "\n")
            out.write("\n")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "convert":
        convert(*args)
    elif cmd == "folds":
        folds(args[0], args[1:])
    elif cmd == "combine":
        combine(args[0], args[1], args[2:])
    else:
        sys.exit(__doc__)
