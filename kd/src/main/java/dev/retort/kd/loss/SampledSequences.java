package dev.retort.kd.loss;

import org.bytedeco.pytorch.Tensor;

import java.util.List;

/**
 * Student outputs sampled for the sequence-level terms: {@code perExample} samples for each of the B examples,
 * example-major (sample s of example b at index b·perExample + s).
 *
 * @param texts      decoded samples, B·perExample
 * @param logProbs   [B·perExample] Σ_t log p(y_t | y_&lt;t, x) of each sample under the student, with gradient
 * @param references gold assertion text per example, B
 */
public record SampledSequences(List<String> texts, Tensor logProbs, List<String> references, int perExample) {
    public SampledSequences {
        if (perExample < 1 || texts.size() != references.size() * perExample) {
            throw new IllegalArgumentException(texts.size() + " samples for " + references.size()
                    + " references at " + perExample + " per example");
        }
    }

    public String referenceOf(int sample) {
        return references.get(sample / perExample);
    }
}
