package dev.retort.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Map;

/**
 * A picocli default provider backed by a Java API's {@code Options.defaults()}: each option's default is the value the
 * record holds, so the command, its help and the API cannot disagree. Options not in {@link #values()} have none.
 */
public abstract class RecordDefaults implements IDefaultValueProvider {
    /** Option name (any of its names) → default value (its {@code toString()} is what picocli parses). */
    protected abstract Map<String, Object> values();

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) return null;
        Map<String, Object> values = values();
        for (String name : option.names()) {
            if (values.containsKey(name)) return String.valueOf(values.get(name));
        }
        return null;
    }
}
