package dev.chord.harness.bench;

import dev.chord.reports.env.EnvironmentProbe;
import dev.chord.reports.model.Benchmark;
import dev.chord.reports.model.ResultSet;

import java.util.List;

/** Kernel benchmark cells as a Chord results file: one benchmark per cell, every fork's iterations kept. */
public final class KernelResults {
    private KernelResults() {
    }

    /** The stable id {@code chord compare} matches on. */
    public static String id(String kernel, String format, int rows, int cols, int batch, int threads) {
        return "matmul/" + format + "/" + kernel + "/" + rows + "x" + cols + "/b" + batch + "/t" + threads;
    }

    public static ResultSet of(List<KernelBench.Cell> cells, int threads, String method) {
        ResultSet.Builder rb = ResultSet.builder(EnvironmentProbe.capture(threads));
        for (KernelBench.Cell c : cells) {
            String f = c.format().ggmlName();
            Benchmark.Builder b = Benchmark.builder(id(c.kernel(), f, c.rows(), c.cols(), c.batch(), c.threads()))
                    .suite("kernels").param("kernel", c.kernel()).param("format", f).param("rows", c.rows())
                    .param("cols", c.cols()).param("batch", c.batch()).param("threads", c.threads())
                    .param("method", method).bytesPerOp(c.weightBytes()).timeUnit("ns/op");
            boolean hasBaseline = cells.stream().anyMatch(o -> o.kernel().equals("scalar.unfused") && o.format() == c.format()
                    && o.threads() == c.threads());
            if (hasBaseline && !c.kernel().equals("scalar.unfused")) {
                b.baseline(id("scalar.unfused", f, c.rows(), c.cols(), c.batch(), c.threads()));
            }
            if (!Double.isNaN(c.allocBytesPerCall())) {
                b.derived("alloc_bytes_per_op", c.allocBytesPerCall());
            }
            for (double[] fork : c.forks()) {
                b.fork(fork);
            }
            rb.add(b.build());
        }
        return rb.build();
    }
}
