package dev.retort.kd.loss;

import dev.retort.core.BadInputException;

import java.util.List;
import java.util.Locale;

/**
 * The original pipeline's {@code --loss-function} choices and the components each one combines:
 * {@code traditional} = α·ce + (1 − α)·kl; {@code enhanced} adds pans; {@code ast_enhanced} adds pans and ast;
 * {@code multi_component} takes any list (default: the Trident set focal, jsd, semantic).
 */
public enum LossMode {
    TRADITIONAL(List.of("ce", "kl")),
    ENHANCED(List.of("ce", "kl", "pans")),
    AST_ENHANCED(List.of("ce", "kl", "pans", "ast")),
    MULTI_COMPONENT(List.of("focal", "jsd", "semantic"));

    private final List<String> defaultComponents;

    LossMode(List<String> defaultComponents) {
        this.defaultComponents = defaultComponents;
    }

    public List<String> defaultComponents() {
        return defaultComponents;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LossMode parse(String s) {
        for (LossMode m : values()) if (m.cliName().equals(s.toLowerCase(Locale.ROOT).replace('-', '_'))) return m;
        throw new BadInputException("unknown --loss-function '" + s
                + "': use traditional, enhanced, ast_enhanced or multi_component");
    }
}
