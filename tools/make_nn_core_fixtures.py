#!/usr/bin/env python3
"""Writes the PyTorch reference fixtures for nn-core's training-core tests.

Run from the repository root with a Python that has torch (1.13 was used):
    python3 tools/make_nn_core_fixtures.py

It writes, under nn-core/src/test/resources/dev/nn/core/:
  state/torch_mlp.safetensors, state/torch_mlp.json   an MLP state_dict (F32 only) and its values
  state/torch_bn.safetensors, state/torch_bn.json     a BatchNorm1d state_dict (num_batches_tracked is I64)
  optim/torch_optim.json                              Adam/AdamW trajectories, LR schedules, clip_grad_norm_
  data/iris.csv                                       Fisher's Iris data (UCI, public domain), from the copy
                                                      scikit-learn bundles, with a header and species names
  data/iris_standard_scaler.json                      scikit-learn StandardScaler fitted on a training part

The safetensors files are written by hand here, following the reference implementation
(huggingface/safetensors, tensor.rs `prepare`), because the safetensors package is not installed:
tensors sorted by descending dtype, then by name (byte order); offsets assigned in that order;
header = compact JSON (`__metadata__` first), padded with spaces to a multiple of 8;
8-byte little-endian header length; raw little-endian data.
"""
import json
import math
import os
import struct

import numpy

import torch

ROOT = os.path.join("nn-core", "src", "test", "resources", "dev", "nn", "core")

# Order of the reference's Dtype enum (derive(Ord)); larger sorts first.
DTYPE_ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32",
               "F32", "F64", "I64", "U64"]
DTYPES = {torch.float32: ("F32", "<f4"), torch.int64: ("I64", "<i8"), torch.float64: ("F64", "<f8")}


def safetensors_bytes(tensors, metadata=None):
    items = []
    for name, t in tensors.items():
        code, fmt = DTYPES[t.dtype]
        t = t.detach().contiguous().cpu()
        data = t.numpy().astype(numpy.dtype(fmt)).tobytes()
        items.append((name, code, list(t.shape), data))
    items.sort(key=lambda it: (-DTYPE_ORDER.index(it[1]), it[0].encode("utf-8")))
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    for name, code, shape, data in items:
        header[name] = {"dtype": code, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(it[3] for it in items)


def values_json(tensors):
    return {name: {"shape": list(t.shape), "values": t.detach().reshape(-1).tolist()}
            for name, t in tensors.items()}


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode) as f:
        f.write(data)


def state_fixtures():
    torch.manual_seed(0)
    mlp = torch.nn.Sequential(torch.nn.Linear(4, 5), torch.nn.ReLU(), torch.nn.Linear(5, 3))
    sd = mlp.state_dict()
    x = torch.randn(6, 4)
    ref = {"tensors": values_json(sd), "input": values_json({"x": x})["x"],
           "output": values_json({"y": mlp(x)})["y"], "metadata": {"format": "pt"}}
    write(os.path.join(ROOT, "state", "torch_mlp.safetensors"), safetensors_bytes(sd, {"format": "pt"}))
    write(os.path.join(ROOT, "state", "torch_mlp.json"), json.dumps(ref, indent=1))

    bn = torch.nn.BatchNorm1d(3)
    with torch.no_grad():
        bn.weight.copy_(torch.tensor([1.5, -0.5, 2.0]))
        bn.bias.copy_(torch.tensor([0.1, 0.2, -0.3]))
    bn.train()
    for _ in range(2):
        bn(torch.randn(8, 3) * 2 + 1)
    sd = bn.state_dict()
    assert sd["num_batches_tracked"].dtype == torch.int64
    write(os.path.join(ROOT, "state", "torch_bn.safetensors"), safetensors_bytes(sd))
    write(os.path.join(ROOT, "state", "torch_bn.json"), json.dumps({"tensors": values_json(sd)}, indent=1))


def adam_case(name, cls, steps=6, **kw):
    torch.manual_seed(1)
    p = torch.nn.Parameter(torch.randn(7))
    init = p.detach().clone().tolist()
    opt = cls([p], **kw)
    grads, params = [], []
    for _ in range(steps):
        g = torch.randn(7) * 0.5
        p.grad = g.clone()
        opt.step()
        grads.append(g.tolist())
        params.append(p.detach().clone().tolist())
    return {"name": name, "optimizer": cls.__name__, "config": kw, "initial": init,
            "grads": grads, "params": params}


def schedule(name, make, epochs, metrics=None):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=0.1)
    sched = make(opt)
    lrs = [opt.param_groups[0]["lr"]]
    for e in range(epochs):
        opt.step()
        if metrics is None:
            sched.step()
        else:
            sched.step(metrics[e])
        lrs.append(opt.param_groups[0]["lr"])
    return {"name": name, "base_lr": 0.1, "metrics": metrics, "lrs": lrs}


def clip_case(name, max_norm, scale, error_if_nonfinite=False):
    torch.manual_seed(2)
    ps = [torch.nn.Parameter(torch.zeros(s)) for s in ((3, 4), (4,), (2, 2, 2))]
    for p in ps:
        p.grad = torch.randn(p.shape) * scale
    before = [p.grad.reshape(-1).tolist() for p in ps]
    total = torch.nn.utils.clip_grad_norm_(ps, max_norm, error_if_nonfinite=error_if_nonfinite)
    return {"name": name, "max_norm": max_norm, "shapes": [list(p.shape) for p in ps], "grads": before,
            "total_norm": float(total), "clipped": [p.grad.reshape(-1).tolist() for p in ps]}


def optim_fixtures():
    S = torch.optim.lr_scheduler
    plateau_metrics = [1.0, 0.9, 0.95, 0.95, 0.899, 0.91, 0.92, 0.93, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]
    rising = [0.1, 0.2, 0.2, 0.2, 0.2005, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3]
    ref = {
        "adam": [
            adam_case("adam_defaults", torch.optim.Adam),
            adam_case("adam_l2", torch.optim.Adam, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
            adam_case("adamw_defaults", torch.optim.AdamW),
            adam_case("adamw_custom", torch.optim.AdamW, lr=0.02, betas=(0.85, 0.995), eps=1e-7, weight_decay=0.3),
        ],
        "schedules": [
            schedule("step_lr_3_0.5", lambda o: S.StepLR(o, step_size=3, gamma=0.5), 12),
            schedule("cosine_5_0.001", lambda o: S.CosineAnnealingLR(o, T_max=5, eta_min=0.001), 16),
            schedule("cosine_4_0", lambda o: S.CosineAnnealingLR(o, T_max=4), 9),
            schedule("plateau_min_rel", lambda o: S.ReduceLROnPlateau(o, patience=2), 16, plateau_metrics),
            schedule("plateau_min_abs_cooldown",
                     lambda o: S.ReduceLROnPlateau(o, factor=0.5, patience=1, threshold=0.02, threshold_mode="abs",
                                                   cooldown=2, min_lr=0.02), 16, plateau_metrics),
            schedule("plateau_max_rel", lambda o: S.ReduceLROnPlateau(o, mode="max", factor=0.3, patience=1,
                                                                     threshold=0.01), 12, rising),
            schedule("plateau_max_abs", lambda o: S.ReduceLROnPlateau(o, mode="max", factor=0.5, patience=0,
                                                                     threshold=0.05, threshold_mode="abs",
                                                                     min_lr=0.03), 12, rising),
        ],
        "clip": [
            clip_case("clipped", 1.0, 1.0),
            clip_case("below", 100.0, 1.0),
            clip_case("tiny", 0.01, 0.3),
        ],
    }
    write(os.path.join(ROOT, "optim", "torch_optim.json"), json.dumps(ref, indent=1))


def iris_fixture():
    from sklearn.datasets import load_iris
    iris = load_iris()
    lines = ["sepal_length,sepal_width,petal_length,petal_width,species"]
    for row, target in zip(iris.data, iris.target):
        lines.append(",".join(repr(float(v)) for v in row) + "," + iris.target_names[target])
    write(os.path.join(ROOT, "data", "iris.csv"), "\n".join(lines) + "\n")
    # StandardScaler fitted on a training part only (rows whose index is not a multiple of 5), applied to the rest
    from sklearn.preprocessing import StandardScaler
    train = [i for i in range(len(iris.data)) if i % 5 != 0]
    val = [i for i in range(len(iris.data)) if i % 5 == 0]
    scaler = StandardScaler().fit(iris.data[train].astype("float32"))
    ref = {"train_rows": train, "mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist(),
           "val_rows": val, "val_transformed": scaler.transform(iris.data[val].astype("float32")).tolist()}
    write(os.path.join(ROOT, "data", "iris_standard_scaler.json"), json.dumps(ref, indent=1))


if __name__ == "__main__":
    iris_fixture()
    state_fixtures()
    optim_fixtures()
    print("torch", torch.__version__, "fixtures written under", ROOT)
