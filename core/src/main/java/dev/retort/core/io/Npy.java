package dev.retort.core.io;

import dev.retort.core.BadInputException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format versions 1–3), C order, little-endian, dtypes of {@link DType}.
 *
 * <p>Contract: whatever the bytes (random data, a damaged header, a truncated body, a shape too large to
 * hold), the only exception that leaves {@link #read(Path)} is {@link BadInputException}, naming the file
 * and the problem; {@link #read(InputStream, String)} adds only the stream's own {@link IOException}.
 * Big-endian and Fortran-order arrays are rejected with the numpy call that converts them.
 * {@code NpyFuzzTest} checks this. Bytes after the array are ignored (numpy appends arrays to one file
 * that way).
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    public static NdArray read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), Files.size(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read .npy file: " + e.getMessage(), e);
        }
    }

    /** Reads one array from a stream; {@code name} is used in error messages. */
    public static NdArray read(InputStream in, String name) throws IOException {
        return read(in, name, -1);
    }

    /** {@code size}: the file's length when known (to reject a truncated body before reading it), else -1. */
    private static NdArray read(InputStream in, String name, long size) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8) throw bad(name, "file is shorter than the .npy preamble");
        for (int i = 0; i < MAGIC.length; i++) if (magic[i] != MAGIC[i]) throw bad(name, "not a .npy file (bad magic)");
        int major = magic[6];
        int headerLen;
        if (major == 1) {
            byte[] l = in.readNBytes(2);
            if (l.length < 2) throw bad(name, "truncated header length");
            headerLen = (l[0] & 0xff) | (l[1] & 0xff) << 8;
        } else if (major == 2 || major == 3) {
            byte[] l = in.readNBytes(4);
            if (l.length < 4) throw bad(name, "truncated header length");
            headerLen = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (headerLen < 0 || headerLen > (1 << 24)) throw bad(name, "implausible header length " + headerLen);
        } else {
            throw bad(name, "unsupported .npy format version " + major);
        }
        byte[] headerBytes = in.readNBytes(headerLen);
        if (headerBytes.length < headerLen) throw bad(name, "truncated header");
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, name, "descr");
        if (descr.startsWith(">")) {
            throw bad(name, "big-endian data ('" + descr + "') is not supported: save with x.astype(x.dtype.newbyteorder('<'))");
        }
        DType dtype;
        try {
            dtype = DType.fromNpy(descr);
        } catch (BadInputException e) {
            throw bad(name, e.getMessage());
        }
        if (find(FORTRAN, header, name, "fortran_order").equals("True")) {
            throw bad(name, "Fortran-order arrays are not supported: save with np.ascontiguousarray(x)");
        }
        long[] shape = parseShape(find(SHAPE, header, name, "shape"), name);
        long count;
        try {
            count = NdArray.elementCount(shape);
        } catch (BadInputException e) {
            throw bad(name, e.getMessage());
        }
        if (count > (Integer.MAX_VALUE - 16) / dtype.bytes()) {
            throw bad(name, "array of shape " + Arrays.toString(shape) + " is too large for one buffer (limit 2 GB)");
        }
        long bytes = count * dtype.bytes();
        long dataStart = (major == 1 ? 10 : 12) + (long) headerLen;
        if (size >= 0 && size - dataStart < bytes) {
            throw bad(name, "data truncated: shape " + Arrays.toString(shape) + " needs " + bytes + " bytes, the file holds " + Math.max(0, size - dataStart));
        }
        byte[] data = in.readNBytes((int) bytes);
        if (data.length < bytes) throw bad(name, "data truncated: expected " + bytes + " bytes, found " + data.length);
        return new NdArray(dtype, shape, ByteBuffer.wrap(data));
    }

    public static void write(Path file, NdArray array) {
        AtomicFiles.write(file, out -> out.write(toBytes(array)));
    }

    public static byte[] toBytes(NdArray array) {
        StringBuilder shape = new StringBuilder();
        for (long d : array.shape()) shape.append(d).append(", ");
        if (array.shape().length > 1) shape.setLength(shape.length() - 2);
        else if (array.shape().length == 1) shape.setLength(shape.length() - 1);
        String dict = "{'descr': '" + array.dtype().npyDescr() + "', 'fortran_order': False, 'shape': (" + shape + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(unpadded + pad + array.data().remaining());
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write(header.length() >>> 8);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer data = array.data().duplicate();
        byte[] raw = new byte[data.remaining()];
        data.get(raw);
        out.writeBytes(raw);
        return out.toByteArray();
    }

    private static String find(Pattern p, String header, String name, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) throw bad(name, "header has no '" + key + "'");
        return m.group(1);
    }

    private static long[] parseShape(String text, String name) {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String t = part.trim();
            if (t.endsWith("L")) t = t.substring(0, t.length() - 1);
            if (t.isEmpty()) continue;
            try {
                long d = Long.parseLong(t);
                if (d < 0) throw bad(name, "negative dimension " + d);
                dims.add(d);
            } catch (NumberFormatException e) {
                throw bad(name, "bad shape entry '" + part.trim() + "'");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static BadInputException bad(String name, String problem) {
        return new BadInputException(name + ": " + problem);
    }
}
