package dev.retort.cli;

import dev.retort.core.Engine;
import picocli.CommandLine;

/** {@code retort --version}: retort, libtorch and JDK versions. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[]{
                "retort " + (v == null ? "dev" : v),
                "libtorch " + Engine.libtorchVersion() + " (bytedeco), JDK " + Runtime.version()
        };
    }
}
