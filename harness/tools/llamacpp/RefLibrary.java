import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * One of setup.sh's side-car libraries (libmatvec-ref.so, libe2e-ref.so) opened through the FFM API, for the
 * in-process comparisons (InProcessMatvec.java, InProcessE2e.java; the source launcher finds this file beside
 * them). Each library has an {@code *_open} that returns NULL on failure and an {@code *_last_error} that says why.
 */
final class RefLibrary {

    private static final Linker LINKER = Linker.nativeLinker();

    private final SymbolLookup lookup;
    private final Path file;
    private final MethodHandle lastError;

    RefLibrary(Path file, String prefix, Arena arena) {
        this.file = file;
        this.lookup = SymbolLookup.libraryLookup(file, arena);
        this.lastError = function(prefix + "_last_error", FunctionDescriptor.of(java.lang.foreign.ValueLayout.ADDRESS));
    }

    MethodHandle function(String name, FunctionDescriptor d) {
        MemorySegment fn = lookup.find(name).orElseThrow(() -> new IllegalStateException(file + " lacks " + name
                + ": rebuild it with harness/tools/llamacpp/setup.sh"));
        return LINKER.downcallHandle(fn, d);
    }

    /** {@code handle} when an open function returned one; otherwise the library's reason, as an exception. */
    MemorySegment opened(MemorySegment handle, String function) throws Throwable {
        if (handle.equals(MemorySegment.NULL)) {
            throw new IllegalStateException(function + ": " + string((MemorySegment) lastError.invokeExact()));
        }
        return handle;
    }

    /** A C string the library owns. */
    static String string(MemorySegment p) {
        return p.reinterpret(4096).getString(0);
    }

    /** Calls {@code close(handle)} once. */
    static AutoCloseable closer(MethodHandle close, MemorySegment handle) {
        return () -> {
            try {
                close.invokeExact(handle);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** The body of a tool's main method. */
    interface Main {
        void run() throws Throwable;
    }

    /**
     * Runs a tool's main: a bad option (IllegalArgumentException while parsing, with the usage) exits 2, a bad
     * type, kernel, model or library exits 1; both print the reason (Chord's errors and the libraries' name the
     * file, field or value), not a stack trace.
     */
    static void main(String tool, Main body) throws Throwable {
        try {
            body.run();
        } catch (Usage e) {
            System.err.println(tool + ": " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException | java.io.IOException e) {
            System.err.println(tool + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /** A command-line mistake; {@link #main} prints it with the usage line and exits 2. */
    static final class Usage extends IllegalArgumentException {
        Usage(String why, String usage) {
            super(why + "\nusage: " + usage);
        }
    }

    /** An integer option of at least {@code min}, or an IllegalArgumentException naming the option. */
    static int atLeast(String option, String value, int min) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Usage(option + " needs an integer of at least " + min + ", not '" + value + "'", "see the script's header");
    }
}
