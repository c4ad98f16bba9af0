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
# shellcheck source=lib/pinned-venv.sh
source "$script_dir/lib/pinned-venv.sh"
venv="${SEMCACHE_CACHE_DIR:-$HOME/.cache/semcache}/venv-milvus"
# The import pulls what the server needs at start-up, so a broken install is caught here.
install_pinned_venv install-milvus-lite "$venv" "$script_dir/milvus/requirements.txt" "$venv/bin/milvus-lite" 3.10 \
  'import milvus_lite.adapter.grpc.server' \
  "from milvus_lite import __version__ as v; print('milvus-lite', v)"
