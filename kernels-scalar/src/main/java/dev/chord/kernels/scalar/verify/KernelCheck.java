package dev.chord.kernels.scalar.verify;

/**
 * One verification result: which kernel, format and shape, what was checked, the measured error, the
 * bound it must stay within, and whether it did.
 */
public record KernelCheck(String kernel, String format, String shape, String check, double measured, double bound,
                          boolean ok, String note) {

    public String line() {
        return String.format(java.util.Locale.ROOT, "%-16s %-7s %-22s %-14s %10.3e <= %-8.1e %s%s", kernel, format,
                shape, check, measured, bound, ok ? "ok" : "FAILED", note == null || note.isEmpty() ? "" : "  (" + note + ")");
    }
}
