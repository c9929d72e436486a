#!/usr/bin/env python3
"""Seeded synthetic elicitation problem with the shape of the original ICM run (issue 7).

1,580 claims in 790 groups of two (one true, one false; consistency keys A/B assigned independently of the
label), 31,546 tuples with 6 context claims each; shown labels are right with probability 0.8; the simulated
model's log-odds for the target is
    d = (2y-1)(a_t + b*(2g-1)) + positional bias + acquiescence bias + noise
with a_t a per-claim difficulty and g the fraction of shown labels that are right. Writes claims.jsonl and
tuples.jsonl in the formats `retort elicit optimize` reads.

--flip-pairs N appends N pairs of tuples for `retort elicit sensitivity`, after the tuples above (which stay the same
bytes): each pair asks about one target twice with the same 6 context claims plus a decoy claim shown first, in the
same framing, the second time with one shown label flipped. The simulated model ignores the decoy (it counts neither
in g nor as the last label), so with --flip-decoy the flipped label is irrelevant by construction (a baseline);
without it a random one of the 6 real labels is flipped. Each of the two predictions has its own noise draw.

usage: generate_synthetic.py OUT_DIR [--seed N] [--flip-pairs N [--flip-decoy]]
"""
import argparse
import json
import math
import os

import numpy as np

GROUPS, TUPLES, CONTEXT = 790, 31546, 6
SHOWN_RIGHT = 0.8
MU_A, SIGMA_A, B_AGREE = 0.29, 1.5, 1.5       # difficulty and context-agreement effect
POSITION_BIAS, ACQUIESCENCE, NOISE = 0.5, 0.5, 1.5


def log_sigmoid(x):
    return -math.log1p(math.exp(-x)) if x >= 0 else x - math.log1p(math.exp(x))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--flip-pairs", type=int, default=0)
    ap.add_argument("--flip-decoy", action="store_true")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    n = 2 * GROUPS
    y = np.zeros(n, dtype=int)
    keys = []
    for g in range(GROUPS):
        first_true = rng.random() < 0.5
        y[2 * g], y[2 * g + 1] = (1, 0) if first_true else (0, 1)
        first_key_a = rng.random() < 0.5             # independent of the label
        keys += ["A", "B"] if first_key_a else ["B", "A"]
    a = rng.normal(MU_A, SIGMA_A, n)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "claims.jsonl"), "w") as f:
        for i in range(n):
            f.write(json.dumps({"uid": f"c{i:04d}", "prompt": f"Synthetic claim {i} of pair {i // 2}.\nI think this claim is ",
                                "label": bool(y[i]), "consistency_id": f"g{i // 2:03d}", "consistency_key": keys[i]}) + "\n")
    targets = np.concatenate([rng.permutation(n) for _ in range(math.ceil(TUPLES / n))])[:TUPLES]
    with open(os.path.join(args.out, "tuples.jsonl"), "w") as f:
        for k, t in enumerate(targets):
            others = rng.choice(n - 1, CONTEXT, replace=False)
            others = others + (others >= t)           # any claim but the target
            right = rng.random(CONTEXT) < SHOWN_RIGHT
            shown = np.where(right, y[others], 1 - y[others])
            positive = rng.random() < 0.5
            d = log_odds(y, a, t, others, shown, positive, rng)
            f.write(tuple_line(t, others, shown, int(rng.integers(0, 1000)), positive, d))
        for k in range(args.flip_pairs):
            t = rng.integers(0, n)
            picks = rng.choice(n - 1, CONTEXT + 1, replace=False)
            picks = picks + (picks >= t)
            decoy, others = picks[0], picks[1:]
            shown = np.where(rng.random(CONTEXT) < SHOWN_RIGHT, y[others], 1 - y[others])
            decoy_shown = int(rng.random() < 0.5)
            positive = rng.random() < 0.5
            flipped, flipped_decoy = shown.copy(), decoy_shown
            if args.flip_decoy:
                flipped_decoy = 1 - decoy_shown
            else:
                j = rng.integers(0, CONTEXT)
                flipped[j] = 1 - flipped[j]
            for s, ds in ((shown, decoy_shown), (flipped, flipped_decoy)):
                d = log_odds(y, a, t, others, s, positive, rng)
                f.write(tuple_line(t, np.concatenate([[decoy], others]), np.concatenate([[ds], s]), 1000 + k, positive, d))


def log_odds(y, a, t, others, shown, positive, rng):
    """The simulated model: agreement g of the shown labels with the truth, last-label and framing biases, noise."""
    g = (shown == y[others]).mean()
    return (2 * y[t] - 1) * (a[t] + B_AGREE * (2 * g - 1)) \
        + POSITION_BIAS * (2 * shown[-1] - 1) \
        + ACQUIESCENCE * (1 if positive else -1) \
        + NOISE * rng.normal()


def tuple_line(t, context, shown, order, positive, d):
    return json.dumps({"target_uid": f"c{t:04d}",
                       "context": [{"uid": f"c{o:04d}", "label_shown": bool(s)} for o, s in zip(context, shown)],
                       "order": order, "framing": "positive" if positive else "negative",
                       "logp_true": log_sigmoid(d), "logp_false": log_sigmoid(-d),
                       "model": "synthetic-v1", "ts": "2025-01-01T00:00:00Z"}) + "\n"

if __name__ == "__main__":
    main()
