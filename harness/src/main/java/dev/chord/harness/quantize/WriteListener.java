package dev.chord.harness.quantize;

import java.util.List;

/** Told what is planned and about each tensor as a model file is written (progress display). */
public interface WriteListener {

    /** Every tensor's decision, before any is written. */
    default void planned(List<TensorPlan> plans) {
    }

    /** Tensor {@code index} (0-based) of {@code count} is written; {@code valuesDone} counts values of all so far. */
    void written(int index, int count, TensorPlan plan, long valuesDone, long valuesTotal);

    /** A listener that ignores everything. */
    WriteListener NONE = (index, count, plan, done, total) -> {
    };
}
