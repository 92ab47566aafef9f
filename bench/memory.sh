#!/usr/bin/env bash
# Peak memory against record size: two records of each size, on two threads, through
# `analyze` (JSONL to /dev/null) and `ingest` (a new database), with GNU time's max RSS.
# Records are cut from the BBC corpus (concatenated, as one long article).
#   bench/memory.sh [BINARY] [SIZES...]     (default sizes: 1 KB .. 16,000,000 bytes)
# ARGS adds options to both commands (ARGS='--max-record-tokens 4000000' lets records of
# news over 3.3 MB through the default token limit).
set -euo pipefail
bin=${1:-target/release/newsgraph}
shift || true
sizes=${*:-1000 64000 1000000 4000000 16000000}
corpus=${CORPUS:-../shared/data/bbc-news-2225}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat "$corpus"/*/*.txt > "$tmp/all.txt"
printf '%-10s %-8s %10s %8s\n' bytes command peak_MB seconds
for n in $sizes; do
    python3 - "$tmp/all.txt" "$n" > "$tmp/in.jsonl" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
n = int(sys.argv[2])
big = text * (n // len(text) + 2)
for i in range(2):
    body = big[i * 1000 : i * 1000 + n]
    # the record's line (JSON escapes included) stays at most n bytes
    while len(json.dumps({"id": str(i), "text": body}).encode()) > max(n, 200):
        body = body[: -max(1, len(body) // 100)]
    print(json.dumps({"id": str(i), "text": body}))
PY
    for cmd in analyze ingest; do
        rm -f "$tmp"/db*
        if [ "$cmd" = analyze ]; then
            args=(analyze -j 2 --output jsonl ${ARGS:-} "$tmp/in.jsonl")
        else
            args=(ingest -j 2 --db "$tmp/db" ${ARGS:-} "$tmp/in.jsonl")
        fi
        /usr/bin/time -f '%M %e' -o "$tmp/time" "$bin" "${args[@]}" > /dev/null 2>&1
        read -r kb secs < "$tmp/time"
        printf '%-10s %-8s %10.0f %8s\n' "$n" "$cmd" "$((kb / 1024))" "$secs"
    done
done
