#!/usr/bin/env bash
# Installs the real Milvus standalone server (PyPI "milvus", embedded Milvus 2.3.5) used by
# semcache's Milvus integration tests into its own virtualenv, and prints the path of the
# `milvus-server` executable on stdout (progress goes to stderr), so callers can do:
#   export SEMCACHE_MILVUS_SERVER="$(scripts/install-milvus-server.sh)"
#
#   venv:      ${SEMCACHE_CACHE_DIR:-$HOME/.cache/semcache}/venv-milvus-server
#   versions:  scripts/milvus/server-requirements.txt (pinned)
#   python:    $SEMCACHE_PYTHON, else python3 (3.8 or newer)
#
# Idempotent: a stamp in the venv records the requirements' checksum and the Python used; when
# both match, a re-run only prints the path. Any change (or a half-finished earlier run, which
# leaves no stamp) rebuilds the venv from scratch. Needs only PyPI, through pip.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="$script_dir/milvus/server-requirements.txt"
cache_dir="${SEMCACHE_CACHE_DIR:-$HOME/.cache/semcache}"
venv="$cache_dir/venv-milvus-server"
exe="$venv/bin/milvus-server"
stamp="$venv/.semcache-stamp"
python="${SEMCACHE_PYTHON:-python3}"

log() { printf 'install-milvus-server: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ -f "$requirements" ]] || die "missing $requirements"
command -v "$python" >/dev/null 2>&1 || die "'$python' not found; install Python 3.8+ or set SEMCACHE_PYTHON"

want_stamp="$(sha256sum "$requirements" | cut -d' ' -f1) $("$python" -c 'import sys; print(sys.version.split()[0], sys.executable)')"

is_current() { [[ -x "$exe" && -f "$stamp" && "$(cat "$stamp")" == "$want_stamp" ]]; }

if is_current; then
  echo "$exe"
  exit 0
fi

mkdir -p "$cache_dir"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache_dir/.venv-milvus-server.lock"
  flock 9
  if is_current; then
    echo "$exe"
    exit 0
  fi
fi

log "creating $venv with $("$python" -V 2>&1)"
rm -rf "$venv"
"$python" -m venv "$venv" \
  || die "'$python -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)"

log "installing $(grep -E '^milvus==' "$requirements")"
PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install --quiet \
  --only-binary=:all: --no-input -r "$requirements" >&2

"$venv/bin/python" -c 'import milvus' || die "milvus installed but does not import"
[[ -x "$exe" ]] || die "pip finished but $exe is missing"

printf '%s' "$want_stamp" > "$stamp"
log "installed milvus $("$venv/bin/python" -c 'import milvus; print(milvus.__version__)')"
echo "$exe"
