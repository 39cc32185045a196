#!/usr/bin/env python3
"""Reference values for Descent's class-weighted cross-entropy (Tests/DescentTests/ClassWeightTests.swift).

Written out from ATen's cross_entropy_loss_label_smoothing (aten/src/ATen/native/LossNLL.cpp), the
code behind torch.nn.CrossEntropyLoss(weight=w, label_smoothing=eps, reduction="mean"):

    input   = log_softmax(logits)
    nll     = sum_n w[y_n] * (-input[n, y_n]) / sum_n w[y_n]                 # nll_loss, 'mean'
    smooth  = sum_n sum_c w[c] * (-input[n, c]) / sum_n w[y_n]               # weighted smooth term
    loss    = (1 - eps) * nll + (eps / C) * smooth

No torch is needed (its wheel is gigabytes); numpy in float64 only. Run: python3 class_weight_reference.py
"""
import numpy as np

logits = np.array([[0.3, -1.2, 2.0],
                   [1.5, 0.2, -0.7],
                   [-0.4, 0.9, 0.1],
                   [2.2, -0.3, 0.5],
                   [0.0, 0.0, 1.0]])
labels = np.array([2, 0, 1, 1, 0])
weights = np.array([0.5, 2.0, 1.25])


def loss(z, eps):
    logp = z - z.max(axis=1, keepdims=True)
    logp = logp - np.log(np.exp(logp).sum(axis=1, keepdims=True))
    wy = weights[labels]
    nll = (wy * -logp[np.arange(len(labels)), labels]).sum() / wy.sum()
    smooth = (-(logp * weights[None, :]).sum(axis=1)).sum() / wy.sum()
    return (1 - eps) * nll + eps / z.shape[1] * smooth


for eps in (0.0, 0.1):
    value = loss(logits, eps)
    # central differences of the closed form, to print the gradient in z as well
    grad = np.zeros_like(logits)
    h = 1e-6
    for i in range(logits.shape[0]):
        for j in range(logits.shape[1]):
            plus = logits.copy(); plus[i, j] += h
            minus = logits.copy(); minus[i, j] -= h
            grad[i, j] = (loss(plus, eps) - loss(minus, eps)) / (2 * h)
    print(f"eps={eps}: loss={float(value)!r}")
    print("  dL/dz row-major:", ", ".join(repr(round(float(g), 10)) for g in grad.ravel()))
