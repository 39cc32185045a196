#!/usr/bin/env python3
"""Writes the data of scripts/peers/peer_hessian_bench.py as a CSV, so `descent hessian` can be timed
on the same problem: 512 rows, X ~ N(0, 1) with 10 features and labels uniform in {0, 1, 2}, from
numpy's default_rng(0), drawn in the peer's order (X first, then y).

Usage: scripts/reference/hessian_peer_data.py [PATH]   (default: h10.csv)
"""
import sys

import numpy as np


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "h10.csv"
    rng = np.random.default_rng(0)
    features = rng.standard_normal((512, 10))
    labels = rng.integers(0, 3, size=512)
    with open(path, "w") as handle:
        handle.write(",".join(f"x{index}" for index in range(10)) + ",label\n")
        for row, label in zip(features, labels):
            handle.write(",".join(repr(float(value)) for value in row) + f",c{label}\n")
    print(f"wrote {path}: 512 rows, 10 features, 3 classes")


if __name__ == "__main__":
    main()
