package dev.chord.reports.env;

import dev.chord.reports.model.Environment;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentProbeTest {

    @Test
    void parsesX86CpuInfo() {
        String text = """
                processor\t: 0
                vendor_id\t: GenuineIntel
                model name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz
                flags\t\t: fpu vme sse4_1 sse4_2 avx avx2 fma f16c avx512f avx512bw avx512_vnni lm
                processor\t: 1
                model name\t: other
                flags\t\t: fpu
                """;
        var info = EnvironmentProbe.parseCpuInfo(text);
        assertEquals("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz", info.model());
        assertEquals(List.of("sse4_1", "sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512_vnni"),
                info.flags());
    }

    @Test
    void parsesArmCpuInfo() {
        var info = EnvironmentProbe.parseCpuInfo("processor : 0\nFeatures : fp asimd asimddp sve i8mm\nCPU part : 0xd40\n");
        assertEquals(Environment.UNKNOWN, info.model());
        assertEquals(List.of("asimd", "asimddp", "sve", "i8mm"), info.flags());
    }

    @Test
    void missingCpuInfoIsUnknownNotAnError() {
        var info = EnvironmentProbe.cpuInfo(Path.of("/nonexistent/cpuinfo"));
        assertEquals(Environment.UNKNOWN, info.model());
        assertEquals(List.of(Environment.UNKNOWN), EnvironmentProbe.parseCpuInfo("garbage").flags());
    }

    @Test
    void capturesThisJvm() {
        Environment e = EnvironmentProbe.capture(3);
        assertEquals(3, e.threads());
        assertEquals(Runtime.version().toString(), e.jvmVersion());
        assertTrue(e.cpuLogicalCores() >= 1);
        assertFalse(e.date().equals(Environment.UNKNOWN));
        // Surefire runs with --add-modules jdk.incubator.vector (root pom), so the species is known here.
        assertTrue(e.vectorSpecies().startsWith("Species[float"), e.vectorSpecies());
        assertNotEquals(Environment.UNKNOWN, e.chordVersion());
        assertTrue(e.jvmFlags().stream().anyMatch(f -> f.contains("jdk.incubator.vector")), e.jvmFlags().toString());
    }

    @Test
    void gitCommitIsAHashOrUnknown() {
        String c = EnvironmentProbe.gitCommit();
        assertTrue(c.equals(Environment.UNKNOWN) || c.matches("[0-9a-f]{40,64}(-dirty)?"), c);
    }

    @Test
    void gitCommitCanBeForced() {
        System.setProperty("chord.git.commit", "feedface");
        try {
            assertEquals("feedface", EnvironmentProbe.gitCommit());
        } finally {
            System.clearProperty("chord.git.commit");
        }
    }
}
