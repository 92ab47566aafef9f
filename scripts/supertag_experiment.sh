#!/bin/bash
# The supertag experiment of BENCHMARKS.md ("Supertags for the greedy parser"), end to end:
# a supertagger (`train super`: the words and their tagger's UPOS in, supertags out),
# jackknifed supertags for the parser's training data, a greedy parser trained with
# `--features super`, scored on EWT dev with predicted UPOS and predicted supertags. About an
# hour on two cores; run from the repository root.
#   bash scripts/supertag_experiment.sh [WORKDIR]
set -euo pipefail
W=${1:-target/supertags}; D=${D:-../shared/data}
B=$PWD/target/release/newsgraph; S="python3 $PWD/scripts/supertags.py"
EWT=$D/ud-en-ewt/en_ewt-ud; GUM=$D/ud-en-gum/en_gum-ud-train.RECONSTRUCTED.conllu
cargo build --release
mkdir -p "$W"; cd "$W"
# gold supertags
$S convert $EWT-train.conllu ewt_train.conllu
$S convert $GUM gum_train.conllu
$S convert $EWT-dev.conllu ewt_dev.conllu
cat ewt_train.conllu gum_train.conllu > gold_train.conllu
# jackknifed UPOS as `train parse` makes them (its one-epoch parser is thrown away), and the
# embedded tagger's UPOS of dev: the supertagger's input, UPOS|SUPERTAG
$B train parse --train $EWT-train.conllu --train $GUM --dev $EWT-dev.conllu --epochs 1 \
   --save-tags upos.conllu --out upos-parser.ngl
$B eval pos $EWT-dev.conllu --predictions dev_upos.conllu
$S combine upos.conllu st_train.conllu gold_train.conllu
$S combine dev_upos.conllu st_dev.conllu ewt_dev.conllu
# the supertagger, on all the training data, scored on EWT dev
$B train super --train st_train.conllu --dev st_dev.conllu --out st.ngl
$B eval super st_dev.conllu --model st.ngl --predictions dev_st.conllu
# jackknifed supertags: each fifth tagged by a supertagger trained on the other four
$S folds f st_train.conllu
for k in 0 1 2 3 4; do
  $B train super --train f${k}_train.conllu --dev st_dev.conllu --out f$k.ngl
  $B eval super f${k}_held.conllu --model f$k.ngl --predictions f${k}_pred.conllu
done
$S combine upos.conllu train.conllu f0_pred.conllu f1_pred.conllu f2_pred.conllu f3_pred.conllu f4_pred.conllu
$S combine dev_upos.conllu dev.conllu dev_st.conllu
# the parsers: with supertags, and the control without them on the same UPOS
$B train parse --train train.conllu --given-tags --features super --prune 1.5 --dev dev.conllu --out super.ngl
$B train parse --train upos.conllu --given-tags --features brown --prune 1.5 --dev $EWT-dev.conllu --out brown.ngl
$B eval parse dev.conllu --gold-upos --model super.ngl
$B eval parse dev_upos.conllu --gold-upos --model brown.ngl
