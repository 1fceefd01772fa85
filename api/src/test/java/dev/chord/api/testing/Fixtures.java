package dev.chord.api.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds llama.cpp's reference fixtures: {@code ../shared/fixtures} relative to the repository root, or the
 * directory in the system property {@code chord.fixtures} (Surefire sets it). Tests that need them are
 * skipped, with the path that was looked at, only when the folder is absent: never a silent pass.
 */
public final class Fixtures {
    private Fixtures() {
    }

    /** The fixtures directory, or empty-handed skip of the calling test. */
    public static Path dir() {
        Path p = locate();
        Assumptions.assumeTrue(p != null, "llama.cpp fixtures not found (looked for ../shared/fixtures above "
                + Path.of("").toAbsolutePath() + " and -Dchord.fixtures=" + System.getProperty("chord.fixtures")
                + "); these reference checks are SKIPPED, not passed");
        return p;
    }

    public static Path quant(String type) {
        return dir().resolve("quant").resolve("quant-" + type + ".gguf");
    }

    public static Path models() {
        return dir().resolve("models");
    }

    public static Path vocab() {
        return dir().resolve("vocab");
    }

    /** The fixtures directory if it exists, else null. */
    public static Path locate() {
        String prop = System.getProperty("chord.fixtures");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path d = Path.of("").toAbsolutePath();
        while (d != null) {
            Path c = d.resolve("..").resolve("shared").resolve("fixtures");
            if (Files.isDirectory(c.resolve("quant"))) {
                return c.normalize();
            }
            d = d.getParent();
        }
        return null;
    }
}
