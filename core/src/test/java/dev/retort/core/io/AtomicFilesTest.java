package dev.retort.core.io;

import dev.retort.core.RetortException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFilesTest {

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTempFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("model.bin");
        AtomicFiles.writeString(f, "version 1");
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        })).isInstanceOf(RetortException.class).hasMessage("cannot write " + f + ": disk full");
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write(1);
            throw new IllegalStateException("bug in the writer");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(f)).isEqualTo("version 1");
        assertThat(JsonlTest.listing(dir)).containsExactly("model.bin");
    }

    @Test
    void replacesWholeFilesCreatesFoldersAndKeepsNormalPermissions(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("a/b/c.bin");
        AtomicFiles.writeBytes(f, new byte[]{1, 2, 3});
        AtomicFiles.writeBytes(f, new byte[]{4});
        assertThat(Files.readAllBytes(f)).containsExactly(4);
        // the body may close the stream itself (Jackson does) without breaking the write
        AtomicFiles.write(f, out -> {
            out.write(5);
            out.close();
        });
        assertThat(Files.readAllBytes(f)).containsExactly(5);
        Path plain = dir.resolve("plain");
        Files.writeString(plain, "");
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(Files.getPosixFilePermissions(plain));
    }
}
