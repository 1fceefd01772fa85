package dev.chord.cache.prefetch;

/** Parses a prefetch strategy's argument (the lookahead k). */
final class PrefetchArgs {
    private PrefetchArgs() {
    }

    /** {@code args} as a lookahead in 1..64, {@code dflt} if empty. */
    static int lookahead(String strategy, String args, int dflt) {
        if (args == null || args.isBlank()) {
            return dflt;
        }
        try {
            int k = Integer.parseInt(args.trim());
            if (k >= 1 && k <= 64) {
                return k;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("prefetch " + strategy + ":" + args + ": expected a lookahead 1..64, as in "
                + strategy + ":2");
    }
}
