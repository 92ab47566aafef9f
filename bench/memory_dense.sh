#!/usr/bin/env bash
# Peak memory on text as dense as it gets, at the default token limit: for each pattern, two
# records (different texts) of just under --max-record-tokens tokens, on two threads, through
# `analyze` (JSONL to /dev/null) and `ingest` (a new database), with GNU time's max RSS.
# Dense in tokens ("Aa b. "), in sentences and places ("Paris. "), in events and actors
# ("Putin met Xi in Paris. "), in punctuation (",").
#   bench/memory_dense.sh [BINARY] [TOKENS]      (default tokens: 600,000, the default limit)
set -euo pipefail
bin=${1:-target/release/newsgraph}
tokens=${2:-600000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-28s %-8s %10s %8s %s\n' pattern command peak_MB seconds result
for pattern in 'Aa b. |2' 'Paris. |2' 'Putin met Xi in Paris. |6' ',|1'; do
    text=${pattern%|*} per=${pattern##*|}
    python3 - "$text" "$per" "$tokens" > "$tmp/in.jsonl" <<'PY'
import json, sys
text, per, tokens = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
reps = (tokens - 8) // per
for i, other in enumerate(("", "Berlin. ")):
    # the second record differs (its first sentence), so ingest stores both
    print(json.dumps({"id": str(i), "text": other + text * (reps - (2 if other else 0))}))
PY
    for cmd in analyze ingest; do
        rm -f "$tmp"/db*
        if [ "$cmd" = analyze ]; then
            args=(analyze -j 2 --output jsonl "$tmp/in.jsonl")
        else
            args=(ingest -j 2 --db "$tmp/db" "$tmp/in.jsonl")
        fi
        /usr/bin/time -f '%M %e' -o "$tmp/time" "$bin" "${args[@]}" > /dev/null 2> "$tmp/err" || true
        read -r kb secs < "$tmp/time"
        result=$(grep -o '[0-9]* analysed, [0-9]* failed' "$tmp/err" || echo '?')
        printf '%-28s %-8s %10.0f %8s %s\n' "\"$text\"" "$cmd" "$((kb / 1024))" "$secs" "$result"
    done
done
