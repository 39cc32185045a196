#!/usr/bin/env python3
"""The GEMMs of the training step alone, in JAX: where a step's time goes besides them.

`descent bench` reports its step's GEMMs alone ("GEMMs ms"). This times the same products as JAX
computes them in its step (784-256-256-10, Float, W stored inputs × outputs as the JAX peer keeps
it): forward x·W1, h1·W2, h2·W3; backward h2ᵀ·d3, d3·W3ᵀ, h1ᵀ·d2, d2·W2ᵀ, xᵀ·d1 — one jitted
function, one thread (this process pinned to one CPU, XLA's Eigen pool off). Subtracting from the
JAX peer's step time gives JAX's own non-GEMM time, to set beside Descent's step − GEMMs.

Usage: python jax_step_gemms.py [--batches 16,64,256,1024] [--json OUT]
"""
import argparse
import json
import os
import statistics
import time

os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") + " --xla_cpu_multi_thread_eigen=false").strip()
os.environ.setdefault("OMP_NUM_THREADS", "1")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

WIDTHS = (784, 256, 256, 10)


def gemms(x, w1, w2, w3, d1, d2, d3):
    h1 = x @ w1
    h2 = h1 @ w2
    logits = h2 @ w3
    return logits, h2.T @ d3, d3 @ w3.T, h1.T @ d2, d2 @ w2.T, x.T @ d1


def seconds(batch, rounds, block):
    rng = np.random.default_rng(batch)
    shapes = [(batch, 784), (784, 256), (256, 256), (256, 10), (batch, 256), (batch, 256), (batch, 10)]
    args = [jnp.asarray(rng.standard_normal(s, dtype=np.float32)) for s in shapes]
    f = jax.jit(gemms)
    jax.block_until_ready(f(*args))
    calls = max(1, int(block / 2.5e-10 / (2 * batch * 268_800 * 2.3)))
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            out = f(*args)
        jax.block_until_ready(out)
        samples.append((time.perf_counter() - start) / calls)
    return statistics.median(samples)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--batches", default="16,64,256,1024")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--block-s", type=float, default=0.15)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    rows = []
    for batch in (int(b) for b in args.batches.split(",")):
        ms = seconds(batch, args.rounds, args.block_s) * 1e3
        rows.append({"batch": batch, "gemms_ms": ms})
        print(f"jax GEMMs alone, batch {batch}: {ms:.3f} ms")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"jax": jax.__version__, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
