#!/usr/bin/env python3
"""Checks the numpy reference trajectories (optimizer_trajectories.py, which the Swift fixture comes
from) against PyTorch's own torch.optim rules: the same 12 cases × 2 functions, 30 steps each, in
float64 with foreach=False (the single-tensor code paths the numpy script follows). Prints the
largest relative difference per case and exits non-zero if any exceeds 1e-12.

Usage: python scripts/reference/optimizer_trajectories_torch_check.py   (needs torch; e.g. the peers' venv)
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import optimizer_trajectories as reference  # noqa: E402


def torch_optimizer(kind, s, parameter):
    if kind == "sgd":
        return torch.optim.SGD([parameter], lr=s["lr"], momentum=s.get("momentum", 0.0), dampening=s.get("dampening", 0.0),
                               weight_decay=s.get("weight_decay", 0.0), nesterov=bool(s.get("nesterov", 0.0)), foreach=False)
    if kind == "adagrad":
        return torch.optim.Adagrad([parameter], lr=s["lr"], lr_decay=s.get("lr_decay", 0.0), weight_decay=s.get("weight_decay", 0.0),
                                   initial_accumulator_value=s.get("initial_accumulator_value", 0.0), eps=s.get("eps", 1e-10),
                                   foreach=False)
    if kind == "rmsprop":
        return torch.optim.RMSprop([parameter], lr=s["lr"], alpha=s.get("alpha", 0.99), eps=s.get("eps", 1e-8),
                                   weight_decay=s.get("weight_decay", 0.0), momentum=s.get("momentum", 0.0),
                                   centered=bool(s.get("centered", 0.0)), foreach=False)
    betas = (s.get("beta1", 0.9), s.get("beta2", 0.999))
    if kind == "adam":
        return torch.optim.Adam([parameter], lr=s["lr"], betas=betas, eps=s.get("eps", 1e-8), weight_decay=s.get("weight_decay", 0.0),
                                amsgrad=bool(s.get("amsgrad", 0.0)), foreach=False)
    return torch.optim.AdamW([parameter], lr=s["lr"], betas=betas, eps=s.get("eps", 1e-8), weight_decay=s.get("weight_decay", 0.01),
                             amsgrad=bool(s.get("amsgrad", 0.0)), foreach=False)


def torch_trajectory(kind, settings, function):
    gradient, start = reference.FUNCTIONS[function]
    parameter = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer = torch_optimizer(kind, settings, parameter)
    points = [parameter.detach().numpy().copy()]
    for _ in range(reference.STEPS):
        parameter.grad = torch.tensor(gradient(parameter.detach().numpy()), dtype=torch.float64)
        optimizer.step()
        points.append(parameter.detach().numpy().copy())
    return np.array(points)


def main():
    worst = 0.0
    print(f"torch {torch.__version__}")
    for name, kind, per_function in reference.CASES:
        for function in reference.FUNCTIONS:
            settings = per_function[function]
            ours = reference.trajectory(kind, settings, function)
            theirs = torch_trajectory(kind, settings, function)
            relative = float(np.max(np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-300)))
            worst = max(worst, relative)
            print(f"{name:28s} {function:10s} max relative difference {relative:.3e}")
    print(f"worst {worst:.3e}")
    sys.exit(0 if worst <= 1e-12 else 1)


if __name__ == "__main__":
    main()
