# Sourced by the provision-*.sh scripts: their one option and the folders they share.
#
#   provision_options SCRIPT_NAME HELP_LINES "$@"
#
# Sets force (true with --force), repo_root, cache_dir (${SEMCACHE_CACHE_DIR:-~/.cache/semcache}),
# venv_dir (the Python tooling venv the model scripts share) and models_dir. --help prints lines
# HELP_LINES (a sed range such as 2,15) of the calling script.
provision_options() {
  local script="$1" help_lines="$2"
  shift 2
  force=false
  for arg in "$@"; do
    case "$arg" in
      --force) force=true ;;
      -h|--help) sed -n "${help_lines}p" "$0"; exit 0 ;;
      *) echo "$script: unknown argument '$arg' (expected --force or --help)" >&2; exit 2 ;;
    esac
  done
  repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  cache_dir="${SEMCACHE_CACHE_DIR:-$HOME/.cache/semcache}"
  venv_dir="$cache_dir/venv-model"
  models_dir="$cache_dir/models"
}
