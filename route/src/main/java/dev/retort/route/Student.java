package dev.retort.route;

import dev.retort.core.tensor.Tensors;
import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.Rng;
import dev.retort.core.io.Json;
import dev.retort.core.report.Progress;
import dev.retort.core.tensor.ParameterStore;
import dev.retort.core.train.AdamWOptimizers;
import dev.retort.core.train.EarlyStopping;
import dev.retort.core.train.EpochCheckpoint;
import dev.retort.core.train.MinibatchEpochs;
import dev.retort.core.train.OptimizerStep;
import dev.retort.core.train.ResumeCheck;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A compact transformer distilled from a federated router ({@link StudentNet}). Trained on the teacher's
 * outputs for the training questions (plus noisy copies of them), with loss
 * {@code mseWeight·MSE + cosWeight·(1 − cos)} per sample, optionally weighted by the teacher's routing entropy or
 * Fisher information ({@link Importance}: ambiguous queries count more); AdamW, seeded, early stopping on a validation
 * slice of the training questions.
 */
public final class Student {
    static final String WEIGHTS = "student.safetensors";
    static final String CONFIG = "student.json";

    /**
     * Everything one student is trained with, grouped; {@link #defaults} is the one source of the defaults (route
     * distill's options read theirs from it).
     */
    public record Settings(Shape shape, Training training, Loss loss) {
        /** 32: MiniLM's own per-head size (384 / 12), so H=12 gives a student as wide as the embeddings. */
        public static final int HEAD_DIM = 32;

        public Settings {
            java.util.Objects.requireNonNull(shape, "shape");
            java.util.Objects.requireNonNull(training, "training");
            java.util.Objects.requireNonNull(loss, "loss");
        }

        public static Settings defaults(int heads, int layers) {
            return new Settings(new Shape(heads, layers, HEAD_DIM, 0, 4, 0.1), new Training(120, 64, 1e-3, 1e-2, 8, 0.1),
                    new Loss(Importance.UNIFORM, 2, 0.05, 0.3, 0.7));
        }

        /** The same settings for another number of heads and layers. */
        public Settings with(int heads, int layers) {
            return new Settings(new Shape(heads, layers, shape.headDim(), shape.fixedWidth(), shape.topK(), shape.dropout()), training, loss);
        }
    }

    /**
     * The student's shape.
     *
     * @param headDim    size of each attention head; the model width is {@code heads × headDim} unless {@code fixedWidth}
     *                   is set, so a shape such as H=12 L=2 gets a width its heads divide
     * @param fixedWidth one width for every head count (must be divisible by the heads); 0 = follow the heads
     * @param topK       clusters whose projections the student mixes per question
     */
    public record Shape(int heads, int layers, int headDim, int fixedWidth, int topK, double dropout) {
        public Shape {
            if (heads < 1 || layers < 1 || headDim < 1 || topK < 1)
                throw new BadInputException("--heads, --layers, --head-dim and --top-k must be ≥ 1, got heads " + heads + ", layers "
                        + layers + ", head dim " + headDim + ", top-k " + topK);
            if (fixedWidth < 0) throw new BadInputException("--width must be ≥ 0 (0 = heads × --head-dim), got " + fixedWidth);
            if (fixedWidth > 0 && fixedWidth % heads != 0)
                throw new BadInputException("--width " + fixedWidth + " must be divisible by --heads " + heads
                        + "; or drop --width so the width follows the heads (heads × --head-dim)");
            if (dropout < 0 || dropout >= 1) throw new BadInputException("dropout must be in [0, 1), got " + dropout);
        }

        /** The model width: {@code fixedWidth} when set, else {@code heads × headDim}. */
        public int width() {
            return fixedWidth > 0 ? fixedWidth : heads * headDim;
        }
    }

    /**
     * How the student trains: AdamW at {@code learningRate}, batches of {@code batchSize}, up to {@code epochs}, stopping
     * after {@code patience} epochs without a better loss on the {@code validationFraction} of questions held back.
     */
    public record Training(int epochs, int batchSize, double learningRate, double weightDecay, int patience, double validationFraction) {
        public Training {
            if (epochs < 1 || batchSize < 1 || patience < 1) {
                throw new BadInputException("--epochs, the batch size and --patience must be ≥ 1, got " + epochs + ", " + batchSize + ", " + patience);
            }
            if (!(learningRate > 0)) throw new BadInputException("--lr must be positive, got " + learningRate);
            if (weightDecay < 0) throw new BadInputException("weight decay must not be negative, got " + weightDecay);
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new BadInputException("the validation fraction must be in (0, 1), got " + validationFraction);
            }
        }
    }

    /**
     * The per-sample loss {@code mseWeight·MSE + cosWeight·(1−cos)}, weighted per sample by {@code importance}, over the
     * questions plus {@code augment} noisy copies of each (Gaussian noise of scale {@code noise}, renormalized).
     */
    public record Loss(Importance importance, int augment, double noise, double mseWeight, double cosWeight) {
        public Loss {
            java.util.Objects.requireNonNull(importance, "importance");
            if (augment < 0 || noise < 0) throw new BadInputException("--augment and the noise must not be negative, got " + augment + ", " + noise);
            if (mseWeight < 0 || cosWeight < 0 || mseWeight + cosWeight <= 0) {
                throw new BadInputException("--mse-weight and --cos-weight must not be negative and not both 0, got " + mseWeight + ", " + cosWeight);
            }
        }

        /** The per-sample loss with these weights, for messages and chart labels, e.g. "0.3·MSE + 0.7·(1−cos)". */
        public String formula() {
            return plain(mseWeight) + "·MSE + " + plain(cosWeight) + "·(1−cos)";
        }

        private static String plain(double w) {
            return BigDecimal.valueOf(w).stripTrailingZeros().toPlainString();
        }
    }

    /**
     * How distillation weights its samples (the proposal's phases 2 and 3): {@code uniform}; {@code entropy}: clip(u/mean u,
     * 0.5, 2) with u the teacher router's entropy on the sample; {@code fisher}: the same clip of the router's Fisher
     * information on it, E_{y∼w}‖∇ log w_y‖² ∝ 1 − Σₖ wₖ² (see {@link RoutingInformation}); {@code embedding}: the same clip
     * of the embedding model's uncertainty on the question ({@link EmbeddingSpread}: how far its embedding moves when words
     * are dropped). All count uncertain samples more. Only federated targets have routing weights, so an adapter target
     * trains uniformly under {@code entropy} and {@code fisher}.
     */
    public enum Importance {
        UNIFORM, ENTROPY, FISHER, EMBEDDING;

        public static Importance parse(String name) {
            for (Importance i : values()) if (i.name().equalsIgnoreCase(name.strip())) return i;
            throw new BadInputException("unknown --importance '" + name + "': use uniform, entropy, fisher or embedding");
        }
    }

    public record Distilled(Student student, int bestEpoch, double bestValidationLoss, double[] trainLoss, double[] validationLoss,
                            double seconds) {
    }

    private final StudentNet net;
    private final Settings settings;
    private final RouterKind target;

    private Student(StudentNet net, Settings settings, RouterKind target) {
        this.net = net;
        this.settings = settings;
        this.target = target;
    }

    /**
     * Distils {@code teacher}'s {@code target} router from unit training questions [n][d].
     *
     * @param spread the embedding uncertainty of each question [n] for {@link Importance#EMBEDDING}; else ignored (may be null)
     * @param plan   whether to checkpoint every epoch and resume from a checkpoint ({@link EpochCheckpoint})
     */
    public static Distilled distill(RouteModel teacher, RouterKind target, float[][] trainQuestions, double[] spread, Settings s, Rng rng,
                                    EpochCheckpoint.Plan plan) {
        long t0 = System.nanoTime();
        int n = trainQuestions.length;
        int[] perm = rng.fork("student-split").permutation(n);
        int nVal = Math.max(1, (int) Math.round(n * s.training().validationFraction()));
        Tensor all = Rows.tensor(trainQuestions);
        int[] valRows = Arrays.copyOfRange(perm, 0, nVal), trainRows = Arrays.copyOfRange(perm, nVal, n);
        Tensor valX = all.index_select(0, Tensors.indices(valRows));
        Tensor trainX = augment(all.index_select(0, Tensors.indices(trainRows)), s, rng.fork("student-noise"));
        Tensor trainY, valY, trainW, valW;
        try (var noGrad = new NoGradGuard()) {
            trainY = teacher.project(trainX, target);
            valY = teacher.project(valX, target);
            trainW = s.loss().importance() == Importance.EMBEDDING ? spreadWeights(spread, trainRows, s.loss().augment() + 1)
                    : importance(teacher, target, trainX, s.loss().importance());
            valW = s.loss().importance() == Importance.EMBEDDING ? spreadWeights(spread, valRows, 1) : importance(teacher, target, valX, s.loss().importance());
        }
        Engine.get().reseed(rng.fork("student-init").nextLong());
        StudentNet net = new StudentNet((int) all.size(1), s.shape().width(), s.shape().heads(), s.shape().layers(), s.shape().topK(), s.shape().dropout(), teacher.config().tau(),
                teacher.questionCentroids(), teacher.answerMeans());
        AdamW optimizer = AdamWOptimizers.create(net, s.training().learningRate(), s.training().weightDecay(), StudentNet.DECAY);
        OptimizerStep update = OptimizerStep.unclipped(optimizer);
        EarlyStopping stopping = new EarlyStopping(net, EarlyStopping.Goal.MINIMIZE, Double.POSITIVE_INFINITY, s.training().patience());
        double[] trainCurve = new double[s.training().epochs()], valCurve = new double[s.training().epochs()];
        EpochCheckpoint checkpoint = new EpochCheckpoint(plan, net, optimizer, stopping, Map.of("train", trainCurve, "validation", valCurve),
                ResumeCheck.options(Map.of("settings", s, "target", target.cliName()), List.of()));
        int epochsRun;
        net.train(true);
        try (Progress progress = Progress.start("student H=" + s.shape().heads() + " L=" + s.shape().layers(), s.training().epochs())) {
            progress.advance(checkpoint.epochsDone());
            epochsRun = new MinibatchEpochs(s.training().batchSize(), s.training().epochs(), "student distillation (loss: " + s.loss().formula() + ")")
                    .run(MinibatchEpochs.allRows((int) trainX.size(0)), rng.fork("student-batches"), rows -> {
                        Tensor idx = Tensors.indices(rows);
                        Tensor loss = loss(net.forward(trainX.index_select(0, idx)), trainY.index_select(0, idx), trainW.index_select(0, idx), s);
                        optimizer.zero_grad();
                        loss.backward();
                        update.apply(s.training().learningRate());
                        return loss.item_double();
                    }, (epoch, trainLoss) -> {
                        net.eval();
                        double val;
                        try (var step = Engine.step(); var noGrad = new NoGradGuard()) {
                            val = loss(net.forward(valX), valY, valW, s).item_double();
                        }
                        net.train(true);
                        trainCurve[epoch - 1] = trainLoss;
                        valCurve[epoch - 1] = val;
                        progress.advance(1);
                        progress.message(String.format(Locale.ROOT, "loss %.4f val %.4f", trainLoss, val));
                        return stopping.record(epoch, val);
                    }, checkpoint);
        }
        stopping.restoreBest();
        net.eval();
        return new Distilled(new Student(net, s, target), stopping.bestEpoch(), stopping.best(), Arrays.copyOf(trainCurve, epochsRun),
                Arrays.copyOf(valCurve, epochsRun), (System.nanoTime() - t0) / 1e9);
    }

    /** The questions followed by {@code augment} noisy, re-normalised copies. */
    private static Tensor augment(Tensor x, Settings s, Rng rng) {
        if (s.loss().augment() <= 0) return x;
        org.bytedeco.pytorch.TensorVector parts = new org.bytedeco.pytorch.TensorVector(x);
        Engine.get().reseed(rng.nextLong());
        for (int i = 0; i < s.loss().augment(); i++) parts.push_back(Rows.normalize(x.add(torch.randn(x.size(0), x.size(1)).mul(Rows.scalar(s.loss().noise())))));
        return torch.cat(parts, 0);
    }

    /** Per-sample weights [n]: ones, or clip(u/mean u, 0.5, 2) of the teacher's routing uncertainty u (see {@link Importance}). */
    private static Tensor importance(RouteModel teacher, RouterKind target, Tensor x, Importance kind) {
        if (kind == Importance.UNIFORM || !target.federated()) return torch.ones(x.size(0));
        Tensor w = teacher.weights(x, target);
        return clipped(switch (kind) {
            case ENTROPY -> RoutingInformation.normalisedEntropy(w);                                  // [n]
            case FISHER -> RoutingInformation.expectedFisher(w, x, teacher.config().tau());          // [n]
            case UNIFORM, EMBEDDING -> throw new IllegalStateException(kind + " does not come from the router");
        });
    }

    /** clip(u/mean u, 0.5, 2) of the questions' embedding spread, for these rows, the list repeated {@code copies} times
     *  (the training questions and their noisy copies, in {@link #augment}'s order). */
    private static Tensor spreadWeights(double[] spread, int[] rows, int copies) {
        if (spread == null) throw new IllegalArgumentException("--importance embedding needs the questions' embedding spread");
        float[] u = new float[rows.length * copies];
        for (int c = 0; c < copies; c++) for (int i = 0; i < rows.length; i++) u[c * rows.length + i] = (float) spread[rows[i]];
        return clipped(Tensors.of(u, u.length));
    }

    private static Tensor clipped(Tensor u) {
        return u.div(u.mean().clamp_min(Rows.scalar(1e-12))).clamp(new org.bytedeco.pytorch.ScalarOptional(Rows.scalar(0.5)),
                new org.bytedeco.pytorch.ScalarOptional(Rows.scalar(2.0)));
    }

    /** Weighted mean of mseWeight·mean((s − t)²) + cosWeight·(1 − cos(s, t)). */
    static Tensor loss(Tensor student, Tensor teacher, Tensor weights, Settings s) {
        Tensor mse = student.sub(teacher).square().mean(new long[]{1}, false, new org.bytedeco.pytorch.ScalarTypeOptional());   // [b]
        Tensor cos = torch.cosine_similarity(student, teacher, 1, 1e-8);                                                        // [b]
        Tensor perSample = mse.mul(Rows.scalar(s.loss().mseWeight())).add(cos.neg().add(Rows.scalar(1)).mul(Rows.scalar(s.loss().cosWeight())));
        return perSample.mul(weights).sum().div(weights.sum());
    }

    /** Unit queries [b][d] → unit outputs [b][d]. */
    public float[][] project(float[][] queries) {
        try (var step = Engine.step(); var noGrad = new NoGradGuard()) {
            return Rows.of(Rows.normalize(net.forward(Rows.tensor(queries))));
        }
    }

    public Settings settings() {
        return settings;
    }

    public RouterKind target() {
        return target;
    }

    public long parameters() {
        return ParameterStore.parameterCount(net);
    }

    /** Routing tables the student keeps (centroids, answer means). */
    public long tableSize() {
        return net.tableSize();
    }

    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new BadInputException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        ParameterStore.save(net, dir.resolve(WEIGHTS), Map.of("heads", String.valueOf(settings.shape().heads()), "layers", String.valueOf(settings.shape().layers())));
        Json.write(dir.resolve(CONFIG), Map.of("settings", settings, "width", settings.shape().width(), "target", target.cliName(), "tau", net.tau,
                "dimension", net.parametersDimension(), "clusters", net.clusters()));
    }

    /**
     * Settings as older students stored them, grouped as {@link Settings} now has them: the flat form (all fields in one
     * object), in its oldest variant with one fixed {@code width} (read as {@code fixedWidth}) and a boolean
     * {@code importance} (true = entropy weighting).
     */
    static com.fasterxml.jackson.databind.JsonNode settingsNode(com.fasterxml.jackson.databind.JsonNode node) {
        if (!(node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) || o.has("shape")) return node;
        com.fasterxml.jackson.databind.node.ObjectNode flat = o.deepCopy();
        if (!o.has("headDim") && o.has("width")) {
            int width = o.get("width").asInt(), heads = Math.max(1, o.path("heads").asInt(1));
            flat.put("fixedWidth", width);
            flat.put("headDim", Math.max(1, width / heads));
            flat.remove("width");
        }
        if (o.path("importance").isBoolean()) flat.put("importance", (o.get("importance").asBoolean() ? Importance.ENTROPY : Importance.UNIFORM).name());
        com.fasterxml.jackson.databind.node.ObjectNode grouped = Json.MAPPER.createObjectNode();
        grouped.set("shape", flat.deepCopy().retain("heads", "layers", "headDim", "fixedWidth", "topK", "dropout"));
        grouped.set("training", flat.deepCopy().retain("epochs", "batchSize", "learningRate", "weightDecay", "patience", "validationFraction"));
        grouped.set("loss", flat.deepCopy().retain("importance", "augment", "noise", "mseWeight", "cosWeight"));
        return grouped;
    }

    public static Student load(Path dir) {
        Path cfg = dir.resolve(CONFIG);
        if (!Files.isRegularFile(cfg)) throw new BadInputException(dir + ": no " + CONFIG + "; pass a directory written by 'retort route distill'");
        var json = Json.readTree(cfg);
        Settings s = Json.MAPPER.convertValue(settingsNode(json.get("settings")), Settings.class);
        int d = json.get("dimension").asInt(), k = json.get("clusters").asInt();
        StudentNet net = new StudentNet(d, s.shape().width(), s.shape().heads(), s.shape().layers(), s.shape().topK(), s.shape().dropout(), json.get("tau").asDouble(),
                torch.zeros(k, d), torch.zeros(k, d));
        ParameterStore.load(net, dir.resolve(WEIGHTS));
        net.eval();
        return new Student(net, s, RouterKind.parse(json.get("target").asText()));
    }
}
