package dev.chord.reports.render;

import dev.chord.reports.stats.StatisticalMethod;
import dev.chord.reports.testing.SampleResults;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Renders the sample two-run report in a real browser (headless Chromium) and checks what a person would see:
 * the DOM Chromium built has every table and chart with content, and the screenshot shows the chart colors.
 * Skipped with a message when Chromium is not installed ({@code apt-get install -y chromium}); with
 * {@code -Dchord.chromium.required=true} (the CI script .ci/check-report-in-chromium) a missing browser fails.
 * The page and screenshot stay in {@code target/chromium-check/} for a look.
 */
class ReportInChromiumTest {
    private static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");

    /** {@code -Dchord.chromium=PATH} if given (empty: none), else the first browser on the PATH. */
    static Optional<String> findChromium() {
        String forced = System.getProperty("chord.chromium");
        if (forced != null) {
            return forced.isBlank() || !Files.isExecutable(Path.of(forced)) ? Optional.empty() : Optional.of(forced);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            for (String b : BROWSERS) {
                if (Files.isExecutable(Path.of(dir, b))) {
                    return Optional.of(Path.of(dir, b).toString());
                }
            }
        }
        return Optional.empty();
    }

    private static String chromiumOrSkip() {
        Optional<String> c = findChromium();
        if (c.isEmpty()) {
            String msg = "headless Chromium not found on PATH (" + String.join(", ", BROWSERS)
                    + "): install it with 'apt-get install -y chromium' to check the HTML report in a browser";
            if (Boolean.getBoolean("chord.chromium.required")) {
                fail(msg);
            }
            Assumptions.abort(msg);
        }
        return c.get();
    }

    private static String run(Path work, List<String> cmd) throws IOException, InterruptedException {
        Path out = work.resolve("chromium.out");
        Path err = work.resolve("chromium.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in 90 s: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) {
            fail("chromium exited " + p.exitValue() + ": " + Files.readString(err, StandardCharsets.UTF_8));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static List<String> flags(Path profile) {
        return List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile);
    }

    @Test
    void reportRendersInChromium() throws Exception {
        String chromium = chromiumOrSkip();
        Path work = Path.of("target", "chromium-check").toAbsolutePath();
        Files.createDirectories(work);
        List<Run> runs = List.of(new Run("base", SampleResults.run(1, false)), new Run("new", SampleResults.run(2, true)));
        ReportWriter.writeRuns(runs, work.resolve("report"), StatisticalMethod.DEFAULT, 0.05);
        Path html = work.resolve("report").resolve(ReportWriter.HTML);
        String expected = Files.readString(html);
        int svgs = count(expected, "<svg ");
        int tables = count(expected, "<table>");

        Path profile = Files.createTempDirectory("chord-chromium-");
        try {
            List<String> dom = new ArrayList<>(List.of(chromium));
            dom.addAll(flags(profile));
            dom.addAll(List.of("--dump-dom", html.toUri().toString()));
            String parsed = run(work, dom);
            assertEquals(svgs, count(parsed, "<svg "), "every chart survives Chromium's parser");
            assertEquals(tables, count(parsed, "<table>"), "every table survives Chromium's parser");
            // every chart has content: bars or lines, and every table has rows
            for (String svg : between(parsed, "<svg ", "</svg>")) {
                assertTrue(svg.contains("class=\"bar\"") || svg.contains("class=\"series\""), "empty chart: "
                        + svg.substring(0, Math.min(200, svg.length())));
            }
            for (String table : between(parsed, "<table>", "</table>")) {
                assertTrue(table.contains("<td"), "table without rows");
            }

            Path png = work.resolve("report.png");
            Files.deleteIfExists(png);
            List<String> shot = new ArrayList<>(List.of(chromium));
            shot.addAll(flags(profile));
            shot.addAll(List.of("--window-size=1280,4000", "--screenshot=" + png, html.toUri().toString()));
            run(work, shot);
            BufferedImage img = ImageIO.read(png.toFile());
            assertTrue(img != null && img.getWidth() == 1280, "screenshot " + png);
            // The first chart is the comparison: REGRESSED red and IMPROVED green bars must be painted.
            assertTrue(pixels(img, 0xd62728) > 200, "no red REGRESSED bar painted in " + png);
            assertTrue(pixels(img, 0x2ca02c) > 200, "no green IMPROVED bar painted in " + png);
            assertTrue(pixels(img, 0x4e79a7) > 500, "no series-colored bars painted in " + png);
        } finally {
            deleteTree(profile);
        }
    }

    private static int pixels(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y) & 0xffffff;
                if (Math.abs((p >> 16) - (rgb >> 16)) <= 6 && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= 6
                        && Math.abs((p & 0xff) - (rgb & 0xff)) <= 6) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int count(String text, String needle) {
        return (int) Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
    }

    private static List<String> between(String text, String open, String close) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(Pattern.quote(open) + "(.*?)" + Pattern.quote(close), Pattern.DOTALL).matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
