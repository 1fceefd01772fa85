package dev.chord.cache.policy.support;

import java.util.function.LongPredicate;

/**
 * An intrusive doubly linked list of {@link PolicyNode}s from oldest ({@link #oldest()}) to newest
 * ({@link #newest()}), keeping its byte total. Removal and moves are O(1); a node is in at most one list.
 */
public final class NodeList {
    private final String name;
    private PolicyNode oldest;
    private PolicyNode newest;
    private int size;
    private long bytes;

    public NodeList(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public int size() {
        return size;
    }

    public long bytes() {
        return bytes;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public PolicyNode oldest() {
        return oldest;
    }

    public PolicyNode newest() {
        return newest;
    }

    /** The next newer node, or null at the newest end. */
    public PolicyNode newer(PolicyNode n) {
        return n.next;
    }

    /** The next older node, or null at the oldest end. */
    public PolicyNode older(PolicyNode n) {
        return n.prev;
    }

    public boolean contains(PolicyNode n) {
        return n.list == this;
    }

    public void addNewest(PolicyNode n) {
        attach(n);
        n.prev = newest;
        n.next = null;
        if (newest != null) {
            newest.next = n;
        } else {
            oldest = n;
        }
        newest = n;
    }

    /** Inserts {@code n} just older than {@code at} (at the position a CLOCK hand is about to reach last). */
    public void addBefore(PolicyNode at, PolicyNode n) {
        if (at == null) {
            addNewest(n);
            return;
        }
        if (at.list != this) {
            throw new IllegalStateException(at + " is not in " + name);
        }
        attach(n);
        n.next = at;
        n.prev = at.prev;
        if (at.prev != null) {
            at.prev.next = n;
        } else {
            oldest = n;
        }
        at.prev = n;
    }

    private void attach(PolicyNode n) {
        if (n.list != null) {
            throw new IllegalStateException(n + " is already in list " + n.list.name);
        }
        n.list = this;
        size++;
        bytes += n.bytes;
    }

    public void remove(PolicyNode n) {
        if (n.list != this) {
            throw new IllegalStateException(n + " is not in " + name);
        }
        if (n.prev != null) {
            n.prev.next = n.next;
        } else {
            oldest = n.next;
        }
        if (n.next != null) {
            n.next.prev = n.prev;
        } else {
            newest = n.prev;
        }
        n.prev = null;
        n.next = null;
        n.list = null;
        size--;
        bytes -= n.bytes;
    }

    /** Moves {@code n} (in any list) to this list's newest end. */
    public void moveToNewest(PolicyNode n) {
        if (n.list != null) {
            n.list.remove(n);
        }
        addNewest(n);
    }

    /** The oldest node whose key {@code accept}s, or null. */
    public PolicyNode oldestMatching(LongPredicate accept) {
        for (PolicyNode n = oldest; n != null; n = n.next) {
            if (accept.test(n.key)) {
                return n;
            }
        }
        return null;
    }

    /** The newest node whose key {@code accept}s, or null. */
    public PolicyNode newestMatching(LongPredicate accept) {
        for (PolicyNode n = newest; n != null; n = n.prev) {
            if (accept.test(n.key)) {
                return n;
            }
        }
        return null;
    }

    /** Checks links, size and byte total; throws {@link IllegalStateException} naming the list. */
    public void check() {
        int count = 0;
        long sum = 0;
        PolicyNode prev = null;
        for (PolicyNode n = oldest; n != null; n = n.next) {
            if (n.list != this || n.prev != prev) {
                throw new IllegalStateException("list " + name + " has a broken link at " + n);
            }
            count++;
            sum += n.bytes;
            prev = n;
            if (count > size) {
                throw new IllegalStateException("list " + name + " is longer than its size " + size);
            }
        }
        if (prev != newest || count != size || sum != bytes) {
            throw new IllegalStateException("list " + name + " counts " + count + " nodes / " + sum + " bytes, records "
                    + size + " / " + bytes);
        }
    }
}
