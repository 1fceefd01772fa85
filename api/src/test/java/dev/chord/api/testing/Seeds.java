package dev.chord.api.testing;

/**
 * Seeds for property tests: fixed by default so CI is reproducible, overridable with
 * {@code -Dchord.seed=N} to replay a failure or {@code -Dchord.seed=random} to explore.
 * Every property test prints its seed in its failure message.
 */
public final class Seeds {
    private Seeds() {
    }

    public static long seed(long defaultSeed) {
        String s = System.getProperty("chord.seed");
        if (s == null || s.isBlank()) {
            return defaultSeed;
        }
        if (s.equals("random")) {
            return System.nanoTime();
        }
        return Long.parseLong(s);
    }

    /** A failure-message prefix that tells how to replay. */
    public static String replay(long seed) {
        return "[seed " + seed + ", replay with -Dchord.seed=" + seed + "] ";
    }
}
