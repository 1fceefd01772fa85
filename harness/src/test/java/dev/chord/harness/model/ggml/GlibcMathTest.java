package dev.chord.harness.model.ggml;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GlibcMath} against glibc itself, called through the FFM API: the same results, bit for bit, on a
 * sample of every function's inputs that includes many where glibc and Java's {@link Math} disagree (so the
 * comparison can fail). Runs where the reference exists, Linux x86-64 with glibc 2.28 or later on a CPU with
 * FMA (glibc's FMA variants are the ones emulated); skipped elsewhere, with the reason.
 */
class GlibcMathTest {

    private static MethodHandle expf;
    private static MethodHandle sincosf;
    private static MethodHandle powf;

    @BeforeAll
    static void bindGlibc() throws Throwable {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").matches("amd64|x86_64"), "glibc reference needs Linux x86-64");
        Linker linker = Linker.nativeLinker();
        SymbolLookup lookup = linker.defaultLookup();
        var version = lookup.find("gnu_get_libc_version");
        Assumptions.assumeTrue(version.isPresent(), "not glibc: no gnu_get_libc_version");
        MemorySegment v = (MemorySegment) linker.downcallHandle(version.get(), FunctionDescriptor.of(ValueLayout.ADDRESS))
                .invokeExact();
        String[] parts = v.reinterpret(32).getString(0).split("\\.");
        int minor = Integer.parseInt(parts[1].replaceAll("\\D.*", ""));
        Assumptions.assumeTrue(Integer.parseInt(parts[0]) > 2 || minor >= 28, "glibc " + String.join(".", parts) + " < 2.28");
        Assumptions.assumeTrue(Files.readString(Path.of("/proc/cpuinfo")).contains(" fma "),
                "CPU without FMA: glibc picks its non-FMA variants there");
        expf = linker.downcallHandle(lookup.find("expf").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_FLOAT, ValueLayout.JAVA_FLOAT));
        powf = linker.downcallHandle(lookup.find("powf").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_FLOAT, ValueLayout.JAVA_FLOAT, ValueLayout.JAVA_FLOAT));
        sincosf = linker.downcallHandle(lookup.find("sincosf").orElseThrow(),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    }

    /** Every {@code stride}-th float bit pattern from {@code from} to {@code to}. */
    private static float[] sample(int from, int to, int stride) {
        float[] out = new float[(int) (((long) to - from) / stride + 1)];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.intBitsToFloat(from + i * stride);
        }
        return out;
    }

    private static void check(String what, List<String> wrong, int javaDiffers) {
        assertTrue(wrong.isEmpty(), what + ": " + wrong.size() + " inputs differ from glibc, first " + wrong.subList(0, Math.min(5, wrong.size())));
        assertTrue(javaDiffers > 0, what + ": the sample should include inputs where glibc and Java's Math differ");
    }

    @Test
    void expfIsGlibcs() throws Throwable {
        List<String> wrong = new ArrayList<>();
        int javaDiffers = 0;
        for (float[] xs : List.of(sample(0, 0x42B17217, 211), sample(0x80000000, 0xC2CFF1B4, 211),
                new float[] {0f, -0f, 88.72f, 89f, -104f, -110f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN})) {
            for (float x : xs) {
                float want = (float) expf.invokeExact(x);
                float got = GlibcMath.expf(x);
                if (Float.floatToRawIntBits(got) != Float.floatToRawIntBits(want) && !(Float.isNaN(got) && Float.isNaN(want))) {
                    wrong.add(x + " -> " + got + ", glibc " + want);
                }
                if (want != (float) Math.exp(x)) {
                    javaDiffers++;
                }
            }
        }
        check("expf", wrong, javaDiffers);
    }

    @Test
    void sincosfIsGlibcs() throws Throwable {
        List<String> wrong = new ArrayList<>();
        int javaDiffers = 0;
        float[] cs = new float[2];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(4);
            MemorySegment c = arena.allocate(4);
            for (float[] xs : List.of(sample(0, 0x47A00000, 257), sample(0x80000000, 0xC7A00000, 1021),
                    sample(0x47A00000, 0x7F000000, 65537), new float[] {Float.NaN, Float.POSITIVE_INFINITY, 1e-40f})) {
                for (float x : xs) {
                    sincosf.invokeExact(x, s, c);
                    float wantSin = s.get(ValueLayout.JAVA_FLOAT, 0);
                    float wantCos = c.get(ValueLayout.JAVA_FLOAT, 0);
                    GlibcMath.cosSin(x, cs, 0);
                    boolean same = (Float.floatToRawIntBits(cs[0]) == Float.floatToRawIntBits(wantCos) || Float.isNaN(wantCos))
                            && (Float.floatToRawIntBits(cs[1]) == Float.floatToRawIntBits(wantSin) || Float.isNaN(wantSin));
                    if (!same) {
                        wrong.add(x + " -> cos " + cs[0] + " sin " + cs[1] + ", glibc " + wantCos + " " + wantSin);
                    }
                    if (wantSin != (float) Math.sin(x) || wantCos != (float) Math.cos(x)) {
                        javaDiffers++;
                    }
                }
            }
        }
        check("sincosf", wrong, javaDiffers);
    }

    @Test
    void powfIsGlibcsForRopeBases() throws Throwable {
        List<String> wrong = new ArrayList<>();
        int javaDiffers = 0;
        float[] exponents = {-2f / 32, -2f / 64, -2f / 80, -2f / 96, -2f / 128, -2f / 256, 0.5f, -1.5f, 3f};
        for (float y : exponents) {
            for (float x : sample(0x00800000, 0x7E000000, 4099)) {
                float want = (float) powf.invokeExact(x, y);
                float got = GlibcMath.powf(x, y);
                if (Float.floatToRawIntBits(got) != Float.floatToRawIntBits(want)) {
                    wrong.add("powf(" + x + ", " + y + ") -> " + got + ", glibc " + want);
                }
                if (want != (float) Math.pow(x, y)) {
                    javaDiffers++;
                }
            }
        }
        check("powf", wrong, javaDiffers);
    }
}
