package dev.retort.spark;

import org.apache.spark.Partitioner;

/**
 * Record ordinal → its block ({@code ordinal / rows}): partitions of consecutive records, so a job whose single-machine
 * twin works in batches or chunks can start each partition where that command starts one.
 */
public final class BlockPartitioner extends Partitioner {
    private final long rows;
    private final int blocks;

    public BlockPartitioner(long rows, int blocks) {
        this.rows = rows;
        this.blocks = blocks;
    }

    /** The number of blocks of {@code rows} records that {@code n} records fill. */
    public static int blocks(long n, long rows) {
        return (int) ((n + rows - 1) / rows);
    }

    @Override
    public int numPartitions() {
        return blocks;
    }

    @Override
    public int getPartition(Object ordinal) {
        return (int) ((Long) ordinal / rows);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockPartitioner b && b.rows == rows && b.blocks == blocks;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(rows) * 31 + blocks;
    }
}
