package dev.retort.kd.mine;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.LabeledStmt;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import dev.retort.kd.data.AssertionExample;

import java.util.ArrayList;
import java.util.List;

/**
 * The input of one per-assertion example: the test method's text from its start up to one assertion statement, that
 * statement replaced by {@link AssertionExample#PLACEHOLDER}, everything after it cut, and the blocks left open
 * closed again ({@code }}, plus {@code finally {}} after a cut try block and {@code while (…);} after a cut do block),
 * so the text is a whole method that parses (checked by parsing it where blocks were closed). An assertion inside a lambda, an anonymous class, a switch expression or
 * as the unbraced body of an {@code if}/loop cannot be cut that way: it is skipped with the reason, and a prefix that
 * still fails to parse is skipped as {@code prefix_not_parsable} — never handed out as invalid Java.
 */
final class AssertionPrefix {
    /** The masked prefix, or the reason there is none (a {@link MineCounts} key). */
    record Cut(String masked, String skipReason) {
    }

    private AssertionPrefix() {
    }

    static Cut of(MethodDeclaration test, ExpressionStmt assertion, SourceText source, JavaParser parser) {
        if (!(assertion.getParentNode().orElse(null) instanceof BlockStmt) && !(assertion.getParentNode().orElse(null) instanceof SwitchEntry)) {
            return new Cut(null, "assertion_as_unbraced_body");
        }
        List<String> closers = new ArrayList<>();
        for (Node p = assertion.getParentNode().orElseThrow(); p != test; p = p.getParentNode().orElseThrow()) {
            switch (p) {
                case BlockStmt block -> closers.add(source.indentation(block) + "}" + afterBlock(block, source.indentation(block)));
                case SwitchStmt sw -> closers.add(source.indentation(sw) + "}");
                case IfStmt _, ForStmt _, ForEachStmt _, WhileStmt _, DoStmt _, SynchronizedStmt _, LabeledStmt _, TryStmt _,
                     CatchClause _, SwitchEntry _ -> { }   // complete once their blocks are closed
                default -> {
                    return new Cut(null, "assertion_in_lambda_or_anonymous_class");
                }
            }
        }
        var testRange = test.getRange().orElseThrow();
        int column = testRange.begin.column;
        String head = source.cut(source.begin(testRange), source.begin(assertion.getRange().orElseThrow()), column, List.of(), "");
        StringBuilder masked = new StringBuilder(head).append(AssertionExample.PLACEHOLDER);
        for (String closer : closers) masked.append('\n').append(dedent(closer, column));
        String text = masked.toString();
        // A statement of the method body itself is preceded only by whole statements, so its prefix parses as surely as
        // the method did; a nested one is checked, since its closers are made up here.
        boolean nested = closers.size() > 1;
        return !nested || parser.parseBodyDeclaration(text).isSuccessful() ? new Cut(text, null) : new Cut(null, "prefix_not_parsable");
    }

    /** What must follow a cut block's closing brace for its statement to stay whole. */
    private static String afterBlock(BlockStmt block, String indentation) {
        Node parent = block.getParentNode().orElse(null);
        if (parent instanceof TryStmt t && t.getTryBlock() == block && t.getResources().isEmpty()) return " finally {\n" + indentation + "}";
        if (parent instanceof DoStmt d) return " while (" + d.getCondition() + ");";
        return "";
    }

    /** Each line of the closer less the method's own indentation (its column − 1), as {@link SourceText#cut} dedents the rest. */
    private static String dedent(String closer, int column) {
        StringBuilder out = new StringBuilder();
        for (String line : closer.split("\n", -1)) {
            int strip = 0;
            while (strip < column - 1 && strip < line.length() && (line.charAt(strip) == ' ' || line.charAt(strip) == '\t')) strip++;
            if (!out.isEmpty()) out.append('\n');
            out.append(line, strip, line.length());
        }
        return out.toString();
    }
}
