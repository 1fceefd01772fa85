package dev.chord.cache.prefetch;

import dev.chord.api.cache.LayerSchedule;
import dev.chord.api.cache.PrefetchContext;
import dev.chord.api.cache.PrefetchStrategy;
import dev.chord.api.cache.Prefetcher;

/**
 * Next-k with k chosen from measurements: k = ceil(load time / compute time) per layer, clamped to
 * 1..KMAX ({@code adaptive:KMAX}, default 8). A load that takes three layers' compute must start three layers
 * ahead to be hidden; looking further ahead only takes cache space from layers still to be used. Load time
 * and compute time (from serving a layer to requesting the next) are exponentially weighted means.
 */
public final class AdaptiveLookahead implements PrefetchStrategy {
    static final int DEFAULT_MAX = 8;

    @Override
    public String name() {
        return "adaptive";
    }

    @Override
    public String description() {
        return "next-k with k = ceil(load time / compute time), measured (adaptive:KMAX, default " + DEFAULT_MAX + ")";
    }

    @Override
    public boolean needsSchedule() {
        return true;
    }

    @Override
    public Prefetcher create(PrefetchContext context) {
        int kMax = PrefetchArgs.lookahead(name(), context.args(), DEFAULT_MAX);
        LayerSchedule s = context.schedule().orElseThrow(() -> new IllegalArgumentException(
                "prefetch adaptive " + unmetNeed(context).orElse("")));
        return new State(s, kMax);
    }

    static final class State implements Prefetcher {
        private static final double ALPHA = 0.25;
        private final LayerSchedule schedule;
        private final int kMax;
        private double loadNanos = Double.NaN;
        private double computeNanos = Double.NaN;
        private long lastServed = Long.MIN_VALUE;

        State(LayerSchedule schedule, int kMax) {
            this.schedule = schedule;
            this.kMax = kMax;
        }

        /** The lookahead the measurements call for now. */
        synchronized int lookahead() {
            if (Double.isNaN(loadNanos) || Double.isNaN(computeNanos)) {
                return 1;
            }
            double k = Math.ceil(loadNanos / Math.max(1.0, computeNanos));
            return (int) Math.max(1, Math.min(kMax, k));
        }

        @Override
        public int[] onAccess(int layer, long nanos) {
            synchronized (this) {
                if (lastServed != Long.MIN_VALUE) {
                    computeNanos = ewma(computeNanos, nanos - lastServed);
                }
            }
            return NextK.ahead(schedule, layer, lookahead());
        }

        @Override
        public synchronized void onServed(int layer, long nanos) {
            lastServed = nanos;
        }

        @Override
        public synchronized void onLoaded(int layer, long bytes, long nanos, boolean prefetch) {
            loadNanos = ewma(loadNanos, nanos);
        }

        private static double ewma(double mean, double sample) {
            return Double.isNaN(mean) ? sample : mean + ALPHA * (sample - mean);
        }
    }
}
