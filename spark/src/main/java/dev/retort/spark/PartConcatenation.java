package dev.retort.spark;

import dev.retort.core.RetortException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.UUID;

/**
 * The one output file of a job whose parts are pieces of it: the parts' records in part order, streamed into a temp
 * file beside the output and renamed into place, so a reader never sees half a file. Parts may each start with a
 * header line; then the first part's header, as {@link Header} rewrites it, heads the file and the others are dropped.
 */
public final class PartConcatenation {
    private PartConcatenation() {
    }

    /** The file's header from the first part's header line (with its {@code \n}). */
    public interface Header {
        byte[] of(byte[] firstPartHeader) throws IOException;
    }

    /**
     * Writes {@code out} from {@code names} in order; {@code header} null when the parts have no header line. The parts
     * must hold {@code records} record lines in all, else nothing is written.
     */
    public static void write(HadoopConf conf, PartStore parts, List<String> names, long records, String out, Header header) {
        Path target = new Path(out);
        FileSystem fs = conf.fs(target);
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            long lines = 0;
            try (OutputStream o = fs.create(tmp, true)) {
                for (int i = 0; i < names.size(); i++) {
                    try (InputStream in = new BufferedInputStream(parts.open(names.get(i)), 1 << 16)) {
                        if (header != null) {
                            byte[] first = firstLine(in);
                            if (i == 0) o.write(header.of(first));
                        }
                        lines += copyLines(in, o);
                    }
                }
            }
            if (lines != records) throw new RetortException(parts.path("") + ": the parts hold " + lines + " records, the input " + records + " examples");
            if (fs.exists(target)) fs.delete(target, false);
            if (!fs.rename(tmp, target)) throw new IOException("rename " + tmp + " to " + target + " failed");
        } catch (IOException e) {
            throw new RetortException("cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            try {
                fs.delete(tmp, false);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    private static byte[] firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != -1; ) {
            line.write(c);
            if (c == '\n') break;
        }
        return line.toByteArray();
    }

    /** The rest of a part, copied; the number of lines in it. */
    private static long copyLines(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 16];
        long lines = 0;
        for (int r; (r = in.read(buf)) != -1; ) {
            out.write(buf, 0, r);
            for (int i = 0; i < r; i++) if (buf[i] == '\n') lines++;
        }
        return lines;
    }
}
