package dev.nn.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SGD and Adam updates, vectorized with the scalar twin's float operations in the same order, so parameters stay
 * bit-identical to {@code ScalarBackend}'s.
 */
final class Optimizers {
    static final VectorSpecies<Float> F = SimdSpecies.FLOAT;

    private Optimizers() {
    }

    /** See {@code Backend.sgdStep}, over elements {@code [from, to)}; buf may be null when momentum is 0. */
    static void sgd(int from, int to, float[] p, float[] buf, float[] g, float lr, float momentum, float dampening,
                    float weightDecay, boolean nesterov, boolean firstStep) {
        float negLr = -lr;
        float keep = 1f - dampening;
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
            FloatVector vp = FloatVector.fromArray(F, p, i);
            FloatVector d = FloatVector.fromArray(F, g, i);
            if (weightDecay != 0f) {
                d = d.add(vp.mul(weightDecay));
            }
            if (momentum != 0f) {
                FloatVector vb = firstStep ? d
                        : FloatVector.fromArray(F, buf, i).mul(momentum).add(d.mul(keep));
                vb.intoArray(buf, i);
                d = nesterov ? d.add(vb.mul(momentum)) : vb;
            }
            vp.add(d.mul(negLr)).intoArray(p, i);
        }
        for (; i < to; i++) {
            float d = weightDecay != 0f ? g[i] + weightDecay * p[i] : g[i];
            if (momentum != 0f) {
                buf[i] = firstStep ? d : buf[i] * momentum + keep * d;
                d = nesterov ? d + momentum * buf[i] : buf[i];
            }
            p[i] += negLr * d;
        }
    }

    /** See {@code Backend.adamStep}, over elements {@code [from, to)}. */
    static void adam(int from, int to, float[] p, float[] m, float[] v, float[] g, float lr, float beta1, float beta2,
                     float eps, float weightDecay, boolean decoupled, int step) {
        // PyTorch computes the bias corrections in double and applies them as float scalars
        float stepSize = (float) (lr / (1.0 - Math.pow(beta1, step)));
        float negStep = -stepSize;
        float correction2Sqrt = (float) Math.sqrt(1.0 - Math.pow(beta2, step));
        float decay = decoupled ? 1f - lr * weightDecay : 1f;
        float keep1 = 1f - beta1;
        float keep2 = 1f - beta2;
        boolean coupled = !decoupled && weightDecay != 0f;
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
            FloatVector vp = FloatVector.fromArray(F, p, i);
            FloatVector d = FloatVector.fromArray(F, g, i);
            if (decoupled) {
                vp = vp.mul(decay);
            } else if (coupled) {
                d = d.add(vp.mul(weightDecay));
            }
            FloatVector m1 = FloatVector.fromArray(F, m, i).mul(beta1).add(d.mul(keep1));
            FloatVector m2 = FloatVector.fromArray(F, v, i).mul(beta2).add(d.mul(keep2).mul(d));
            m1.intoArray(m, i);
            m2.intoArray(v, i);
            FloatVector denom = m2.lanewise(VectorOperators.SQRT).div(correction2Sqrt).add(eps);
            vp.add(m1.div(denom).mul(negStep)).intoArray(p, i);
        }
        for (; i < to; i++) {
            float d = g[i];
            if (decoupled) {
                p[i] *= decay;
            } else if (coupled) {
                d += weightDecay * p[i];
            }
            m[i] = m[i] * beta1 + keep1 * d;
            v[i] = v[i] * beta2 + keep2 * d * d;
            float denom = (float) Math.sqrt(v[i]) / correction2Sqrt + eps;
            p[i] += negStep * (m[i] / denom);
        }
    }
}
