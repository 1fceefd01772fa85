package dev.chord.harness.tokenizer;

import java.util.Arrays;

/**
 * The merge candidates of one tokenizer run: a binary heap over primitive arrays (a million-symbol prompt would
 * otherwise mean a million heap objects). Highest priority first; equal priorities: smallest {@code left} first,
 * the order of llama.cpp's {@code llm_bigram_spm}/{@code llm_bigram_bpe} comparators. Priorities compare with
 * {@code <} as in C++, so -0.0 equals 0.0.
 */
final class BigramQueue {
    private float[] priority = new float[64];
    private int[] left = new int[64];
    private int[] right = new int[64];
    private int[] size = new int[64];
    private int n;

    // The entry most recently taken by poll().
    private int polledLeft;
    private int polledRight;
    private int polledSize;

    void add(float p, int l, int r, int s) {
        if (n == priority.length) {
            int cap = n * 2;
            priority = Arrays.copyOf(priority, cap);
            left = Arrays.copyOf(left, cap);
            right = Arrays.copyOf(right, cap);
            size = Arrays.copyOf(size, cap);
        }
        int i = n++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(p, l, priority[parent], left[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, p, l, r, s);
    }

    boolean isEmpty() {
        return n == 0;
    }

    /** Removes the first entry; read it with {@link #left()}, {@link #right()}, {@link #size()}. */
    void poll() {
        polledLeft = left[0];
        polledRight = right[0];
        polledSize = size[0];
        int last = --n;
        if (last == 0) {
            return;
        }
        float p = priority[last];
        int l = left[last];
        int r = right[last];
        int s = size[last];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= last) {
                break;
            }
            if (child + 1 < last && before(priority[child + 1], left[child + 1], priority[child], left[child])) {
                child++;
            }
            if (!before(priority[child], left[child], p, l)) {
                break;
            }
            move(child, i);
            i = child;
        }
        set(i, p, l, r, s);
    }

    int left() {
        return polledLeft;
    }

    int right() {
        return polledRight;
    }

    int size() {
        return polledSize;
    }

    private static boolean before(float p1, int l1, float p2, int l2) {
        return p1 > p2 || (!(p1 < p2) && l1 < l2);
    }

    private void move(int from, int to) {
        set(to, priority[from], left[from], right[from], size[from]);
    }

    private void set(int i, float p, int l, int r, int s) {
        priority[i] = p;
        left[i] = l;
        right[i] = r;
        size[i] = s;
    }
}
