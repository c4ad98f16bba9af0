#!/usr/bin/env bash
# Runs every JMH benchmark of benchmarks/ very briefly, and the sentence-transformers baseline for
# a second, so that benchmarks cannot rot: 1 fork per benchmark, no warm-up, one 200 ms iteration,
# the smallest sizes (size=1000, one thread per inference). Exits non-zero if any benchmark throws
# (JMH's -foe). The figures it prints are not measurements; see benchmarks/README.md for real runs.
#
#   scripts/benchmark-smoke.sh
#
# Needs the model (scripts/provision-model.sh) and milvus-lite (scripts/install-milvus-lite.sh),
# both done by scripts/test.sh, which runs this after the tests. Builds the benchmark jar when it
# is missing or older than any pom or source file. About 3 minutes on 2 cores.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
jar=benchmarks/target/benchmarks.jar

if [[ ! -f "$jar" ]] || [[ -n "$(find pom.xml ./*/pom.xml ./*/src -type f -newer "$jar" -print -quit)" ]]; then
  echo "benchmark-smoke: building $jar" >&2
  mvn -q -B -ntp -pl benchmarks -am package -DskipTests
fi

started=$(date +%s)
echo "benchmark-smoke: load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -jar "$jar" 'io\.semcache\.benchmarks\.' \
  -f 1 -wi 0 -i 1 -r 200ms -foe true \
  -p size=1000 -p intraOpThreads=1 \
  -rf json -rff benchmarks/target/benchmark-smoke.json
scripts/benchmark-baseline/run.sh --threads 1 --warmup-seconds 0.2 --seconds 0.5
echo "benchmark-smoke: every benchmark ran, in $(( $(date +%s) - started )) s (load average" \
  "$(cut -d' ' -f1-3 /proc/loadavg))" >&2
