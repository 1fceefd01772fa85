package dev.chord.cache.storage;

import dev.chord.api.cache.CacheRegistries;
import dev.chord.api.cache.WeightSource;
import dev.chord.api.cache.WeightStorage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A storage spec {@code NAME[:ARGS]}: {@code read}, {@code mmap}, {@code throttled:MBps,ms[,INNER]}.
 *
 * @param name the storage plugin
 * @param args what follows the first colon, "" if nothing
 */
public record StorageSpec(String name, String args) {

    /** Parses {@code spec}; an empty spec is an error naming the choices. */
    public static StorageSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--storage: expected read, mmap or throttled:MBps,ms[,inner]");
        }
        String s = spec.trim();
        int colon = s.indexOf(':');
        return colon < 0 ? new StorageSpec(s.toLowerCase(Locale.ROOT), "")
                : new StorageSpec(s.substring(0, colon).toLowerCase(Locale.ROOT), s.substring(colon + 1));
    }

    /** Opens {@code file} with the storage this spec names. */
    public WeightSource open(Path file) throws IOException {
        WeightStorage storage = CacheRegistries.storages().require(name);
        return storage.open(file, args);
    }

    /**
     * The device this spec emulates, if it throttles ({@code throttled:200,5} is 200 MB/s and 5 ms per
     * request); empty for plain {@code read} and {@code mmap}, whose speed is the machine's own.
     */
    public Optional<DeviceModel> device() {
        if (name.equals("throttled")) {
            return Optional.of(ThrottledStorage.Args.parse(args).device());
        }
        return Optional.empty();
    }

    /** For storages without arguments: {@code read:fast} is an error naming the spec. */
    static void requireNoArgs(String storage, String args) {
        if (!args.isBlank()) {
            throw new IllegalArgumentException("--storage " + storage + ":" + args + ": " + storage + " takes no arguments");
        }
    }

    @Override
    public String toString() {
        return args.isEmpty() ? name : name + ":" + args;
    }
}
