package dev.chord.cache.stream;

import java.util.ArrayDeque;
import java.util.function.IntPredicate;

/**
 * The prefetch thread(s): take the layers the prefetcher asked for last, most urgent first, and load them
 * through the cache while the forward pass computes. A new request replaces what is still pending, so the
 * threads always work on the latest lookahead. Never interrupted (an interrupt would close the shared file
 * channel): {@link #close()} lets a load in progress finish.
 */
final class PrefetchWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PrefetchWorker.class.getName());
    private final ArrayDeque<Integer> pending = new ArrayDeque<>();
    private final IntPredicate load;
    private final Thread[] threads;
    private boolean stopped;

    /** @param load prefetches one layer; returns whether it loaded anything */
    PrefetchWorker(int threadCount, IntPredicate load) {
        this.load = load;
        this.threads = new Thread[threadCount];
        for (int i = 0; i < threadCount; i++) {
            threads[i] = Thread.ofPlatform().daemon().name("chord-prefetch-" + i).unstarted(this::run);
            threads[i].start();
        }
    }

    synchronized void submit(int[] layers) {
        pending.clear();
        for (int l : layers) {
            pending.add(l);
        }
        notifyAll();
    }

    private void run() {
        while (true) {
            int layer;
            synchronized (this) {
                while (pending.isEmpty() && !stopped) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopped) {
                    return;
                }
                layer = pending.poll();
            }
            try {
                load.test(layer);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "prefetch of layer " + layer + " failed, the layer will load on demand: "
                        + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            stopped = true;
            pending.clear();
            notifyAll();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
