package dev.chord.harness.inspect;

import dev.chord.api.quant.QuantFormat;
import dev.chord.api.tensor.TensorView;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A tensor's values as floats, decoded by its {@link QuantFormat} chunk by chunk (whole blocks, at most
 * {@link #CHUNK} values), so memory stays bounded whatever the tensor's size: statistics, or a raw
 * little-endian F32 file.
 */
public final class TensorValues {

    /** Upper bound of values decoded at once. */
    public static final int CHUNK = 1 << 16;

    /** Receives consecutive decoded values: {@code values[0..n)}. */
    @FunctionalInterface
    public interface ChunkSink {
        void accept(float[] values, int n) throws IOException;
    }

    /**
     * Summary of a tensor's values. {@code min}, {@code max}, {@code mean} and {@code rms} are over the
     * finite values (NaN when there are none); NaN and infinities are counted apart.
     */
    public record Stats(long count, long nanCount, long infCount, double min, double max, double mean, double rms) {
    }

    private TensorValues() {
    }

    /** Decodes {@code t} in order, handing each chunk to {@code sink}. */
    public static void forEachChunk(TensorView t, QuantFormat format, ChunkSink sink) throws IOException {
        if (format.type() != t.type()) {
            throw new IllegalArgumentException(t.name() + " is " + t.type() + ", the format is " + format.type());
        }
        int block = t.type().blockSize();
        int chunk = CHUNK / block * block;
        long total = t.elementCount();
        float[] buf = new float[(int) Math.min(chunk, total)];
        long bytesPerChunk = t.type().bytesFor(chunk);
        long at = 0;
        for (long done = 0; done < total; done += chunk) {
            int n = (int) Math.min(chunk, total - done);
            format.dequantizeRow(t.data(), at, buf, 0, n);
            sink.accept(buf, n);
            at += bytesPerChunk;
        }
    }

    public static Stats stats(TensorView t, QuantFormat format) throws IOException {
        double[] acc = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, 0};
        long[] counts = new long[3];  // finite, nan, inf
        forEachChunk(t, format, (v, n) -> {
            for (int i = 0; i < n; i++) {
                float x = v[i];
                if (Float.isNaN(x)) {
                    counts[1]++;
                } else if (Float.isInfinite(x)) {
                    counts[2]++;
                } else {
                    counts[0]++;
                    acc[0] = Math.min(acc[0], x);
                    acc[1] = Math.max(acc[1], x);
                    acc[2] += x;
                    acc[3] += (double) x * x;
                }
            }
        });
        long finite = counts[0];
        if (finite == 0) {
            return new Stats(t.elementCount(), counts[1], counts[2], Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Stats(t.elementCount(), counts[1], counts[2], acc[0], acc[1], acc[2] / finite, Math.sqrt(acc[3] / finite));
    }

    /**
     * Writes {@code t}'s values to {@code out} as raw little-endian F32, through {@code out.part} renamed at
     * the end so an interrupted run never leaves a truncated file under the final name.
     *
     * @return bytes written
     */
    public static long writeF32(TensorView t, QuantFormat format, Path out) throws IOException {
        Path part = out.resolveSibling(out.getFileName() + ".part");
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            forEachChunk(t, format, (v, n) -> {
                bytes.clear();
                bytes.asFloatBuffer().put(v, 0, n);
                bytes.limit(n * Float.BYTES);
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
            });
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return t.elementCount() * Float.BYTES;
    }
}
