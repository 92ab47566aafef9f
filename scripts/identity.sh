#!/usr/bin/env bash
# Byte-identity check: the Analyses of the seed and of every BBC article from two builds of
# newsgraph must be the same bytes (a refactor or a memory change must not change results).
#   scripts/identity.sh OLD_BINARY NEW_BINARY [CORPUS_DIR]
# Exit 0 when identical; otherwise prints the first differing article.
set -euo pipefail
old=$1 new=$2
corpus=${3:-../shared/data/bbc-news-2225}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for who in old new; do
    bin=${!who}
    "$bin" analyze --output jsonl > "$tmp/$who.seed.jsonl" 2>/dev/null
    "$bin" analyze --output jsonl "$corpus" > "$tmp/$who.corpus.jsonl" 2>/dev/null || true
done
for part in seed corpus; do
    if cmp -s "$tmp/old.$part.jsonl" "$tmp/new.$part.jsonl"; then
        echo "identical: $part ($(wc -l < "$tmp/new.$part.jsonl") analyses)"
    else
        status=1
        line=$(cmp "$tmp/old.$part.jsonl" "$tmp/new.$part.jsonl" | sed -n 's/.* line \([0-9]*\)$/\1/p')
        echo "DIFFERENT: $part, first at line ${line:-?}:"
        diff <(sed -n "${line:-1}p" "$tmp/old.$part.jsonl" | tr ',' '\n') \
             <(sed -n "${line:-1}p" "$tmp/new.$part.jsonl" | tr ',' '\n') | head -20
    fi
done
exit $status
