"""Inputs on which numpy's argsort leaves quicksort for heapsort, with numpy's answers (numpy_heapsort.json).

numpy's default argsort (kind "quicksort") is an introsort: after 2 * floor(log2 n) partitions on one path it
heapsorts the rest. Random inputs never get there, so the inputs are built by McIlroy's adversary ("A Killer
Adversary for Quicksort", 1999) run against a transcription of numpy's partition loop (npysort/quicksort.cpp,
aquicksort_): it fixes each value only when a comparison needs it, so that every partition peels off a few small
elements. The values that reach heapsort are then folded onto a few levels, so heapsort meets many ties and its
tie order shows. Each input is kept only if the transcription, run with plain comparisons, still reaches heapsort
and agrees with numpy.

The expected permutations are numpy's own np.argsort, written with numpy 1.24.2 (the numpy of scikit-learn 1.2):

    python3 make_heapsort_vectors.py

numpy >= 1.25 sorts 64-bit integers with x86-simd-sort on AVX2/AVX-512 machines, which orders ties differently;
with those features off it runs the introsort again and writes the same file (checked with numpy 2.4):

    NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL" python3 make_heapsort_vectors.py
"""
import json
import os

import numpy as np


def introsort(n, less):
    """numpy's aquicksort_ on range(n) with comparison less(i, j); returns (permutation, heapsorted ranges)."""
    t = list(range(n))
    heaps = []

    def heapsort(off, m):
        base = off - 1

        def sift(i, m, tmp):
            j = i << 1
            while j <= m:
                if j < m and less(t[base + j], t[base + j + 1]):
                    j += 1
                if less(tmp, t[base + j]):
                    t[base + i] = t[base + j]
                    i = j
                    j += j
                else:
                    break
            t[base + i] = tmp

        for l in range(m >> 1, 0, -1):
            sift(l, m, t[base + l])
        while m > 1:
            tmp = t[base + m]
            t[base + m] = t[base + 1]
            m -= 1
            sift(1, m, tmp)

    stack = []
    pl, pr = 0, n - 1
    cdepth = 2 * (n.bit_length() - 1)
    while True:
        done = False
        if cdepth < 0:
            heaps.append((pl, pr))
            heapsort(pl, pr - pl + 1)
            done = True
        while not done and pr - pl > 15:
            pm = pl + ((pr - pl) >> 1)
            if less(t[pm], t[pl]):
                t[pm], t[pl] = t[pl], t[pm]
            if less(t[pr], t[pm]):
                t[pr], t[pm] = t[pm], t[pr]
            if less(t[pm], t[pl]):
                t[pm], t[pl] = t[pl], t[pm]
            vp = t[pm]
            pi, pj = pl, pr - 1
            t[pm], t[pj] = t[pj], t[pm]
            while True:
                pi += 1
                while less(t[pi], vp):
                    pi += 1
                pj -= 1
                while less(vp, t[pj]):
                    pj -= 1
                if pi >= pj:
                    break
                t[pi], t[pj] = t[pj], t[pi]
            t[pi], t[pr - 1] = t[pr - 1], t[pi]
            cdepth -= 1
            if pi - pl < pr - pi:
                stack.append((pi + 1, pr, cdepth))
                pr = pi - 1
            else:
                stack.append((pl, pi - 1, cdepth))
                pl = pi + 1
        if not done:
            for pi in range(pl + 1, pr + 1):
                vi = t[pi]
                pj = pi
                while pj > pl and less(vi, t[pj - 1]):
                    t[pj] = t[pj - 1]
                    pj -= 1
                t[pj] = vi
        if not stack:
            break
        pl, pr, cdepth = stack.pop()
    return t, heaps


def adversary(n):
    """McIlroy's adversary: values start as 'gas' (n, above all) and freeze to 0, 1, 2, ... when compared."""
    gas = n
    val = [gas] * n
    state = {"solid": 0, "candidate": 0}

    def less(x, y):
        if val[x] == gas and val[y] == gas:
            frozen = x if x == state["candidate"] else y
            val[frozen] = state["solid"]
            state["solid"] += 1
        if val[x] == gas:
            state["candidate"] = x
        elif val[y] == gas:
            state["candidate"] = y
        return val[x] < val[y]

    introsort(n, less)
    return val


cases = []
for n, levels in [(40, 2), (64, 3), (100, 4), (300, 5), (300, 1)]:
    v = adversary(n)
    _, heaps = introsort(n, lambda i, j: v[i] < v[j])
    first = heaps[0][0]
    cut = sorted(v)[first]           # the values heapsorted are the largest ones: the adversary peels small ones
    w = [x if x < cut else cut + x % levels for x in v]
    perm, heaps = introsort(n, lambda i, j: w[i] < w[j])
    expected = np.argsort(np.array(w, dtype=np.int64)).tolist()
    assert heaps, f"n={n}: the folded input no longer reaches heapsort"
    assert perm == expected, f"n={n}: transcription and numpy disagree (SIMD sort not disabled?)"
    cases.append({"values": w, "heapsorted": [heaps[0][0], heaps[0][1]], "argsort": expected})
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "dev", "nn", "validate",
                    "numpy_heapsort.json")
with open(path, "w") as fh:
    json.dump({"generator": {"numpy": np.__version__}, "cases": cases}, fh, separators=(",", ":"))
print(len(cases), "cases ->", os.path.normpath(path))
