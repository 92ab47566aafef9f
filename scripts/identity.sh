#!/usr/bin/env bash
# Byte-identity check: a refactor or a memory change must not change results. Compares two
# builds of newsgraph on the seed's and every BBC article's Analysis, and (with --evals) on
# the predictions of every eval command on its dev set.
#   scripts/identity.sh OLD_BINARY NEW_BINARY [--evals] [CORPUS_DIR]
# Exit 0 when identical; otherwise prints the first difference of each differing part.
set -euo pipefail
old=$1 new=$2
shift 2
evals=0
if [[ ${1:-} == --evals ]]; then evals=1; shift; fi
corpus=${1:-../shared/data/bbc-news-2225}
D=${DATA:-../shared/data}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# name|arguments: each eval writes its per-item predictions (where it has --predictions) and
# its report; the report's timing lines are dropped before comparing.
eval_runs=(
    "pos|eval pos $D/ud-en-ewt/en_ewt-ud-dev.conllu --predictions"
    "ner|eval ner $D/conll2003-en/eng.testa --predictions"
    "parse|eval parse $D/ud-en-ewt/en_ewt-ud-dev.conllu --predictions"
    "parse-beam|eval parse $D/ud-en-ewt/en_ewt-ud-dev.conllu --beam 4 --predictions"
    "geo-lgl|eval geo $D/lgl/lgl.xml --format lgl --predictions"
    "geo-lgl-gold|eval geo $D/lgl/lgl.xml --format lgl --gold-spans --predictions"
    "geo-geovirus|eval geo $D/geovirus/GeoVirus.xml --format geovirus --predictions"
    "events|eval events $D/plover-gsr/PLOVER_GSR_CAMEO.json --predictions"
    "actors|eval actors $D/conflibert-cameo/cameo_ner/train.txt --predictions"
    "dates|eval dates $D/tempeval3-tbaq/TimeBank $D/tempeval3-tbaq/AQUAINT"
    "segment-conll|eval segment $D/conll2003-en/eng.testa"
    "segment-ud|eval segment $D/ud-en-ewt/en_ewt-ud-dev.conllu"
)

parts=(seed corpus)
for who in old new; do
    bin=${!who}
    "$bin" analyze --output jsonl > "$tmp/$who.seed.jsonl" 2>/dev/null
    "$bin" analyze --output jsonl "$corpus" > "$tmp/$who.corpus.jsonl" 2>/dev/null || true
    if ((evals)); then
        for run in "${eval_runs[@]}"; do
            name=${run%%|*} args=${run#*|}
            if [[ $args == *--predictions ]]; then
                # shellcheck disable=SC2086
                "$bin" $args "$tmp/$who.$name.pred" > "$tmp/$who.$name.out" 2>&1 || true
                cat "$tmp/$who.$name.pred" >> "$tmp/$who.$name.out" 2>/dev/null || true
            else
                # shellcheck disable=SC2086
                "$bin" $args > "$tmp/$who.$name.out" 2>&1 || true
            fi
            grep -v -e 'loaded in' -e '/s\b' -e ' took ' -e '[0-9]s (whole pipeline)' -e ', [0-9.]*s$' -e ' in [0-9.]* *m\?s\b' "$tmp/$who.$name.out" \
                > "$tmp/$who.$name.jsonl" || true
        done
    fi
done
if ((evals)); then
    for run in "${eval_runs[@]}"; do parts+=("${run%%|*}"); done
fi
for part in "${parts[@]}"; do
    if cmp -s "$tmp/old.$part.jsonl" "$tmp/new.$part.jsonl"; then
        echo "identical: $part ($(wc -l < "$tmp/new.$part.jsonl") lines)"
    else
        status=1
        line=$(cmp "$tmp/old.$part.jsonl" "$tmp/new.$part.jsonl" | sed -n 's/.* line \([0-9]*\)$/\1/p' || true) 
        echo "DIFFERENT: $part, first at line ${line:-?}:"
        diff <(sed -n "${line:-1}p" "$tmp/old.$part.jsonl" | tr ',' '\n') \
             <(sed -n "${line:-1}p" "$tmp/new.$part.jsonl" | tr ',' '\n') | head -20 || true
    fi
done
exit $status
