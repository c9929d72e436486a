#!/usr/bin/env python3
"""Vectorized PyTorch reference of retort's coherence loss (float64, 1 thread) for the side-by-side benchmark.

Same terms, constants and L-BFGS settings as dev.retort.elicit.optimize.CoherenceLoss / LabelOptimizer:
prior KL, normalized mutual predictability, squared-hinge ranking, consistency, entropy; q = sigmoid(10 tanh(z/10)).
Prints one JSON line: loss at the prior, median ms per loss+gradient, L-BFGS seconds and evaluations,
accuracies (optimized, prior, per-tuple majority, and the oracle bounds that use gold context labels).
The gradient comes from autograd; the "_hand" figures time the same loss with the gradient derived by hand
(Loss.value_and_grad, the derivation retort uses, checked here against autograd), so that retort's figures can
be read against PyTorch with and without that rewrite.

usage: reference_optimize.py CLAIMS TUPLES [--weights prior=1,mutual=2,...] [--exactly-one] [--reps 50]
"""
import argparse
import json
import math
import statistics
import time

import torch

SQUASH, FLOOR, MARGIN, CHUNK, TOL = 10.0, 1e-3, 0.5, 25, 1e-10
TERMS = ["prior", "mutual", "ranking", "consistency", "entropy"]


def load(claims_path, tuples_path, exactly_one, rank_gap):
    claims = [json.loads(l) for l in open(claims_path)]
    index = {c["uid"]: i for i, c in enumerate(claims)}
    n = len(claims)
    target, logodds, ctx_t, ctx_c, ctx_s = [], [], [], [], []
    for k, line in enumerate(open(tuples_path)):
        t = json.loads(line)
        target.append(index[t["target_uid"]])
        logodds.append(t["logp_true"] - t["logp_false"])
        for c in t["context"]:
            ctx_t.append(k); ctx_c.append(index[c["uid"]]); ctx_s.append(1.0 if c["label_shown"] else 0.0)
    p = dict(n=n, claims=claims,
             target=torch.tensor(target, dtype=torch.long), d=torch.tensor(logodds, dtype=torch.float64),
             ctx_t=torch.tensor(ctx_t, dtype=torch.long), ctx_c=torch.tensor(ctx_c, dtype=torch.long),
             ctx_s=torch.tensor(ctx_s, dtype=torch.float64))
    count = torch.zeros(n, dtype=torch.float64).index_add(0, p["target"], torch.ones_like(p["d"]))
    p["mean"] = torch.zeros(n, dtype=torch.float64).index_add(0, p["target"], p["d"]) / count.clamp(min=1)
    p["count"] = count
    groups = {}
    for i, c in enumerate(claims):
        if c.get("consistency_id") is not None:
            groups.setdefault(str(c["consistency_id"]), []).append(i)
    eq, nbt, nbf, rank = [], [], [], []
    mean = p["mean"].tolist()
    for g in groups.values():
        for a in range(len(g)):
            for b in range(a + 1, len(g)):
                i, j = g[a], g[b]
                if count[i] > 0 and count[j] > 0 and abs(mean[i] - mean[j]) >= rank_gap:
                    rank.append((i, j) if mean[i] > mean[j] else (j, i))
                ki, kj = claims[i].get("consistency_key"), claims[j].get("consistency_key")
                if ki is None or kj is None:
                    continue
                if ki == kj:
                    eq.append((i, j))
                else:
                    nbt.append((i, j))
                    if exactly_one:
                        nbf.append((i, j))
    pair = lambda l: (torch.tensor([a for a, _ in l], dtype=torch.long), torch.tensor([b for _, b in l], dtype=torch.long))
    p.update(eq=pair(eq), nbt=pair(nbt), nbf=pair(nbf), rank=pair(rank), groups=list(groups.values()),
             n_constraints=len(eq) + len(nbt) + len(nbf), exactly_one=exactly_one)
    return p


def floored_log_sigmoid(x):
    return torch.logaddexp(torch.full_like(x, math.log(FLOOR)), math.log1p(-2 * FLOOR) + torch.nn.functional.logsigmoid(x))


class Loss:
    def __init__(self, p, weights, temperature=1.0):
        self.p = p
        self.active = [(t, weights[t]) for t in TERMS if weights[t] != 0]
        logit = p["mean"] / temperature
        self.prior = torch.sigmoid(logit)
        self.not_prior = torch.sigmoid(-logit)
        self.neg_ent = torch.xlogy(self.prior, self.prior) + torch.xlogy(self.not_prior, self.not_prior)
        self.ll_false = floored_log_sigmoid(-p["d"])
        self.ll_gain = floored_log_sigmoid(p["d"]) - self.ll_false
        self.no_tuples = (p["count"] == 0).to(torch.float64)
        self.covered = float((p["count"] > 0).sum())
        self.zeros_n = torch.zeros(p["n"], dtype=torch.float64)
        self.zeros_k = torch.zeros(len(p["d"]), dtype=torch.float64)
        self.zeros_2n = torch.zeros(2 * p["n"], dtype=torch.float64)
        self.ctx_label = p["ctx_c"] + (1 - p["ctx_s"]).long() * p["n"]   # [M] i if shown true, N + i if shown false

    def __call__(self, z):
        p = self.p
        zc = SQUASH * torch.tanh(z / SQUASH)
        lq, l1q = torch.nn.functional.logsigmoid(zc), torch.nn.functional.logsigmoid(-zc)
        q, nq = lq.exp(), l1q.exp()
        total = z.sum() * 0.0
        for name, w in self.active:
            if name == "prior":
                v = (self.neg_ent - self.prior * lq - self.not_prior * l1q).mean()
            elif name == "mutual":
                lqc, l1qc = lq.index_select(0, p["ctx_c"]), l1q.index_select(0, p["ctx_c"])
                agree = l1qc + p["ctx_s"] * (lqc - l1qc)
                logw = self.zeros_k.index_add(0, p["ctx_t"], agree)
                shift = self.zeros_n.scatter_reduce(0, p["target"], logw.detach(), "amax", include_self=False)
                wk = (logw - shift.index_select(0, p["target"])).exp()
                ll = self.ll_false + q.index_select(0, p["target"]) * self.ll_gain
                num = self.zeros_n.index_add(0, p["target"], wk * ll)
                den = self.zeros_n.index_add(0, p["target"], wk) + self.no_tuples
                v = -(num / den).sum() / self.covered
            elif name == "ranking":
                hi, lo = p["rank"]
                v = (MARGIN - (q[hi] - q[lo])).relu().square().mean() if len(hi) else z.sum() * 0.0
            elif name == "consistency":
                (ei, ej), (ti, tj), (fi, fj) = p["eq"], p["nbt"], p["nbf"]
                s = (q[ei] - q[ej]).square().sum() + (q[ti] * q[tj]).sum() + (nq[fi] * nq[fj]).sum()
                v = s / max(p["n_constraints"], 1)
            else:
                v = -(q * lq + nq * l1q).mean() / math.log(2)
            total = total + w * v
        return total

    def value_and_grad(self, z):
        """The same total with its gradient written out by hand (no autograd graph), term by term like
        retort's CoherenceLoss.evaluate: each term adds to d/dzc or to d/dq; dq/dzc = q(1-q), dzc/dz = 1 - tanh²."""
        p, n = self.p, self.p["n"]
        th = torch.tanh(z / SQUASH)
        zc = SQUASH * th
        lq, l1q = torch.nn.functional.logsigmoid(zc), torch.nn.functional.logsigmoid(-zc)
        q, nq = lq.exp(), l1q.exp()
        dzc, dq = torch.zeros_like(z), torch.zeros_like(z)
        total = 0.0
        for name, w in self.active:
            if name == "prior":
                v = (self.neg_ent - self.prior * lq - self.not_prior * l1q).mean()
                dzc.add_(q - self.prior, alpha=w / n)
            elif name == "mutual":
                logw = self.zeros_k.index_add(0, p["ctx_t"], torch.cat([lq, l1q]).index_select(0, self.ctx_label))
                shift = self.zeros_n.scatter_reduce(0, p["target"], logw, "amax", include_self=False)
                wk = (logw - shift.index_select(0, p["target"])).exp()
                ll = self.ll_false + q.index_select(0, p["target"]) * self.ll_gain
                den = self.zeros_n.index_add(0, p["target"], wk) + self.no_tuples
                mean = self.zeros_n.index_add(0, p["target"], wk * ll) / den
                v = -mean.sum() / self.covered
                scale = den.reciprocal() * (-w / self.covered)
                dq.add_(self.zeros_n.index_add(0, p["target"], wk * self.ll_gain) * scale)
                dlogw = wk * (ll - mean.index_select(0, p["target"])) * scale.index_select(0, p["target"])
                dl = self.zeros_2n.index_add(0, self.ctx_label, dlogw.index_select(0, p["ctx_t"]))
                dzc.add_(dl[:n] * nq).sub_(dl[n:] * q)
            elif name == "ranking":
                hi, lo = p["rank"]
                if len(hi) == 0:
                    continue
                h = (MARGIN - (q[hi] - q[lo])).relu()
                v = h.square().mean()
                dq.index_add_(0, hi, h, alpha=-2 * w / len(hi)).index_add_(0, lo, h, alpha=2 * w / len(hi))
            elif name == "consistency":
                (ei, ej), (ti, tj), (fi, fj) = p["eq"], p["nbt"], p["nbf"]
                c = w / max(p["n_constraints"], 1)
                diff, qi, qj, ni, nj = q[ei] - q[ej], q[ti], q[tj], nq[fi], nq[fj]
                v = (diff.square().sum() + (qi * qj).sum() + (ni * nj).sum()) / max(p["n_constraints"], 1)
                dq.index_add_(0, ei, diff, alpha=2 * c).index_add_(0, ej, diff, alpha=-2 * c)
                dq.index_add_(0, ti, qj, alpha=c).index_add_(0, tj, qi, alpha=c)
                dq.index_add_(0, fi, nj, alpha=-c).index_add_(0, fj, ni, alpha=-c)
            else:
                v = -(q * lq + nq * l1q).mean() / math.log(2)
                dzc.add_(q * nq * zc, alpha=-w / (n * math.log(2)))
            total = total + w * v
        return total, (dzc + dq * q * nq) * (1 - th * th)


def decode(p, q):
    y = (q > 0.5).long().tolist()
    qs = q.tolist()
    for g in p["groups"]:
        keys = {}
        for i in g:
            k = p["claims"][i].get("consistency_key")
            if k is not None:
                keys.setdefault(k, []).append(i)
        if len(keys) < 2 and not (len(keys) == 1 and len(next(iter(keys.values()))) > 1):
            continue
        best, best_mean = None, -1
        for k, members in keys.items():
            m = sum(qs[i] for i in members) / len(members)
            if m > best_mean:
                best, best_mean = k, m
        winner_true = (p["exactly_one"] and len(keys) > 1) or best_mean > 0.5
        for k, members in keys.items():
            for i in members:
                y[i] = 1 if (k == best and winner_true) else 0
    return y


def accuracy(p, y):
    gold = [(i, c["label"]) for i, c in enumerate(p["claims"]) if c.get("label") is not None]
    return sum(1 for i, l in gold if (y[i] == 1) == bool(l)) / len(gold)


def oracle_bounds(p):
    """Accuracy reachable from the tuples whose shown context labels are all right (uses gold labels: a bound,
    not a method): per claim by the sign of their summed log-odds, and per exactly-one pair jointly."""
    y = [1 if c.get("label") else 0 for c in p["claims"]]
    shown_right = torch.tensor([1.0 if s == y[c] else 0.0 for s, c in zip(p["ctx_s"].tolist(), p["ctx_c"].tolist())], dtype=torch.float64)
    wrong = torch.zeros(len(p["d"]), dtype=torch.float64).index_add(0, p["ctx_t"], 1 - shown_right)
    clean = (wrong == 0).to(torch.float64)
    score = torch.zeros(p["n"], dtype=torch.float64).index_add(0, p["target"], clean * p["d"]).tolist()
    per_claim = sum(1 for i in range(p["n"]) if (score[i] > 0) == (y[i] == 1)) / p["n"]
    pairs = [g for g in p["groups"] if len(g) == 2]
    joint = sum(1 for i, j in pairs if (score[i] > score[j]) == (y[i] == 1)) / max(len(pairs), 1)
    return per_claim, joint


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("claims"); ap.add_argument("tuples")
    ap.add_argument("--weights", default="prior=1,mutual=2,ranking=0,consistency=2,entropy=0")
    ap.add_argument("--exactly-one", action="store_true")
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--max-iterations", type=int, default=500)
    args = ap.parse_args()
    torch.set_num_threads(1)
    weights = {k: float(v) for k, v in (kv.split("=") for kv in args.weights.split(","))}
    for t in TERMS:
        weights.setdefault(t, 0.0)
    p = load(args.claims, args.tuples, args.exactly_one, 1.0)
    loss = Loss(p, weights)
    z0 = p["mean"].clone()

    def autograd(z):
        v = loss(z)
        v.backward()
        return v

    def by_hand(z):
        v, g = loss.value_and_grad(z.detach())
        z.grad = g
        return v

    times = {f: [] for f in (autograd, by_hand)}
    for r in range(args.reps + 3):
        for f in (autograd, by_hand):
            z = z0.clone().requires_grad_(True)
            t0 = time.perf_counter()
            f(z)
            if r >= 3:
                times[f].append((time.perf_counter() - t0) * 1e3)
    z = z0.clone().requires_grad_(True)
    init_loss = loss(z).item()
    autograd(z)
    hand_diff = (loss.value_and_grad(z.detach())[1] - z.grad).abs().max().item()

    def lbfgs(f):
        z = z0.clone().requires_grad_(True)
        evals = [0]
        opt = torch.optim.LBFGS([z], lr=1.0, max_iter=CHUNK, history_size=10, tolerance_grad=1e-7,
                                tolerance_change=1e-9, line_search_fn="strong_wolfe")

        def closure():
            opt.zero_grad()
            evals[0] += 1
            return f(z)

        t0 = time.perf_counter()
        previous = math.inf
        for _ in range(math.ceil(args.max_iterations / CHUNK)):
            opt.step(closure)
            with torch.no_grad():
                current = loss(z).item()
            if abs(previous - current) <= TOL * max(1.0, abs(current)):
                break
            previous = current
        return z, current, time.perf_counter() - t0, evals[0]

    z, current, seconds, evaluations = lbfgs(autograd)
    _, current_hand, seconds_hand, evaluations_hand = lbfgs(by_hand)
    q = torch.sigmoid(SQUASH * torch.tanh(z.detach() / SQUASH))
    prior_y = decode(p, torch.sigmoid(p["mean"]))
    bound_claim, bound_pair = oracle_bounds(p)
    print(json.dumps({"init_loss": init_loss, "final_loss": current, "loss_grad_ms": statistics.median(times[autograd]),
                      "lbfgs_seconds": seconds, "evaluations": evaluations,
                      "loss_grad_ms_hand": statistics.median(times[by_hand]), "lbfgs_seconds_hand": seconds_hand,
                      "evaluations_hand": evaluations_hand, "final_loss_hand": current_hand,
                      "hand_gradient_max_abs_diff": hand_diff,
                      "accuracy": accuracy(p, decode(p, q)), "accuracy_threshold": accuracy(p, (q > 0.5).long().tolist()),
                      "prior_accuracy": accuracy(p, (p["mean"] > 0).long().tolist()),
                      "prior_decoded_accuracy": accuracy(p, prior_y),
                      "bound_clean_context_per_claim": bound_claim, "bound_clean_context_pair": bound_pair}))


if __name__ == "__main__":
    main()
