#!/usr/bin/env bash
# Installs the milvus-lite server used by semcache's Milvus integration tests into its own
# virtualenv and prints the path of the `milvus-lite` executable on stdout (progress goes to
# stderr), so callers can do:  export SEMCACHE_MILVUS_LITE="$(scripts/install-milvus-lite.sh)"
#
#   venv:      ${SEMCACHE_CACHE_DIR:-$HOME/.cache/semcache}/venv-milvus
#   versions:  scripts/milvus/requirements.txt (every package pinned)
#   python:    $SEMCACHE_PYTHON, else python3 (3.10 or newer)
#
# Idempotent: a stamp in the venv records the requirements' checksum and the Python used; when
# both match, a re-run only prints the path. Any change (or a half-finished earlier run, which
# leaves no stamp) rebuilds the venv from scratch. Needs only PyPI, through pip.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="$script_dir/milvus/requirements.txt"
cache_dir="${SEMCACHE_CACHE_DIR:-$HOME/.cache/semcache}"
venv="$cache_dir/venv-milvus"
exe="$venv/bin/milvus-lite"
stamp="$venv/.semcache-stamp"
python="${SEMCACHE_PYTHON:-python3}"

log() { printf 'install-milvus-lite: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ -f "$requirements" ]] || die "missing $requirements"
command -v "$python" >/dev/null 2>&1 || die "'$python' not found; install Python 3.10+ or set SEMCACHE_PYTHON"
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
  || die "$("$python" -V 2>&1) is too old; milvus-lite needs Python 3.10+ (set SEMCACHE_PYTHON)"

want_stamp="$(sha256sum "$requirements" | cut -d' ' -f1) $("$python" -c 'import sys; print(sys.version.split()[0], sys.executable)')"

is_current() { [[ -x "$exe" && -f "$stamp" && "$(cat "$stamp")" == "$want_stamp" ]]; }

if is_current; then
  echo "$exe"
  exit 0
fi

mkdir -p "$cache_dir"
# Serialise concurrent runs (e.g. two builds on one machine); flock is in util-linux.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache_dir/.venv-milvus.lock"
  flock 9
  if is_current; then  # another run finished while we waited
    echo "$exe"
    exit 0
  fi
fi

log "creating $venv with $("$python" -V 2>&1)"
rm -rf "$venv"
"$python" -m venv "$venv" \
  || die "'$python -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)"

log "installing $(grep -E '^milvus-lite==' "$requirements") and pinned dependencies"
# Wheels only: nothing is compiled on the machine, so a missing wheel fails loudly here.
PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install --quiet \
  --only-binary=:all: --no-input -r "$requirements" >&2

# Import the server module (it pulls pymilvus' gRPC stubs, grpcio, faiss, pyarrow) so a broken
# install is caught now, not when the first test tries to start the server.
"$venv/bin/python" -c 'import milvus_lite.adapter.grpc.server' \
  || die "milvus-lite installed but its server module does not import"
[[ -x "$exe" ]] || die "pip finished but $exe is missing"

printf '%s' "$want_stamp" > "$stamp"
log "installed $("$venv/bin/python" -c 'from milvus_lite import __version__ as v; print(v)' 2>/dev/null || echo milvus-lite)"
echo "$exe"
