package dev.chord.harness.cli;

import dev.chord.harness.util.CliLogging;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code chord} command line: one subcommand per job. */
@Command(name = "chord", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = ChordCommand.Version.class,
        description = "Research and benchmarking framework for quantized LLM inference on the CPU.",
        subcommands = {
                DemoCommand.class,
                ListCommand.class,
                InspectCommand.class,
                GenerateCommand.class,
                EvalCommand.class,
                BenchCommand.class,
                TokenizeCommand.class,
                TensorCommand.class,
                VerifyCommand.class,
                CacheSimCommand.class,
                ReportCommand.class,
                CompareCommand.class,
                SynthCommand.class,
                QuantizeCommand.class,
                CommandLine.HelpCommand.class
        })
public final class ChordCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status (for tests and embedding). */
    public static int execute(String... args) {
        CliLogging.configure(java.util.Arrays.asList(args).contains("--verbose"));
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ChordCommand());
        cl.setExecutionExceptionHandler(ChordCommand::handleError);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /**
     * Expected failures (bad input files, unknown plugins, bad arguments) print one line, no stack trace;
     * {@code --verbose} or {@code -Dchord.debug=true} shows the trace.
     */
    private static int handleError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean debug = Boolean.getBoolean("chord.debug") || parsed.originalArgs().contains("--verbose");
        if (debug) {
            e.printStackTrace(err);
        }
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = e.getClass().getSimpleName();
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            msg = "no such file: " + msg;
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            msg = "permission denied: " + msg;
        }
        err.println("chord " + cl.getCommandName() + ": " + msg);
        err.flush();
        return 1;
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ChordCommand.class.getPackage().getImplementationVersion();
            return new String[] {"chord " + (v == null ? "(development build)" : v),
                    "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")};
        }
    }
}
