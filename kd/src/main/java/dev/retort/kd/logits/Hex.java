package dev.retort.kd.logits;

/** Lowercase hex strings, as Python's {@code bytes.hex()} writes them. */
final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /** Accepts upper or lower case; fails with the position of the first bad character. */
    static byte[] decode(String hex) {
        if (hex.length() % 2 != 0) throw new IllegalArgumentException("odd number of hex digits (" + hex.length() + ")");
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = digit(hex.charAt(2 * i)), lo = digit(hex.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) throw new IllegalArgumentException("not a hex digit at position " + (hi < 0 ? 2 * i : 2 * i + 1));
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
