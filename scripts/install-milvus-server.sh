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
# shellcheck source=lib/pinned-venv.sh
source "$script_dir/lib/pinned-venv.sh"
venv="${SEMCACHE_CACHE_DIR:-$HOME/.cache/semcache}/venv-milvus-server"
# The import pulls what the server needs at start-up, so a broken install is caught here.
install_pinned_venv install-milvus-server "$venv" "$script_dir/milvus/server-requirements.txt" "$venv/bin/milvus-server" 3.8 \
  'import milvus' \
  "import milvus; print('milvus', milvus.__version__)"
