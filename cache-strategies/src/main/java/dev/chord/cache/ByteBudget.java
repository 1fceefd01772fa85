package dev.chord.cache;

import java.util.Locale;

/**
 * A memory budget as the user writes it: a byte count ({@code 512M}, {@code 1.5G}, {@code 1048576};
 * K/M/G/T are powers of 1024) or a percentage ({@code 25%}) of the model's layer bytes.
 */
public sealed interface ByteBudget {

    /** A fixed number of bytes. */
    record Bytes(long bytes) implements ByteBudget {
        @Override
        public long resolve(long layerBytes, long pinnedBytes) {
            return bytes;
        }

        @Override
        public String toString() {
            return format(bytes);
        }
    }

    /** A share of the layer bytes; the pinned global tensors come on top. */
    record Percent(double percent) implements ByteBudget {
        @Override
        public long resolve(long layerBytes, long pinnedBytes) {
            return pinnedBytes + (long) Math.floor(layerBytes * percent / 100.0);
        }

        @Override
        public String toString() {
            return (percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent)) + "%";
        }
    }

    /** The budget in bytes for a model with {@code layerBytes} of layers and {@code pinnedBytes} of globals. */
    long resolve(long layerBytes, long pinnedBytes);

    /**
     * Parses {@code spec}.
     *
     * @param option the option it came from, for the message ({@code --budget})
     * @throws IllegalArgumentException "--budget 120%: expected 1..100% or a byte count like 512M"
     */
    static ByteBudget parse(String option, String spec) {
        String s = spec == null ? "" : spec.trim();
        IllegalArgumentException bad = new IllegalArgumentException(option + " " + s
                + ": expected 1..100% or a byte count like 512M");
        if (s.isEmpty()) {
            throw bad;
        }
        try {
            if (s.endsWith("%")) {
                double p = Double.parseDouble(s.substring(0, s.length() - 1).trim());
                if (!(p >= 1 && p <= 100)) {
                    throw bad;
                }
                return new Percent(p);
            }
            String u = s.toUpperCase(Locale.ROOT).replace(" ", "");
            if (u.endsWith("IB")) {
                u = u.substring(0, u.length() - 2);
            } else if (u.endsWith("B")) {
                u = u.substring(0, u.length() - 1);
            }
            long unit = 1;
            char last = u.isEmpty() ? ' ' : u.charAt(u.length() - 1);
            switch (last) {
                case 'K' -> unit = 1L << 10;
                case 'M' -> unit = 1L << 20;
                case 'G' -> unit = 1L << 30;
                case 'T' -> unit = 1L << 40;
                default -> unit = 1;
            }
            String num = unit == 1 ? u : u.substring(0, u.length() - 1);
            double v = Double.parseDouble(num.trim());
            double bytes = v * unit;
            if (!(bytes >= 1) || bytes > Long.MAX_VALUE / 2 || (unit == 1 && v != Math.rint(v))) {
                throw bad;
            }
            return new Bytes((long) bytes);
        } catch (NumberFormatException e) {
            throw bad;
        }
    }

    /** {@code 512.0 MiB}-style rendering of a byte count. */
    static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
