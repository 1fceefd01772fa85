package dev.chord.harness.tokenizer;

import dev.chord.api.testing.Seeds;
import org.junit.jupiter.api.Test;

import java.util.PriorityQueue;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The primitive heap pops in the order of llama.cpp's comparator, checked against java.util.PriorityQueue. */
class BigramQueueTest {

    record Entry(float priority, int left, int right, int size) {
    }

    @Test
    void popsHighestPriorityThenLeftmostLikeLlamaCpp() {
        long seed = Seeds.seed(0xB16AL);
        SplittableRandom rnd = new SplittableRandom(seed);
        // Few distinct priorities (with -0.0 next to 0.0, which C++'s < treats as equal) so that ties are common.
        float[] priorities = {-3f, -1.5f, -0.0f, 0.0f, 2f};
        for (int round = 0; round < 200; round++) {
            BigramQueue q = new BigramQueue();
            PriorityQueue<Entry> ref = new PriorityQueue<>((a, b) -> a.priority > b.priority ? -1
                    : a.priority < b.priority ? 1 : Integer.compare(a.left, b.left));
            int ops = rnd.nextInt(1, 300);
            for (int k = 0; k < ops; k++) {
                if (rnd.nextInt(3) > 0 || ref.isEmpty()) {
                    Entry e = new Entry(priorities[rnd.nextInt(priorities.length)], rnd.nextInt(1000), k, rnd.nextInt(50));
                    q.add(e.priority, e.left, e.right, e.size);
                    ref.add(e);
                } else {
                    assertPollsSame(seed, q, ref.poll());
                }
            }
            while (!ref.isEmpty()) {
                assertPollsSame(seed, q, ref.poll());
            }
            assertTrue(q.isEmpty());
        }
    }

    private static void assertPollsSame(long seed, BigramQueue q, Entry want) {
        q.poll();
        // Entries with equal priority and left are interchangeable for the tokenizers; compare those two fields.
        assertEquals(want.left, q.left(), Seeds.replay(seed) + "left of " + want);
    }
}
