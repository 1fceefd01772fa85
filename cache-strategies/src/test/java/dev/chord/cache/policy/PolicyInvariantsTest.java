package dev.chord.cache.policy;

import dev.chord.api.cache.CacheRegistries;
import dev.chord.api.cache.EvictionPolicy;
import dev.chord.api.cache.LayerSchedule;
import dev.chord.api.cache.PolicyContext;
import dev.chord.api.testing.Seeds;
import dev.chord.cache.core.CacheCore;
import dev.chord.cache.trace.NextUseIndex;
import dev.chord.cache.trace.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every policy under the conditions of a live cache: entries of different sizes, some leased (not
 * evictable) while others load, prefetch inserts without a request, vetoed nominations. After every step
 * the cache's and the policy's invariants must hold and the budget must not be exceeded.
 */
class PolicyInvariantsTest {

    static Stream<String> policies() {
        return CacheRegistries.policies().names().stream();
    }

    @ParameterizedTest
    @MethodSource("policies")
    void invariantsHoldUnderLeasesPrefetchesAndVetoes(String name) {
        long seed = Seeds.seed(99L);
        SplittableRandom r = new SplittableRandom(seed ^ name.hashCode());
        EvictionPolicy policy = CacheRegistries.policies().require(name);
        int keys = 24;
        int length = 3000;
        long[] k = new long[length];
        long[] sizes = new long[length];
        long[] sizeOf = new long[keys];
        for (int i = 0; i < keys; i++) {
            sizeOf[i] = 100 + r.nextInt(900);
        }
        for (int i = 0; i < length; i++) {
            k[i] = r.nextInt(4) == 0 ? r.nextInt(keys) : i % keys;
            sizes[i] = sizeOf[(int) k[i]];
        }
        Trace trace = new Trace(new long[length], k, sizes);
        long capacity = 4000;
        PolicyContext ctx = new PolicyContext(capacity, keys, seed, Optional.of(new NextUseIndex(trace)),
                Optional.of(LayerSchedule.sequential(keys)));
        CacheCore core = new CacheCore(capacity, policy.create(ctx), name);
        List<Long> leased = new ArrayList<>();
        List<Long> loading = new ArrayList<>();
        try {
            for (int i = 0; i < length; i++) {
                long key = k[i];
                // Finish some loads, drop some leases: the concurrency a live cache sees, in one thread.
                while (!loading.isEmpty() && r.nextInt(3) > 0) {
                    core.loaded(loading.removeFirst(), 1 + r.nextInt(1000));
                }
                while (leased.size() > 2 || (!leased.isEmpty() && r.nextBoolean())) {
                    core.release(leased.remove(r.nextInt(leased.size())));
                }
                CacheCore.Lookup look = core.access(key, sizes[i]);
                if (look == CacheCore.Lookup.MISS) {
                    if (core.reserve(key, sizes[i], CacheCore.Kind.DEMAND, null, x -> { })) {
                        loading.add(key);
                    }
                } else if (look == CacheCore.Lookup.HIT) {
                    core.lease(key);
                    leased.add(key);
                }
                if (r.nextInt(3) == 0) {
                    long p = r.nextInt(keys);
                    if (core.entry(p) == null && core.reserve(p, sizeOf[(int) p], CacheCore.Kind.PREFETCH,
                            v -> r.nextInt(4) != 0, x -> { })) {
                        loading.add(p);
                    }
                }
                core.checkInvariants(false);
                assertTrue(core.usedBytes() <= capacity, "over budget: " + core.usedBytes());
            }
            for (long l : loading) {
                core.loaded(l, 1);
            }
            for (long l : leased) {
                core.release(l);
            }
            core.checkInvariants(true);
        } catch (IllegalStateException e) {
            fail(Seeds.replay(seed) + name + ": " + e.getMessage(), e);
        }
        assertTrue(core.stats().hits() > 0, name + " never hit: the trace has reuse");
    }
}
