package dev.retort.serve;

import dev.retort.core.BadInputException;
import dev.retort.route.AnswerCorpus;
import dev.retort.route.RouteArtifacts;
import dev.retort.route.RouteModel;
import dev.retort.route.RouterKind;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;
import dev.retort.text.embed.TextEmbedder;
import dev.retort.text.embed.TextRole;
import dev.retort.text.index.ExactIndex;
import dev.retort.text.index.Hit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Answers questions with a fitted route model (the directory {@code route fit} writes), as {@code route query} does:
 * embed the question with the model's encoder, transform it with a router, and rank the model's answers by cosine
 * over an exact index. One query at a time (a lock): the encoder and the index are not known to be thread-safe.
 */
public final class RouteService implements AutoCloseable {
    /** One ranked answer: its cosine score, the clusters it belongs to, and its text. */
    public record RankedAnswer(int rank, double score, List<String> clusters, String text) {
    }

    /** The answers, best first, and the router that produced them. */
    public record Answer(String router, List<RankedAnswer> answers) {
    }

    private final RouteModel model;
    private final AnswerCorpus corpus;
    private final TextEmbedder encoder;
    private final ExactIndex index;
    private final RouterKind defaultRouter;
    private final ReentrantLock lock = new ReentrantLock();

    private RouteService(RouteModel model, AnswerCorpus corpus, TextEmbedder encoder) {
        this.model = model;
        this.corpus = corpus;
        this.encoder = encoder;
        this.index = new ExactIndex(model.dimension());
        for (float[] v : corpus.vectors()) index.add(v, Map.of());
        this.defaultRouter = model.routers().contains(RouterKind.ADAPTER) ? RouterKind.ADAPTER : RouterKind.WEIGHTED;
    }

    /** Loads the model, its answers and its encoder once. */
    public static RouteService load(Path dir) {
        RouteArtifacts.Contents contents = RouteArtifacts.read(dir);
        return new RouteService(RouteModel.load(dir), contents.corpus(), SentenceEmbedder.open(EmbeddingModel.parse(contents.encoder())));
    }

    /** The router used when a request names none: adapter when fitted, else weighted (as route query). */
    public String defaultRouter() {
        return defaultRouter.cliName();
    }

    public List<String> routers() {
        return model.routers().stream().map(RouterKind::cliName).toList();
    }

    /** The top {@code k} answers to {@code question}; {@code router} null for the default. */
    public Answer query(String question, int k, String router) {
        RouterKind kind = kind(router);
        lock.lock();
        try {
            float[][] projected = model.project(encoder.embed(List.of(question), TextRole.QUERY), kind);
            List<Hit> hits = index.search(projected, Math.min(k, corpus.size())).getFirst();
            List<RankedAnswer> out = new ArrayList<>();
            for (Hit h : hits) {
                out.add(new RankedAnswer(out.size() + 1, h.score(), List.copyOf(corpus.clusterIds().get(h.id())), corpus.texts().get(h.id())));
            }
            return new Answer(kind.cliName(), out);
        } finally {
            lock.unlock();
        }
    }

    private RouterKind kind(String router) {
        if (router == null) return defaultRouter;
        RouterKind kind;
        try {
            kind = RouterKind.parse(router);
        } catch (BadInputException e) {
            throw ApiException.badField("router", e.getMessage());
        }
        if (!model.routers().contains(kind)) throw ApiException.badField("router", "this model has no " + kind.cliName() + " router; it has " + routers());
        return kind;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
