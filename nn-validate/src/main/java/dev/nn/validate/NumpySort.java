package dev.nn.validate;

/**
 * numpy 1.24's default {@code np.argsort} (kind "quicksort", an introsort that is NOT stable), reproduced step by
 * step so that ties come out in numpy's order. scikit-learn's GroupKFold sorts group sizes with it, so its folds
 * depend on this order whenever two groups have the same size.
 */
final class NumpySort {
    /** numpy npysort: partitions of up to 16 elements (pr - pl <= 15) are finished by insertion sort. */
    private static final int SMALL_QUICKSORT = 15;

    private NumpySort() {
    }

    /**
     * @param v the values
     * @return the permutation numpy's {@code argsort(v)} returns
     */
    static int[] argsort(long[] v) {
        int num = v.length;
        int[] tosort = Folds.range(num);
        if (num < 2) {
            return tosort;
        }
        int[] stack = new int[128];
        int[] depth = new int[64];
        int sp = 0;
        int dp = 0;
        int pl = 0;
        int pr = num - 1;
        int cdepth = msb(num) * 2;
        while (true) {
            boolean sorted = false;
            if (cdepth < 0) {
                heapsort(v, tosort, pl, pr - pl + 1);
                sorted = true;
            }
            while (!sorted && pr - pl > SMALL_QUICKSORT) {
                int pm = pl + ((pr - pl) >> 1);
                if (v[tosort[pm]] < v[tosort[pl]]) {
                    swap(tosort, pm, pl);
                }
                if (v[tosort[pr]] < v[tosort[pm]]) {
                    swap(tosort, pr, pm);
                }
                if (v[tosort[pm]] < v[tosort[pl]]) {
                    swap(tosort, pm, pl);
                }
                long vp = v[tosort[pm]];
                int pi = pl;
                int pj = pr - 1;
                swap(tosort, pm, pj);
                while (true) {
                    do {
                        ++pi;
                    } while (v[tosort[pi]] < vp);
                    do {
                        --pj;
                    } while (vp < v[tosort[pj]]);
                    if (pi >= pj) {
                        break;
                    }
                    swap(tosort, pi, pj);
                }
                int pk = pr - 1;
                swap(tosort, pi, pk);
                // push the larger partition, keep working on the smaller one
                if (pi - pl < pr - pi) {
                    stack[sp++] = pi + 1;
                    stack[sp++] = pr;
                    pr = pi - 1;
                } else {
                    stack[sp++] = pl;
                    stack[sp++] = pi - 1;
                    pl = pi + 1;
                }
                depth[dp++] = --cdepth;
            }
            if (!sorted) {
                for (int pi = pl + 1; pi <= pr; ++pi) {
                    int vi = tosort[pi];
                    long vpv = v[vi];
                    int pj = pi;
                    int pk = pi - 1;
                    while (pj > pl && vpv < v[tosort[pk]]) {
                        tosort[pj--] = tosort[pk--];
                    }
                    tosort[pj] = vi;
                }
            }
            if (sp == 0) {
                break;
            }
            pr = stack[--sp];
            pl = stack[--sp];
            cdepth = depth[--dp];
        }
        return tosort;
    }

    /** numpy's {@code aheapsort_} on tosort[off .. off+n-1] (1-based heap indexing). */
    private static void heapsort(long[] v, int[] tosort, int off, int n) {
        int base = off - 1;
        for (int l = n >> 1; l > 0; --l) {
            siftDown(v, tosort, base, l, n, tosort[base + l]);
        }
        for (; n > 1;) {
            int tmp = tosort[base + n];
            tosort[base + n] = tosort[base + 1];
            n -= 1;
            siftDown(v, tosort, base, 1, n, tmp);
        }
    }

    /** Puts {@code tmp} at heap position {@code i} or below, in a max-heap of n (1-based at base + 1). */
    private static void siftDown(long[] v, int[] tosort, int base, int i, int n, int tmp) {
        for (int j = i << 1; j <= n;) {
            if (j < n && v[tosort[base + j]] < v[tosort[base + j + 1]]) {
                j += 1;
            }
            if (v[tmp] < v[tosort[base + j]]) {
                tosort[base + i] = tosort[base + j];
                i = j;
                j += j;
            } else {
                break;
            }
        }
        tosort[base + i] = tmp;
    }

    private static int msb(int unum) {
        int depthLimit = 0;
        while ((unum >>= 1) != 0) {
            depthLimit++;
        }
        return depthLimit;
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
