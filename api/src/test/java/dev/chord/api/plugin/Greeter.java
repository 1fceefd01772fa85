package dev.chord.api.plugin;

/** A test SPI with three providers: one works, one cannot run here, one fails to construct. */
public interface Greeter extends Plugin {

    final class Works implements Greeter {
        @Override
        public String name() {
            return "basic.Works";
        }
    }

    final class CannotRun implements Greeter {
        @Override
        public String name() {
            return "simd.CannotRun";
        }

        @Override
        public java.util.Optional<String> unavailableReason() {
            return java.util.Optional.of("needs 512-bit vectors");
        }
    }

    final class Broken implements Greeter {
        public Broken() {
            throw new IllegalStateException("constructor exploded");
        }

        @Override
        public String name() {
            return "broken";
        }
    }
}
