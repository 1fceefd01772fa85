package dev.chord.api.exec;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChordExecutorTest {

    @Test
    void everyIndexRunsExactlyOnceAcrossManyCalls() {
        try (ChordExecutor ex = ChordExecutor.create(3)) {
            for (int n : new int[] {1, 2, 7, 64, 1000, 4097}) {
                for (int rep = 0; rep < 50; rep++) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    ex.parallelFor(n, 3, (w, from, to) -> {
                        assertTrue(w >= 0 && w < 3);
                        for (int i = from; i < to; i++) {
                            hits.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, hits.get(i), "index " + i + " of " + n);
                    }
                }
            }
        }
    }

    @Test
    void taskExceptionsReachTheCallerAndTheTeamSurvives() {
        try (ChordExecutor ex = ChordExecutor.create(2)) {
            assertThrows(IllegalStateException.class, () -> ex.parallelFor(100, 1, (w, f, t) -> {
                if (f == 50) {
                    throw new IllegalStateException("boom");
                }
            }));
            int[] sum = new int[1];
            ex.parallelFor(10, 10, (w, f, t) -> sum[0] += t - f);
            assertEquals(10, sum[0]);
        }
    }

    @Test
    void nestedCallsRunInline() {
        try (ChordExecutor ex = ChordExecutor.create(2)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(16);
            ex.parallelFor(4, 1, (w, f, t) -> ex.parallelFor(4, 1, (w2, f2, t2) -> {
                for (int i = f2; i < t2; i++) {
                    hits.incrementAndGet(f * 4 + i);
                }
            }));
            for (int i = 0; i < 16; i++) {
                assertEquals(1, hits.get(i));
            }
        }
    }
}
