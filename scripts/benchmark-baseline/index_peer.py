#!/usr/bin/env python3
"""hnswlib and faiss on the real vectors: the peer of io.semcache.benchmarks.index.RealVectorBenchmark.

Run by index-real-vectors.sh in the tooling venv (hnswlib, faiss-cpu, numpy). Reads the same
vectors file (see embed_qqp.py) and does what the Java side does, one thread: build by adding the
corpus (hnswlib add_items in chunks of 1,000 with num_threads=1; faiss IndexHNSWFlat.add), then
per ef one untimed pass over the queries and --passes timed passes (the median pass reported), one
query per call (per-query p50/p90, recall@1 against exact top-1, a tie counting as agreement), then for hnswlib mark_deleted + add
with replace_deleted of the same spread-out keys as the Java side (faiss's HNSW cannot delete).
Exact top-1 comes from a float32 matrix product; faiss IndexFlatIP times the exact scan.
Per-query times include the Python call (a few microseconds), which the Java side does not pay.
"""

import argparse
import json
import math
import struct
import sys
import time

import numpy as np

MAGIC = b"SCVEC1\0\0"


def read_vectors(path, corpus_limit):
    with open(path, "rb") as f:
        header = f.read(len(MAGIC) + 12)
        if header[:len(MAGIC)] != MAGIC:
            sys.exit(f"index_peer: {path} is not a vectors file")
        corpus_count, query_count, dim = struct.unpack("<iii", header[len(MAGIC):])
        data = np.fromfile(f, dtype="<f4")
    if data.size != (corpus_count + query_count) * dim:
        sys.exit(f"index_peer: {path}: header and size disagree")
    data = data.reshape(corpus_count + query_count, dim)
    corpus = data[:corpus_count]
    if corpus_limit > 0:
        corpus = corpus[:corpus_limit]
    return np.ascontiguousarray(corpus), np.ascontiguousarray(data[corpus_count:])


def percentile(values, p):
    s = sorted(values)
    rank = max(1, min(len(s), math.ceil(p / 100.0 * len(s))))
    return s[rank - 1]


def time_queries(search, queries, count):
    times = []
    for q in range(count):
        query = queries[q:q + 1]
        t0 = time.perf_counter()
        search(query)
        times.append((time.perf_counter() - t0) * 1e6)
    return times


def median_pass(search, queries, passes):
    """p50 and p90 of the median timed pass (by p50, and by p90), as RealVectorBenchmark reports."""
    p50s, p90s = [], []
    for _ in range(passes):
        times = time_queries(search, queries, len(queries))
        p50s.append(percentile(times, 50))
        p90s.append(percentile(times, 90))
    return percentile(p50s, 50), percentile(p90s, 50)


def recall_at_1(found, corpus, queries, truth, truth_score):
    agree = 0
    for q, label in enumerate(found):
        if label == truth[q] or (label >= 0 and
                                 np.dot(corpus[label], queries[q]) >= truth_score[q]):
            agree += 1
    return agree / len(found)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", required=True)
    parser.add_argument("--corpus", type=int, default=0)
    parser.add_argument("--m", type=int, default=16)
    parser.add_argument("--ef-construction", type=int, default=100)
    parser.add_argument("--ef", default="192,64")
    parser.add_argument("--reinserts", type=int, default=2000)
    parser.add_argument("--exact-queries", type=int, default=500)
    parser.add_argument("--passes", type=int, default=3,
                        help="timed passes per ef; the median pass's p50/p90 is reported")
    parser.add_argument("--libraries", default="hnswlib,faiss")
    parser.add_argument("--out")
    args = parser.parse_args()
    efs = [int(x) for x in args.ef.split(",")]
    libraries = args.libraries.split(",")

    import hnswlib
    import faiss
    faiss.omp_set_num_threads(1)

    corpus, queries = read_vectors(args.vectors, args.corpus)
    n, dim = corpus.shape
    print(f"[real] peer: {n} corpus + {len(queries)} queries, {dim} dims, hnswlib "
          f"{getattr(hnswlib, '__version__', '0.8.0')}, faiss {faiss.__version__}, numpy {np.__version__}")
    scores = queries @ corpus.T
    truth = scores.argmax(axis=1)
    truth_score = np.array([np.dot(corpus[t], queries[q]) for q, t in enumerate(truth)],
                           dtype=np.float32)
    del scores
    results = []

    exact_count = min(args.exact_queries, len(queries))
    if exact_count > 0 and "faiss" in libraries:
        flat = faiss.IndexFlatIP(dim)
        flat.add(corpus)
        times = time_queries(lambda q: flat.search(q, 1), queries, exact_count)
        results.append({"library": "faiss", "index": "exact", "p50_us": percentile(times, 50),
                        "p90_us": percentile(times, 90)})
        print(f"[real] faiss IndexFlatIP: p50 {percentile(times, 50):.1f} us, p90 "
              f"{percentile(times, 90):.1f} us ({exact_count} queries)")
        del flat

    if "hnswlib" in libraries:
        index = hnswlib.Index(space="ip", dim=dim)
        index.init_index(max_elements=n, ef_construction=args.ef_construction, M=args.m,
                         random_seed=100, allow_replace_deleted=True)
        index.set_num_threads(1)
        labels = np.arange(n)
        t0 = time.perf_counter()
        for start in range(0, n, 1000):
            index.add_items(corpus[start:start + 1000], labels[start:start + 1000], num_threads=1)
        build = time.perf_counter() - t0
        for e, ef in enumerate(efs):
            index.set_ef(ef)
            search = lambda q: index.knn_query(q, k=1, num_threads=1)
            time_queries(search, queries, len(queries))  # warm-up, untimed
            p50, p90 = median_pass(search, queries, args.passes)
            found = [int(index.knn_query(queries[q:q + 1], k=1, num_threads=1)[0][0][0])
                     for q in range(len(queries))]
            recall = recall_at_1(found, corpus, queries, truth, truth_score)
            entry = {"library": "hnswlib", "index": "hnsw", "ef": ef, "inserts_per_s": n / build,
                     "p50_us": p50, "p90_us": p90,
                     "recall_at_1": recall}
            line = (f"[real] hnswlib M {args.m} efC {args.ef_construction} ef {ef}: build "
                    f"{build:.1f} s ({n / build:.0f} inserts/s), search p50 "
                    f"{p50:.1f} us, p90 {p90:.1f} us, "
                    f"recall@1 {recall:.4f}")
            if e == 0 and args.reinserts > 0:
                count = min(args.reinserts, n)
                stride = n // count
                each = []
                for i in range(count):
                    key = i * stride
                    t0 = time.perf_counter()
                    index.mark_deleted(key)
                    index.add_items(corpus[key:key + 1], [key], num_threads=1, replace_deleted=True)
                    each.append((time.perf_counter() - t0) * 1e6)
                entry["reinsert_mean_us"] = sum(each) / len(each)
                entry["reinsert_p50_us"] = percentile(each, 50)
                found = [int(index.knn_query(queries[q:q + 1], k=1, num_threads=1)[0][0][0])
                         for q in range(len(queries))]
                after = recall_at_1(found, corpus, queries, truth, truth_score)
                line += (f", mark_deleted+replace {count} keys: mean {entry['reinsert_mean_us']:.1f} us,"
                         f" p50 {entry['reinsert_p50_us']:.1f} us, recall@1 after {after:.4f}")
            results.append(entry)
            print(line)
        del index

    if "faiss" in libraries:
        index = faiss.IndexHNSWFlat(dim, args.m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = args.ef_construction
        t0 = time.perf_counter()
        index.add(corpus)
        build = time.perf_counter() - t0
        for ef in efs:
            index.hnsw.efSearch = ef
            search = lambda q: index.search(q, 1)
            time_queries(search, queries, len(queries))  # warm-up, untimed
            p50, p90 = median_pass(search, queries, args.passes)
            found = [int(index.search(queries[q:q + 1], 1)[1][0][0]) for q in range(len(queries))]
            recall = recall_at_1(found, corpus, queries, truth, truth_score)
            results.append({"library": "faiss", "index": "hnsw", "ef": ef,
                            "inserts_per_s": n / build, "p50_us": p50,
                            "p90_us": p90, "recall_at_1": recall})
            print(f"[real] faiss HNSWFlat M {args.m} efC {args.ef_construction} ef {ef}: build "
                  f"{build:.1f} s ({n / build:.0f} inserts/s), search p50 "
                  f"{p50:.1f} us, p90 {p90:.1f} us, "
                  f"recall@1 {recall:.4f}")

    result = {"side": "peer", "corpus": n, "queries": len(queries), "results": results}
    text = json.dumps(result)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
