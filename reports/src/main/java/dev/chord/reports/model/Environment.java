package dev.chord.reports.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a result set was measured. Every text field is {@value #UNKNOWN} when it could not be determined;
 * capture it with {@code dev.chord.reports.env.EnvironmentProbe.capture(threads)}.
 *
 * @param chordVersion    Chord's project version
 * @param gitCommit       full commit hash of the checkout, suffixed {@code -dirty} when it had uncommitted changes
 * @param jvmVendor       {@code java.vm.vendor}
 * @param jvmVersion      {@code java.runtime.version}
 * @param jvmName         {@code java.vm.name}
 * @param jvmFlags        the JVM's input arguments
 * @param cpuModel        CPU model name
 * @param cpuFlags        the SIMD-relevant CPU feature flags (avx2, avx512f, avx512_vnni, fma, asimd, sve, ...)
 * @param cpuLogicalCores processors available to the JVM
 * @param vectorSpecies   {@code FloatVector.SPECIES_PREFERRED} of {@code jdk.incubator.vector}
 * @param threads         worker threads the experiment used
 * @param os              operating system name, version and architecture
 * @param date            ISO-8601 instant the run started
 * @param extra           producer-specific facts (model file, JMH version, ...)
 */
public record Environment(String chordVersion, String gitCommit, String jvmVendor, String jvmVersion, String jvmName,
                          List<String> jvmFlags, String cpuModel, List<String> cpuFlags, int cpuLogicalCores,
                          String vectorSpecies, int threads, String os, String date, Map<String, String> extra) {

    public static final String UNKNOWN = "unknown";

    public Environment {
        chordVersion = orUnknown(chordVersion);
        gitCommit = orUnknown(gitCommit);
        jvmVendor = orUnknown(jvmVendor);
        jvmVersion = orUnknown(jvmVersion);
        jvmName = orUnknown(jvmName);
        jvmFlags = List.copyOf(Objects.requireNonNullElse(jvmFlags, List.of()));
        cpuModel = orUnknown(cpuModel);
        cpuFlags = List.copyOf(Objects.requireNonNullElse(cpuFlags, List.of()));
        vectorSpecies = orUnknown(vectorSpecies);
        os = orUnknown(os);
        date = orUnknown(date);
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNullElse(extra, Map.of())));
    }

    /** An environment where nothing is known (tests, synthetic data). */
    public static Environment unknown() {
        return new Environment(null, null, null, null, null, null, null, null, 0, null, 0, null, null, null);
    }

    public Environment withThreads(int threads) {
        return new Environment(chordVersion, gitCommit, jvmVendor, jvmVersion, jvmName, jvmFlags, cpuModel, cpuFlags,
                cpuLogicalCores, vectorSpecies, threads, os, date, extra);
    }

    public Environment withExtra(String key, String value) {
        Map<String, String> e = new LinkedHashMap<>(extra);
        e.put(key, value);
        return new Environment(chordVersion, gitCommit, jvmVendor, jvmVersion, jvmName, jvmFlags, cpuModel, cpuFlags,
                cpuLogicalCores, vectorSpecies, threads, os, date, e);
    }

    /** The first 12 characters of the commit (with {@code -dirty} kept), for labels. */
    public String shortCommit() {
        if (gitCommit.equals(UNKNOWN)) {
            return UNKNOWN;
        }
        boolean dirty = gitCommit.endsWith("-dirty");
        String hash = dirty ? gitCommit.substring(0, gitCommit.length() - 6) : gitCommit;
        return (hash.length() > 12 ? hash.substring(0, 12) : hash) + (dirty ? "-dirty" : "");
    }

    /** The fields as display name and value, in schema order (lists joined by spaces). */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Chord version", chordVersion);
        m.put("git commit", gitCommit);
        m.put("JVM", jvmVendor + " " + jvmName + " " + jvmVersion);
        m.put("JVM flags", jvmFlags.isEmpty() ? "(none)" : String.join(" ", jvmFlags));
        m.put("CPU", cpuModel);
        m.put("CPU flags", cpuFlags.isEmpty() ? "(none found)" : String.join(" ", cpuFlags));
        m.put("logical cores", cpuLogicalCores > 0 ? Integer.toString(cpuLogicalCores) : UNKNOWN);
        m.put("preferred vector species", vectorSpecies);
        m.put("threads", threads > 0 ? Integer.toString(threads) : UNKNOWN);
        m.put("OS", os);
        m.put("date", date);
        extra.forEach(m::put);
        return m;
    }

    private static String orUnknown(String s) {
        return s == null || s.isBlank() ? UNKNOWN : s.strip();
    }
}
