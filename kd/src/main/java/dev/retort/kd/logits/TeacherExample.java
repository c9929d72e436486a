package dev.retort.kd.logits;

import dev.retort.kd.data.AssertionExample;

/** One record of a teacher-logit file: the example, what the teacher predicted (null when not decoded), and its logits over the target. */
public record TeacherExample(AssertionExample example, String predictedAssertions, TeacherLogits logits) {
}
