package dev.retort.kd.model;

import dev.retort.core.BadInputException;
import dev.retort.core.io.AtomicDirectory;
import dev.retort.core.io.Json;
import dev.retort.core.run.Provenance;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.data.AssertionTask;
import dev.retort.text.metrics.AssertionLines;
import dev.retort.text.metrics.AstValidity;
import dev.retort.kd.retrieve.AssertionMemory;
import dev.retort.text.tokenize.TextTokenizer;
import dev.retort.text.tokenize.Tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns an assertion example into model token ids. Source = test_method_masked, SEP, focal_method, cut to
 * maxInputLen tokens. Task {@code method}: the focal method's tail goes first, then the test's. Task {@code assertion}:
 * the test keeps its last tokens (the statements just before the placeholder) and the focal method its first ones,
 * the test getting at least two thirds of the room when both are long. With a retrieval memory the source starts with
 * retrieved assertions (task {@code method}: the nearest neighbour's; task {@code assertion}: the {@value #HINTS}
 * closest distinct targets, one per line, nearest first; at most maxOutputLen tokens) and a SEP, so the model can copy
 * and edit them. Target = the assertions joined by "\n", with the tokens the tokenizer adds to targets
 * ({@link TextTokenizer#encodeTarget}), cut to maxOutputLen tokens. The special ids come from the
 * tokenizer, so they agree with the model's config. With {@link IdentifierAbstraction} every text of an example (its
 * retrieved assertions and target included) is encoded with the example's own names as placeholders (the retrieved
 * ones by analogy with their own examples' names when the abstraction says so), and generated ids decode with those
 * names put back. With {@code focalSignatures}, a per-assertion source that still has room after its
 * test and focal method ends with a SEP and the focal class's signatures ({@link FocalSignatures}), cut to that room;
 * their names come after the test's and the focal method's in the abstraction's numbering. The task, the abstraction
 * and the signatures setting are saved with the model ({@value #FILE}).
 *
 * @param memory          null for plain inputs
 * @param identifiers     null to encode names as text
 * @param focalSignatures end per-assertion sources with the focal class's signatures where there is room
 */
public record ExampleEncoder(TextTokenizer tokenizer, AssertionMemory memory, int maxInputLen, int maxOutputLen, AssertionTask task,
                             IdentifierAbstraction identifiers, boolean focalSignatures) {
    /** Retrieved candidates in a per-assertion source. */
    public static final int HINTS = 3;
    /** The encoder's settings in a model directory. */
    public static final String FILE = "encoder.json";
    /** The key of the focal-signatures setting in {@value #FILE}. */
    private static final String SIGNATURES = "focal_signatures";

    /** Source and target ids of one example; target is empty for inference-only inputs. */
    public record Encoded(int[] source, int[] target) {
    }

    public ExampleEncoder {
        java.util.Objects.requireNonNull(task, "task");
        if (identifiers != null && !(tokenizer instanceof Tokenizer t && t.sentinelCount() >= identifiers.slots())) {
            throw new BadInputException("identifier abstraction needs retort's own tokenizer with at least " + identifiers.slots()
                    + " sentinel tokens for its placeholders, but it has " + (tokenizer instanceof Tokenizer t ? t.sentinelCount() : 0)
                    + " (train one with `retort kd tokenizer --sentinels " + identifiers.slots() + "`, or leave out --abstract-identifiers"
                    + " / pass --no-abstract-identifiers)");
        }
    }

    /** An encoder without the focal class's signatures. */
    public ExampleEncoder(TextTokenizer tokenizer, AssertionMemory memory, int maxInputLen, int maxOutputLen, AssertionTask task,
                          IdentifierAbstraction identifiers) {
        this(tokenizer, memory, maxInputLen, maxOutputLen, task, identifiers, false);
    }

    /** An encoder that writes names as text. */
    public ExampleEncoder(TextTokenizer tokenizer, AssertionMemory memory, int maxInputLen, int maxOutputLen, AssertionTask task) {
        this(tokenizer, memory, maxInputLen, maxOutputLen, task, null);
    }

    /** An encoder for the task of the memory's examples ({@code method} without a memory). */
    public ExampleEncoder(TextTokenizer tokenizer, AssertionMemory memory, int maxInputLen, int maxOutputLen) {
        this(tokenizer, memory, maxInputLen, maxOutputLen, memory == null ? AssertionTask.METHOD : memory.task());
    }

    /** An encoder without retrieval, for task {@code method}. */
    public ExampleEncoder(TextTokenizer tokenizer, int maxInputLen, int maxOutputLen) {
        this(tokenizer, null, maxInputLen, maxOutputLen);
    }

    /** The encoder a saved model was trained with: its tokenizer, its memory if it has one, and its lengths. */
    public static ExampleEncoder forModel(Path modelDir, ModelConfig config) {
        Path tokenizerFile = modelDir.resolve(Seq2SeqModel.TOKENIZER_FILE);
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new BadInputException(modelDir + ": has no " + Seq2SeqModel.TOKENIZER_FILE + "; save the model with its tokenizer");
        }
        TextTokenizer tok = TextTokenizer.load(tokenizerFile);
        if (tok.vocabSize() != config.vocabSize()) {
            throw new BadInputException(tokenizerFile + ": " + tok.vocabSize() + " tokens, but the model has " + config.vocabSize());
        }
        AssertionMemory memory = AssertionMemory.inModel(modelDir).orElse(null);
        Path settings = modelDir.resolve(FILE);
        AssertionTask task = Files.isRegularFile(settings) ? AssertionTask.parse(Json.readTree(settings).path("task").asText("method"))
                : memory == null ? AssertionTask.METHOD : memory.task();
        return new ExampleEncoder(tok, memory, config.maxSourceLen(), config.maxTargetLen() - 1, task, identifiersInModel(modelDir),
                focalSignaturesInModel(modelDir));
    }

    /** The identifier abstraction a saved model was trained with, or null (none, or a model saved before it existed). */
    public static IdentifierAbstraction identifiersInModel(Path modelDir) {
        Path settings = modelDir.resolve(FILE);
        return Files.isRegularFile(settings) ? IdentifierAbstraction.fromSettings(Json.readTree(settings).get("identifiers")) : null;
    }

    /** Whether a saved model's sources end with the focal class's signatures (false for models saved before the setting). */
    public static boolean focalSignaturesInModel(Path modelDir) {
        Path settings = modelDir.resolve(FILE);
        return Files.isRegularFile(settings) && Json.readTree(settings).path(SIGNATURES).asBoolean(false);
    }

    /** Source and target of the example (its names found once for both). */
    public Encoded encode(AssertionExample example) {
        IdentifierAbstraction.Names names = names(example);
        return new Encoded(source(example, names), target(example.target(), names));
    }

    public int[] source(AssertionExample example) {
        return source(example, names(example));
    }

    private int[] source(AssertionExample example, IdentifierAbstraction.Names names) {
        int[] hint = memory == null ? new int[0] : cut(hints(example, names));
        int[] test = encode(example.testMethodMasked(), names);
        int[] focal = encode(example.focalMethod(), names);
        int[] signatures = new int[0];
        int lead = memory == null ? 0 : hint.length + 1;
        if (task == AssertionTask.ASSERTION) {
            int room = Math.max(0, maxInputLen - lead - 1);
            int keepTest = Math.min(test.length, Math.max(room - focal.length, room * 2 / 3));
            test = Arrays.copyOfRange(test, test.length - keepTest, test.length);
            focal = Arrays.copyOf(focal, Math.min(focal.length, room - keepTest));
            int left = room - test.length - focal.length - 1;
            if (focalSignatures && left > 0) {
                signatures = encode(FocalSignatures.of(example), names);
                signatures = Arrays.copyOf(signatures, Math.min(left, signatures.length));
            }
        }
        int tail = signatures.length == 0 ? 0 : signatures.length + 1;
        int[] ids = new int[lead + test.length + 1 + focal.length + tail];
        if (memory != null) {
            System.arraycopy(hint, 0, ids, 0, hint.length);
            ids[hint.length] = tokenizer.sep();
        }
        System.arraycopy(test, 0, ids, lead, test.length);
        ids[lead + test.length] = tokenizer.sep();
        System.arraycopy(focal, 0, ids, lead + test.length + 1, focal.length);
        if (tail > 0) {
            ids[lead + test.length + 1 + focal.length] = tokenizer.sep();
            System.arraycopy(signatures, 0, ids, ids.length - signatures.length, signatures.length);
        }
        return ids.length > maxInputLen ? Arrays.copyOf(ids, maxInputLen) : ids;
    }

    /** The retrieved assertions a source starts with (see the class comment). */
    private int[] hints(AssertionExample example, IdentifierAbstraction.Names names) {
        if (task == AssertionTask.METHOD) return encode(memory.hint(example), names);
        if (names == null || !identifiers.analogicalHints()) return encode(String.join("\n", memory.distinctTargets(example, HINTS)), names);
        List<int[]> parts = new ArrayList<>();
        for (AssertionExample neighbour : memory.distinctNeighbours(example, HINTS)) {
            if (!parts.isEmpty()) parts.add(encode("\n", names));
            parts.add(encode(AssertionLines.normalized(neighbour.target()), IdentifierAbstraction.analogy(names, names(neighbour))));
        }
        return parts.stream().flatMapToInt(Arrays::stream).toArray();
    }

    /** The example's target ids (its assertions, with its names as placeholders under identifier abstraction). */
    public int[] target(AssertionExample example) {
        return target(example, example.target());
    }

    /** The ids of assertions written for the example (a candidate to score, say), as {@link #target(AssertionExample)}. */
    public int[] target(AssertionExample example, String assertions) {
        return target(assertions, names(example));
    }

    private int[] target(String assertions, IdentifierAbstraction.Names names) {
        return cut(names == null ? tokenizer.encodeTarget(assertions) : encode(assertions, names));
    }

    private IdentifierAbstraction.Names names(AssertionExample example) {
        if (identifiers == null) return null;
        return focalSignatures && task == AssertionTask.ASSERTION ? identifiers.names(example, FocalSignatures.of(example)) : identifiers.names(example);
    }

    private int[] encode(String text, IdentifierAbstraction.Names names) {
        return names == null ? tokenizer.encode(text) : identifiers.encode((Tokenizer) tokenizer, text, names);
    }

    private int[] cut(int[] ids) {
        return ids.length > maxOutputLen ? Arrays.copyOf(ids, maxOutputLen) : ids;
    }

    /** The text of ids generated for the example (its names put back under identifier abstraction). */
    public String decode(AssertionExample example, int[] ids) {
        return identifiers == null ? tokenizer.decode(ids) : identifiers.decode((Tokenizer) tokenizer, ids, names(example));
    }

    /**
     * A generated output as text. When generation ran into its length limit (maxLen steps, or the model's own
     * limit) without EOS, the last statement is usually cut mid-way: it is dropped, so every line returned is whole.
     */
    public String decodeGenerated(AssertionExample example, int[] ids, int maxLen) {
        String text = decode(example, ids);
        if (ids.length < Math.min(maxLen, maxOutputLen + 1) || text.strip().endsWith(";")) return text;
        int lastBreak = text.lastIndexOf('\n');
        return lastBreak < 0 ? "" : text.substring(0, lastBreak);
    }

    /**
     * What a user is given for a generated text: its lines that parse as Java statements, or — when none does and
     * this encoder has a retrieval memory — the assertions of the example's nearest training example (the model's
     * own hint), so the answer is always valid Java.
     */
    public String checkedOutput(AssertionExample example, String generated, AstValidity syntax) {
        String valid = syntax.validLines(generated);
        return valid.isEmpty() && memory != null ? memory.hint(example) : valid;
    }

    /**
     * Writes a complete model directory atomically: the model's files, the tokenizer, this encoder's memory, if any, and
     * the provenance of the run in {@code runDir} (its run.json as {@link Provenance#FILE}).
     */
    public void saveModel(Seq2SeqModel model, Path tokenizerJson, Path dir, Path runDir) {
        AtomicDirectory.write(dir, tmp -> {
            writeModelInto(model, tokenizerJson, tmp);
            Provenance.writeInto(tmp, runDir);
        });
    }

    /** As {@link #saveModel} into a directory whose atomicity the caller provides (a checkpoint). */
    void writeModelInto(Seq2SeqModel model, Path tokenizerJson, Path dir) {
        model.writeInto(dir, tokenizerJson);
        if (memory != null) memory.saveInto(dir);
        var settings = new java.util.TreeMap<String, Object>(java.util.Map.of("task", task.label()));
        if (identifiers != null) settings.put("identifiers", identifiers.settings());
        if (focalSignatures) settings.put(SIGNATURES, true);
        Json.write(dir.resolve(FILE), settings);
    }

    /** A model config for this tokenizer: the preset's shape with this encoder's lengths (+1 for BOS/EOS). */
    public ModelConfig config(String preset) {
        return ModelConfig.preset(preset, tokenizer.vocabSize(), tokenizer.pad(), tokenizer.bos(), tokenizer.eos())
                .withLengths(maxInputLen, maxOutputLen + 1);
    }
}
