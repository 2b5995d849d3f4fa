package dev.nn.host.scalar;

import dev.nn.api.backend.NormKernels;
import dev.nn.api.tensor.Tensor;

/**
 * Reference normalization kernels: heap loops, two-pass mean/variance and every reduction in double, per-element
 * arithmetic in double rounded once to float32. Other backends are tested against these.
 */
final class ScalarNormKernels implements NormKernels {

    ScalarNormKernels() {
    }

    // ---- statistics -------------------------------------------------------------------------------------------

    @Override
    public void channelStatistics(Tensor mean, Tensor var, Tensor invstd, Tensor x, int n, int c, int inner,
                                  float eps) {
        float[] xs = x.hostArray();
        float[] m = mean.hostArray();
        float[] v = var == null ? null : var.hostArray();
        float[] is = invstd.hostArray();
        double count = (double) n * inner;
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int b = 0; b < n; b++) {
                int off = (b * c + ch) * inner;
                for (int i = 0; i < inner; i++) {
                    sum += xs[off + i];
                }
            }
            double mu = sum / count;
            // second pass around the mean: no cancellation, unlike E[x^2] - E[x]^2
            double sq = 0;
            for (int b = 0; b < n; b++) {
                int off = (b * c + ch) * inner;
                for (int i = 0; i < inner; i++) {
                    double d = xs[off + i] - mu;
                    sq += d * d;
                }
            }
            store(m, v, is, ch, mu, sq / count, eps);
        }
    }

    @Override
    public void rowStatistics(Tensor mean, Tensor var, Tensor rstd, Tensor x, int rows, int cols, float eps) {
        float[] xs = x.hostArray();
        float[] m = mean.hostArray();
        float[] v = var == null ? null : var.hostArray();
        float[] rs = rstd.hostArray();
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += xs[off + j];
            }
            double mu = sum / cols;
            double sq = 0;
            for (int j = 0; j < cols; j++) {
                double d = xs[off + j] - mu;
                sq += d * d;
            }
            store(m, v, rs, r, mu, sq / cols, eps);
        }
    }

    @Override
    public void inverseStd(Tensor invstd, Tensor var, int count, float eps) {
        float[] out = invstd.hostArray();
        float[] v = var.hostArray();
        for (int i = 0; i < count; i++) {
            out[i] = (float) (1.0 / Math.sqrt((double) v[i] + eps));
        }
    }

    @Override
    public void updateRunningStatistics(Tensor runningMean, Tensor runningVar, Tensor mean, Tensor var, int groups,
                                        int c, int count, float factor) {
        float[] rm = runningMean.hostArray();
        float[] rv = runningVar.hostArray();
        float[] m = mean.hostArray();
        float[] v = var.hostArray();
        double unbias = (double) count / (count - 1);
        for (int ch = 0; ch < c; ch++) {
            double meanSum = 0;
            double varSum = 0;
            for (int g = 0; g < groups; g++) {
                meanSum += m[g * c + ch];
                varSum += v[g * c + ch] * unbias;
            }
            rm[ch] = (float) ((1.0 - factor) * rm[ch] + factor * (meanSum / groups));
            rv[ch] = (float) ((1.0 - factor) * rv[ch] + factor * (varSum / groups));
        }
    }

    /** Writes one mean, its biased variance (when wanted) and {@code 1/sqrt(var + eps)}, each rounded once. */
    private static void store(float[] mean, float[] var, float[] invstd, int i, double mu, double variance,
                              float eps) {
        mean[i] = (float) mu;
        if (var != null) {
            var[i] = (float) variance;
        }
        invstd[i] = (float) (1.0 / Math.sqrt(variance + eps));
    }

    // ---- channel layout ---------------------------------------------------------------------------------------

    @Override
    public void channelNormForward(Tensor y, Tensor x, Tensor mean, Tensor invstd, Tensor weight, Tensor bias,
                                   int n, int c, int inner) {
        float[] ys = y.hostArray();
        float[] xs = x.hostArray();
        float[] m = mean.hostArray();
        float[] is = invstd.hostArray();
        float[] w = weight == null ? null : weight.hostArray();
        float[] bs = bias == null ? null : bias.hostArray();
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                normalizeChannel(ys, xs, (b * c + ch) * inner, inner, m[ch], is[ch], w, bs, ch);
            }
        }
    }

    @Override
    public void channelNormBackward(Tensor dx, Tensor dweight, Tensor dbias, Tensor dy, Tensor x, Tensor mean,
                                    Tensor invstd, Tensor weight, int n, int c, int inner, boolean batchStatistics) {
        float[] dxs = dx == null ? null : dx.hostArray();
        float[] dw = dweight == null ? null : dweight.hostArray();
        float[] db = dbias == null ? null : dbias.hostArray();
        float[] dys = dy.hostArray();
        float[] xs = x.hostArray();
        float[] m = mean.hostArray();
        float[] is = invstd.hostArray();
        float[] w = weight == null ? null : weight.hostArray();
        double count = (double) n * inner;
        for (int ch = 0; ch < c; ch++) {
            double mu = m[ch];
            double inv = is[ch];
            // one reduction pass gives both sums the three gradients need
            double sumDy = 0;
            double sumDyXhat = 0;
            for (int b = 0; b < n; b++) {
                int off = (b * c + ch) * inner;
                for (int i = 0; i < inner; i++) {
                    double g = dys[off + i];
                    sumDy += g;
                    sumDyXhat += g * (xs[off + i] - mu) * inv;
                }
            }
            if (dw != null) {
                dw[ch] += (float) sumDyXhat;
            }
            if (db != null) {
                db[ch] += (float) sumDy;
            }
            if (dxs == null) {
                continue;
            }
            double scale = w == null ? inv : inv * w[ch];
            double meanDy = sumDy / count;
            double meanDyXhat = sumDyXhat / count;
            for (int b = 0; b < n; b++) {
                int off = (b * c + ch) * inner;
                for (int i = 0; i < inner; i++) {
                    double g = dys[off + i];
                    if (batchStatistics) {
                        double xhat = (xs[off + i] - mu) * inv;
                        dxs[off + i] += (float) (scale * (g - meanDy - xhat * meanDyXhat));
                    } else {
                        dxs[off + i] += (float) (scale * g);
                    }
                }
            }
        }
    }

    /**
     * {@code y = (x - mu) * invstd * weight[ch] + bias[ch]} over the {@code inner} contiguous values of one
     * (sample, channel) starting at {@code off}; shared by the channel (BatchNorm) and group layouts.
     */
    private static void normalizeChannel(float[] ys, float[] xs, int off, int inner, double mu, float invstd,
                                         float[] w, float[] bs, int ch) {
        double scale = w == null ? invstd : (double) invstd * w[ch];
        double shift = bs == null ? 0.0 : bs[ch];
        for (int i = 0; i < inner; i++) {
            ys[off + i] = (float) ((xs[off + i] - mu) * scale + shift);
        }
    }

    // ---- row layout -------------------------------------------------------------------------------------------

    @Override
    public void layerNormForward(Tensor y, Tensor x, Tensor mean, Tensor rstd, Tensor weight, Tensor bias,
                                 int rows, int cols) {
        float[] ys = y.hostArray();
        float[] xs = x.hostArray();
        float[] m = mean.hostArray();
        float[] rs = rstd.hostArray();
        float[] w = weight == null ? null : weight.hostArray();
        float[] bs = bias == null ? null : bias.hostArray();
        for (int r = 0; r < rows; r++) {
            double mu = m[r];
            double inv = rs[r];
            int off = r * cols;
            for (int j = 0; j < cols; j++) {
                double v = (xs[off + j] - mu) * inv;
                if (w != null) {
                    v *= w[j];
                }
                if (bs != null) {
                    v += bs[j];
                }
                ys[off + j] = (float) v;
            }
        }
    }

    @Override
    public void layerNormBackward(Tensor dx, Tensor dweight, Tensor dbias, Tensor dy, Tensor x, Tensor mean,
                                  Tensor rstd, Tensor weight, int rows, int cols) {
        float[] dxs = dx == null ? null : dx.hostArray();
        float[] dw = dweight == null ? null : dweight.hostArray();
        float[] db = dbias == null ? null : dbias.hostArray();
        float[] dys = dy.hostArray();
        float[] xs = x.hostArray();
        float[] m = mean.hostArray();
        float[] rs = rstd.hostArray();
        float[] w = weight == null ? null : weight.hostArray();
        // parameter gradients sum over rows: accumulate in double, then add once
        double[] dwAcc = dw == null ? null : new double[cols];
        double[] dbAcc = db == null ? null : new double[cols];
        for (int r = 0; r < rows; r++) {
            double mu = m[r];
            double inv = rs[r];
            int off = r * cols;
            double sumG = 0;
            double sumGXhat = 0;
            for (int j = 0; j < cols; j++) {
                double g = dys[off + j];
                double xhat = (xs[off + j] - mu) * inv;
                if (dwAcc != null) {
                    dwAcc[j] += g * xhat;
                }
                if (dbAcc != null) {
                    dbAcc[j] += g;
                }
                double gw = w == null ? g : g * w[j];
                sumG += gw;
                sumGXhat += gw * xhat;
            }
            if (dxs == null) {
                continue;
            }
            double meanG = sumG / cols;
            double meanGXhat = sumGXhat / cols;
            for (int j = 0; j < cols; j++) {
                double gw = w == null ? dys[off + j] : (double) dys[off + j] * w[j];
                double xhat = (xs[off + j] - mu) * inv;
                dxs[off + j] += (float) (inv * (gw - meanG - xhat * meanGXhat));
            }
        }
        addInto(dw, dwAcc);
        addInto(db, dbAcc);
    }

    @Override
    public void groupNormForward(Tensor y, Tensor x, Tensor mean, Tensor rstd, Tensor weight, Tensor bias,
                                 int n, int c, int inner, int groups) {
        float[] ys = y.hostArray();
        float[] xs = x.hostArray();
        float[] m = mean.hostArray();
        float[] rs = rstd.hostArray();
        float[] w = weight == null ? null : weight.hostArray();
        float[] bs = bias == null ? null : bias.hostArray();
        int perGroup = c / groups;
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int row = b * groups + ch / perGroup;
                normalizeChannel(ys, xs, (b * c + ch) * inner, inner, m[row], rs[row], w, bs, ch);
            }
        }
    }

    @Override
    public void groupNormBackward(Tensor dx, Tensor dweight, Tensor dbias, Tensor dy, Tensor x, Tensor mean,
                                  Tensor rstd, Tensor weight, int n, int c, int inner, int groups) {
        float[] dxs = dx == null ? null : dx.hostArray();
        float[] dw = dweight == null ? null : dweight.hostArray();
        float[] db = dbias == null ? null : dbias.hostArray();
        float[] dys = dy.hostArray();
        float[] xs = x.hostArray();
        float[] m = mean.hostArray();
        float[] rs = rstd.hostArray();
        float[] w = weight == null ? null : weight.hostArray();
        int perGroup = c / groups;
        double count = (double) perGroup * inner;
        double[] dwAcc = dw == null ? null : new double[c];
        double[] dbAcc = db == null ? null : new double[c];
        for (int b = 0; b < n; b++) {
            for (int grp = 0; grp < groups; grp++) {
                int row = b * groups + grp;
                double mu = m[row];
                double inv = rs[row];
                double sumG = 0;
                double sumGXhat = 0;
                for (int ch = grp * perGroup; ch < (grp + 1) * perGroup; ch++) {
                    int off = (b * c + ch) * inner;
                    double wc = w == null ? 1.0 : w[ch];
                    for (int i = 0; i < inner; i++) {
                        double g = dys[off + i];
                        double xhat = (xs[off + i] - mu) * inv;
                        if (dwAcc != null) {
                            dwAcc[ch] += g * xhat;
                        }
                        if (dbAcc != null) {
                            dbAcc[ch] += g;
                        }
                        sumG += g * wc;
                        sumGXhat += g * wc * xhat;
                    }
                }
                if (dxs == null) {
                    continue;
                }
                double meanG = sumG / count;
                double meanGXhat = sumGXhat / count;
                for (int ch = grp * perGroup; ch < (grp + 1) * perGroup; ch++) {
                    int off = (b * c + ch) * inner;
                    double wc = w == null ? 1.0 : w[ch];
                    for (int i = 0; i < inner; i++) {
                        double xhat = (xs[off + i] - mu) * inv;
                        dxs[off + i] += (float) (inv * (dys[off + i] * wc - meanG - xhat * meanGXhat));
                    }
                }
            }
        }
        addInto(dw, dwAcc);
        addInto(db, dbAcc);
    }

    // ---- RMSNorm ----------------------------------------------------------------------------------------------

    @Override
    public void rmsNormForward(Tensor y, Tensor rrms, Tensor x, Tensor weight, int rows, int cols, float eps) {
        float[] ys = y.hostArray();
        float[] rr = rrms.hostArray();
        float[] xs = x.hostArray();
        float[] w = weight == null ? null : weight.hostArray();
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            double sq = 0;
            for (int j = 0; j < cols; j++) {
                sq += (double) xs[off + j] * xs[off + j];
            }
            double inv = 1.0 / Math.sqrt(sq / cols + eps);
            rr[r] = (float) inv;
            for (int j = 0; j < cols; j++) {
                double v = xs[off + j] * inv;
                ys[off + j] = (float) (w == null ? v : v * w[j]);
            }
        }
    }

    @Override
    public void rmsNormBackward(Tensor dx, Tensor dweight, Tensor dy, Tensor x, Tensor rrms, Tensor weight,
                                int rows, int cols) {
        float[] dxs = dx == null ? null : dx.hostArray();
        float[] dw = dweight == null ? null : dweight.hostArray();
        float[] dys = dy.hostArray();
        float[] xs = x.hostArray();
        float[] rr = rrms.hostArray();
        float[] w = weight == null ? null : weight.hostArray();
        double[] dwAcc = dw == null ? null : new double[cols];
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            double inv = rr[r];
            double sumGXhat = 0;
            for (int j = 0; j < cols; j++) {
                double g = dys[off + j];
                double xhat = xs[off + j] * inv;
                if (dwAcc != null) {
                    dwAcc[j] += g * xhat;
                }
                sumGXhat += (w == null ? g : g * w[j]) * xhat;
            }
            if (dxs == null) {
                continue;
            }
            double meanGXhat = sumGXhat / cols;
            for (int j = 0; j < cols; j++) {
                double gw = w == null ? dys[off + j] : (double) dys[off + j] * w[j];
                dxs[off + j] += (float) (inv * (gw - xs[off + j] * inv * meanGXhat));
            }
        }
        addInto(dw, dwAcc);
    }

    private static void addInto(float[] target, double[] sums) {
        if (target == null) {
            return;
        }
        for (int i = 0; i < sums.length; i++) {
            target[i] += (float) sums[i];
        }
    }
}
