package dev.chord.reports.env;

import dev.chord.reports.model.Environment;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Captures the {@link Environment} of the running JVM. Never fails: whatever cannot be determined is
 * {@value Environment#UNKNOWN}, and the reason is logged at debug level.
 */
public final class EnvironmentProbe {
    private static final System.Logger LOG = System.getLogger(EnvironmentProbe.class.getName());

    /** CPU features that decide which SIMD paths a quantized kernel can take (x86 and Arm names as in /proc/cpuinfo). */
    static final Set<String> SIMD_FLAGS = Set.of(
            "sse4_1", "sse4_2", "ssse3", "avx", "avx2", "fma", "f16c", "bmi2",
            "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd", "avx512_vnni", "avx512_bf16", "avx512_fp16",
            "avx512vbmi", "avx512_vbmi2", "avx512ifma", "avx_vnni", "avx_vnni_int8", "amx_tile", "amx_int8", "amx_bf16",
            "asimd", "asimddp", "asimdhp", "sve", "sve2", "i8mm", "bf16", "svei8mm", "svebf16");

    private EnvironmentProbe() {
    }

    /** The environment of this JVM, with the number of worker threads the experiment uses. */
    public static Environment capture(int threads) {
        CpuInfo cpu = cpuInfo(Path.of("/proc/cpuinfo"));
        return new Environment(chordVersion(), gitCommit(), System.getProperty("java.vm.vendor"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"), jvmFlags(),
                cpu.model(), cpu.flags(), Runtime.getRuntime().availableProcessors(), vectorSpecies(), threads,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), null);
    }

    /** The environment with one worker thread per available processor. */
    public static Environment capture() {
        return capture(Runtime.getRuntime().availableProcessors());
    }

    static String chordVersion() {
        try (InputStream in = EnvironmentProbe.class.getResourceAsStream("/dev/chord/reports/build.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.contains("${")) {
                    return v;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Chord version unknown: " + e);
        }
        return Environment.UNKNOWN;
    }

    /**
     * {@code -Dchord.git.commit} if set, else {@code git rev-parse HEAD} in the directory this code was loaded
     * from (the checkout the jar was built in), then in the working directory.
     */
    static String gitCommit() {
        String forced = System.getProperty("chord.git.commit");
        if (forced != null && !forced.isBlank()) {
            return forced.strip();
        }
        List<Path> dirs = new ArrayList<>();
        try {
            var src = EnvironmentProbe.class.getProtectionDomain().getCodeSource();
            if (src != null) {
                Path p = Path.of(src.getLocation().toURI());
                dirs.add(Files.isDirectory(p) ? p : p.getParent());
            }
        } catch (Exception | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "code source location unknown: " + e);
        }
        dirs.add(Path.of("").toAbsolutePath());
        for (Path dir : dirs) {
            if (dir == null) {
                continue;
            }
            String head = run(dir, "git", "rev-parse", "HEAD");
            if (head != null && head.matches("[0-9a-f]{40,64}")) {
                String status = run(dir, "git", "status", "--porcelain", "--untracked-files=no");
                return head + (status != null && !status.isEmpty() ? "-dirty" : "");
            }
        }
        return Environment.UNKNOWN;
    }

    /** Runs a short command; its trimmed standard output, or null on any failure or after 5 s. */
    private static String run(Path dir, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(1 << 16);
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.log(System.Logger.Level.DEBUG, String.join(" ", cmd) + " timed out");
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, String.join(" ", cmd) + " failed: " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static List<String> jvmFlags() {
        try {
            return List.copyOf(ManagementFactory.getRuntimeMXBean().getInputArguments());
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "JVM flags unknown: " + e);
            return List.of(Environment.UNKNOWN);
        }
    }

    /** {@code FloatVector.SPECIES_PREFERRED}, looked up reflectively: the incubator module may not be enabled. */
    static String vectorSpecies() {
        try {
            Class<?> fv = Class.forName("jdk.incubator.vector.FloatVector");
            Object species = fv.getField("SPECIES_PREFERRED").get(null);
            return String.valueOf(species);
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "jdk.incubator.vector not available: " + e);
            return Environment.UNKNOWN + " (jdk.incubator.vector not enabled)";
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "preferred vector species unknown: " + e);
            return Environment.UNKNOWN;
        }
    }

    record CpuInfo(String model, List<String> flags) {
    }

    /** Model name and SIMD flags of the first processor listed in a /proc/cpuinfo-format file. */
    static CpuInfo cpuInfo(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot read " + file + ": " + e);
            return new CpuInfo(Environment.UNKNOWN, List.of());
        }
        return parseCpuInfo(text);
    }

    static CpuInfo parseCpuInfo(String text) {
        String model = null;
        String flags = null;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (model == null && (key.equals("model name") || key.equals("cpu model") || key.equals("hardware"))) {
                model = value;
            } else if (flags == null && (key.equals("flags") || key.equals("features"))) {
                flags = value;
            }
        }
        List<String> simd = new ArrayList<>();
        if (flags == null) {
            simd.add(Environment.UNKNOWN);
        } else {
            for (String f : flags.split("\\s+")) {
                if (SIMD_FLAGS.contains(f) && !simd.contains(f)) {
                    simd.add(f);
                }
            }
        }
        return new CpuInfo(model == null ? Environment.UNKNOWN : model, simd);
    }
}
