package dev.chord.kernels.vector;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;

/**
 * Whether the Vector API kernels can run in this JVM, decided by a chain of guards, each of which says
 * why it failed (in the style of Lucene's VectorizationProvider): the incubator module must be resolved,
 * the JIT must be C2 (the interpreter and C1 run Vector API code orders of magnitude slower than scalar),
 * and the vector width (preferred, or forced with {@code -Dchord.vector.bits=128|256|512}) must be at least
 * 128 bits and not wider than the hardware prefers.
 *
 * <p>This class mentions no Vector API type, so it loads on a JVM without the module; the types live in
 * {@link VectorConfig} and the row-dot classes, loaded only after these guards pass.
 */
public final class VectorSupport {

    private static final System.Logger LOG = System.getLogger(VectorSupport.class.getName());
    private static final String BITS_PROPERTY = "chord.vector.bits";

    private static volatile Decision decision;

    /** The outcome of the guards: the vector width to use, or why there is none. */
    public record Decision(int bits, String unavailableReason) {
        public boolean available() {
            return unavailableReason == null;
        }
    }

    private VectorSupport() {
    }

    public static Decision decision() {
        Decision d = decision;
        if (d == null) {
            d = decide();
            decision = d;
            if (!d.available()) {
                LOG.log(System.Logger.Level.INFO, "Vector API kernels disabled, scalar kernels will be used: {0}",
                        d.unavailableReason());
            }
        }
        return d;
    }

    /** Forget the cached decision (tests change {@code chord.vector.bits}). */
    static void reset() {
        decision = null;
    }

    private static Decision decide() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return new Decision(0, "jdk.incubator.vector is not resolved; start the JVM with "
                    + "--add-modules jdk.incubator.vector (./chord does)");
        }
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String a : args) {
            if (a.equals("-Xint") || a.startsWith("-XX:TieredStopAtLevel=") && !a.endsWith("=4")
                    || a.equals("-XX:-UseCompiler")) {
                return new Decision(0, "the C2 compiler is off (" + a + "); Vector API code would run slower than scalar");
            }
        }
        int preferred;
        try {
            preferred = VectorConfig.preferredBits();
        } catch (LinkageError e) {
            return new Decision(0, "the Vector API cannot be used: " + e);
        }
        int bits = preferred;
        String forced = System.getProperty(BITS_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            try {
                bits = Integer.parseInt(forced.trim());
            } catch (NumberFormatException e) {
                return new Decision(0, "-D" + BITS_PROPERTY + "=" + forced + " is not 128, 256 or 512");
            }
            if (bits != 128 && bits != 256 && bits != 512) {
                return new Decision(0, "-D" + BITS_PROPERTY + "=" + bits + ": expected 128, 256 or 512");
            }
            if (bits > preferred) {
                return new Decision(0, "forced " + bits + "-bit vectors, but this JVM/CPU prefers " + preferred
                        + " bits; force " + preferred + " or less");
            }
        }
        if (bits < 128) {
            return new Decision(0, "this JVM prefers " + bits + "-bit vectors; the kernels need at least 128");
        }
        return new Decision(bits, null);
    }

    /** Which bits a run uses, for reports: "256-bit (preferred 512, forced)". */
    public static String describe() {
        Decision d = decision();
        if (!d.available()) {
            return "unavailable: " + d.unavailableReason();
        }
        String forced = System.getProperty(BITS_PROPERTY);
        return d.bits() + "-bit" + (forced != null && !forced.isBlank() ? " (forced)" : " (preferred)");
    }

    static Optional<String> unavailableReason() {
        return Optional.ofNullable(decision().unavailableReason());
    }
}
