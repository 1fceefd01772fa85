package dev.chord.api.exec;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of persistent worker threads for data-parallel loops (the rows of a matrix product).
 *
 * <p>The thread count is fixed when the executor is created; the calling thread takes part as worker 0,
 * so {@code threads = 1} runs everything inline. A call neither allocates nor creates threads: the task is
 * published through volatile fields, workers claim chunks of the index range from an atomic counter
 * (so a worker that is descheduled on a noisy machine does not hold up the others), and the caller waits
 * for the team by spinning briefly, then parking. Workers spin briefly between calls for the same reason
 * ggml's thread pool does: a decode step issues many small products back to back.
 *
 * <p>One caller at a time: {@link #parallelFor} is not reentrant across threads; a nested call from
 * inside a task runs inline.
 */
public final class ChordExecutor implements AutoCloseable {

    /** The body of a parallel loop: handles indices {@code [from, to)} on worker {@code worker}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int worker, int from, int to);
    }

    /** About 20-50 microseconds of spinning before a thread parks. */
    private static final int SPIN_LIMIT = 1 << 14;

    private final int threads;
    private final Thread[] workers;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile RangeTask task;
    private volatile int end;
    private volatile int grain;
    private volatile long generation;
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile Throwable failure;

    private ChordExecutor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int id = i + 1;
            Thread t = new Thread(() -> workerLoop(id), "chord-worker-" + id);
            t.setDaemon(true);
            workers[i] = t;
        }
        for (Thread t : workers) {
            t.start();
        }
    }

    /** An executor of {@code threads} threads including the caller. */
    public static ChordExecutor create(int threads) {
        return new ChordExecutor(threads);
    }

    /** A single-threaded executor: everything runs on the caller. */
    public static ChordExecutor serial() {
        return new ChordExecutor(1);
    }

    /**
     * Whether every thread of the team may read {@code segment}: false for memory of a confined arena when the
     * team has workers besides its owner.
     */
    public boolean accessibleByAll(MemorySegment segment) {
        for (Thread w : workers) {
            if (!segment.isAccessibleBy(w)) {
                return false;
            }
        }
        return true;
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code task} over {@code [0, n)} in chunks sized for this team. */
    public void parallelFor(int n, RangeTask task) {
        parallelFor(n, Math.max(1, n / (threads * 8)), task);
    }

    /**
     * Runs {@code task} over {@code [0, n)} in chunks of {@code grain} indices (the last may be shorter),
     * returning when all are done. A task's exception is rethrown here after the team has stopped.
     */
    public void parallelFor(int n, int grain, RangeTask task) {
        if (n <= 0) {
            return;
        }
        if (grain < 1) {
            throw new IllegalArgumentException("grain must be >= 1, got " + grain);
        }
        Thread self = Thread.currentThread();
        if (threads == 1 || n <= grain || caller == self || isWorker(self)) {
            task.run(workerIndexOf(self), 0, n);
            return;
        }
        if (closed) {
            throw new IllegalStateException("executor is closed");
        }
        caller = self;
        try {
            this.task = task;
            this.end = n;
            this.grain = grain;
            this.failure = null;
            next.set(0);
            pending.set(workers.length);
            generation++; // volatile write publishes the fields above
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
            try {
                runChunks(0, task, n, grain);
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                }
                next.set(Integer.MAX_VALUE / 2);
            }
            int spins = 0;
            while (pending.get() != 0) {
                if (spins < SPIN_LIMIT) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            this.task = null;
            Throwable f = failure;
            if (f != null) {
                failure = null;
                if (f instanceof RuntimeException re) {
                    throw re;
                }
                if (f instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(f);
            }
        } finally {
            caller = null;
        }
    }

    private boolean isWorker(Thread t) {
        for (Thread w : workers) {
            if (w == t) {
                return true;
            }
        }
        return false;
    }

    private int workerIndexOf(Thread t) {
        for (int i = 0; i < workers.length; i++) {
            if (workers[i] == t) {
                return i + 1;
            }
        }
        return 0;
    }

    private void runChunks(int worker, RangeTask t, int n, int g) {
        int from;
        while ((from = next.getAndAdd(g)) < n) {
            t.run(worker, from, Math.min(n, from + g));
        }
    }

    private void workerLoop(int id) {
        long seen = 0;
        while (true) {
            int spins = 0;
            long gen;
            while ((gen = generation) == seen) {
                if (closed) {
                    return;
                }
                if (spins < SPIN_LIMIT) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = gen;
            RangeTask t = task;
            try {
                if (t != null) {
                    runChunks(id, t, end, grain);
                }
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                }
                next.set(Integer.MAX_VALUE / 2); // stop the others from claiming more
            } finally {
                if (pending.decrementAndGet() == 0) {
                    Thread c = caller;
                    if (c != null) {
                        LockSupport.unpark(c);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        for (Thread w : workers) {
            try {
                w.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
