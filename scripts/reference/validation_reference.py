#!/usr/bin/env python3
"""Reference values for Descent's honest-evaluation library (Tests/DescentTests/Validation*Tests.swift).

Prints Swift literals: the fixture data (probabilities rounded to decimals, so the same doubles exist
in both languages) and what scikit-learn / scipy / numpy compute from them. Run once, paste, commit:
    python3 -m venv .build/cv-venv && .build/cv-venv/bin/pip install numpy scipy scikit-learn
    .build/cv-venv/bin/python scripts/reference/validation_reference.py
Versions used: printed on the first line.
"""
import numpy as np
import scipy
import sklearn
from scipy import stats
from sklearn import metrics
from sklearn.preprocessing import label_binarize

print(f"// numpy {np.__version__}, scipy {scipy.__version__}, scikit-learn {sklearn.__version__}")
rng = np.random.default_rng(19)


def lit(values):
    return "[" + ", ".join(repr(float(v)) for v in np.asarray(values).ravel()) + "]"


def probabilities(n, c, decimals, sharpen):
    logits = rng.normal(size=(n, c))
    labels = rng.integers(0, c, size=n)
    logits[np.arange(n), labels] += sharpen
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    p = np.round(p, decimals)
    p[:, -1] = np.round(1 - p[:, :-1].sum(axis=1), decimals)
    return p, labels


def classification(name, p, y):
    c = p.shape[1]
    pred = p.argmax(axis=1)
    print(f"// {name}")
    print(f"let {name}Probabilities: [Double] = {lit(p)}")
    print(f"let {name}Labels: [Int32] = [{', '.join(str(int(v)) for v in y)}]")
    print(f"accuracy {metrics.accuracy_score(y, pred)!r}")
    print(f"macro_f1 {metrics.f1_score(y, pred, average='macro', zero_division=0)!r}")
    print(f"weighted_f1 {metrics.f1_score(y, pred, average='weighted', zero_division=0)!r}")
    print(f"balanced_accuracy {metrics.balanced_accuracy_score(y, pred)!r}")
    print(f"log_loss {metrics.log_loss(y, p, labels=list(range(c)))!r}")
    if c == 2:
        print(f"roc_auc {metrics.roc_auc_score(y, p[:, 1])!r}")
        print(f"pr_auc {metrics.average_precision_score(y, p[:, 1])!r}")
    else:
        print(f"roc_auc {metrics.roc_auc_score(y, p, multi_class='ovr', average='macro')!r}")
        print(f"pr_auc {metrics.average_precision_score(label_binarize(y, classes=list(range(c))), p, average='macro')!r}")
    # ECE written naively: bins ((m-1)/M, m/M], confidence = max p, 10 bins.
    conf = p.max(axis=1)
    bins = np.clip(np.ceil(conf * 10).astype(int) - 1, 0, 9)
    ece = 0.0
    for m in range(10):
        mask = bins == m
        if mask.any():
            ece += mask.mean() * abs((pred[mask] == y[mask]).mean() - conf[mask].mean())
    print(f"ece {ece!r}")


p3, y3 = probabilities(30, 3, 3, 1.0)
classification("three", p3, y3)
p2, y2 = probabilities(25, 2, 2, 0.8)
classification("two", p2, y2)

# Regression, 12 rows x 2 outputs.
t = np.round(rng.normal(size=(12, 2)), 3)
t[:, 1] *= 5
yhat = np.round(t + rng.normal(scale=0.5, size=t.shape), 3)
print(f"let regressionTargets: [Double] = {lit(t)}")
print(f"let regressionPredictions: [Double] = {lit(yhat)}")
print(f"r2 {metrics.r2_score(t, yhat)!r}")
print(f"mae {metrics.mean_absolute_error(t, yhat)!r}")
print(f"rmse {float(np.mean(np.sqrt(((t - yhat) ** 2).mean(axis=0))))!r}")

# Wilson intervals (scipy's BinomTestResult.proportion_ci, method='wilson').
for k, n in [(0, 10), (7, 10), (10, 10), (45, 50), (1, 3), (148, 150)]:
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    print(f"wilson {k}/{n}: ({ci.low!r}, {ci.high!r})")

for q in (0.975, 0.001, 0.3, 1e-10):
    print(f"norm.ppf({q}) = {stats.norm.ppf(q)!r}")
print(f"t.cdf(2.1, 4) = {stats.t.cdf(2.1, 4)!r}")
print(f"t.cdf(-0.7, 2.5) = {stats.t.cdf(-0.7, 2.5)!r}")
print(f"t.ppf(0.975, 9) = {stats.t.ppf(0.975, 9)!r}")
a = np.array([0.91, 0.88, 0.93, 0.90, 0.87, 0.92])
b = np.array([0.89, 0.87, 0.90, 0.91, 0.85, 0.90])
r = stats.ttest_rel(a, b)
print(f"ttest_rel: t={r.statistic!r} p={r.pvalue!r}")
ci = r.confidence_interval(0.95)
print(f"ttest_rel ci: ({ci.low!r}, {ci.high!r})")
v = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0])
print(f"np.quantile 0.025, 0.975 of {lit(v)}: {np.quantile(v, 0.025)!r}, {np.quantile(v, 0.975)!r}")
