#!/usr/bin/python3
"""Model outputs for the worked example in docs/score.md: small text classifiers on real TruthfulQA claims.

Data: the ICM copy of TruthfulQA (data/elicit/icm in the shared data; train 2,608 / test 1,000 claims, each a
question + candidate answer with a true/false label). Models (scikit-learn, fixed seeds), all trained on the
TRAIN file only and run on the TEST file:
  primary    logistic regression on word 1–2-gram TF-IDF of "question || answer"
  secondary  3 logistic regressions, each on a bootstrap resample of the train rows (seeds 1, 2, 3)
  evaluator  multinomial naive Bayes on word counts
Each writes per-item class log-probabilities as logits [1000, 1, 2] (one "token": the verdict). items.jsonl holds
id, text, gold label and `correct` = whether the primary model's verdict matches the gold label — the label the
quality score learns to predict. known_good.jsonl: the train claims labelled true, the reference set for f6.
Usage (repository root): /usr/bin/python3 bench/score/make_truthfulqa_example.py /work/shared/data/elicit/icm data/score-truthfulqa
"""
import json, sys
import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import MultinomialNB

src, out = sys.argv[1], sys.argv[2]
train = json.load(open(f"{src}/train_truthfulqa.json"))
test = json.load(open(f"{src}/test_truthfulqa.json"))
text = lambda r: r["question"] + " || " + r["choice"]
xtr, ytr = [text(r) for r in train], np.array([int(r["label"]) for r in train])
xte, yte = [text(r) for r in test], np.array([int(r["label"]) for r in test])

tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(xtr)
Xtr, Xte = tfidf.transform(xtr), tfidf.transform(xte)


def logits(model, X):
    return np.ascontiguousarray(np.log(np.clip(model.predict_proba(X), 1e-12, 1)).astype(np.float32)[:, None, :])   # [n, 1, 2]


primary = LogisticRegression(C=2.0, max_iter=2000).fit(Xtr, ytr)
np.save(f"{out}/primary.npy", logits(primary, Xte))
for seed in (1, 2, 3):
    idx = np.random.default_rng(seed).integers(0, len(ytr), len(ytr))
    m = LogisticRegression(C=2.0, max_iter=2000).fit(Xtr[idx], ytr[idx])
    np.save(f"{out}/secondary{seed}.npy", logits(m, Xte))
counts = CountVectorizer(ngram_range=(1, 1), min_df=2).fit(xtr)
nb = MultinomialNB(alpha=0.5).fit(counts.transform(xtr), ytr)
np.save(f"{out}/evaluator.npy", logits(nb, counts.transform(xte)))

with open(f"{out}/known_good.jsonl", "w") as f:            # reference set for f6: TRAIN claims labelled true
    for i, r in enumerate(train):
        if int(r["label"]) == 1:
            f.write(json.dumps({"id": f"tqa-train-{i}", "text": text(r)}) + "\n")

pred = primary.predict(Xte)
with open(f"{out}/items.jsonl", "w") as f:
    for i, r in enumerate(test):
        f.write(json.dumps({"id": f"tqa-test-{i}", "text": text(r), "gold": int(r["label"]),
                            "primary_verdict": int(pred[i]), "correct": int(pred[i] == yte[i]),
                            "consistency_id": r["consistency_id"]}) + "\n")
print(f"primary test accuracy {np.mean(pred == yte):.4f} (majority class {max(np.mean(yte), 1 - np.mean(yte)):.4f}); "
      f"train accuracy {np.mean(primary.predict(Xtr) == ytr):.4f} (training data)")
