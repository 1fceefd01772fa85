package dev.chord.harness.quantize;

import dev.chord.gguf.GgufMetadata;
import dev.chord.gguf.GgufWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a GGUF model file from its metadata and tensor plans, the data of each tensor supplied in plan order
 * by the caller. The file appears under its name only when complete (the writer's {@code .part} then move); on
 * any failure no file is left.
 */
public final class PlannedModelWriter {

    /** Writes one tensor's bytes, in its target type, to the sink. */
    @FunctionalInterface
    public interface TensorData {
        void write(TensorPlan plan, GgufWriter.TensorSink sink) throws IOException;
    }

    private PlannedModelWriter() {
    }

    public static void write(Path out, GgufMetadata metadata, List<TensorPlan> plans, TensorData data,
                             WriteListener listener) throws IOException {
        long total = 0;
        for (TensorPlan p : plans) {
            total += p.source().elementCount();
        }
        try (GgufWriter w = GgufWriter.create(out)) {
            boolean done = false;
            try {
                w.putAll(metadata);
                for (TensorPlan p : plans) {
                    w.addTensor(p.name(), p.target(), p.source().shape());
                }
                long values = 0;
                for (int i = 0; i < plans.size(); i++) {
                    TensorPlan p = plans.get(i);
                    try (GgufWriter.TensorSink sink = w.beginTensor(p.name())) {
                        data.write(p, sink);
                    }
                    values += p.source().elementCount();
                    listener.written(i, plans.size(), p, values, total);
                }
                done = true;
            } finally {
                if (!done) {
                    w.abort();
                }
            }
        }
    }
}
