#!/usr/bin/env bash
# Measures cache quality on labelled pairs and calibrates the threshold (see the README,
# "Quality and calibration"). Arguments go to io.semcache.tools.EvaluateCache, e.g.
#   scripts/evaluate.sh --pairs ../shared/data/qqp-dev.jsonl --target-false-hit-rate 0.02
#   scripts/evaluate.sh --pairs my-logs.jsonl --fit-acceptance-model my-model.json
# Builds the tools jar when missing; with the default PyTorch engine it provisions the model
# first (use --engine onnxruntime to run the bundled ONNX export instead).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
if [[ " $* " != *" --engine onnxruntime "* && " $* " != *" --model-dir "* ]]; then
  scripts/provision-model.sh >&2
fi
if [[ ! -f benchmarks/target/benchmarks.jar ]]; then
  mvn -B -q -ntp -pl benchmarks -am package -DskipTests >&2
fi
exec java -Dai.djl.offline=true -Xmx6g -cp benchmarks/target/benchmarks.jar \
  io.semcache.tools.EvaluateCache "$@"
