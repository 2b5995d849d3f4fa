#!/usr/bin/python3
"""PyTorch peer of `nn bench`: times the same cases, shapes and byte models with PyTorch on the CPU, in float32.

Run it with Debian's PyTorch 1.13 (/usr/bin/python3, not a pyenv python3 on PATH); it is not part of the build:

    /usr/bin/python3 tools/peer-bench.py                  # every case, one thread
    /usr/bin/python3 tools/peer-bench.py --case bn2d      # cases whose name starts with bn2d
    /usr/bin/python3 tools/peer-bench.py --threads 2 --reps 20

It measures nothing of the machine itself (no bandwidth or FMA peak): it times each case and prints a header and
one tab-separated line per case, the format of `nn bench`:

    case  backend  threads  median_ms  min_ms  max_ms  rate  limit  ratio

backend is `pytorch-<major.minor>`; rate is GB/s for the memory-bound cases (bytes per element of x times its
elements, over the median time), GFLOP/s for gemm and conv, samples/s for the end-to-end steps; limit and ratio
are `-` (nn's runner divides rates by this machine's limits; a peer only reports rates). Each case runs at least 2
warm-up repetitions (more, up to 20 or 2 s, until one repetition takes no new page faults), then --reps repetitions
(default: enough for 0.5 s, at least 5, so a slow case runs 5); the times are the median, fastest and slowest
repetition.

Memory: PyTorch allocates its outputs and gradients on every call, and glibc's malloc hands large blocks back to the
kernel (mmap for blocks over its threshold, heap trimming for the rest), so many repetitions pay for page faults
on fresh memory (about 70 ms per 25 MB on this machine's VMs, more than the kernel itself). nn reuses its buffers,
so the fair peer is PyTorch in its steady state: by default the script calls mallopt(M_MMAP_MAX=0,
M_TRIM_THRESHOLD=1 GiB) before any tensor exists, so freed blocks are reused (what jemalloc or tcmalloc, which
PyTorch's CPU tuning guide recommends, also achieve). --default-malloc keeps glibc's defaults instead.

Cases and byte models (bytes per element of x):
  bn2d_{train_fwd,train_fwdbwd,eval_fwd}/32x64x56x56 and /256x512x7x7: nn.BatchNorm2d(C) (affine, momentum 0.1),
      8, 20 and 8 B/elem; bn1d_train_fwdbwd/4096x1024: nn.BatchNorm1d(1024), 20 B/elem.
  ln_fwd/8192x768, ln_fwdbwd/8192x768: nn.LayerNorm(768), 8 and 20 B/elem.
  dropout_fwd/16777216, dropout_fwdbwd/16777216: nn.Dropout(0.5) in training on 16,777,216 floats, 9 and 18
      B/elem (the model counts a one-byte mask written forward and read backward).
  gemm/1024x1024x1024: torch.mm into a preallocated output, 2*m*n*k FLOP.
  conv3x3/64x32x14x14: nn.Conv2d(32, 64, 3, padding=1) forward and backward (dx, dw, db),
      3 * 2*N*Cout*H*W*Cin*9 FLOP.
  e2e_mlp_step/b128, e2e_cnn_step/b64: one training step (zero_grad, forward, CrossEntropyLoss, backward, SGD with
      lr 0.05 and momentum 0.9) on a fixed random batch of (B, 1, 28, 28) images and labels; rate = B / median.

A forward case times the forward alone, with autograd recording as in training (eval_fwd runs under
torch.no_grad(), as inference does). A forward-and-backward case runs the forward on an input that requires grad
and torch.autograd.grad of y with a fixed random dy, for dx and the parameters' gradients; autograd.grad returns
fresh gradients instead of accumulating into .grad, so no repetition pays for an extra accumulation pass.

The end-to-end models mirror what nn-model's ModelSpec builds for `nn train --norm batch --dropout 0.3`
(dev.nn.model.ModelSpec):
  mlp = mlp:256,128: Flatten -> Linear(784, 256, bias=False) -> BatchNorm1d(256) -> ReLU -> Dropout(0.3)
        -> Linear(256, 128, bias=False) -> BatchNorm1d(128) -> ReLU -> Dropout(0.3) -> Linear(128, 10)
        (ModelSpec drops the Linear's bias under batch norm: BN's shift replaces it).
  cnn = cnn:32,64: Conv2d(1, 32, 3, padding=1) -> BatchNorm2d(32) -> ReLU -> MaxPool2d(2)
        -> Conv2d(32, 64, 3, padding=1) -> BatchNorm2d(64) -> ReLU -> MaxPool2d(2) -> Flatten -> Dropout(0.3)
        -> Linear(64*7*7, 128) -> ReLU -> Dropout(0.3) -> Linear(128, 10)
        (the convolutions keep their bias: ModelSpec builds them with nn-core's Conv2d constructor, which always
        has one, even under batch norm; dropout sits after Flatten and after the hidden Linear, none in the conv
        blocks; the classifier's hidden width is 128).
"""
import argparse
import ctypes
import math
import resource
import statistics
import sys
import time

import torch
from torch import nn

WARMUP_REPS = 2
MAX_WARMUP_REPS = 20
MAX_WARMUP_SECONDS = 2.0
STEADY_FAULTS = 64             # minor page faults (4 KiB pages) a warm repetition may still take (Python's own
                               # small objects), far below one fresh tensor of these cases
MIN_REPS = 5
MAX_REPS = 1000
SECONDS_PER_CASE = 0.5
HEADER = ("case", "backend", "threads", "median_ms", "min_ms", "max_ms", "rate", "limit", "ratio")


class Case:
    """One thing timed: name, work per run (bytes, FLOP or samples), rate unit divisor, and a setup that returns
    the run (set up lazily so unselected cases allocate nothing)."""

    def __init__(self, name, work, unit, setup):
        self.name = name
        self.work = work      # bytes, FLOP or samples of one run
        self.unit = unit      # divisor of work per second: 1e9 for GB/s and GFLOP/s, 1 for samples/s
        self.setup = setup

    def rate(self, seconds):
        return self.work / seconds / self.unit


def randn(*shape, requires_grad=False):
    return torch.randn(*shape, dtype=torch.float32).requires_grad_(requires_grad)


def layer_case(name, module, shape, train, backward):
    """A layer's forward (train or eval), or forward and backward, on a random input of the given shape."""
    bytes_per_elem = (20.0 if backward else 8.0)

    def setup():
        m = module().train(train)
        x = randn(*shape, requires_grad=backward)
        if not backward:
            if train:
                return lambda: m(x)
            def eval_forward():
                with torch.no_grad():
                    m(x)
            return eval_forward
        dy = randn(*shape)
        wanted = [x] + [p for p in m.parameters() if p.requires_grad]

        def forward_backward():
            y = m(x)
            torch.autograd.grad(y, wanted, dy)
        return forward_backward

    return Case(name, bytes_per_elem * math.prod(shape), 1e9, setup)


def dropout_case(name, backward):
    n = 16_777_216

    def setup():
        m = nn.Dropout(0.5).train()
        x = randn(n, requires_grad=backward)
        if not backward:
            return lambda: m(x)
        dy = randn(n)
        return lambda: torch.autograd.grad(m(x), [x], dy)

    return Case(name, (18.0 if backward else 9.0) * n, 1e9, setup)


def gemm_case():
    n = 1024

    def setup():
        a, b, c = randn(n, n), randn(n, n), torch.empty(n, n)
        return lambda: torch.mm(a, b, out=c)

    return Case("gemm/1024x1024x1024", 2.0 * n * n * n, 1e9, setup)


def conv_case():
    """The cnn's second convolution, forward and backward (input, weight and bias gradients)."""
    def setup():
        conv = nn.Conv2d(32, 64, 3, padding=1)
        x = randn(64, 32, 14, 14, requires_grad=True)
        dy = randn(64, 64, 14, 14)
        wanted = [x, conv.weight, conv.bias]
        return lambda: torch.autograd.grad(conv(x), wanted, dy)

    return Case("conv3x3/64x32x14x14", 3 * 2.0 * 64 * 64 * 14 * 14 * 32 * 9, 1e9, setup)


def mlp():
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 256, bias=False), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.3),
        nn.Linear(256, 128, bias=False), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.3),
        nn.Linear(128, 10))


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.3),
        nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.3),
        nn.Linear(128, 10))


def step_case(kind, build, batch):
    """One SGD training step of the model `nn train --model KIND --norm batch --dropout 0.3` builds."""
    def setup():
        model = build().train()
        opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
        loss_fn = nn.CrossEntropyLoss()
        x = randn(batch, 1, 28, 28)
        t = torch.randint(0, 10, (batch,))

        def step():
            opt.zero_grad()
            loss = loss_fn(model(x), t)
            loss.backward()
            opt.step()
        return step

    return Case("e2e_%s_step/b%d" % (kind, batch), batch, 1.0, setup)


def all_cases():
    cases = []
    for shape in ((32, 64, 56, 56), (256, 512, 7, 7)):
        dims = "x".join(map(str, shape))
        bn = lambda c=shape[1]: nn.BatchNorm2d(c, momentum=0.1, affine=True)
        cases.append(layer_case("bn2d_train_fwd/" + dims, bn, shape, True, False))
        cases.append(layer_case("bn2d_train_fwdbwd/" + dims, bn, shape, True, True))
        cases.append(layer_case("bn2d_eval_fwd/" + dims, bn, shape, False, False))
    cases.append(layer_case("bn1d_train_fwdbwd/4096x1024", lambda: nn.BatchNorm1d(1024, momentum=0.1),
                            (4096, 1024), True, True))
    cases.append(layer_case("ln_fwd/8192x768", lambda: nn.LayerNorm(768), (8192, 768), True, False))
    cases.append(layer_case("ln_fwdbwd/8192x768", lambda: nn.LayerNorm(768), (8192, 768), True, True))
    cases.append(dropout_case("dropout_fwd/16777216", False))
    cases.append(dropout_case("dropout_fwdbwd/16777216", True))
    cases.append(gemm_case())
    cases.append(conv_case())
    cases.append(step_case("mlp", mlp, 128))
    cases.append(step_case("cnn", cnn, 64))
    return cases


def minor_faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def steady_malloc():
    """Keep freed memory in the process: no mmap'ed blocks (each free unmaps them), no heap trimming."""
    libc = ctypes.CDLL("libc.so.6")
    m_trim_threshold, m_mmap_max = -1, -4        # <malloc.h>
    if libc.mallopt(m_mmap_max, 0) != 1 or libc.mallopt(m_trim_threshold, 1 << 30) != 1:
        print("peer-bench: mallopt failed; page faults may dominate the times (see --default-malloc)",
              file=sys.stderr)


def time_case(run, reps):
    """Milliseconds of each measured repetition, after the warm-up ones; reps None = enough for the budget."""
    warm = 0.0
    start = time.perf_counter()
    for i in range(MAX_WARMUP_REPS):
        f0 = minor_faults()
        t0 = time.perf_counter()
        run()
        warm = time.perf_counter() - t0          # the last warm-up rep estimates one rep's time
        steady = minor_faults() - f0 < STEADY_FAULTS
        if i + 1 >= WARMUP_REPS and (steady or time.perf_counter() - start > MAX_WARMUP_SECONDS):
            break
    if reps is None:
        reps = min(MAX_REPS, max(MIN_REPS, math.ceil(SECONDS_PER_CASE / max(warm, 1e-9))))
    ms = []
    for _ in range(reps):
        t0 = time.perf_counter()
        run()
        ms.append((time.perf_counter() - t0) * 1e3)
    return ms


def main(argv=None):
    parser = argparse.ArgumentParser(description="Time nn bench's cases with PyTorch on the CPU (float32).")
    parser.add_argument("--case", default="", metavar="PREFIX", help="run the cases whose name starts with PREFIX")
    parser.add_argument("--reps", type=int, metavar="N",
                        help="measured repetitions per case (default: enough for %.1f s, at least %d)"
                        % (SECONDS_PER_CASE, MIN_REPS))
    parser.add_argument("--threads", type=int, default=1, metavar="N", help="intra-op threads (default 1)")
    parser.add_argument("--no-header", action="store_true", help="print the case lines only")
    parser.add_argument("--default-malloc", action="store_true",
                        help="keep glibc's malloc settings (freed blocks go back to the kernel and fault again)")
    args = parser.parse_args(argv)
    if args.reps is not None and args.reps < 1:
        parser.error("--reps must be >= 1, got %d" % args.reps)
    if args.threads < 1:
        parser.error("--threads must be >= 1, got %d" % args.threads)

    if not args.default_malloc:
        steady_malloc()
    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:                          # already set by an earlier parallel call: harmless here
        pass
    torch.manual_seed(0)
    backend = "pytorch-" + ".".join(torch.__version__.split(".")[:2])

    cases = [c for c in all_cases() if c.name.startswith(args.case)]
    if not cases:
        names = ", ".join(c.name for c in all_cases())
        parser.error("no case starts with '%s'. Cases: %s" % (args.case, names))
    if not args.no_header:
        print("\t".join(HEADER), flush=True)
    for case in cases:
        ms = time_case(case.setup(), args.reps)
        median = statistics.median(ms)
        print("%s\t%s\t%d\t%.3f\t%.3f\t%.3f\t%.2f\t-\t-" % (case.name, backend, args.threads, median, min(ms),
                                                          max(ms), case.rate(median / 1e3)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
