"""scikit-learn side of bench/route/route-kmeans.sh: KMeans(k-means++, n_init, max_iter, lloyd) on a .npy of row vectors."""
import sys
import time

import numpy as np
from sklearn.cluster import KMeans

path, k, restarts, iters = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
x = np.load(path).astype(np.float32)
KMeans(n_clusters=k, init="k-means++", n_init=1, max_iter=3, algorithm="lloyd", random_state=1).fit(x[: max(k, min(len(x), 2000))])
t = time.perf_counter()
km = KMeans(n_clusters=k, init="k-means++", n_init=restarts, max_iter=iters, algorithm="lloyd", random_state=42).fit(x)
secs = time.perf_counter() - t
print(f"sklearn {__import__('sklearn').__version__} kmeans n={len(x)} d={x.shape[1]} k={k} n_init={restarts}: {secs:.3f} s, inertia {km.inertia_:.3f}, iterations(best) {km.n_iter_}")
print(f"SKLEARN_SECONDS {secs:.4f}")
