package dev.retort.kd.logits;

/**
 * Writes a teacher-logit file ({@link CourseFormat} or {@link TopKFormat}). Nothing appears at the target
 * path until {@link #commit()}; closing without a commit discards what was written.
 */
public interface TeacherLogitsWriter extends AutoCloseable {
    void write(TeacherExample record);

    void commit();

    @Override
    void close();
}
