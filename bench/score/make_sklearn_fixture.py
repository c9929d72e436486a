#!/usr/bin/python3
"""Writes the scikit-learn reference fit that LogisticFitTest compares against.

A fixed synthetic data set (numpy seed 20261121): 400 rows, 5 features on different scales, one of them
constant-free but correlated, labels drawn from a known logistic model. sklearn fits
StandardScaler + LogisticRegression(C=0.5, lbfgs, tol=1e-10). Outputs under
score/src/test/resources/sklearn-lr/: data.csv (x1..x5,label) and reference.json (C, n, coefficients on the
standardized scale, intercept, scaler mean/scale, sklearn version). Run from the repository root:
    /usr/bin/python3 bench/score/make_sklearn_fixture.py   (Debian python3-sklearn)
"""
import json, os
import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

rng = np.random.default_rng(20261121)
n, d = 400, 5
X = rng.normal(size=(n, d)) * np.array([1.0, 10.0, 0.1, 3.0, 1.0]) + np.array([0.0, 50.0, -2.0, 1.0, 0.0])
X[:, 4] = 0.6 * X[:, 0] + 0.8 * rng.normal(size=n)
Z = StandardScaler().fit_transform(X)
true_w = np.array([1.5, -2.0, 0.5, 0.0, 1.0])
p = 1 / (1 + np.exp(-(Z @ true_w + 0.3)))
y = (rng.random(n) < p).astype(int)

C = 0.5
scaler = StandardScaler().fit(X)
lr = LogisticRegression(C=C, solver="lbfgs", tol=1e-10, max_iter=10000).fit(scaler.transform(X), y)

out = "score/src/test/resources/sklearn-lr"
os.makedirs(out, exist_ok=True)
with open(f"{out}/data.csv", "w") as f:
    f.write("x1,x2,x3,x4,x5,label\n")
    for row, label in zip(X, y):
        f.write(",".join(repr(float(v)) for v in row) + f",{label}\n")
json.dump({
    "C": C, "n": n,
    "coef": lr.coef_[0].tolist(), "intercept": float(lr.intercept_[0]),
    "scaler_mean": scaler.mean_.tolist(), "scaler_scale": scaler.scale_.tolist(),
    "train_log_loss": float(np.mean(-(y * np.log(lr.predict_proba(scaler.transform(X))[:, 1])
                                       + (1 - y) * np.log(lr.predict_proba(scaler.transform(X))[:, 0])))),
    "sklearn_version": sklearn.__version__,
}, open(f"{out}/reference.json", "w"), indent=2)
print("wrote", out, "coef", lr.coef_[0], "intercept", lr.intercept_[0])
