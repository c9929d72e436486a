"""FAISS IndexFlatIP reference for bench/text/exact-search.sh.

Usage: exact_search_faiss.py DIR REPS — writes DIR/base.npy [100000, 384], DIR/queries.npy [1000, 384] (unit rows,
numpy seed 0) if missing, searches top-10 REPS times with one thread, writes DIR/faiss_ids.npy and prints
"faiss_seconds s1 s2 ..." (wall) and "faiss_cpu_seconds ..." (process CPU time).
"""
import os
import sys
import time

import numpy as np
import faiss

N, D, Q, K = 100_000, 384, 1_000, 10


def unit_rows(rng, n):
    x = rng.standard_normal((n, D), dtype=np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def main():
    out, reps = sys.argv[1], int(sys.argv[2])
    base_file, query_file = os.path.join(out, "base.npy"), os.path.join(out, "queries.npy")
    if not os.path.exists(base_file):
        rng = np.random.default_rng(0)
        np.save(base_file, unit_rows(rng, N))
        np.save(query_file, unit_rows(rng, Q))
    base, queries = np.load(base_file), np.load(query_file)
    faiss.omp_set_num_threads(1)
    index = faiss.IndexFlatIP(D)
    index.add(base)
    index.search(queries[:50], K)  # warm-up
    seconds, cpu = [], []
    for _ in range(reps):
        t, c = time.perf_counter(), time.process_time()
        _, ids = index.search(queries, K)
        seconds.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    np.save(os.path.join(out, "faiss_ids.npy"), ids.astype(np.int64))
    print("faiss_seconds " + " ".join(f"{s:.4f}" for s in seconds))
    print("faiss_cpu_seconds " + " ".join(f"{s:.4f}" for s in cpu))


if __name__ == "__main__":
    main()
