#!/usr/bin/env python3
"""Writes nn-norm's extra PyTorch reference vectors (cases the shared golden set does not cover: BatchNorm3d,
InstanceNorm3d with running statistics and eval-mode backward, unbatched affine InstanceNorm2d, eval-mode BatchNorm
without running statistics, 5-D GroupNorm).

Run with a Python that has PyTorch (1.13 was used):  python3 make_pytorch_extra.py OUTPUT.json
Each case: the provider name and params nn builds the layer from, the inputs, and PyTorch's float32 outputs.
"""
import json
import sys

import torch
import torch.nn as nn

torch.manual_seed(1234)
torch.set_num_threads(1)


def t(x):
    return {"shape": list(x.shape), "data": [float(v) for v in x.detach().reshape(-1).tolist()]}


def case(name, provider, params, module, shape, train=True, x_eval=False, eval_backward=False, scale=1.5, shift=0.3):
    for p in module.parameters():
        with torch.no_grad():
            p.copy_(torch.randn(p.shape) * 0.5 + (1.0 if p is module.weight else 0.0))
    x = (torch.randn(*shape) * scale + shift).requires_grad_(True)
    go = torch.randn(*shape)
    out = {"name": name, "provider": provider, "params": params, "mode": "train" if train else "eval",
           "inputs": {"x": t(x), "grad_output": t(go)}, "outputs": {}}
    if getattr(module, "weight", None) is not None:
        out["inputs"]["weight"] = t(module.weight)
    if getattr(module, "bias", None) is not None:
        out["inputs"]["bias"] = t(module.bias)
    module.train(train)
    y = module(x)
    y.backward(go)
    out["outputs"]["y"] = t(y)
    out["outputs"]["grad_input"] = t(x.grad)
    if getattr(module, "weight", None) is not None:
        out["outputs"]["grad_weight"] = t(module.weight.grad)
        out["outputs"]["grad_bias"] = t(module.bias.grad)
    if getattr(module, "running_mean", None) is not None:
        out["outputs"]["running_mean"] = t(module.running_mean)
        out["outputs"]["running_var"] = t(module.running_var)
    if x_eval:
        module.eval()
        for p in module.parameters():
            p.grad = None
        xe = (torch.randn(*shape) * scale + shift).requires_grad_(True)
        ge = torch.randn(*shape)
        ye = module(xe)
        out["inputs"]["x_eval"] = t(xe)
        out["outputs"]["y_eval"] = t(ye)
        if eval_backward:
            ye.backward(ge)
            out["inputs"]["grad_output_eval"] = t(ge)
            out["outputs"]["grad_input_eval"] = t(xe.grad)
            out["outputs"]["grad_weight_eval"] = t(module.weight.grad)
            out["outputs"]["grad_bias_eval"] = t(module.bias.grad)
    return out


cases = [
    case("bn3d_train_then_eval", "batch_norm", {"num_features": 3, "dims": 3, "momentum": 0.2},
         nn.BatchNorm3d(3, momentum=0.2), (2, 3, 2, 3, 2), x_eval=True, eval_backward=True),
    case("bn2d_no_running_stats_eval_backward", "batch_norm",
         {"num_features": 3, "dims": 2, "track_running_stats": False},
         nn.BatchNorm2d(3, track_running_stats=False), (2, 3, 3, 2), train=False),
    case("bn1d_ncl_eps1e-3", "batch_norm", {"num_features": 4, "dims": 1, "eps": 1e-3},
         nn.BatchNorm1d(4, eps=1e-3), (3, 4, 5)),
    case("in3d_affine_running_stats", "instance_norm",
         {"num_features": 2, "dims": 3, "affine": True, "track_running_stats": True, "momentum": 0.3},
         nn.InstanceNorm3d(2, affine=True, track_running_stats=True, momentum=0.3), (2, 2, 2, 2, 3),
         x_eval=True, eval_backward=True),
    case("in2d_unbatched_affine", "instance_norm", {"num_features": 3, "dims": 2, "affine": True},
         nn.InstanceNorm2d(3, affine=True), (3, 4, 4)),
    case("gn_5d_eps1e-4", "group_norm", {"num_groups": 2, "num_channels": 4, "eps": 1e-4},
         nn.GroupNorm(2, 4, eps=1e-4), (2, 4, 2, 2, 2)),
]

doc = {"generator": {"torch.__version__": torch.__version__, "script": "nn-norm/tools/make_pytorch_extra.py"},
       "tolerance": {"forward": {"abs": 1e-5, "rel": 1e-4}, "backward": {"abs": 5e-5, "rel": 1e-4}},
       "cases": cases}
with open(sys.argv[1], "w") as f:
    json.dump(doc, f, indent=1)
