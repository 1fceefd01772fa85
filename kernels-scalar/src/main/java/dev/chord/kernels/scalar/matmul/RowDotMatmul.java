package dev.chord.kernels.scalar.matmul;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.ActivationMode;
import dev.chord.api.kernel.Matmul;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.api.kernel.Shapes;
import dev.chord.api.quant.QuantFormat;
import dev.chord.api.quant.QuantFormats;
import dev.chord.api.tensor.WeightMatrix;

import java.util.EnumMap;
import java.util.Map;

/**
 * The shared driver of {@link RowDotKernel}s: checks arguments once per call, quantizes activations once
 * per call for integer kernels, then splits the weight rows over the executor's workers. Each worker takes
 * a chunk of weight rows and, for each row, hands the row dot a tile of up to {@value #TILE} activation rows,
 * so a decoded weight block is reused across the tile; with a single activation row, a row dot with a multi-row
 * pass gets its rows a fraction of a row block apart. No allocation per call once buffers have grown.
 */
final class RowDotMatmul implements Matmul, ChordExecutor.RangeTask {

    /** Activation rows per tile: enough reuse of each decoded weight block, small enough to stay in registers/L1. */
    static final int TILE = 4;

    /**
     * Activation rows from which an F32 kernel with a {@link PanelGemm} dequantizes weight rows once into a
     * panel and multiplies the panel by the whole batch ({@code -Dchord.matmul.panelMinBatch}, 0 disables).
     */
    static final int PANEL_MIN_BATCH = Integer.getInteger("chord.matmul.panelMinBatch", 16);

    /**
     * Whether single-activation-row products use a row dot's multi-row pass when it has one
     * ({@link Int8RowDot#rowsPerPass}, {@link F32RowDot#rowsPerPassFused}; {@code -Dchord.matmul.rowPasses=false}
     * turns them off, to compare).
     */
    static final boolean ROW_PASSES = Boolean.parseBoolean(System.getProperty("chord.matmul.rowPasses", "true"));

    /**
     * Whether a matrix-vector product hands out its rows in chunks of at most a row block
     * ({@code -Dchord.matmul.blockChunks=false} turns it off, to compare; see {@link #grain}).
     */
    static final boolean BLOCK_CHUNKS = Boolean.parseBoolean(System.getProperty("chord.matmul.blockChunks", "true"));

    /** F32 bytes of dequantized weights per panel: a few rows that stay in L2 while the batch passes over them. */
    static final int PANEL_BYTES = 128 * 1024;

    /** Bytes of weight rows processed together across all activation tiles: about half an L2 cache. */
    static final long ROW_BLOCK_BYTES = 256 * 1024;

    private final RowDotKernel kernel;
    private final ChordExecutor executor;
    private final Map<GgmlType, F32RowDot> f32;
    private final QuantizedActivations acts = new QuantizedActivations();
    private final QuantFormats formats = QuantFormats.defaults();
    private final PanelGemm gemm;
    /** One dequantized-weights panel per worker, grown on demand. */
    private final float[][] panels;

    // the call in progress, published to the workers by parallelFor
    private WeightMatrix w;
    private F32RowDot f32Dot;
    private Int8RowDot int8Dot;
    private float[] x;
    private int xOff;
    private float[] y;
    private int yOff;
    private int batch;
    private QuantFormat panelFormat;

    RowDotMatmul(RowDotKernel kernel, ChordExecutor executor, Map<GgmlType, F32RowDot> f32) {
        this.kernel = kernel;
        this.executor = executor;
        this.f32 = f32.isEmpty() ? Map.of() : new EnumMap<>(f32);
        this.gemm = kernel.activationMode() == ActivationMode.F32 ? kernel.panelGemm() : null;
        this.panels = new float[executor.threads()][];
    }

    /** The batch size from which the panel path is taken, when the kernel has one. */
    static int panelMinBatch() {
        return PANEL_MIN_BATCH;
    }

    @Override
    public MatmulKernel kernel() {
        return kernel;
    }

    @Override
    public void matvec(WeightMatrix w, float[] x, int xOff, float[] y, int yOff) {
        Shapes.checkFormat(kernel, w);
        Shapes.checkMatvec(w, x, xOff, y, yOff);
        Shapes.checkShared(w, executor);
        run(w, x, xOff, y, yOff, 1);
    }

    @Override
    public void matmul(WeightMatrix w, float[] x, int batch, float[] y) {
        Shapes.checkFormat(kernel, w);
        Shapes.checkMatmul(w, x, batch, y);
        Shapes.checkShared(w, executor);
        run(w, x, 0, y, 0, batch);
    }

    private void run(WeightMatrix w, float[] x, int xOff, float[] y, int yOff, int batch) {
        this.w = w;
        this.x = x;
        this.xOff = xOff;
        this.y = y;
        this.yOff = yOff;
        this.batch = batch;
        if (kernel.activationMode() == ActivationMode.QUANTIZED) {
            int8Dot = kernel.int8RowDot(w.type(), w.rows(), batch);
            acts.quantize(formats.forType(formats.forType(w.type()).vecDotType()), x, xOff, batch, w.cols());
        } else if (gemm != null && PANEL_MIN_BATCH > 0 && batch >= PANEL_MIN_BATCH) {
            panelFormat = formats.forType(w.type());
        } else {
            f32Dot = f32.get(w.type());
        }
        try {
            executor.parallelFor(w.rows(), grain(w.rows(), w.rowBytes(), executor.threads(), batch), this);
        } finally {
            this.w = null;
            this.x = null;
            this.y = null;
            this.f32Dot = null;
            this.int8Dot = null;
            this.panelFormat = null;
        }
    }

    @Override
    public void run(int worker, int from, int to) {
        int cols = w.cols();
        int rows = w.rows();
        long rowBytes = w.rowBytes();
        // Weight rows in blocks that stay in L2 while every activation tile passes over them: a tile (a few KB
        // of int8 or tens of KB of F32 activations) then stays in L1 across the block's rows, and the weights
        // are read from memory once per tile instead of the whole batch being re-read for every weight row.
        if (panelFormat != null) {
            runPanels(worker, from, to);
            return;
        }
        int rowBlock = Math.min(to - from, rowsPerBlock(rowBytes));
        for (int r0 = from; r0 < to; r0 += rowBlock) {
            int r1 = Math.min(to, r0 + rowBlock);
            for (int b = 0; b < batch; b += TILE) {
                int n = Math.min(TILE, batch - b);
                int r = r0;
                int pass = !ROW_PASSES || n != 1 ? 1 : int8Dot != null ? int8Dot.rowsPerPass() : f32Dot.rowsPerPassFused();
                if (pass > 1) {
                    // rows r, r + step, r + 2*step, ...: independent streams from memory in one pass (see
                    // Int8RowDot.rowsPerPass); adjacent rows, one stream, measured 16% slower on a DRAM-sized q4_K matrix
                    int step = (r1 - r0) / pass;
                    for (; r < r0 + step; r++) {
                        if (int8Dot != null) {
                            int8Dot.dotRows(w.data(), r * rowBytes, step * rowBytes, cols, acts, b, y, yOff + b * rows + r, step);
                        } else {
                            f32Dot.dotRows(w.data(), r * rowBytes, step * rowBytes, cols, x, xOff + b * cols, y, yOff + b * rows + r, step);
                        }
                    }
                    r = r0 + pass * step;
                }
                for (; r < r1; r++) {
                    long rowOffset = r * rowBytes;
                    if (int8Dot != null) {
                        int8Dot.dot(w.data(), rowOffset, cols, acts, b, n, y, yOff + b * rows + r, rows);
                    } else {
                        f32Dot.dot(w.data(), rowOffset, cols, x, xOff + b * cols, cols, n, y, yOff + b * rows + r, rows);
                    }
                }
            }
        }
    }

    /**
     * Rows per chunk the threads claim: the executor's default, an eighth of a thread's share, but for one
     * activation row at most a row block ({@link #ROW_BLOCK_BYTES}). With the default, a model's output matrix
     * (128256 rows) goes out in chunks of several milliseconds each, and a call ends with one thread finishing
     * its last chunk while the other waits; in row blocks, two-thread decoding of a 1B Q4_K_M model measured
     * 1.07x faster (median over twelve alternating runs). Prompt batches keep the default: their chunks feed
     * the dequantized panels.
     */
    static int grain(int rows, long rowBytes, int threads, int batch) {
        int share = Math.max(1, rows / (threads * 8));
        if (batch != 1 || !BLOCK_CHUNKS) {
            return share;
        }
        return Math.min(share, rowsPerBlock(rowBytes));
    }

    /** Weight rows in a row block ({@link #ROW_BLOCK_BYTES}), at least one. */
    private static int rowsPerBlock(long rowBytes) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ROW_BLOCK_BYTES / rowBytes));
    }

    /** Weight rows dequantized a panel at a time, each panel multiplied by the whole batch. */
    private void runPanels(int worker, int from, int to) {
        int cols = w.cols();
        int rows = w.rows();
        long rowBytes = w.rowBytes();
        int panelRows = Math.max(4, PANEL_BYTES / (4 * cols)) & ~3;
        float[] panel = panels[worker];
        if (panel == null || panel.length < panelRows * cols) {
            panel = new float[panelRows * cols];
            panels[worker] = panel;
        }
        for (int r0 = from; r0 < to; r0 += panelRows) {
            int n = Math.min(panelRows, to - r0);
            for (int i = 0; i < n; i++) {
                long at = (long) (r0 + i) * rowBytes;
                if (!gemm.dequantizeRow(w.type(), w.data(), at, panel, i * cols, cols)) {
                    panelFormat.dequantizeRow(w.data(), at, panel, i * cols, cols);
                }
            }
            gemm.multiply(panel, n, cols, x, xOff, batch, y, yOff + r0, rows);
        }
    }
}
