package dev.retort.core.io;

import dev.retort.core.BadInputException;

/** Element types retort reads and writes in .npy and safetensors files (little-endian). */
public enum DType {
    FLOAT16("<f2", "F16", 2),
    FLOAT32("<f4", "F32", 4),
    FLOAT64("<f8", "F64", 8),
    INT32("<i4", "I32", 4),
    INT64("<i8", "I64", 8),
    /** numpy's bool: one byte, 0 or 1 (masks). */
    BOOL("|b1", "BOOL", 1);

    private final String npyDescr;
    private final String safetensorsName;
    private final int bytes;

    DType(String npyDescr, String safetensorsName, int bytes) {
        this.npyDescr = npyDescr;
        this.safetensorsName = safetensorsName;
        this.bytes = bytes;
    }

    public String npyDescr() {
        return npyDescr;
    }

    public String safetensorsName() {
        return safetensorsName;
    }

    public int bytes() {
        return bytes;
    }

    public boolean isFloating() {
        return this == FLOAT16 || this == FLOAT32 || this == FLOAT64;
    }

    public static DType fromNpy(String descr) {
        // '|' and '=' byte orders are fine for these widths on little-endian files; '>' is not supported.
        String normalized = descr.replace('=', '<');
        if (normalized.equals("<b1")) normalized = "|b1";
        for (DType t : values()) if (t.npyDescr.equals(normalized)) return t;
        throw new BadInputException("unsupported .npy dtype '" + descr + "': use float16, float32, float64, int32, int64 (little-endian) or bool");
    }

    public static DType fromSafetensors(String name) {
        for (DType t : values()) if (t.safetensorsName.equals(name)) return t;
        throw new BadInputException("unsupported safetensors dtype '" + name + "'");
    }
}
