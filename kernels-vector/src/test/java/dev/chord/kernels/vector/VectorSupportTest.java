package dev.chord.kernels.vector;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guards: every refusal has a reason, and a JVM without the incubator module falls back cleanly. */
class VectorSupportTest {

    private final String original = System.getProperty("chord.vector.bits");

    @AfterEach
    void restore() {
        if (original == null) {
            System.clearProperty("chord.vector.bits");
        } else {
            System.setProperty("chord.vector.bits", original);
        }
        VectorSupport.reset();
    }

    private static VectorSupport.Decision decideWith(String bits) {
        System.setProperty("chord.vector.bits", bits);
        VectorSupport.reset();
        return VectorSupport.decision();
    }

    @Test
    void aWidthThatIsNotAVectorSizeIsRefusedWithTheReason() {
        VectorSupport.Decision d = decideWith("300");
        assertFalse(d.available());
        assertTrue(d.unavailableReason().contains("300") && d.unavailableReason().contains("128, 256 or 512"), d.unavailableReason());
        VectorSupport.Decision e = decideWith("wide");
        assertFalse(e.available());
        assertTrue(e.unavailableReason().contains("wide"), e.unavailableReason());
    }

    @Test
    void aWidthAboveThePreferredIsRefused() {
        int preferred = VectorConfig.preferredBits();
        if (preferred < 512) {
            VectorSupport.Decision d = decideWith("512");
            assertFalse(d.available());
            assertTrue(d.unavailableReason().contains("prefers " + preferred), d.unavailableReason());
        }
        assertTrue(decideWith("128").available());
    }

    /** The classes ServiceLoader instantiates (and what they load eagerly) must not mention Vector API types. */
    @Test
    void discoveredClassesMentionNoVectorApiType() {
        for (Class<?> c : new Class<?>[] {VectorFusedKernel.class, VectorInt8Kernel.class, VectorF16VecOps.class, VectorSupport.class,
                VectorSupport.Decision.class, VectorFormats.class}) {
            List<Type> types = new ArrayList<>();
            for (Field f : c.getDeclaredFields()) {
                types.add(f.getGenericType());
            }
            for (Method m : c.getDeclaredMethods()) {
                types.add(m.getGenericReturnType());
                types.addAll(List.of(m.getGenericParameterTypes()));
            }
            for (Type t : types) {
                assertFalse(t.getTypeName().contains("jdk.incubator.vector"), c.getName() + " mentions " + t);
            }
        }
    }

    /**
     * A child JVM started without {@code --add-modules jdk.incubator.vector} lists both vector kernels as
     * unavailable with the reason, logs it, and still offers the scalar kernels.
     */
    @Test
    void withoutTheIncubatorModuleTheKernelsAreUnavailableWithALoggedReason() throws Exception {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "--enable-native-access=ALL-UNNAMED", NoVectorModuleProbe.class.getName())
                .redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out + err);
        assertTrue(out.contains("vector.fused unavailable: jdk.incubator.vector is not resolved"), out);
        assertTrue(out.contains("vector.int8 unavailable: jdk.incubator.vector is not resolved"), out);
        assertTrue(out.contains("scalar.unfused available"), out);
        assertTrue(out.contains("vector.f16 unavailable: jdk.incubator.vector is not resolved"), out);
        assertTrue(out.contains("f16 selected: scalar.f16"), out);
        assertTrue(err.contains("Vector API kernels disabled"), err);
    }
}
