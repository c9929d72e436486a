package dev.retort.text.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits Java code into the tokens BLEU and PANS count: identifiers, numbers (with an optional fraction and
 * suffix), string and char literals, and every other non-space character on its own. The Python fixture
 * script {@code bench/kd/bleu_reference.py} uses the same regular expression, so the two agree token for token.
 * Literals use the unrolled-loop form with possessive quantifiers: Java's regex engine recurses once per
 * iteration of an alternation group, which overflowed the stack on multi-kilobyte generated literals.
 */
public final class CodeTokens {
    static final Pattern TOKEN = Pattern.compile(
            "\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"|'[^'\\\\]*+(?:\\\\.[^'\\\\]*+)*+'|[A-Za-z_$][A-Za-z0-9_$]*+|\\d++(?:\\.\\d++)?[A-Za-z]?|\\S");

    private CodeTokens() {
    }

    public static List<String> of(String code) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(code);
        while (m.find()) out.add(m.group());
        return out;
    }
}
