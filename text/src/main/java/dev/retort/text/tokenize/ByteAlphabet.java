package dev.retort.text.tokenize;

/**
 * GPT-2's byte-level alphabet: every byte 0..255 is one printable character, so any UTF-8 text becomes a
 * string of visible symbols (space → 'Ġ', newline → 'Ċ') and BPE tokens can be stored as JSON strings.
 * Printable Latin-1 bytes map to themselves; the others to U+0100 upwards, in byte order.
 */
final class ByteAlphabet {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = (char) (printable ? b : next++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteAlphabet() {
    }

    static char charOf(int unsignedByte) {
        return BYTE_TO_CHAR[unsignedByte];
    }

    static String encode(byte[] bytes) {
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        return new String(out);
    }

    /** The bytes a token string stands for; appends to {@code out}. Fails on a character outside the alphabet. */
    static void decode(String symbols, java.io.ByteArrayOutputStream out) {
        for (int i = 0; i < symbols.length(); i++) {
            char c = symbols.charAt(i);
            int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
            if (b < 0) throw new IllegalArgumentException("not a byte-level symbol: U+" + Integer.toHexString(c));
            out.write(b);
        }
    }
}
