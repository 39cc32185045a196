#!/usr/bin/env python3
"""Peer timing for Descent's CSV reading (issue 5): pandas `read_csv` (C engine) on a numeric table.

Generates the table if the file is missing: 200 000 rows x 20 columns (header c0..c19), each value
a normal(0, 10) draw written with 2 to 8 decimals, from a fixed seed, about 35 MB. Then times
`pandas.read_csv(path, engine="c")` best of 5 and prints MB/s (10^6 bytes per second).

With --descent CMD, also runs CMD PATH right after (same machine, same run, same file) and passes
its output through: CMD is expected to time Descent itself (read + Dataset encoding) and print
its own best-of-5 MB/s, e.g. a throwaway `swiftc -O` harness over Sources/Descent/Data or
`swift package benchmark --filter CSV` from Benchmarks/.

Usage: scripts/reference/csv_peer.py [PATH] [--rows N] [--descent CMD]
Needs: pip install pandas
"""
import argparse
import os
import random
import shlex
import subprocess
import sys
import time


def generate(path, rows, columns=20, seed=5):
    generator = random.Random(seed)
    temporary = path + ".tmp"
    with open(temporary, "w", newline="\n") as handle:
        handle.write(",".join(f"c{index}" for index in range(columns)) + "\n")
        for _ in range(rows):
            values = (f"{generator.gauss(0, 10):.{generator.randint(2, 8)}f}" for _ in range(columns))
            handle.write(",".join(values) + "\n")
    os.replace(temporary, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", default="/tmp/descent-csv-peer/numeric.csv")
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--descent", help="command timing Descent; the file's path is appended")
    arguments = parser.parse_args()

    if not os.path.exists(arguments.path):
        os.makedirs(os.path.dirname(os.path.abspath(arguments.path)), exist_ok=True)
        generate(arguments.path, arguments.rows)
    import pandas

    size = os.path.getsize(arguments.path)
    best = float("inf")
    for _ in range(arguments.repeats):
        start = time.perf_counter()
        frame = pandas.read_csv(arguments.path, engine="c")
        best = min(best, time.perf_counter() - start)
    print(f"pandas {pandas.__version__} read_csv(engine='c'): {arguments.path} {size} bytes, "
          f"{frame.shape[0]}x{frame.shape[1]}, best of {arguments.repeats} {best:.4f} s, {size / best / 1e6:.1f} MB/s")
    sys.stdout.flush()
    if arguments.descent:
        subprocess.run(shlex.split(arguments.descent) + [arguments.path], check=True)


if __name__ == "__main__":
    main()
