#!/usr/bin/env bash
# The baseline peer of EmbedderBenchmark: sentence-transformers embedding speed on this machine,
# same model (all-MiniLM-L6-v2, from the same PyPI wheel the PyTorch model is traced from), same
# texts (printed by io.semcache.benchmarks.embedding.BenchmarkSentences from the benchmark jar):
# one short prompt per call and a batch of 32 in one call. Prints per-call times in ms; run it in
# the same session as the JMH benchmark and compare means (or p50s) as ratios.
#
#   scripts/benchmark-baseline/run.sh                       # threads 1 and torch's default, 8 s
#                                                           # warm-up + 15 s per case (~2 min)
#   scripts/benchmark-baseline/run.sh --threads 1 --warmup-seconds 0.5 --seconds 1   # brief
#
# Needs the model venv of scripts/provision-model.sh (${SEMCACHE_CACHE_DIR:-~/.cache/semcache}/
# venv-model: torch 2.7.1, sentence-transformers) and the benchmark jar (built if missing).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache_dir="${SEMCACHE_CACHE_DIR:-$HOME/.cache/semcache}"
python="$cache_dir/venv-model/bin/python"
jar="$repo_root/benchmarks/target/benchmarks.jar"

if [[ ! -x "$python" ]]; then
  echo "benchmark-baseline: no model venv at $cache_dir/venv-model; run scripts/provision-model.sh" >&2
  exit 1
fi
if [[ ! -f "$jar" ]]; then
  echo "benchmark-baseline: building $jar" >&2
  (cd "$repo_root" && mvn -q -B -ntp -pl benchmarks -am package -DskipTests)
fi

sentences="$(mktemp "${TMPDIR:-/tmp}/semcache-benchmark-sentences.XXXXXX.json")"
trap 'rm -f "$sentences"' EXIT
java -cp "$jar" io.semcache.benchmarks.embedding.BenchmarkSentences > "$sentences"
"$python" "$repo_root/scripts/benchmark-baseline/embedding_speed.py" --sentences "$sentences" "$@"
