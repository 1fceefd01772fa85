package dev.chord.harness.cli;

import picocli.CommandLine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command and subcommand answers --help with its usage, exit 0, and descriptions that format cleanly. */
class HelpTest {

    private static void collect(CommandLine cl, List<String> prefix, List<List<String>> out) {
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(e.getKey());
            out.add(path);
            collect(e.getValue(), path, out);
        }
    }

    @Test
    void everyCommandHasHelp() {
        List<List<String>> commands = new ArrayList<>();
        collect(ChordCommand.commandLine(), List.of(), commands);
        assertTrue(commands.size() >= 15, commands.toString());
        for (List<String> c : commands) {
            List<String> args = new ArrayList<>(c);
            args.add("--help");
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, r.status(), c + ": " + r);
            assertTrue(r.out().contains("Usage: chord " + String.join(" ", c)), c + ": " + r);
            // an unescaped % in a description makes picocli print a warning instead of the text
            assertFalse(r.out().contains("picocli WARN") || r.err().contains("picocli WARN"), c + ": " + r);
        }
    }
}
