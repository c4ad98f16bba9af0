# Sourced by the install-*.sh scripts: builds a virtualenv from a pinned requirements file, once.
#
#   install_pinned_venv NAME VENV REQUIREMENTS EXE MIN_PYTHON IMPORT_CHECK VERSION_CHECK
#
# Prints EXE on stdout (progress goes to stderr). Idempotent: a stamp in the venv records the
# requirements' checksum and the Python used; when both match, a re-run only prints the path. Any
# change (or a half-finished earlier run, which leaves no stamp) rebuilds the venv from scratch.
# Concurrent runs on one machine are serialised with flock. Wheels only, so nothing is compiled
# and a missing wheel fails loudly. IMPORT_CHECK and VERSION_CHECK are Python statements run in
# the venv: the first catches a broken install now rather than in the first test, the second
# prints the installed version.
install_pinned_venv() {
  local name="$1" venv="$2" requirements="$3" exe="$4" min_python="$5" import_check="$6" \
    version_check="$7"
  local python="${SEMCACHE_PYTHON:-python3}"
  local stamp="$venv/.semcache-stamp"
  log() { printf '%s: %s\n' "$name" "$*" >&2; }
  die() { log "ERROR: $*"; exit 1; }

  [[ -f "$requirements" ]] || die "missing $requirements"
  command -v "$python" >/dev/null 2>&1 \
    || die "'$python' not found; install Python $min_python+ or set SEMCACHE_PYTHON"
  "$python" -c "import sys; sys.exit(0 if sys.version_info >= tuple(map(int, '$min_python'.split('.'))) else 1)" \
    || die "$("$python" -V 2>&1) is too old; $name needs Python $min_python+ (set SEMCACHE_PYTHON)"

  local want_stamp
  want_stamp="$(sha256sum "$requirements" | cut -d' ' -f1) $("$python" -c 'import sys; print(sys.version.split()[0], sys.executable)')"
  is_current() { [[ -x "$exe" && -f "$stamp" && "$(cat "$stamp")" == "$want_stamp" ]]; }

  if is_current; then
    echo "$exe"
    return 0
  fi
  mkdir -p "$(dirname "$venv")"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$venv.lock"
    flock 9
    if is_current; then  # another run finished while we waited
      echo "$exe"
      return 0
    fi
  fi

  log "creating $venv with $("$python" -V 2>&1)"
  rm -rf "$venv"
  "$python" -m venv "$venv" \
    || die "'$python -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)"
  log "installing the pinned set in $requirements"
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install --quiet \
    --only-binary=:all: --no-input -r "$requirements" >&2
  "$venv/bin/python" -c "$import_check" || die "installed, but '$import_check' fails"
  [[ -x "$exe" ]] || die "pip finished but $exe is missing"

  printf '%s' "$want_stamp" > "$stamp"
  log "installed $("$venv/bin/python" -c "$version_check" 2>/dev/null || echo "$name")"
  echo "$exe"
}
