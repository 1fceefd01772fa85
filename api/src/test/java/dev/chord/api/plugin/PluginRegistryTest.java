package dev.chord.api.plugin;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginRegistryTest {

    private final PluginRegistry<Greeter> registry = PluginRegistry.load("greeter", Greeter.class);

    @Test
    void brokenProvidersAreListedAndSkippedNotFatal() {
        assertEquals(4, registry.entries().size(), registry.table());
        assertEquals(1, registry.available().size());
        assertEquals("basic.Works", registry.available().get(0).name());
        long failed = registry.entries().stream().filter(e -> e.plugin() == null).count();
        assertEquals(2, failed, "the throwing constructor and the missing class");
        assertTrue(registry.table().contains("constructor exploded"), registry.table());
        assertTrue(registry.table().contains("needs 512-bit vectors"), registry.table());
    }

    @Test
    void requireIsCaseInsensitiveAndExplainsFailures() {
        assertEquals("basic.Works", registry.require("BASIC.works").name());
        PluginException unknown = assertThrows(PluginException.class, () -> registry.require("nope"));
        assertTrue(unknown.getMessage().contains("known: basic.Works, simd.CannotRun"), unknown.getMessage());
        PluginException cannot = assertThrows(PluginException.class, () -> registry.require("simd.cannotrun"));
        assertEquals("greeter 'simd.CannotRun' cannot run here: needs 512-bit vectors", cannot.getMessage());
    }

    @Test
    void forcedBySystemPropertyOrFlag() {
        assertTrue(registry.forced(null).isEmpty());
        assertTrue(registry.forced("auto").isEmpty());
        assertEquals("basic.Works", registry.forced("basic.works").orElseThrow().name());
        System.setProperty("chord.greeter", "simd.CannotRun");
        try {
            assertThrows(PluginException.class, () -> registry.forced(null), "a forced plugin that cannot run fails loudly");
        } finally {
            System.clearProperty("chord.greeter");
        }
    }
}
