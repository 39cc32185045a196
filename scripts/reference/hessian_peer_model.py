#!/usr/bin/env python3
"""Writes the exact problem of scripts/peers/peer_hessian_bench.py for `descent hessian`: the peer's
rows as CSV and its initial tanh MLP as a Descent checkpoint, so both tools take the Hessian of the
same function at the same point (same eigenvalues, same Lanczos iterations to compare).

make_problem(hidden, seed) of the peer: X ~ N(0,1) 512x10, y uniform in {0,1,2}, then per layer
W ~ N(0, 1/fan_in) (in x out), b ~ N(0, 0.1^2), all from numpy.random.default_rng(seed), in that order.
Part A uses seed 0 (10-32-32-3, 10-64-64-3), part B seed 1 (10-300-300-3).

The checkpoint's metadata comes from TEMPLATE, a checkpoint that `descent train` wrote for the same
architecture (e.g. `descent train DATA --layers 300,300 --activation tanh --epochs 1 --val-split 0
--out TEMPLATE`); its standardization is switched off and its tensors replaced by the peer's, in
float64 (Descent reads any dtype as Double).

Usage: scripts/reference/hessian_peer_model.py TEMPLATE.safetensors HIDDEN SEED OUT.safetensors OUT.csv
  e.g. hessian_peer_model.py t300.safetensors 300,300 1 peer300.safetensors peer300.csv
"""
import json
import struct
import sys

import numpy as np

N_SAMPLES, D_IN, N_CLASSES = 512, 10, 3


def make_problem(hidden, seed):
    rng = np.random.default_rng(seed)
    features = rng.standard_normal((N_SAMPLES, D_IN))
    labels = rng.integers(0, N_CLASSES, size=N_SAMPLES)
    sizes = [D_IN] + list(hidden) + [N_CLASSES]
    params = [(rng.standard_normal((a, b)) / np.sqrt(a), 0.1 * rng.standard_normal(b)) for a, b in zip(sizes[:-1], sizes[1:])]
    return features, labels, params


def read_header(path):
    with open(path, "rb") as handle:
        blob = handle.read()
    size = struct.unpack("<Q", blob[:8])[0]
    return json.loads(blob[8:8 + size])


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    template, hidden_text, seed_text, out_model, out_csv = sys.argv[1:]
    hidden = [int(width) for width in hidden_text.split(",")]
    features, labels, params = make_problem(hidden, int(seed_text))
    header = read_header(template)
    metadata = header["__metadata__"]
    standardization = json.loads(metadata["standardization"])
    standardization["mode"] = "none"
    metadata["standardization"] = json.dumps(standardization)
    description = json.loads(metadata["descent"])
    description["standardizer"]["mode"] = "none"
    description["precision"] = "double"
    metadata["descent"] = json.dumps(description)
    tensors, offset, payload = {}, 0, []
    for index, (weights, bias) in enumerate(params):
        for name, value in ((f"{2 * index}.weight", weights.T), (f"{2 * index}.bias", bias)):
            expected = header[name]["shape"]
            if list(value.shape) != expected:
                sys.exit(f"{template}: tensor {name} has shape {expected}, the peer's {list(value.shape)}: wrong HIDDEN?")
            data = np.ascontiguousarray(value, dtype="<f8").tobytes()
            tensors[name] = {"dtype": "F64", "shape": expected, "data_offsets": [offset, offset + len(data)]}
            payload.append(data)
            offset += len(data)
    text = json.dumps({"__metadata__": metadata, **tensors}).encode()
    text += b" " * (-len(text) % 8)
    with open(out_model, "wb") as handle:
        handle.write(struct.pack("<Q", len(text)) + text + b"".join(payload))
    with open(out_csv, "w") as handle:
        handle.write(",".join(f"x{index}" for index in range(D_IN)) + ",label\n")
        for row, label in zip(features, labels):
            handle.write(",".join(repr(float(value)) for value in row) + f",c{label}\n")
    print(f"wrote {out_model} ({sum(w.size + b.size for w, b in params)} parameters) and {out_csv} (512 rows)")


if __name__ == "__main__":
    main()
