"""Driver of bench/text/exact-search.sh: FAISS IndexFlatIP (1 thread) and retort's ExactIndex, paired rep by rep.

Usage: exact_search.py REPS JAVA_COMMAND... — writes base.npy [100000, 384] and queries.npy [1000, 384] (unit rows,
numpy seed 0) into a temp directory, starts the Java side (dev.retort.bench.text.ExactSearchBench DIR), then for
each rep times one FAISS search of all queries (top-10) and asks Java for one retort search, so both see the same
machine load. Prints per-rep times, and on the last line the medians of wall and CPU time and of the paired ratios.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

import faiss
import numpy as np

N, D, Q, K = 100_000, 384, 1_000, 10


def unit_rows(rng, n):
    x = rng.standard_normal((n, D), dtype=np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def main():
    reps, java = int(sys.argv[1]), sys.argv[2:]
    with tempfile.TemporaryDirectory() as work:
        rng = np.random.default_rng(0)
        base, queries = unit_rows(rng, N), unit_rows(rng, Q)
        np.save(os.path.join(work, "base.npy"), base)
        np.save(os.path.join(work, "queries.npy"), queries)
        faiss.omp_set_num_threads(1)
        index = faiss.IndexFlatIP(D)
        index.add(base)
        _, faiss_ids = index.search(queries, K)
        np.save(os.path.join(work, "faiss_ids.npy"), faiss_ids.astype(np.int64))
        proc = subprocess.Popen(java + [work], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        fw, fc, rw, rc = [], [], [], []
        for _ in range(reps):
            t, c = time.perf_counter(), time.process_time()
            index.search(queries, K)
            fw.append(time.perf_counter() - t)
            fc.append(time.process_time() - c)
            proc.stdin.write("search\n")
            proc.stdin.flush()
            wall, cpu = map(float, proc.stdout.readline().split())
            rw.append(wall)
            rc.append(cpu)
            print(f"faiss wall {fw[-1]:.3f} cpu {fc[-1]:.3f} | retort wall {wall:.3f} cpu {cpu:.3f}", file=sys.stderr)
        proc.stdin.close()
        overlap = float(proc.stdout.readline().split()[1])
        proc.wait()
    med = statistics.median
    print(f"exact-search 1e5x384, 1000 queries, top-10, 1 thread each, {reps} paired reps: "
          f"faiss IndexFlatIP median wall {med(fw):.3f}s cpu {med(fc):.3f}s; retort ExactIndex median wall {med(rw):.3f}s "
          f"cpu {med(rc):.3f}s; median paired ratio retort/faiss wall {med(r / f for r, f in zip(rw, fw)):.2f}x "
          f"cpu {med(r / f for r, f in zip(rc, fc)):.2f}x (target <= 1.2); top-10 id overlap {overlap:.5f}; "
          f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
