package dev.chord.cache.policy.support;

/** A tracked key in a policy's lists, with the per-entry state the policies in this package need. */
public final class PolicyNode {
    public final long key;
    public final long bytes;
    /** Access counter (LFU, S3-FIFO's two bits, GDSF's frequency). */
    public int freq;
    /** Reference or visited bit (CLOCK, SIEVE). */
    public boolean referenced;
    /** Priority for ordered policies (GDSF's H value). */
    public double priority;
    /** Tie-break sequence for ordered policies. */
    public long tick;

    PolicyNode prev;
    PolicyNode next;
    NodeList list;

    public PolicyNode(long key, long bytes) {
        this.key = key;
        this.bytes = bytes;
    }

    /** The list this node is in, or null. */
    public NodeList list() {
        return list;
    }

    @Override
    public String toString() {
        return "node[" + key + ", " + bytes + " B]";
    }
}
