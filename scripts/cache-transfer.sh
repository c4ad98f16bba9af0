#!/usr/bin/env bash
# Exports a cache to an entry file or imports one into it (see the README, "Warming, exporting,
# importing, migrating"). Arguments go to io.semcache.tools.TransferCache, e.g.
#   scripts/cache-transfer.sh import --config config/config.yaml --file entries.jsonl [--resume]
#   scripts/cache-transfer.sh export --config config/config.yaml --file backup.jsonl
# The cache and its embedder are the ones the router configuration describes. Builds the tools
# jar when missing.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
if [[ ! -f benchmarks/target/benchmarks.jar ]]; then
  mvn -B -q -ntp -pl benchmarks -am package -DskipTests >&2
fi
exec java -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Xmx4g \
  -cp benchmarks/target/benchmarks.jar io.semcache.tools.TransferCache "$@"
