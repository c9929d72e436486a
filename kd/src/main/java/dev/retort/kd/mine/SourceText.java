package dev.retort.kd.mine;

import com.github.javaparser.Position;
import com.github.javaparser.Range;

import java.util.ArrayList;
import java.util.List;

/**
 * A file's text with JavaParser positions (1-based line and column, tabs counted as one column) mapped to
 * character offsets, so a node's original text — formatting and comments as written — can be cut out.
 */
final class SourceText {
    private final String text;
    private final int[] lineStarts;

    SourceText(String text) {
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) starts.add(i + 1);
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    int offset(Position p) {
        return lineStarts[p.line - 1] + p.column - 1;
    }

    /** [begin, end) character offsets of a range (JavaParser's end is inclusive). */
    int begin(Range r) {
        return offset(r.begin);
    }

    int end(Range r) {
        return offset(r.end) + 1;
    }

    String text() {
        return text;
    }

    /** The leading blanks of the line on which a node starts. */
    String indentation(com.github.javaparser.ast.Node node) {
        int at = lineStarts[node.getRange().orElseThrow().begin.line - 1], end = at;
        while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) end++;
        return text.substring(at, end);
    }

    /**
     * The text of {@code [begin, end)} with {@code replacements} (sorted, non-overlapping [from, to) spans)
     * replaced by {@code with} (when {@code with} is a line comment and code follows on the same line, a line break
     * goes after it, so the comment does not swallow that code), and the indentation of the first line (its column − 1) removed from every
     * later line, so a method reads as if declared at the left margin.
     */
    String cut(int begin, int end, int column, List<int[]> replacements, String with) {
        StringBuilder out = new StringBuilder(end - begin);
        int at = begin;
        for (int[] r : replacements) {
            out.append(text, at, r[0]).append(with);
            if (with.startsWith("//") && !restOfLineBlank(r[1])) out.append('\n');
            at = r[1];
        }
        out.append(text, at, end);
        String[] lines = out.toString().split("\r\n|\r|\n", -1);
        StringBuilder dedented = new StringBuilder(out.length());
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i > 0) {
                int strip = 0;
                while (strip < column - 1 && strip < line.length() && (line.charAt(strip) == ' ' || line.charAt(strip) == '\t')) strip++;
                line = line.substring(strip);
                dedented.append('\n');
            }
            dedented.append(line);
        }
        return dedented.toString();
    }

    private boolean restOfLineBlank(int from) {
        for (int i = from; i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r'; i++) {
            if (!Character.isWhitespace(text.charAt(i))) return false;
        }
        return true;
    }
}
