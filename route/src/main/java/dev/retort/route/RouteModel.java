package dev.retort.route;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.Rng;
import dev.retort.core.io.Json;
import dev.retort.core.io.NdArray;
import dev.retort.core.tensor.ParameterStore;
import dev.retort.core.tensor.Safetensors;
import dev.retort.core.tensor.Tensors;
import dev.retort.core.train.EpochCheckpoint;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The federated router ("teacher"): k-means clusters of the training answers, one {@link ClusterMap} per
 * cluster fitted by Procrustes on that cluster's question→answer pairs, the routers that weight the
 * clusters for a query, and optional learned query adapters. Inputs and outputs are unit-norm embeddings.
 */
public final class RouteModel {
    static final String FILE = "teacher.safetensors";

    private final RouteConfig config;
    private final List<ClusterMap> maps;
    private final Tensor questionCentroids;   // [K, d] unit mean of each cluster's training questions
    private final Tensor answerMeans;         // [K, d] mean answer of each cluster (the k-means centroid)
    private final Tensor trainQuestions;      // [N, d]
    private final int[] trainLabels;          // cluster of each training pair
    private final Tensor logPrior;            // [K]
    private final Map<RouterKind, QueryAdapter> adapters = new EnumMap<>(RouterKind.class);

    private RouteModel(RouteConfig config, List<ClusterMap> maps, Tensor questionCentroids, Tensor answerMeans,
                       Tensor trainQuestions, int[] trainLabels, Tensor logPrior) {
        this.config = config;
        this.maps = maps;
        this.questionCentroids = questionCentroids;
        this.answerMeans = answerMeans;
        this.trainQuestions = trainQuestions;
        this.trainLabels = trainLabels;
        this.logPrior = logPrior;
    }

    /** What fitting took and chose. */
    public record FitSummary(int clusters, String kSource, double kMeansSeconds, double procrustesSeconds, int kMeansIterations,
                             double inertia, long teacherParameters, long denseTeacherParameters) {
    }

    /**
     * Fits clusters and maps on training pairs: q [n][d] and a [n][d], unit rows, row i of each is one pair.
     */
    public static RouteModel fit(float[][] questions, float[][] answers, RouteConfig config, Rng rng) {
        if (questions.length != answers.length) throw new IllegalArgumentException("questions and answers differ in count");
        if (questions.length < 2) throw new BadInputException("fitting needs at least 2 training pairs, got " + questions.length);
        try (var noGrad = new NoGradGuard()) {
            Tensor q = Rows.tensor(questions), a = Rows.tensor(answers);
            int k = config.k() > 0 ? config.k() : config.kRule().clusters(a, Math.min(config.maxK(), questions.length));
            k = Math.min(k, questions.length);
            KMeans.Result clustering = new KMeans(k, config.restarts(), config.maxIterations()).fit(a, rng.fork("kmeans"));
            return fromClusters(q, a, clustering.labels(), clustering.k(), config);
        }
    }

    /** Like {@link #fit} but also reports timings (embedding excluded), for the CLI and benchmarks. */
    public static Fitted fitTimed(float[][] questions, float[][] answers, RouteConfig config, Rng rng) {
        try (var noGrad = new NoGradGuard()) {
            Tensor q = Rows.tensor(questions), a = Rows.tensor(answers);
            String source = config.k() > 0 ? "--k" : config.kRule().name().toLowerCase();
            int k = config.k() > 0 ? config.k() : config.kRule().clusters(a, Math.min(config.maxK(), questions.length));
            k = Math.min(k, questions.length);
            long t0 = System.nanoTime();
            KMeans.Result clustering = new KMeans(k, config.restarts(), config.maxIterations()).fit(a, rng.fork("kmeans"));
            long t1 = System.nanoTime();
            RouteModel model = fromClusters(q, a, clustering.labels(), clustering.k(), config);
            long t2 = System.nanoTime();
            long dim = q.size(1);
            return new Fitted(model, new FitSummary(k, source, (t1 - t0) / 1e9, (t2 - t1) / 1e9, clustering.iterations(),
                    clustering.inertia(), model.teacherParameters(), (long) k * dim * dim));
        }
    }

    public record Fitted(RouteModel model, FitSummary summary) {
    }

    static RouteModel fromClusters(Tensor q, Tensor a, int[] labels, int k, RouteConfig config) {
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < k; c++) members.add(new ArrayList<>());
        for (int i = 0; i < labels.length; i++) members.get(labels[i]).add(i);
        List<ClusterMap> maps = new ArrayList<>(k);
        long d = q.size(1);
        Tensor qCentroids = torch.zeros(k, d), aMeans = torch.zeros(k, d);
        for (int c = 0; c < k; c++) {
            int[] rows = members.get(c).stream().mapToInt(Integer::intValue).toArray();
            Tensor idx = Tensors.indices(rows);                                // no step scope: the maps outlive it
            Tensor qc = q.index_select(0, idx), ac = a.index_select(0, idx);
            maps.add(Procrustes.fit(qc, ac, config.procrustes()));
            qCentroids.narrow(0, c, 1).copy_(qc.mean(new long[]{0}, true, new org.bytedeco.pytorch.ScalarTypeOptional()));
            aMeans.narrow(0, c, 1).copy_(ac.mean(new long[]{0}, true, new org.bytedeco.pytorch.ScalarTypeOptional()));
        }
        qCentroids = Rows.normalize(qCentroids);
        Tensor logPrior = config.prior().logPrior(q, labels, qCentroids, config.tau());
        return new RouteModel(config, maps, qCentroids, aMeans, q, labels.clone(), logPrior);
    }

    public RouteConfig config() {
        return config;
    }

    public int clusters() {
        return maps.size();
    }

    public int dimension() {
        return (int) questionCentroids.size(1);
    }

    /** Stored scalars of all cluster maps (U, B, means, scale). */
    public long teacherParameters() {
        long n = 0;
        for (ClusterMap m : maps) n += m.parameterCount();
        return n;
    }

    /** The kinds this model can answer with (adapters only when trained). */
    public List<RouterKind> routers() {
        List<RouterKind> out = new ArrayList<>(List.of(RouterKind.RAW, RouterKind.CENTROID, RouterKind.QUESTION, RouterKind.WEIGHTED,
                RouterKind.UNCERTAINTY_WEIGHTED));
        out.addAll(adapters.keySet());
        return out;
    }

    /** Experts of the mixture adapter when the model has one, else 0. */
    int adapterExperts() {
        QueryAdapter moe = adapters.get(RouterKind.ADAPTER_MOE);
        return moe == null ? 0 : moe.expertCount();
    }

    Router router(RouterKind kind) {
        return switch (kind) {
            case CENTROID -> new Router.Centroid(questionCentroids, config.tau());
            case QUESTION -> new Router.Question(trainQuestions, onehot(), config.questionTau(), config.secondTau());
            case WEIGHTED -> new Router.Weighted(questionCentroids, logPrior, config.tau());
            case UNCERTAINTY_WEIGHTED -> new Router.Weighted(questionCentroids, ClusterPrior.logUncertainty(logPrior), config.tau());
            default -> throw new IllegalArgumentException(kind + " is not a federated router");
        };
    }

    /** [N, K] one-hot of the training questions' clusters. */
    Tensor onehot() {
        Tensor out = torch.zeros(trainLabels.length, maps.size());
        Tensor cols = Tensors.indices(trainLabels).unsqueeze(1);
        return out.scatter(1, cols, Rows.scalar(1.0));
    }

    /** queries [b, d] unit rows → [b, d] unit rows. */
    public float[][] project(float[][] queries, RouterKind kind) {
        try (var step = Engine.step(); var noGrad = new NoGradGuard()) {
            return Rows.of(project(Rows.tensor(queries), kind));
        }
    }

    Tensor project(Tensor q, RouterKind kind) {
        if (q.size(1) != dimension()) {
            throw new BadInputException("query vectors have dimension " + q.size(1) + ", the model was fitted on " + dimension());
        }
        return switch (kind) {
            case RAW -> Rows.normalize(q);
            case CENTROID, QUESTION, WEIGHTED, UNCERTAINTY_WEIGHTED -> Rows.normalize(new FederatedProjection(maps).project(q, router(kind).weights(q), config.topK()));
            case ADAPTER, ADAPTER_MOE -> {
                QueryAdapter adapter = adapters.get(kind);
                if (adapter == null) throw new BadInputException("this model has no " + kind.cliName() + " adapter; fit with --adapters " + kind.cliName());
                yield Rows.normalize(adapter.forward(q));
            }
        };
    }

    /** Cluster weights [b][K] of a federated router (for the student's inputs and for inspection). */
    Tensor weights(Tensor q, RouterKind kind) {
        return router(kind).weights(q);
    }

    Tensor questionCentroids() {
        return questionCentroids;
    }

    Tensor answerMeans() {
        return answerMeans;
    }

    List<ClusterMap> maps() {
        return maps;
    }

    /**
     * Trains a query adapter (linear for {@code adapter}, a mixture of {@code experts} for {@code adapter-moe})
     * on training pairs; answerIds index the unit answer corpus [M][d] used for validation. {@code plan}: whether to
     * checkpoint every epoch and resume from a checkpoint.
     */
    public AdapterReport trainAdapter(RouterKind kind, float[][] questions, float[][] answers, int[] answerIds, float[][] corpus,
                                      int experts, Rng rng, EpochCheckpoint.Plan plan) {
        AdapterTraining.Settings settings = switch (kind) {
            case ADAPTER -> AdapterTraining.Settings.linear();
            case ADAPTER_MOE -> AdapterTraining.Settings.mixture(experts);
            default -> throw new IllegalArgumentException(kind + " is not an adapter");
        };
        long t0 = System.nanoTime();
        AdapterTraining.Result r = AdapterTraining.train(Rows.tensor(questions), Rows.tensor(answers), answerIds, Rows.tensor(corpus),
                settings, config.tau(), rng.fork(kind.cliName()), plan);
        adapters.put(kind, r.adapter());
        return new AdapterReport(kind, r.bestEpoch(), r.rawValidationMrr(), r.bestValidationMrr(),
                ParameterStore.parameterCount(r.adapter()), (System.nanoTime() - t0) / 1e9);
    }

    public record AdapterReport(RouterKind kind, int bestEpoch, double rawValidationMrr, double validationMrr, long parameters,
                                double seconds) {
    }

    // ---- persistence ----

    public void save(Path dir) {
        Map<String, NdArray> t = new LinkedHashMap<>();
        t.put("centroids.question", Tensors.toArray(questionCentroids, dev.retort.core.io.DType.FLOAT32));
        t.put("centroids.answer", Tensors.toArray(answerMeans, dev.retort.core.io.DType.FLOAT32));
        t.put("train.questions", Tensors.toArray(trainQuestions, dev.retort.core.io.DType.FLOAT32));
        long[] labels = new long[trainLabels.length];
        for (int i = 0; i < labels.length; i++) labels[i] = trainLabels[i];
        t.put("train.labels", NdArray.ofLongs(labels, labels.length));
        t.put("prior.log", Tensors.toArray(logPrior, dev.retort.core.io.DType.FLOAT32));
        float[] scales = new float[maps.size()];
        for (int c = 0; c < maps.size(); c++) {
            ClusterMap m = maps.get(c);
            t.put("cluster." + c + ".mu_q", Tensors.toArray(m.muQ(), dev.retort.core.io.DType.FLOAT32));
            t.put("cluster." + c + ".mu_a", Tensors.toArray(m.muA(), dev.retort.core.io.DType.FLOAT32));
            t.put("cluster." + c + ".basis", Tensors.toArray(m.basis(), dev.retort.core.io.DType.FLOAT32));
            t.put("cluster." + c + ".delta", Tensors.toArray(m.delta(), dev.retort.core.io.DType.FLOAT32));
            scales[c] = (float) m.scale();
        }
        t.put("scales", NdArray.ofFloats(scales, scales.length));
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new BadInputException("cannot create model directory " + dir + ": " + e.getMessage(), e);
        }
        Safetensors.write(dir.resolve(FILE), t, Map.of("config", Json.toJson(config), "format", "retort-route-teacher/1"));
        for (var e : adapters.entrySet()) {
            ParameterStore.save(e.getValue(), dir.resolve("adapter-" + e.getKey().cliName() + ".safetensors"),
                    Map.of("experts", String.valueOf(e.getValue().expertCount())));
        }
    }

    public static RouteModel load(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) throw new BadInputException(dir + ": no " + FILE + "; is this a directory written by 'retort route fit'?");
        Map<String, NdArray> t = Safetensors.read(file);
        RouteConfig config = RouteArtifacts.readConfig(dir);
        float[] scales = need(t, "scales", file).toFloats();
        List<ClusterMap> maps = new ArrayList<>();
        for (int c = 0; c < scales.length; c++) {
            maps.add(new ClusterMap(tensor(t, "cluster." + c + ".mu_q", file), tensor(t, "cluster." + c + ".mu_a", file), scales[c],
                    tensor(t, "cluster." + c + ".basis", file), tensor(t, "cluster." + c + ".delta", file)));
        }
        long[] l = need(t, "train.labels", file).toLongs();
        int[] labels = new int[l.length];
        for (int i = 0; i < l.length; i++) labels[i] = (int) l[i];
        RouteModel model = new RouteModel(config, maps, tensor(t, "centroids.question", file), tensor(t, "centroids.answer", file),
                tensor(t, "train.questions", file), labels, tensor(t, "prior.log", file));
        for (RouterKind kind : List.of(RouterKind.ADAPTER, RouterKind.ADAPTER_MOE)) {
            Path p = dir.resolve("adapter-" + kind.cliName() + ".safetensors");
            if (!Files.isRegularFile(p)) continue;
            int experts = (int) need(Safetensors.read(p), "experts", p).shape()[0];
            QueryAdapter adapter = new QueryAdapter(model.dimension(), experts, torch.zeros(experts, model.dimension()), config.tau());
            ParameterStore.load(adapter, p);
            model.adapters.put(kind, adapter);
        }
        return model;
    }

    private static NdArray need(Map<String, NdArray> t, String name, Path file) {
        NdArray a = t.get(name);
        if (a == null) throw new BadInputException(file + ": missing tensor '" + name + "'");
        return a;
    }

    private static Tensor tensor(Map<String, NdArray> t, String name, Path file) {
        return Tensors.fromArray(need(t, name, file));
    }
}
