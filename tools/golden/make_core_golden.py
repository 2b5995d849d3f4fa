#!/usr/bin/python3
"""Golden vectors for the training core's layers and losses (project set).

Run with Debian's python3 and python3-torch 1.13 from the repository root:

    /usr/bin/python3 tools/golden/make_core_golden.py [output_dir]

Writes one JSON file per case into golden/ (or output_dir) in the format that golden/README.md
describes: float32 PyTorch results in "outputs", the same computation on float64 copies of the
inputs in "reference_f64". Every case draws its inputs from its own fixed seed, on one thread, so
the files are reproducible bit for bit.
"""
import json
import os
import platform
import sys

import torch
import torch.nn.functional as F

torch.set_num_threads(1)

FORWARD = {"abs": 1e-05, "rel": 0.0001}
BACKWARD = {"abs": 5e-05, "rel": 0.0001}
TOLERANCE_RULE = ("|actual - expected| <= abs + rel * |expected|, elementwise, "
                  "expected = outputs[name] (float32 PyTorch)")
GENERATOR = {
    "script": "tools/golden/make_core_golden.py",
    "python": platform.python_version(),
    "torch.__version__": torch.__version__,
    "torch_num_threads": torch.get_num_threads(),
    "device": "cpu",
}

written = []


def encode(t):
    """A tensor as the README's {shape, dtype, data}; float32 values as their exact double."""
    t = t.detach().cpu().contiguous()
    if t.dtype == torch.int64:
        dtype, data = "int64", [int(v) for v in t.reshape(-1).tolist()]
    elif t.dtype == torch.float64:
        dtype, data = "float64", [float(v) for v in t.reshape(-1).tolist()]
    else:
        assert t.dtype == torch.float32, t.dtype
        dtype, data = "float32", [float(v) for v in t.double().reshape(-1).tolist()]
    return {"shape": list(t.shape), "dtype": dtype, "data": data}


def write_case(out_dir, op, case_id, params, inputs, outputs, reference, seed, notes):
    assert case_id.startswith(op + "__"), case_id
    assert outputs.keys() == reference.keys()
    doc = {
        "op": op,
        "case_id": case_id,
        "set": "project",
        "params": params,
        "inputs": {k: encode(v) for k, v in inputs.items()},
        "outputs": {k: encode(v) for k, v in outputs.items()},
        "reference_f64": {k: encode(v) for k, v in reference.items()},
        "tolerance": FORWARD,
        "tolerance_overrides": {k: BACKWARD for k in outputs if k.startswith("grad_")},
        "tolerance_rule": TOLERANCE_RULE,
        "seed": seed,
        "notes": notes,
        "generator": GENERATOR,
    }
    for k, v in doc["outputs"].items():
        assert all(x == x and abs(x) != float("inf") for x in v["data"]), (case_id, k)
    with open(os.path.join(out_dir, case_id + ".json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    written.append((case_id + ".json", op))


def grads(fn, tensors, grad_output, wrt=None):
    """Runs fn on float32 copies and on float64 copies of the tensors (the first `wrt` of them, default all
    floating ones, as leaves that require grad); returns ((y32, grads32), (y64, grads64))."""
    wrt = len(tensors) if wrt is None else wrt
    results = []
    for dtype in (torch.float32, torch.float64):
        leaves = [None if t is None else t.detach() if not t.dtype.is_floating_point
                  else t.detach().to(dtype).requires_grad_(i < wrt) for i, t in enumerate(tensors)]
        y = fn(*leaves)
        if grad_output is None:
            y.backward()
        else:
            y.backward(grad_output.to(dtype))
        results.append((y.detach(), [l.grad if l is not None else None for l in leaves]))
    return results


def pair(v):
    return [v, v] if isinstance(v, int) else list(v)


def linear_cases(out):
    specs = [((4, 5), 3, True, 3001), ((6, 8), 4, False, 3002), ((1, 3), 2, True, 3003), ((7, 16), 10, True, 3004)]
    for (n, fin), fout, bias, seed in specs:
        g = torch.Generator().manual_seed(seed)
        x = torch.randn(n, fin, generator=g)
        bound = 1.0 / fin ** 0.5
        w = (torch.rand(fout, fin, generator=g) * 2 - 1) * bound
        b = (torch.rand(fout, generator=g) * 2 - 1) * bound if bias else None
        dy = torch.randn(n, fout, generator=g)
        (y, gr), (y64, gr64) = grads(lambda x_, w_, b_: F.linear(x_, w_, b_), [x, w, b], dy)
        inputs = {"x": x, "weight": w, "grad_output": dy}
        outputs = {"y": y, "grad_input": gr[0], "grad_weight": gr[1]}
        ref = {"y": y64, "grad_input": gr64[0], "grad_weight": gr64[1]}
        if bias:
            inputs["bias"] = b
            outputs["grad_bias"], ref["grad_bias"] = gr[2], gr64[2]
        case = "linear__n%d_in%d_out%d_%s" % (n, fin, fout, "bias" if bias else "nobias")
        write_case(out, "linear", case,
                   {"module": "Linear", "in_features": fin, "out_features": fout, "bias": bias,
                    "input_shape": [n, fin]},
                   inputs, outputs, ref, seed,
                   "torch.nn.functional.linear(x, weight, bias) = x @ weight^T + bias; y.backward(grad_output). "
                   "weight (out_features, in_features), bias (out_features).")


def conv2d_cases(out):
    # (N, C, H, W), out_channels, kernel, stride, padding, dilation, groups, bias, seed
    specs = [
        ((2, 3, 5, 5), 4, 3, 1, 0, 1, 1, True, 3101),
        ((2, 4, 7, 7), 6, 3, 2, 1, 1, 2, True, 3102),
        ((1, 2, 8, 8), 3, 3, 1, 2, 2, 1, False, 3103),
        ((2, 4, 6, 5), 8, (2, 3), (2, 1), (1, 0), 1, 4, True, 3104),
        ((3, 6, 5, 5), 6, 1, 1, 0, 1, 3, True, 3105),
        ((2, 3, 9, 9), 2, 5, 3, 2, 1, 1, True, 3106),
        ((1, 4, 7, 6), 4, (3, 2), 1, (1, 1), (2, 1), 4, False, 3107),
    ]
    for shape, cout, k, s, p, d, groups, bias, seed in specs:
        n, cin, h, w = shape
        k, s, p, d = pair(k), pair(s), pair(p), pair(d)
        g = torch.Generator().manual_seed(seed)
        x = torch.randn(*shape, generator=g)
        fan_in = cin // groups * k[0] * k[1]
        bound = 1.0 / fan_in ** 0.5
        wt = (torch.rand(cout, cin // groups, k[0], k[1], generator=g) * 2 - 1) * bound
        b = (torch.rand(cout, generator=g) * 2 - 1) * bound if bias else None
        oh = (h + 2 * p[0] - d[0] * (k[0] - 1) - 1) // s[0] + 1
        ow = (w + 2 * p[1] - d[1] * (k[1] - 1) - 1) // s[1] + 1
        dy = torch.randn(n, cout, oh, ow, generator=g)
        fn = lambda x_, w_, b_: F.conv2d(x_, w_, b_, stride=s, padding=p, dilation=d, groups=groups)
        (y, gr), (y64, gr64) = grads(fn, [x, wt, b], dy)
        inputs = {"x": x, "weight": wt, "grad_output": dy}
        outputs = {"y": y, "grad_input": gr[0], "grad_weight": gr[1]}
        ref = {"y": y64, "grad_input": gr64[0], "grad_weight": gr64[1]}
        if bias:
            inputs["bias"] = b
            outputs["grad_bias"], ref["grad_bias"] = gr[2], gr64[2]
        dims = lambda v: str(v[0]) if v[0] == v[1] else "%dx%d" % tuple(v)
        case = "conv2d__n%dc%dh%dw%d_o%d_k%s_s%s_p%s_d%s_g%d%s" % (
            n, cin, h, w, cout, dims(k), dims(s), dims(p), dims(d), groups, "" if bias else "_nobias")
        write_case(out, "conv2d", case,
                   {"module": "Conv2d", "in_channels": cin, "out_channels": cout, "kernel_size": k,
                    "stride": s, "padding": p, "dilation": d, "groups": groups, "bias": bias,
                    "input_shape": list(shape)},
                   inputs, outputs, ref, seed,
                   "torch.nn.functional.conv2d(x, weight, bias, stride, padding, dilation, groups) "
                   "(cross-correlation, zero padding); y.backward(grad_output). weight "
                   "(out_channels, in_channels/groups, kH, kW); pairs are (height, width).")


def distinct_values(shape, g):
    """A permutation of evenly spaced values: no ties inside a pooling window, so max pooling has one argmax."""
    count = 1
    for v in shape:
        count *= v
    return (torch.randperm(count, generator=g).to(torch.float32) / count * 4 - 2).reshape(shape)


POOL_SPECS = [
    ((2, 3, 6, 6), 2, None, 0, 3201),
    ((2, 2, 7, 7), 3, 2, 1, 3202),
    ((1, 3, 5, 8), (2, 3), (1, 2), (1, 1), 3203),
    ((2, 2, 5, 5), 3, 1, 0, 3204),
]


def pool_cases(out, op):
    for shape, k, s, p, seed in POOL_SPECS:
        seed += 100 if op == "avg_pool2d" else 0
        k = pair(k)
        s = k if s is None else pair(s)
        p = pair(p)
        g = torch.Generator().manual_seed(seed)
        x = distinct_values(shape, g)
        n, c, h, w = shape
        oh = (h + 2 * p[0] - k[0]) // s[0] + 1
        ow = (w + 2 * p[1] - k[1]) // s[1] + 1
        dy = torch.randn(n, c, oh, ow, generator=g)
        if op == "max_pool2d":
            fn = lambda x_: F.max_pool2d(x_, k, s, p)
            notes = ("torch.nn.functional.max_pool2d(x, kernel_size, stride, padding) (dilation 1, "
                     "ceil_mode False, padding = -inf); y.backward(grad_output). x is a permutation of "
                     "distinct values, so every window has a single maximum.")
        else:
            fn = lambda x_: F.avg_pool2d(x_, k, s, p)
            notes = ("torch.nn.functional.avg_pool2d(x, kernel_size, stride, padding) (ceil_mode False, "
                     "count_include_pad True: divisor kH*kW even where the window covers padding); "
                     "y.backward(grad_output).")
        (y, gr), (y64, gr64) = grads(fn, [x], dy)
        dims = lambda v: str(v[0]) if v[0] == v[1] else "%dx%d" % tuple(v)
        case = "%s__n%dc%dh%dw%d_k%s_s%s_p%s" % (op, n, c, h, w, dims(k), dims(s), dims(p))
        write_case(out, op, case,
                   {"module": "MaxPool2d" if op == "max_pool2d" else "AvgPool2d", "kernel_size": k,
                    "stride": s, "padding": p, "input_shape": list(shape)},
                   {"x": x, "grad_output": dy}, {"y": y, "grad_input": gr[0]},
                   {"y": y64, "grad_input": gr64[0]}, seed, notes)


ACTIVATIONS = [
    ("relu", {}, lambda x: F.relu(x), 3301),
    ("leaky_relu", {"negative_slope": 0.01}, lambda x: F.leaky_relu(x, 0.01), 3302),
    ("leaky_relu", {"negative_slope": 0.2}, lambda x: F.leaky_relu(x, 0.2), 3303),
    ("tanh", {}, torch.tanh, 3304),
    ("sigmoid", {}, torch.sigmoid, 3305),
    ("gelu", {}, lambda x: F.gelu(x), 3306),
    ("selu", {}, lambda x: F.selu(x), 3307),
]


def activation_cases(out):
    for name, extra, fn, seed in ACTIVATIONS:
        g = torch.Generator().manual_seed(seed)
        shape = (3, 4, 5)
        # spread over [-6, 6] to reach the saturated parts of tanh/sigmoid/selu, plus exact zeros
        x = torch.randn(*shape, generator=g) * 2.5
        x.view(-1)[:2] = 0.0
        dy = torch.randn(*shape, generator=g)
        (y, gr), (y64, gr64) = grads(fn, [x], dy)
        suffix = "_slope%g" % extra["negative_slope"] if extra else ""
        params = {"function": name, "input_shape": list(shape)}
        params.update(extra)
        write_case(out, "activation", "activation__%s%s_x3x4x5" % (name, suffix), params,
                   {"x": x, "grad_output": dy}, {"y": y, "grad_input": gr[0]},
                   {"y": y64, "grad_input": gr64[0]}, seed,
                   "torch.nn.functional.%s(x%s); y.backward(grad_output). GELU is the exact erf form "
                   "(approximate='none'); the first two x values are exactly 0 (ReLU's gradient there is 0)."
                   % (name, ", negative_slope=%g" % extra["negative_slope"] if extra else ""))


def cross_entropy_cases(out):
    specs = [(5, 4, "mean", 0.0, 3401), (5, 4, "sum", 0.0, 3402), (6, 3, "mean", 0.1, 3403),
             (4, 7, "sum", 0.2, 3404), (8, 10, "mean", 0.05, 3405)]
    for n, c, red, ls, seed in specs:
        g = torch.Generator().manual_seed(seed)
        z = torch.randn(n, c, generator=g) * 2
        t = torch.randint(0, c, (n,), generator=g)
        fn = lambda z_, t_: F.cross_entropy(z_, t_, reduction=red, label_smoothing=ls)
        (y, gr), (y64, gr64) = grads(fn, [z, t], None)
        write_case(out, "cross_entropy", "cross_entropy__n%dc%d_%s_ls%g" % (n, c, red, ls),
                   {"module": "CrossEntropyLoss", "reduction": red, "label_smoothing": ls, "num_classes": c,
                    "input_shape": [n, c]},
                   {"input": z, "target": t}, {"loss": y, "grad_input": gr[0]},
                   {"loss": y64, "grad_input": gr64[0]}, seed,
                   "torch.nn.functional.cross_entropy(input, target, reduction, label_smoothing) with class-index "
                   "targets; loss.backward(). Target distribution (1-ls)*onehot + ls/C.")


def mse_cases(out):
    specs = [((4, 3), "mean", 3501), ((4, 3), "sum", 3502), ((2, 3, 4), "mean", 3503), ((7,), "sum", 3504)]
    for shape, red, seed in specs:
        g = torch.Generator().manual_seed(seed)
        x = torch.randn(*shape, generator=g)
        t = torch.randn(*shape, generator=g)
        (y, gr), (y64, gr64) = grads(lambda x_, t_: F.mse_loss(x_, t_, reduction=red), [x, t], None, wrt=1)
        write_case(out, "mse_loss", "mse_loss__x%s_%s" % ("x".join(map(str, shape)), red),
                   {"module": "MSELoss", "reduction": red, "input_shape": list(shape)},
                   {"input": x, "target": t}, {"loss": y, "grad_input": gr[0]},
                   {"loss": y64, "grad_input": gr64[0]}, seed,
                   "torch.nn.functional.mse_loss(input, target, reduction): mean or sum of (input - target)^2; "
                   "loss.backward(): grad_input = 2 (input - target) / n for mean.")


def bce_cases(out):
    specs = [((4, 3), "mean", False, 3601), ((4, 3), "sum", False, 3602), ((5, 4), "mean", True, 3603),
             ((3, 2, 4), "sum", True, 3604), ((6,), "mean", False, 3605)]
    for shape, red, with_pw, seed in specs:
        g = torch.Generator().manual_seed(seed)
        x = torch.randn(*shape, generator=g) * 3
        # large logits of both signs: a naive log(sigmoid(x)) overflows or loses everything here
        flat = x.view(-1)
        flat[0], flat[1], flat[2] = 40.0, -40.0, -104.0
        t = torch.rand(*shape, generator=g)
        t.view(-1)[3] = 1.0
        t.view(-1)[4] = 0.0
        pw = torch.rand(shape[-1], generator=g) * 3 + 0.25 if with_pw else None
        fn = lambda x_, t_, pw_: F.binary_cross_entropy_with_logits(x_, t_, reduction=red, pos_weight=pw_)
        (y, gr), (y64, gr64) = grads(fn, [x, t, pw], None, wrt=1)
        inputs = {"input": x, "target": t}
        if with_pw:
            inputs["pos_weight"] = pw
        write_case(out, "bce_with_logits", "bce_with_logits__x%s_%s%s" % (
                       "x".join(map(str, shape)), red, "_posweight" if with_pw else ""),
                   {"module": "BCEWithLogitsLoss", "reduction": red, "pos_weight": with_pw,
                    "input_shape": list(shape)},
                   inputs, {"loss": y, "grad_input": gr[0]}, {"loss": y64, "grad_input": gr64[0]}, seed,
                   "torch.nn.functional.binary_cross_entropy_with_logits(input, target, reduction, pos_weight); "
                   "loss.backward(). Per element (1-t)*x + lw*(log(1+exp(-|x|)) + max(-x, 0)) with "
                   "lw = 1 + (pos_weight-1)*t (lw = 1 without pos_weight; pos_weight broadcasts over the last "
                   "dim). Soft targets in [0, 1]; logits include +-40 and -104.")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "golden")
    out = os.path.normpath(out)
    os.makedirs(out, exist_ok=True)
    linear_cases(out)
    conv2d_cases(out)
    pool_cases(out, "max_pool2d")
    pool_cases(out, "avg_pool2d")
    activation_cases(out)
    cross_entropy_cases(out)
    mse_cases(out)
    bce_cases(out)
    for name, op in written:
        print("| `%s` | %s |" % (name, op))
    print("%d files written to %s" % (len(written), out), file=sys.stderr)


if __name__ == "__main__":
    main()
