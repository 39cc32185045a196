#!/usr/bin/env python3
"""Reference trajectories of Descent's optimizers, written as a Swift fixture.

PyTorch is not installed here, so each rule is re-implemented in numpy (float64) from PyTorch's
documented update formulas (https://pytorch.org/docs/stable/optim.html, the pseudo-code on each
optimizer's page) and the single-tensor code paths of torch/optim/*.py (`_single_tensor_sgd`,
`_single_tensor_adagrad`, `_single_tensor_rmsprop`, `_single_tensor_adam`), keeping their order of
evaluation: addcmul_(a, b, value=c) is self + (c*a)*b, addcdiv_ is self + (c*a)/b, and
lerp_(end, w) is self + w*(end - self) for w < 0.5. The code here shares nothing with the Swift
kernels; it is a second, independent implementation of the same published rules.

Each case runs 30 steps on f = 0.1 x^2 + 2 y^2 from (-5, -2) and on Rosenbrock
f = (1 - x)^2 + 100 (y - x^2)^2 from (-1.2, 1). The 31 points are written as Double hex-float
literals so no precision is lost.

Usage: python3 scripts/reference/optimizer_trajectories.py > Tests/DescentTests/Fixtures/OptimizerTrajectories.swift
"""
import math
import sys

import numpy as np

STEPS = 30


def quadratic_gradient(p):
    return np.array([0.2 * p[0], 4.0 * p[1]])


def rosenbrock_gradient(p):
    x, y = p[0], p[1]
    return np.array([-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)])


FUNCTIONS = {
    "quadratic": (quadratic_gradient, (-5.0, -2.0)),
    "rosenbrock": (rosenbrock_gradient, (-1.2, 1.0)),
}


def lerp(start, end, weight):
    if weight < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1.0 - weight)


class SGD:
    def __init__(self, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        self.lr, self.mu, self.tau, self.wd, self.nesterov = lr, momentum, dampening, weight_decay, nesterov
        self.buf = None

    def step(self, p, g):
        d = g + self.wd * p if self.wd != 0 else g.copy()
        if self.mu != 0:
            if self.buf is None:
                self.buf = d.copy()
            else:
                self.buf = self.buf * self.mu + (1.0 - self.tau) * d
            d = d + self.mu * self.buf if self.nesterov else self.buf
        return p + (-self.lr) * d


class Adagrad:
    def __init__(self, lr=0.01, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10):
        self.lr, self.lr_decay, self.wd, self.eps = lr, lr_decay, weight_decay, eps
        self.init = initial_accumulator_value
        self.sum, self.t = None, 0

    def step(self, p, g):
        if self.sum is None:
            self.sum = np.full_like(p, self.init)
        self.t += 1
        d = g + self.wd * p if self.wd != 0 else g
        clr = self.lr / (1 + (self.t - 1) * self.lr_decay)
        self.sum = self.sum + d * d
        std = np.sqrt(self.sum) + self.eps
        return p + ((-clr) * d) / std


class RMSprop:
    def __init__(self, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False):
        self.lr, self.alpha, self.eps, self.wd, self.mu, self.centered = lr, alpha, eps, weight_decay, momentum, centered
        self.sq = self.ga = self.buf = None

    def step(self, p, g):
        if self.sq is None:
            self.sq, self.ga, self.buf = np.zeros_like(p), np.zeros_like(p), np.zeros_like(p)
        d = g + self.wd * p if self.wd != 0 else g
        self.sq = self.sq * self.alpha + ((1.0 - self.alpha) * d) * d
        if self.centered:
            self.ga = lerp(self.ga, d, 1.0 - self.alpha)
            avg = np.sqrt(self.sq + (-1.0 * self.ga) * self.ga)
        else:
            avg = np.sqrt(self.sq)
        avg = avg + self.eps
        if self.mu > 0:
            self.buf = self.buf * self.mu + d / avg
            return p + (-self.lr) * self.buf
        return p + ((-self.lr) * d) / avg


class Adam:
    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False, decoupled=False):
        self.lr, self.b1, self.b2, self.eps, self.wd = lr, betas[0], betas[1], eps, weight_decay
        self.amsgrad, self.decoupled = amsgrad, decoupled
        self.m = self.v = self.vmax = None
        self.t = 0

    def step(self, p, g):
        if self.m is None:
            self.m, self.v, self.vmax = np.zeros_like(p), np.zeros_like(p), np.zeros_like(p)
        self.t += 1
        if self.wd != 0:
            if self.decoupled:
                p = p * (1.0 - self.lr * self.wd)
            else:
                g = g + self.wd * p
        self.m = lerp(self.m, g, 1.0 - self.b1)
        self.v = self.v * self.b2 + ((1.0 - self.b2) * g) * g
        bc1 = 1.0 - self.b1 ** self.t
        bc2 = 1.0 - self.b2 ** self.t
        step_size = self.lr / bc1
        bc2_sqrt = math.sqrt(bc2)
        if self.amsgrad:
            self.vmax = np.maximum(self.vmax, self.v)
            denom = np.sqrt(self.vmax) / bc2_sqrt + self.eps
        else:
            denom = np.sqrt(self.v) / bc2_sqrt + self.eps
        return p + ((-step_size) * self.m) / denom


def make(kind, s):
    if kind == "sgd":
        return SGD(s["lr"], s.get("momentum", 0.0), s.get("dampening", 0.0), s.get("weight_decay", 0.0),
                   bool(s.get("nesterov", 0.0)))
    if kind == "adagrad":
        return Adagrad(s["lr"], s.get("lr_decay", 0.0), s.get("weight_decay", 0.0),
                       s.get("initial_accumulator_value", 0.0), s.get("eps", 1e-10))
    if kind == "rmsprop":
        return RMSprop(s["lr"], s.get("alpha", 0.99), s.get("eps", 1e-8), s.get("weight_decay", 0.0),
                       s.get("momentum", 0.0), bool(s.get("centered", 0.0)))
    if kind in ("adam", "adamw"):
        wd_default = 0.01 if kind == "adamw" else 0.0
        return Adam(s["lr"], (s.get("beta1", 0.9), s.get("beta2", 0.999)), s.get("eps", 1e-8),
                    s.get("weight_decay", wd_default), bool(s.get("amsgrad", 0.0)), decoupled=(kind == "adamw"))
    raise ValueError(kind)


# (name, kind, settings per function); learning rates chosen so that no case diverges.
CASES = [
    ("sgd", "sgd", {"quadratic": {"lr": 0.1}, "rosenbrock": {"lr": 5e-4}}),
    ("sgd_weight_decay", "sgd", {"quadratic": {"lr": 0.1, "weight_decay": 0.05},
                                  "rosenbrock": {"lr": 5e-4, "weight_decay": 0.05}}),
    ("momentum", "sgd", {"quadratic": {"lr": 0.05, "momentum": 0.9}, "rosenbrock": {"lr": 2e-4, "momentum": 0.9}}),
    ("momentum_dampening", "sgd", {"quadratic": {"lr": 0.05, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.01},
                                    "rosenbrock": {"lr": 2e-4, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.01}}),
    ("nesterov", "sgd", {"quadratic": {"lr": 0.05, "momentum": 0.9, "nesterov": 1.0},
                          "rosenbrock": {"lr": 2e-4, "momentum": 0.9, "nesterov": 1.0}}),
    ("adagrad", "adagrad", {"quadratic": {"lr": 0.5}, "rosenbrock": {"lr": 0.1}}),
    ("adagrad_decay", "adagrad", {"quadratic": {"lr": 0.5, "lr_decay": 0.05, "weight_decay": 0.02,
                                                "initial_accumulator_value": 0.1},
                                  "rosenbrock": {"lr": 0.1, "lr_decay": 0.05, "weight_decay": 0.02,
                                                 "initial_accumulator_value": 0.1}}),
    ("rmsprop", "rmsprop", {"quadratic": {"lr": 0.01}, "rosenbrock": {"lr": 0.01}}),
    ("rmsprop_centered_momentum", "rmsprop", {"quadratic": {"lr": 0.01, "alpha": 0.9, "centered": 1.0, "momentum": 0.5,
                                                            "weight_decay": 0.01},
                                              "rosenbrock": {"lr": 0.005, "alpha": 0.9, "centered": 1.0, "momentum": 0.5,
                                                             "weight_decay": 0.01}}),
    ("adam", "adam", {"quadratic": {"lr": 0.1}, "rosenbrock": {"lr": 0.05}}),
    ("adam_amsgrad_decay", "adam", {"quadratic": {"lr": 0.1, "amsgrad": 1.0, "weight_decay": 0.01, "beta1": 0.8},
                                    "rosenbrock": {"lr": 0.05, "amsgrad": 1.0, "weight_decay": 0.01, "beta1": 0.8}}),
    ("adamw", "adamw", {"quadratic": {"lr": 0.1, "weight_decay": 0.1}, "rosenbrock": {"lr": 0.05, "weight_decay": 0.1}}),
]


def trajectory(kind, settings, function):
    gradient, start = FUNCTIONS[function]
    optimizer = make(kind, settings)
    p = np.array(start, dtype=np.float64)
    points = [p.copy()]
    for _ in range(STEPS):
        p = optimizer.step(p, gradient(p))
        points.append(p.copy())
    return np.array(points)


def literal(value):
    value = float(value)
    assert math.isfinite(value), value
    return value.hex()


def main():
    out = sys.stdout
    out.write("// Generated by scripts/reference/optimizer_trajectories.py (numpy, float64, PyTorch's formulas).\n")
    out.write("// Do not edit: rerun the script. Points are (x, y) after 0...30 steps, flattened.\n\n")
    out.write("/// One reference run: an optimizer with PyTorch-named settings on a 2-D test function.\n")
    out.write("struct OptimizerTrajectoryCase {\n")
    out.write("    let name: String\n    let function: String\n    let kind: String\n")
    out.write("    let settings: [String: Double]\n    let points: [Double]\n}\n\n")
    out.write("/// The reference runs, 30 steps each.\n")
    out.write("enum OptimizerTrajectories {\n    static let cases: [OptimizerTrajectoryCase] = [\n")
    for name, kind, per_function in CASES:
        for function in FUNCTIONS:
            settings = per_function[function]
            points = trajectory(kind, settings, function)
            settings_text = ", ".join(f'"{k}": {literal(v)}' for k, v in sorted(settings.items()))
            out.write(f'        OptimizerTrajectoryCase(\n            name: "{name}", function: "{function}", kind: "{kind}",\n')
            out.write(f"            settings: [{settings_text}],\n            points: [\n")
            for x, y in points:
                out.write(f"                {literal(x)}, {literal(y)},\n")
            out.write("            ]),\n")
    out.write("    ]\n}\n")


if __name__ == "__main__":
    main()
