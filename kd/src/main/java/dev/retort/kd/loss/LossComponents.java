package dev.retort.kd.loss;

import dev.retort.core.BadInputException;
import dev.retort.text.embed.TextEmbedder;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Builds loss components by name; the embedder is opened only when a term needs it. */
public final class LossComponents {
    public static final List<String> NAMES = List.of("ce", "kl", "focal", "jsd", "semantic", "contrastive", "pans", "ast");

    private LossComponents() {
    }

    public static List<LossComponent> create(List<String> names, Supplier<? extends TextEmbedder> embedder, double semanticScale) {
        List<LossComponent> out = new ArrayList<>();
        for (String n : names) {
            out.add(switch (n) {
                case "ce" -> new CrossEntropyLoss();
                case "kl" -> new KlLoss();
                case "focal" -> new FocalLoss();
                case "jsd" -> new JsdLoss();
                case "semantic" -> new SemanticLoss(embedder.get(), semanticScale);
                case "contrastive" -> new ContrastiveLoss(embedder.get());
                case "pans" -> new PansLoss();
                case "ast" -> new AstLoss();
                default -> throw new BadInputException("unknown loss component '" + n + "': use one of " + NAMES);
            });
        }
        return out;
    }
}
