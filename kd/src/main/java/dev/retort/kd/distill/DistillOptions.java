package dev.retort.kd.distill;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@code retort kd distill} takes, as resolved values (names follow the original pipeline).
 *
 * @param trainDataPath       teacher-logit file (course or topk format) or, with {@code teacherModelPath}, a plain
 *                            assertion data set whose teacher logits are computed online
 * @param valDataPath         assertion data set (any flavour) for validation and the final predictions
 * @param lossComponents      components for {@code multi_component}; empty = the mode's defaults
 * @param lossWeights         weights aligned with the components (with dynamic weighting: the start of each scheduled
 *                            component's ramp); empty = the mode's weights, the preset's mean (or start) or 1/n
 * @param schedulingPreset    a built-in preset name, a JSON file ({@code FILE#name} for one of several in it), or null
 *                            for the built-in preset that names most of the components
 * @param temperatureEnd      final temperature; equal to {@code temperature} for a fixed one
 * @param scheduleGranularity "epoch" or "step"
 * @param teacherTopK         reduce dense teacher logits to the top K at load (0 = keep as stored)
 * @param samplesPerExample   sampled outputs per example for the sequence-level terms
 * @param retrievalMemory     a model directory (or its memory.jsonl) whose retrieval memory prefixes every source, as
 *                            the teacher's did; null = the online teacher's memory if it has one, else plain sources
 * @param stopAfterEpoch      checkpoint and end the invocation after this epoch (0 = run to the end), to continue with resume
 * @param resume              continue from the run directory's checkpoint (written after every epoch) with the same options
 * @param vocabFromTeacherFile course-format compatibility: the student's output vocabulary is the file's V and its
 *                            targets are the teacher's argmax ids (the file carries no tokenizer)
 */
public record DistillOptions(Path trainDataPath, Path valDataPath, int maxTrainSamples, int maxValSamples,
                             int batchSize, int gradientAccumulationSteps, int epochs, double lr, long warmupSteps,
                             double weightDecay, double alpha, double temperature, double temperatureEnd,
                             String lossFunction, List<String> lossComponents, List<Double> lossWeights,
                             boolean enableDynamicWeighting, String schedulingPreset, String scheduleGranularity,
                             double semanticLossScale, double pansWeight, double astWeight, double dropoutRate,
                             boolean useEnhancedMetrics, int validationFrequency, int maxInputLen, int maxOutputLen,
                             String studentSize, Path teacherModelPath, Path tokenizerPath, Path retrievalMemory, int teacherTopK,
                             int samplesPerExample, boolean vocabFromTeacherFile, double clipNorm, boolean skipBadRecords,
                             int stopAfterEpoch, boolean resume) {
}
