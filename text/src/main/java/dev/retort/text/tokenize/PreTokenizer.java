package dev.retort.text.tokenize;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into the pieces BPE works inside, with the regular expression of Hugging Face's
 * {@code ByteLevel} pre-tokenizer ({@code use_regex: true}, no prefix space): contractions, a letter run
 * with an optional leading space, a digit run, a punctuation run, whitespace. The pieces cover the text
 * exactly, so joining them gives it back.
 */
final class PreTokenizer {
    private static final Pattern PIECES = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private PreTokenizer() {
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PIECES.matcher(text);
        int end = 0;
        while (m.find()) {
            if (m.start() != end) out.add(text.substring(end, m.start())); // never for well-formed text; keeps it lossless
            out.add(m.group());
            end = m.end();
        }
        if (end < text.length()) out.add(text.substring(end));
        return out;
    }
}
