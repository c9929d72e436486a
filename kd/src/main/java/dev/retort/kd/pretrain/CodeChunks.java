package dev.retort.kd.pretrain;

import dev.retort.text.tokenize.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A file cut into pretraining inputs by line windows: consecutive whole lines while their tokens fit in
 * {@code maxLen}; a single line longer than that is cut into pieces of {@code maxLen} tokens. Each line is encoded
 * with its newline, so decoding the windows of a file in order gives the file back.
 */
final class CodeChunks {
    private CodeChunks() {
    }

    static List<int[]> of(Tokenizer tokenizer, String text, int maxLen) {
        List<int[]> chunks = new ArrayList<>();
        int[] window = new int[maxLen];
        int size = 0;
        for (int start = 0; start < text.length(); ) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end + 1;
            int[] line = tokenizer.encode(text.substring(start, end));
            start = end;
            if (size + line.length > maxLen && size > 0) {
                chunks.add(Arrays.copyOf(window, size));
                size = 0;
            }
            for (int from = 0; from < line.length; from += maxLen) {
                int n = Math.min(maxLen, line.length - from);
                if (size + n > maxLen) {
                    chunks.add(Arrays.copyOf(window, size));
                    size = 0;
                }
                System.arraycopy(line, from, window, size, n);
                size += n;
            }
        }
        if (size > 0) chunks.add(Arrays.copyOf(window, size));
        return chunks;
    }
}
