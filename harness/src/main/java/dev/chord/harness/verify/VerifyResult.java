package dev.chord.harness.verify;

import dev.chord.kernels.scalar.conformance.CheckResult;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of {@code chord verify}'s report.
 *
 * @param subject  what was checked (a ggml type, a kernel)
 * @param check    which check
 * @param measured what was found
 * @param bound    what passes
 * @param detail   why it failed or was not run; empty if nothing to add
 */
public record VerifyResult(String subject, String check, String measured, String bound, Outcome outcome, String detail) {

    public enum Outcome {
        OK("ok"), FAILED("FAILED"),
        /** Chord cannot compute with the subject; reported, not a failure. */
        UNSUPPORTED("unsupported");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static VerifyResult of(CheckResult r) {
        Outcome o = switch (r.status()) {
            case OK -> Outcome.OK;
            case FAILED -> Outcome.FAILED;
            case UNSUPPORTED -> Outcome.UNSUPPORTED;
        };
        return new VerifyResult(r.type(), r.check().label(), r.measured(), r.bound(), o, r.detail());
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    /** The JSON object of this line (key order stable). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", subject);
        m.put("check", check);
        m.put("measured", measured);
        m.put("bound", bound);
        m.put("outcome", outcome.label());
        m.put("detail", detail);
        return m;
    }
}
