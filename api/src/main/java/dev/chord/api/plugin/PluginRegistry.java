package dev.chord.api.plugin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The providers of one SPI, loaded once with {@link ServiceLoader}.
 *
 * <p>A provider that fails to load ({@link ServiceConfigurationError}: missing class, failing constructor,
 * a class missing a module it needs) is kept as an entry with the reason, and loading goes on: one broken
 * jar never hides the other plugins. A user may force a provider by name with the system property
 * {@code chord.<kind>} (for example {@code -Dchord.kernel=vector.int8}) or the matching CLI flag; a
 * forced provider that does not exist or cannot run is an error, never a silent fallback.
 *
 * @param <T> the SPI
 */
public final class PluginRegistry<T extends Plugin> {

    private static final System.Logger LOG = System.getLogger(PluginRegistry.class.getName());

    /** One provider: loaded (with or without a reason it cannot run) or failed to load. */
    public record Entry<T extends Plugin>(String name, T plugin, String unavailableReason) {
        public boolean available() {
            return plugin != null && unavailableReason == null;
        }

        /** {@code available} or the reason it is not. */
        public String status() {
            return available() ? "available" : unavailableReason;
        }
    }

    private final String kind;
    private final Class<T> spi;
    private final List<Entry<T>> entries;

    private PluginRegistry(String kind, Class<T> spi, List<Entry<T>> entries) {
        this.kind = kind;
        this.spi = spi;
        this.entries = List.copyOf(entries);
    }

    /**
     * Loads every provider of {@code spi} visible to the SPI's class loader.
     *
     * @param kind short name of the SPI, used in messages and in the system property {@code chord.<kind>}
     */
    public static <T extends Plugin> PluginRegistry<T> load(String kind, Class<T> spi) {
        ClassLoader loader = spi.getClassLoader();
        return load(kind, spi, ServiceLoader.load(spi, loader));
    }

    /** Builds a registry from an explicit list of providers (tests, embedding applications). */
    public static <T extends Plugin> PluginRegistry<T> of(String kind, Class<T> spi, List<? extends T> plugins) {
        List<Entry<T>> entries = new ArrayList<>();
        for (T p : plugins) {
            entries.add(entryFor(p));
        }
        return new PluginRegistry<>(kind, spi, sorted(entries));
    }

    static <T extends Plugin> PluginRegistry<T> load(String kind, Class<T> spi, ServiceLoader<T> loader) {
        List<Entry<T>> entries = new ArrayList<>();
        Iterator<T> it = loader.iterator();
        // The lazy iterator continues with the next provider after a ServiceConfigurationError
        // (ServiceLoader's documented best-effort behaviour); a bounded loop guards against a loader
        // that would keep failing at the same place.
        int failures = 0;
        while (failures < 1000) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                T p = it.next();
                entries.add(entryFor(p));
            } catch (ServiceConfigurationError | LinkageError e) {
                failures++;
                String reason = "failed to load: " + rootMessage(e);
                LOG.log(System.Logger.Level.WARNING, "{0} provider skipped: {1}", kind, reason);
                entries.add(new Entry<>(providerNameFrom(e), null, reason));
            }
        }
        return new PluginRegistry<>(kind, spi, sorted(entries));
    }

    private static <T extends Plugin> Entry<T> entryFor(T p) {
        String reason;
        try {
            reason = p.unavailableReason().orElse(null);
        } catch (RuntimeException | LinkageError e) {
            reason = "cannot tell whether it can run: " + rootMessage(e);
        }
        return new Entry<>(p.name(), p, reason);
    }

    private static <T extends Plugin> List<Entry<T>> sorted(List<Entry<T>> entries) {
        List<Entry<T>> copy = new ArrayList<>(entries);
        copy.sort(Comparator.comparing(e -> e.name().toLowerCase(Locale.ROOT)));
        return copy;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            sb.append(": ").append(t.getClass().getSimpleName()).append(' ').append(t.getMessage());
        }
        return sb.toString();
    }

    private static String providerNameFrom(Throwable e) {
        // ServiceConfigurationError messages read "<spi>: Provider <class> could not be instantiated".
        String m = String.valueOf(e.getMessage());
        int i = m.indexOf("Provider ");
        if (i >= 0) {
            String rest = m.substring(i + "Provider ".length());
            int sp = rest.indexOf(' ');
            return "(" + (sp > 0 ? rest.substring(0, sp) : rest) + ")";
        }
        return "(unloadable provider)";
    }

    public String kind() {
        return kind;
    }

    public Class<T> spi() {
        return spi;
    }

    /** Every provider, loaded or not, sorted by name. */
    public List<Entry<T>> entries() {
        return entries;
    }

    /** The providers that can run here, sorted by name. */
    public List<T> available() {
        return entries.stream().filter(Entry::available).map(Entry::plugin).toList();
    }

    /** Names of every loaded provider. */
    public List<String> names() {
        return entries.stream().filter(e -> e.plugin() != null).map(Entry::name).toList();
    }

    /** The provider with this name (case-insensitive), if it loaded. */
    public Optional<T> find(String name) {
        for (Entry<T> e : entries) {
            if (e.plugin() != null && e.name().equalsIgnoreCase(name)) {
                return Optional.of(e.plugin());
            }
        }
        return Optional.empty();
    }

    /**
     * The provider with this name, which must exist and be able to run.
     *
     * @throws PluginException naming the providers that do exist, or why the named one cannot run
     */
    public T require(String name) {
        for (Entry<T> e : entries) {
            if (e.name().equalsIgnoreCase(name)) {
                if (!e.available()) {
                    throw new PluginException(kind + " '" + e.name() + "' cannot run here: " + e.unavailableReason());
                }
                return e.plugin();
            }
        }
        throw new PluginException("no " + kind + " named '" + name + "'; known: " + String.join(", ", names()));
    }

    /** The system property that forces a provider of this SPI: {@code chord.<kind>}. */
    public String propertyName() {
        return "chord." + kind;
    }

    /**
     * The provider forced by {@code override} if not null/blank/"auto", else by the system property
     * {@code chord.<kind>}, else empty.
     *
     * @throws PluginException if a forced provider does not exist or cannot run
     */
    public Optional<T> forced(String override) {
        String name = override;
        String source = "flag";
        if (name == null || name.isBlank() || name.equalsIgnoreCase("auto")) {
            name = System.getProperty(propertyName());
            source = "-D" + propertyName();
        }
        if (name == null || name.isBlank() || name.equalsIgnoreCase("auto")) {
            return Optional.empty();
        }
        T p = require(name.trim());
        LOG.log(System.Logger.Level.DEBUG, "{0} forced to {1} by {2}", kind, p.name(), source);
        return Optional.of(p);
    }

    /** A plain-text table: name, status, description. */
    public String table() {
        int w = Math.max(4, entries.stream().mapToInt(e -> e.name().length()).max().orElse(4));
        StringBuilder sb = new StringBuilder();
        for (Entry<T> e : entries) {
            String desc = e.plugin() == null ? "" : e.plugin().description();
            sb.append(String.format(Locale.ROOT, "  %-" + w + "s  %-9s  %s%n", e.name(),
                    e.available() ? "available" : "-", e.available() ? desc : e.unavailableReason()));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return kind + " registry " + entries.stream().map(Entry::name).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Unmodifiable view helper for callers that want all loaded plugins regardless of availability. */
    public List<T> loaded() {
        return Collections.unmodifiableList(entries.stream().filter(e -> e.plugin() != null).map(Entry::plugin).toList());
    }
}
