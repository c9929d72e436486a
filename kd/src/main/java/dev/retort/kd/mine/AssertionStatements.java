package dev.retort.kd.mine;

import com.github.javaparser.JavaToken;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The assertion statements of a test method, outermost only, in source order: expression statements whose
 * call chain starts with {@code assert…(…)} — JUnit 4/5 ({@code assertEquals}, {@code assertThrows},
 * {@code assertAll}, …, bare or on a class: {@code Assert.}, {@code Assertions.}, a project's {@code TestUtils.}),
 * AssertJ ({@code assertThat(x).isX()…}) and Hamcrest ({@code assertThat(x, is(y))}, {@code MatcherAssert.assertThat}).
 */
final class AssertionStatements {
    private AssertionStatements() {
    }

    static List<ExpressionStmt> of(MethodDeclaration test) {
        List<ExpressionStmt> out = new ArrayList<>();
        test.getBody().ifPresent(body -> body.walk(com.github.javaparser.ast.Node.TreeTraversal.PREORDER, node -> {
            if (node instanceof ExpressionStmt s && isAssertion(s.getExpression()) && out.stream().noneMatch(o -> contains(o, s)))
                out.add(s);
        }));
        return out;
    }

    private static boolean contains(Node outer, Node inner) {
        for (Optional<Node> p = inner.getParentNode(); p.isPresent(); p = p.get().getParentNode()) if (p.get() == outer) return true;
        return false;
    }

    static boolean isAssertion(Expression e) {
        if (!(e instanceof MethodCallExpr call)) return false;
        MethodCallExpr root = call;
        while (root.getScope().isPresent() && root.getScope().get() instanceof MethodCallExpr inner) root = inner;
        if (!root.getNameAsString().startsWith("assert")) return false;
        return root.getScope().map(AssertionStatements::isAssertionClass).orElse(true);
    }

    /**
     * A class, not an instance: {@code Assert}, {@code Assertions}, {@code MatcherAssert}, {@code org.junit.Assert},
     * and project helpers such as {@code TestUtils.assertEquals} (upper-case name, as Java classes are written).
     */
    private static boolean isAssertionClass(Expression scope) {
        String name = scope instanceof NameExpr n ? n.getNameAsString()
                : scope instanceof FieldAccessExpr f ? f.getNameAsString() : "";
        return !name.isEmpty() && Character.isUpperCase(name.charAt(0));
    }

    /**
     * The statement on one line, comments dropped: whitespace that spans lines or surrounds a comment
     * becomes one space, or nothing next to brackets, dots and separators ({@code assertThat(x)\n    .isTrue()}
     * → {@code assertThat(x).isTrue()}). Empty when a token itself spans lines (a text block): such an assertion cannot be
     * one line of the target.
     */
    static Optional<String> oneLine(ExpressionStmt s) {
        var range = s.getTokenRange().orElseThrow();
        StringBuilder out = new StringBuilder();
        StringBuilder gap = new StringBuilder();
        boolean gapBreaks = false;
        for (JavaToken t : range) {
            if (t.getCategory().isWhitespaceOrComment()) {
                gapBreaks |= t.getCategory().isEndOfLine() || t.getCategory().isComment();
                gap.append(t.getText());
                continue;
            }
            if (!gap.isEmpty() && !out.isEmpty()) out.append(gapBreaks ? joiner(out, t.getText()) : gap);
            gap.setLength(0);
            gapBreaks = false;
            if (t.getText().indexOf('\n') >= 0 || t.getText().indexOf('\r') >= 0) return Optional.empty();
            out.append(t.getText());
        }
        return Optional.of(out.toString());
    }

    private static String joiner(CharSequence before, String next) {
        char last = before.charAt(before.length() - 1), first = next.charAt(0);
        return ".([".indexOf(last) >= 0 || ".)],;".indexOf(first) >= 0 ? "" : " ";
    }
}
