package dev.chord.kernels.scalar.conformance;

/**
 * The outcome of one check of one type against reference vectors.
 *
 * @param type     ggml type name
 * @param check    what was compared
 * @param measured what was found, e.g. {@code "0 of 8192 values differ"}
 * @param bound    what passes, e.g. {@code "0"}
 * @param detail   why it failed or was not run, or a note; empty if none
 */
public record CheckResult(String type, Check check, Status status, String measured, String bound, String detail) {

    /** What a check compares. */
    public enum Check {
        /** dequantizeRow(quantized) against dequantized, bit for bit. */
        DEQUANTIZE("dequantize"),
        /** quantizeRow(source) against quantized, byte for byte. */
        QUANTIZE("quantize"),
        /** quantizeActivationRow(x) of the vec-dot format against x_for_vec_dot, byte for byte. */
        ACTIVATION("quantize-activation");

        private final String label;

        Check(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public enum Status {
        OK, FAILED,
        /** Chord has no implementation for the type (not a failure: newer vector sets have newer types). */
        UNSUPPORTED;

        public String label() {
            return this == OK ? "ok" : this == FAILED ? "FAILED" : "unsupported";
        }
    }

    public boolean failed() {
        return status == Status.FAILED;
    }

    static CheckResult unsupported(String type, Check check, String why) {
        return new CheckResult(type, check, Status.UNSUPPORTED, "-", "-", why);
    }

    static CheckResult failed(String type, Check check, String why) {
        return new CheckResult(type, check, Status.FAILED, "-", "-", why);
    }
}
