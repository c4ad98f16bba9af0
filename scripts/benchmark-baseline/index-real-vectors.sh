#!/usr/bin/env bash
# Our vector indexes against hnswlib and faiss on real embeddings, one thread each, in one run:
# io.semcache.benchmarks.index.RealVectorBenchmark (our HNSW and exact scan) and index_peer.py
# (hnswlib 0.8.0, faiss-cpu IndexHNSWFlat / IndexFlatIP) time the same vectors and queries with the
# same parameters, then the ours/peer ratios are printed. Steps, each skipped when already done:
#   1. embed the distinct questions of qqp-dev.jsonl once with sentence-transformers
#      all-MiniLM-L6-v2 (embed_qqp.py, model venv of scripts/provision-model.sh; ~69k texts take
#      several minutes on 2 cores) into ${SEMCACHE_CACHE_DIR:-~/.cache/semcache}/vectors/;
#   2. create the tooling venv <cache>/venv-index-peer with hnswlib, faiss-cpu and numpy from PyPI;
#   3. build benchmarks/target/benchmarks.jar if missing;
#   4. run ours, then the peer, then print the table.
#
#   scripts/benchmark-baseline/index-real-vectors.sh                  # everything, ~5 min warm
#   scripts/benchmark-baseline/index-real-vectors.sh --corpus 20000   # a smaller corpus
#   SEMCACHE_DATA_DIR=/path/to/data ...                               # where qqp-dev.jsonl is
# Other arguments (--ef 192,64 --m 16 --ef-construction 100 --reinserts 2000 --exact-queries 500
# --passes 3)
# go to both sides. Results (JSON) are left in <cache>/vectors/last-{ours,peer}.json.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache_dir="${SEMCACHE_CACHE_DIR:-$HOME/.cache/semcache}"
data_dir="${SEMCACHE_DATA_DIR:-$repo_root/../shared/data}"
model_python="$cache_dir/venv-model/bin/python"
peer_venv="$cache_dir/venv-index-peer"
jar="$repo_root/benchmarks/target/benchmarks.jar"
vectors="$cache_dir/vectors/qqp-dev-minilm-q2000-all.f32"
here="$repo_root/scripts/benchmark-baseline"

if [[ ! -f "$vectors" ]]; then
  if [[ ! -x "$model_python" ]]; then
    echo "index-real-vectors: no model venv at $cache_dir/venv-model; run scripts/provision-model.sh" >&2
    exit 1
  fi
  if [[ ! -f "$data_dir/qqp-dev.jsonl" ]]; then
    echo "index-real-vectors: no $data_dir/qqp-dev.jsonl; set SEMCACHE_DATA_DIR" >&2
    exit 1
  fi
  echo "index-real-vectors: embedding $data_dir/qqp-dev.jsonl (once) into $vectors" >&2
  nice -n 10 "$model_python" "$here/embed_qqp.py" --data "$data_dir/qqp-dev.jsonl" --out "$vectors"
fi
if [[ ! -x "$peer_venv/bin/python" ]] || ! "$peer_venv/bin/python" -c 'import hnswlib, faiss, numpy' 2>/dev/null; then
  echo "index-real-vectors: creating $peer_venv (hnswlib, faiss-cpu, numpy from PyPI)" >&2
  python3 -m venv "$peer_venv"
  "$peer_venv/bin/pip" install -q 'numpy<3' 'hnswlib==0.8.0' 'faiss-cpu==1.13.2'
fi
if [[ ! -f "$jar" ]]; then
  echo "index-real-vectors: building $jar" >&2
  (cd "$repo_root" && mvn -q -B -ntp -pl benchmarks -am package -DskipTests)
fi

ours="$cache_dir/vectors/last-ours.json"
peer="$cache_dir/vectors/last-peer.json"
echo "index-real-vectors: load before: $(uptime)"
java --add-modules jdk.incubator.vector -Xmx4g -cp "$jar" \
  io.semcache.benchmarks.index.RealVectorBenchmark --vectors "$vectors" --out "$ours" "$@" \
  2> >(grep -v 'Using incubator modules' >&2)
echo "index-real-vectors: load between: $(uptime)"
OMP_NUM_THREADS=1 "$peer_venv/bin/python" "$here/index_peer.py" --vectors "$vectors" --out "$peer" "$@"
echo "index-real-vectors: load after: $(uptime)"
"$peer_venv/bin/python" - "$ours" "$peer" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))
peer = json.load(open(sys.argv[2]))
def find(side, **kw):
    for r in side["results"]:
        if all(r.get(k) == v for k, v in kw.items()):
            return r
    return None
print(f"\n{ours['corpus']} corpus vectors, {ours['queries']} queries, one thread; ratio = ours / peer"
      " (below 1: ours faster for times, slower for rates)")
print(f"{'case':<34}{'ours':>12}{'hnswlib':>12}{'ratio':>8}{'faiss':>12}{'ratio':>8}")
def row(label, key, o, h, f, fmt="{:.1f}"):
    def cell(r):
        return fmt.format(r[key]) if r and key in r else "-"
    def ratio(r):
        return f"{o[key] / r[key]:.2f}" if o and r and key in r and key in o and r[key] else "-"
    print(f"{label:<34}{cell(o):>12}{cell(h):>12}{ratio(h):>8}{cell(f):>12}{ratio(f):>8}")
efs = [r["ef"] for r in ours["results"] if r["index"] == "hnsw"]
for ef in efs:
    o = find(ours, index="hnsw", ef=ef)
    h = find(peer, library="hnswlib", ef=ef)
    f = find(peer, library="faiss", index="hnsw", ef=ef)
    row(f"hnsw ef {ef}: search p50 (us)", "p50_us", o, h, f)
    row(f"hnsw ef {ef}: search p90 (us)", "p90_us", o, h, f)
    row(f"hnsw ef {ef}: recall@1", "recall_at_1", o, h, f, "{:.4f}")
    row(f"hnsw ef {ef}: inserts/s (build)", "inserts_per_s", o, h, f, "{:.0f}")
    if "reinsert_mean_us" in o:
        row("remove + re-insert mean (us)", "reinsert_mean_us", o, h, None)
        row("remove + re-insert p50 (us)", "reinsert_p50_us", o, h, None)
o = find(ours, index="exact")
f = find(peer, library="faiss", index="exact")
if o:
    row("exact scan p50 (us)", "p50_us", o, None, f)
PY
