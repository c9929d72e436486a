#!/usr/bin/python3
"""PyTorch reference for bench/score/entropy.sh: per-sequence mean entropy of [64, 128, 32100] float32 logits.

Two ways a PyTorch user writes it: the library's Categorical(logits=x).entropy() (handles -inf by clamping) and
the direct -(softmax * log_softmax).sum(-1). Prints "python <name> median_ms=<x>" per variant.
Usage: entropy_torch.py THREADS REPEATS
"""
import statistics, sys, time
import torch

threads, repeats = int(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(threads)
torch.manual_seed(0)
x = torch.randn(64, 128, 32100) * 3.0


def categorical(z):
    return torch.distributions.Categorical(logits=z, validate_args=False).entropy().mean(-1)


def direct(z):
    return -(torch.softmax(z, -1) * torch.log_softmax(z, -1)).sum(-1).mean(-1)


for name, fn in [("categorical", categorical), ("softmax_logsoftmax", direct)]:
    times = []
    with torch.no_grad():
        for r in range(repeats + 1):
            t0 = time.perf_counter()
            check = fn(x).sum().item()
            if r > 0:
                times.append((time.perf_counter() - t0) * 1e3)
    print(f"python {name} median_ms={statistics.median(times):.1f} checksum={check:.4f} torch={torch.__version__}", flush=True)
