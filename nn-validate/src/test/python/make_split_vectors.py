"""Writes ../resources/dev/nn/validate/sklearn_splits.json: scikit-learn 1.2 reference splits for the nn-validate
tests (GroupKFold, StratifiedGroupKFold, StratifiedKFold, KFold, TimeSeriesSplit, LeaveOneOut) and error texts.
Run with a Python that has scikit-learn 1.2 (Debian bookworm's python3-sklearn): python3 make_split_vectors.py"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.model_selection import (GroupKFold, KFold, LeaveOneOut, StratifiedGroupKFold, StratifiedKFold,
                                     TimeSeriesSplit)

rng = np.random.RandomState(20261127)


def folds(splitter, n, y=None, groups=None):
    X = np.zeros((n, 1))
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        out = [{"train": tr.tolist(), "test": te.tolist()} for tr, te in splitter.split(X, y, groups)]
    return out, [str(x.message) for x in w]


def error(fn):
    try:
        fn()
    except ValueError as e:
        return str(e)
    raise AssertionError("no error")


cases = []
for i in range(40):
    n = int(rng.randint(6, 120))
    n_groups = int(rng.randint(3, min(n, 45) + 1))
    # few distinct group sizes so ties are common (numpy's unstable argsort decides their order)
    groups = rng.choice(rng.permutation(1000)[:n_groups] - 500, size=n)
    k = int(rng.randint(2, min(6, len(np.unique(groups))) + 1))
    f, w = folds(GroupKFold(n_splits=k), n, groups=groups)
    cases.append({"splitter": "GroupKFold", "n_splits": k, "n_samples": n, "groups": groups.tolist(),
                  "folds": f, "warnings": w})
for i in range(40):
    n = int(rng.randint(10, 150))
    n_classes = int(rng.randint(2, 5))
    y = rng.randint(0, n_classes, size=n) * 7 - 3
    n_groups = int(rng.randint(4, min(n, 40)))
    groups = rng.randint(0, n_groups, size=n)
    k = int(rng.randint(2, 6))
    if k > np.bincount(np.unique(y, return_inverse=True)[1]).max() or k > len(np.unique(groups)):
        continue
    f, w = folds(StratifiedGroupKFold(n_splits=k), n, y=y, groups=groups)
    cases.append({"splitter": "StratifiedGroupKFold", "n_splits": k, "n_samples": n, "y": y.tolist(),
                  "groups": groups.tolist(), "folds": f, "warnings": w})
for i in range(30):
    n = int(rng.randint(8, 90))
    y = rng.choice([5, -1, 2, 9][: int(rng.randint(2, 5))], size=n, p=None)
    k = int(rng.randint(2, 6))
    if k > np.unique(y, return_counts=True)[1].max():
        continue
    f, w = folds(StratifiedKFold(n_splits=k), n, y=y)
    cases.append({"splitter": "StratifiedKFold", "n_splits": k, "n_samples": n, "y": y.tolist(), "folds": f,
                  "warnings": w})
for n, k in [(2, 2), (7, 7), (50, 4), (101, 10)]:
    f, w = folds(KFold(n_splits=k), n)
    cases.append({"splitter": "KFold", "n_splits": k, "n_samples": n, "folds": f, "warnings": w})
for n, k, m, t, g in [(12, 3, None, None, 0), (20, 4, 5, None, 0), (20, 3, None, 4, 2), (30, 5, 8, 3, 1),
                      (6, 5, None, None, 0)]:
    f, w = folds(TimeSeriesSplit(n_splits=k, max_train_size=m, test_size=t, gap=g), n)
    cases.append({"splitter": "TimeSeriesSplit", "n_splits": k, "n_samples": n, "max_train_size": m,
                  "test_size": t, "gap": g, "folds": f, "warnings": w})
f, w = folds(LeaveOneOut(), 4)
cases.append({"splitter": "LeaveOneOut", "n_samples": 4, "folds": f, "warnings": w})

errors = {
    "group_kfold_too_few_groups": error(lambda: list(GroupKFold(3).split(np.zeros((6, 1)), groups=[1, 1, 2, 2, 1, 2]))),
    "time_series_too_many_folds": error(lambda: list(TimeSeriesSplit(5).split(np.zeros((5, 1))))),
    "time_series_too_many_splits": error(lambda: list(TimeSeriesSplit(3, test_size=4, gap=1).split(np.zeros((12, 1))))),
    "leave_one_out_one_sample": error(lambda: list(LeaveOneOut().split(np.zeros((1, 1))))),
    "seed_without_shuffle": error(lambda: KFold(3, shuffle=False, random_state=0)),
    "stratified_group_too_many_splits": error(lambda: list(StratifiedGroupKFold(4).split(
        np.zeros((6, 1)), [0, 0, 0, 1, 1, 1], [0, 1, 2, 3, 4, 5]))),
}
argsorts = []
for n in [5, 16, 17, 18, 40, 100, 300]:
    for levels in [2, 5, 1000]:
        v = rng.randint(0, levels, size=n)
        argsorts.append({"values": v.tolist(), "argsort": np.argsort(v).tolist()})
# numpy's pairwise float64 summation (np.sum, np.std) differs from a left-to-right sum on these
sums = []
for n in [10, 300]:
    v = rng.standard_normal(n) * 10.0 ** rng.randint(-3, 17, n)
    sums.append({"values": [float(x) for x in v], "sum": float(np.sum(v)), "std": float(np.std(v)),
                 "sequential_sum": float(sum(v.tolist()))})
out = {"generator": {"sklearn": sklearn.__version__, "numpy": np.__version__}, "cases": cases, "errors": errors, "argsort": argsorts, "sums": sums}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "dev", "nn", "validate",
                    "sklearn_splits.json")
with open(path, "w") as fh:
    json.dump(out, fh, separators=(",", ":"))
print(len(cases), "cases ->", os.path.normpath(path))
