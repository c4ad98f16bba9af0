#!/usr/bin/env python3
"""Writes sentence-transformers reference vectors for one of the ONNX exports langchain4j ships.

The Java tests (BundledModelParityTest) compare DjlSentenceEmbedder's vectors for a bundled
preset with the file this script writes. The reference runs the *same* ONNX file (read from the
Maven artifact's jar) on onnxruntime, but everything around it is sentence-transformers' own:
the HuggingFace fast tokenizer built from the jar's tokenizer.json (padding, truncation at the
window), the prompt (input prefix) handling of SentenceTransformer.encode, and its Pooling and
Normalize modules. So the comparison checks the Java tokenisation, prefix, pooling and
normalisation, which is where a port goes wrong.

Run by hand when a preset or the sentence selection changes; the outputs are committed under
embedding/src/test/resources/reference/ (they are small: base64 float32 vectors):

  PYTHONPATH=<dir with onnxruntime> ~/.cache/semcache/venv-model/bin/python \
      embedding/src/test/python/onnx_reference.py --jar <langchain4j jar> --id bge-small-en-v1.5 \
      --pooling cls --model-name BAAI/bge-small-en-v1.5 \
      --data ../shared/data --out embedding/src/test/resources/reference/bge-small-en-v1.5.json

It needs sentence-transformers, transformers and torch (the model virtualenv that
scripts/provision-model.sh creates has them) and onnxruntime (`pip install --target DIR
--no-deps onnxruntime==<the version DJL's BOM pins>`). Nothing is downloaded.
"""

import argparse
import base64
import hashlib
import json
import os
import sys
import zipfile
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402
import onnxruntime  # noqa: E402
import sentence_transformers  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402
from sentence_transformers.models import Normalize, Pooling  # noqa: E402

DIMENSION = 384
WINDOW = 256  # DjlEmbedderConfig.DEFAULT_MAX_LENGTH
# Fixed selection from ../shared/data (changing these changes the reference set).
PARAPHRASE_STRIDE = 50  # every 50th pair of paraphrase-pairs.json: origin and similar
QQP_STRIDE = 2000  # every 2000th line of qqp-dev.jsonl: a and b
LONG_TEXTS = 2  # concatenations of 40 consecutive paraphrase origins, beyond the window
LONG_TEXT_PARTS = 40


class OnnxTokenEmbeddings(torch.nn.Module):
    """First module of the SentenceTransformer: tokenises like ST's Transformer, runs the ONNX file."""

    def __init__(self, model_bytes: bytes, tokenizer_file: str, max_seq_length: int):
        super().__init__()
        self.tokenizer = transformers.PreTrainedTokenizerFast(
            tokenizer_file=tokenizer_file,
            model_max_length=512,
            unk_token="[UNK]",
            sep_token="[SEP]",
            pad_token="[PAD]",
            cls_token="[CLS]",
            mask_token="[MASK]",
        )
        self.max_seq_length = max_seq_length
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            model_bytes, options, providers=["CPUExecutionProvider"])
        self.inputs = [i.name for i in self.session.get_inputs()]

    def tokenize(self, texts, **kwargs):
        return self.tokenizer(texts, padding=True, truncation="longest_first",
                              return_tensors="pt", max_length=self.max_seq_length)

    def forward(self, features, **kwargs):
        feed = {}
        for name in self.inputs:
            if name == "token_type_ids" and name not in features:
                feed[name] = np.zeros_like(features["input_ids"].numpy())
            else:
                feed[name] = features[name].numpy()
        token_embeddings = self.session.run(["last_hidden_state"], feed)[0]
        features["token_embeddings"] = torch.from_numpy(token_embeddings)
        return features

    def get_sentence_embedding_dimension(self):
        return DIMENSION


def reference_sentences(data_dir: Path) -> list:
    sentences = []
    seen = set()

    def add(text):
        text = text.strip()
        if text and text not in seen:
            seen.add(text)
            sentences.append(text)

    pairs = json.loads((data_dir / "paraphrase-pairs.json").read_text(encoding="utf-8"))
    for pair in pairs[::PARAPHRASE_STRIDE]:
        add(pair["origin"])
        add(pair["similar"])
    with open(data_dir / "qqp-dev.jsonl", encoding="utf-8") as f:
        lines = f.readlines()
    for line in lines[::QQP_STRIDE]:
        row = json.loads(line)
        add(row["a"])
        add(row["b"])
    for i in range(LONG_TEXTS):
        start = i * LONG_TEXT_PARTS
        add(" ".join(p["origin"] for p in pairs[start:start + LONG_TEXT_PARTS]))
    return sentences


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jar", required=True, type=Path)
    parser.add_argument("--id", required=True, help="the preset id: <id>.onnx and"
                        " <id>-tokenizer.json in the jar")
    parser.add_argument("--pooling", required=True, choices=["mean", "cls"])
    parser.add_argument("--prefix", default="")
    parser.add_argument("--model-name", required=True)
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args()

    with zipfile.ZipFile(args.jar) as jar:
        model_bytes = jar.read(args.id + ".onnx")
        tokenizer_bytes = args.out.parent / (".tokenizer-" + args.id + ".json")
        tokenizer_bytes.parent.mkdir(parents=True, exist_ok=True)
        tokenizer_bytes.write_bytes(jar.read(args.id + "-tokenizer.json"))
    try:
        first = OnnxTokenEmbeddings(model_bytes, str(tokenizer_bytes), WINDOW)
        pooling = Pooling(DIMENSION, pooling_mode=args.pooling)
        model = SentenceTransformer(modules=[first, pooling, Normalize()], device="cpu")
        sentences = reference_sentences(args.data)
        prompt = args.prefix or None
        # One sentence per forward pass: the int8 exports quantise activations dynamically, with
        # one scale per input tensor, so their vectors shift slightly with the other rows of a
        # batch (and its padding). Unbatched vectors are the well-defined reference.
        vectors = model.encode(sentences, prompt=prompt, batch_size=1, convert_to_numpy=True)
        full = first.tokenizer([args.prefix + s for s in sentences], truncation=False)["input_ids"]
        counted = first.tokenize([args.prefix + s for s in sentences])["attention_mask"].sum(dim=1)
    finally:
        tokenizer_bytes.unlink()

    entries = []
    for text, vector, ids, count in zip(sentences, vectors, full, counted.tolist()):
        norm = float(np.linalg.norm(vector))
        if abs(norm - 1) > 1e-5:
            sys.exit(f"vector for {text[:40]!r} has norm {norm}, expected 1")
        entries.append({
            "text": text,
            "tokens": int(count),
            "truncated": len(ids) > WINDOW,
            "vector": base64.b64encode(vector.astype("<f4").tobytes()).decode("ascii"),
        })
    out = {
        "preset": args.id,
        "modelName": args.model_name,
        "pooling": args.pooling,
        "prefix": args.prefix,
        "window": WINDOW,
        "vectorEncoding": "base64 of little-endian float32",
        "provenance": {
            "jar": args.jar.name,
            "onnxSha256": hashlib.sha256(model_bytes).hexdigest(),
            "sentence_transformers": sentence_transformers.__version__,
            "transformers": transformers.__version__,
            "torch": torch.__version__,
            "onnxruntime": onnxruntime.__version__,
        },
        "sentences": entries,
    }
    args.out.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(entries)} sentences ({sum(e['truncated'] for e in entries)} truncated)"
          f" to {args.out}")


if __name__ == "__main__":
    main()
