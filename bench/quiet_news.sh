#!/usr/bin/env bash
# Events coded in news that reports no political event: BBC sport and entertainment, the
# even-numbered files (the event filter trains on the odd ones). Prints events per 2,000
# words, and QuadClass 4 (material conflict) events in BBC business articles, at the given
# --min-confidence.
# usage: bench/quiet_news.sh [MIN_CONFIDENCE]   (default: the pipeline's, 0)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${NEWSGRAPH:-target/release/newsgraph}
DATA=${DATA:-../shared/data/bbc-news-2225}
opt=()
[ -n "${1:-}" ] && opt=(--min-confidence "$1")
count() {
  "$BIN" analyze "${opt[@]}" "$@" 2>/dev/null | python3 -c '
import json, sys
words = events = quad4 = 0
for line in sys.stdin:
    a = json.loads(line)
    words += sum(1 for t in a["tokens"] if any(c.isalnum() for c in a["article"]["text"][t["start"]:t["end"]]))
    events += len(a["events"])
    quad4 += sum(1 for e in a["events"] if e.get("quad_class") == 4)
print(words, events, quad4)'
}
even() { ls "$DATA/$1"/*.txt | awk -F/ '{n=$NF; sub(/\.txt$/,"",n); if (n % 2 == 0) print}'; }
read -r w e _ < <(count $(even sport) $(even entertainment))
echo "sport+entertainment (even files): $w words, $e events, $(python3 -c "print(f'{2000*$e/$w:.2f}')") per 2,000 words"
read -r w e q < <(count "$DATA"/business/*.txt)
echo "business (all files): $w words, $e events, $q QuadClass 4 ($(python3 -c "print(f'{100*$q/max($e,1):.1f}')")% of events)"
