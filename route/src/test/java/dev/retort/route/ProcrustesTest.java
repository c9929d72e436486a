package dev.retort.route;

import dev.retort.core.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProcrustesTest {

    static Tensor gaussian(Rng rng, int n, int d) {
        float[][] x = new float[n][d];
        for (float[] row : x) for (int j = 0; j < d; j++) row[j] = (float) rng.nextGaussian();
        return Rows.tensor(x);
    }

    /** A random d×d orthogonal matrix with the requested determinant sign. */
    static Tensor orthogonal(Rng rng, int d, boolean proper) {
        Tensor qr = torch.linalg_qr(gaussian(rng, d, d).to(torch.ScalarType.Double)).get0();
        double det = torch.linalg_det(qr).item_double();
        if ((det > 0) != proper) {
            Tensor flip = torch.ones(new long[]{d}, new org.bytedeco.pytorch.TensorOptions(torch.ScalarType.Double));
            flip.narrow(0, 0, 1).fill_(Rows.scalar(-1));
            qr = qr.mul(flip.unsqueeze(0));
        }
        return qr.to(torch.ScalarType.Float);
    }

    static double maxAbsDiff(Tensor a, Tensor b) {
        return a.sub(b).abs().max().item_double();
    }

    @Test
    void recoversAKnownRotationAndTranslationExactly() {
        Rng rng = new Rng(7);
        int n = 40, d = 12;
        Tensor q = gaussian(rng, n, d), r = orthogonal(rng, d, true), shift = gaussian(rng, 1, d);
        Tensor a = q.mm(r).add(shift);
        ClusterMap map = Procrustes.fit(q, a, Procrustes.Options.fixed());
        assertThat(maxAbsDiff(map.dense(), r)).isLessThan(1e-4);
        assertThat(maxAbsDiff(map.apply(q), a)).isLessThan(1e-4);
        assertThat(map.scale()).isEqualTo(1.0);
    }

    @Test
    void recoversUniformScaleWhenAskedFor() {
        Rng rng = new Rng(8);
        Tensor q = gaussian(rng, 30, 6), r = orthogonal(rng, 6, true);
        Tensor a = q.mm(r).mul(Rows.scalar(2.5));
        ClusterMap map = Procrustes.fit(q, a, new Procrustes.Options(Procrustes.Span.CLUSTER, true, true, true));
        assertThat(map.scale()).isCloseTo(2.5, within(1e-4));
        assertThat(maxAbsDiff(map.apply(q), a)).isLessThan(1e-3);
    }

    @Test
    void clusterSpanMapIsTheIdentityOutsideTheSpan() {
        Rng rng = new Rng(9);
        int n = 4, d = 32;
        Tensor q = gaussian(rng, n, d), a = gaussian(rng, n, d);
        ClusterMap map = Procrustes.fit(q, a, Procrustes.Options.fixed());
        // a direction orthogonal to every centred question and answer of the cluster
        Tensor basis = Procrustes.spanBasis(q.sub(q.mean(new long[]{0}, true, new org.bytedeco.pytorch.ScalarTypeOptional())),
                a.sub(a.mean(new long[]{0}, true, new org.bytedeco.pytorch.ScalarTypeOptional())));
        Tensor v = gaussian(rng, 1, d);
        Tensor outside = v.sub(v.mm(basis).mm(basis.t()));
        Tensor w = map.dense();
        assertThat(maxAbsDiff(outside.mm(w), outside)).isLessThan(1e-4);
        // ...while the full-space original rotates it
        ClusterMap original = Procrustes.fit(q, a, Procrustes.Options.original());
        assertThat(maxAbsDiff(outside.mm(original.dense()), outside)).isGreaterThan(1e-2);
    }

    @Property(tries = 25)
    void kabschNeverReturnsAReflection(@ForAll @IntRange(min = 2, max = 10) int d, @ForAll @IntRange(min = 1, max = 30) int n,
                                       @ForAll @IntRange(min = 0, max = 1000) int seed) {
        Rng rng = new Rng(seed);
        Tensor q = gaussian(rng, n, d);
        Tensor a = q.mm(orthogonal(rng, d, false)).add(gaussian(rng, n, d).mul(Rows.scalar(0.1)));   // target is a reflection
        ClusterMap map = Procrustes.fit(q, a, Procrustes.Options.fixed());
        Tensor w = map.dense().to(torch.ScalarType.Double);
        assertThat(torch.linalg_det(w).item_double()).isCloseTo(1.0, within(1e-3));
        assertThat(maxAbsDiff(w.t().mm(w), torch.eye(d).to(torch.ScalarType.Double))).isLessThan(1e-3);
    }

    @Test
    void withoutTheSignFixAReflectionTargetGivesAReflection() {
        Rng rng = new Rng(10);
        Tensor q = gaussian(rng, 20, 5);
        Tensor a = q.mm(orthogonal(rng, 5, false));
        ClusterMap map = Procrustes.fit(q, a, Procrustes.Options.original());
        assertThat(torch.linalg_det(map.dense().to(torch.ScalarType.Double)).item_double()).isCloseTo(-1.0, within(1e-3));
    }
}
