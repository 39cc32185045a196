#!/usr/bin/env python3
"""Prints the ratio table of one `scripts/peers/measure` run (argument: its directory), as Markdown."""
import json
import statistics
import sys
from pathlib import Path

out = Path(sys.argv[1])


def load(name):
    path = out / name
    return json.loads(path.read_text()) if path.exists() else None


def bench_steps(name):
    data = load(name)
    return {s["batch"]: s for s in data["steps"] if s["precision"] == "float"} if data else {}


def peer_rows(name):
    data = load(name)
    return {(r["peer"], r["batch"]): r for r in data[0]["rows"]} if data else {}


print("| threads | batch | Descent samples/s (before / after the peers) | JAX | PyTorch fused Adam | Descent / JAX | Descent / PyTorch | of Descent's limit |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for threads in (1, 2):
    a, b, peers = bench_steps(f"bench{threads}-a.json"), bench_steps(f"bench{threads}-b.json"), peer_rows(f"peer_mlp{threads}.json")
    for batch in sorted(a):
        sa, sb = a[batch]["samples_per_second"], b[batch]["samples_per_second"]
        jax = peers.get(("jax", batch), {}).get("samples_per_s", float("nan"))
        torch = peers.get(("torch_fused", batch), {}).get("samples_per_s", float("nan"))
        print(f"| {threads} | {batch} | {sa/1e3:.1f}k / {sb/1e3:.1f}k | {jax/1e3:.1f}k | {torch/1e3:.1f}k | "
              f"{sa/jax:.2f} / {sb/jax:.2f} | {sa/torch:.2f} / {sb/torch:.2f} | "
              f"{a[batch]['fraction_of_limit']:.2f} / {b[batch]['fraction_of_limit']:.2f} |")

opt = load("peer_opt.json")
if opt:
    c_loop = opt["children"][0]["c_fused_10M"]
    torch = {r["kind"]: r["ms"] for r in opt["rows"] if r["peer"] == "torch_fused"}
    print("\n| update, 10 M Float | Descent ms (before / after) | C fused loop ms | C / Descent | PyTorch fused ms | PyTorch / Descent |")
    print("| --- | --- | --- | --- | --- | --- |")
    runs = [load("bench1-a.json"), load("bench1-b.json")]
    for rule in ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"):
        ms = [next(u["ms"] for u in run["updates"] if u["rule"] == rule and u["precision"] == "float") for run in runs]
        best = min(ms)
        peer = torch.get(rule)
        print(f"| {rule} | {ms[0]:.2f} / {ms[1]:.2f} | {c_loop[rule]:.2f} | {c_loop[rule]/best:.2f} | "
              + (f"{peer:.2f} | {peer/best:.2f} |" if peer else "– | – |"))

lanczos = {top: [load(f"lanczos{top}-{r}.json") for r in (1, 2, 3)] for top in (1, 10)}
hessian = load("peer_hessian.json")
if hessian and all(lanczos[1]):
    peer = hessian[0]["lanczos"]
    print("\n| Lanczos, 94 503 parameters | seconds (3 runs) | products | own share of the run | JAX + eigsh(k=1, tol=0) | ratio (median) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for top, runs in lanczos.items():
        seconds = [r["seconds"] for r in runs]
        shares = [r["lanczos_overhead_seconds"] / r["seconds"] for r in runs]
        print(f"| --top {top} | {' / '.join(f'{s:.2f}' for s in seconds)} | {runs[0]['hessian_vector_products']} | "
              f"{' / '.join(f'{100*s:.1f}%' for s in shares)} | "
              + (f"{peer['eigsh_tol0_s']:.2f} s, {peer['eigsh_tol0_matvecs']} products | {statistics.median(seconds)/peer['eigsh_tol0_s']:.2f} |"
                 if top == 1 else "no top-10 peer | – |"))
    full = [load("full-a.json"), load("full-b.json")]
    big = next(m for m in hessian[0]["full"] if m["params"] == 5059)
    peer_total = big["hvpmap_s"] + big["eigvalsh_s"]
    print("\n| full Hessian + spectrum, 5 059 parameters | assembly s | eigenvalues s | total s | JAX HVP map + eigvalsh s | ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    for run in full:
        if run:
            print(f"| Descent ({run['eigensolver']}) | {run['assembly_seconds']:.2f} | {run['eigensolver_seconds']:.2f} | "
                  f"{run['seconds']:.2f} | {big['hvpmap_s']:.2f} + {big['eigvalsh_s']:.2f} = {peer_total:.2f} | {run['seconds']/peer_total:.2f} |")
