package dev.chord.harness.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chord.harness.tokenizer.TokenType;
import dev.chord.harness.tokenizer.Tokenizer;
import dev.chord.harness.tokenizer.Tokenizers;
import dev.chord.harness.util.Json;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Token ids of text, as llama.cpp tokenizes it, with the tokenizer a GGUF model's metadata describes. */
@Command(name = "tokenize", description = {
        "Tokenize text with a GGUF model's tokenizer, giving llama.cpp's token ids.",
        "Defaults are llama.cpp's test-tokenizer-0 settings: no BOS, control tokens in the text not parsed."})
final class TokenizeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "GGUF file with tokenizer metadata (a model or a vocab-only file).")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--text", paramLabel = "S", description = "The text to tokenize.")
        String text;

        @Option(names = "--input", paramLabel = "FILE.json", description = "A JSON array of strings to tokenize.")
        Path file;
    }

    @Option(names = "--bos", description = "Add BOS (and EOS if the model asks for it) like llama.cpp's add_special; "
            + "follows tokenizer.ggml.add_bos_token.")
    boolean bos;

    @Option(names = "--parse-special", description = "Match control tokens written in the text (<s>, <|eot_id|>) as those tokens.")
    boolean parseSpecial;

    @Option(names = "--json", description = "Print a JSON array of token-id arrays, one per input string.")
    boolean json;

    @Option(names = "--verbose", description = "Show stack traces and debug logging.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        List<String> texts = input.text != null ? List.of(input.text) : readStrings(input.file);
        Tokenizer tokenizer = Tokenizers.fromGguf(model);
        List<int[]> ids = new ArrayList<>(texts.size());
        for (String t : texts) {
            ids.add(tokenizer.encode(t, bos, parseSpecial));
        }
        PrintStream out = System.out;
        if (json) {
            List<String> rows = new ArrayList<>();
            for (int[] row : ids) {
                rows.add(Json.compact(row));
            }
            out.println("[" + String.join(",\n ", rows) + "]");
        } else {
            out.println(model.getFileName() + ": " + tokenizer.describe());
            for (int i = 0; i < texts.size(); i++) {
                out.printf("%s: %d tokens%n", quote(texts.get(i)), ids.get(i).length);
                for (int id : ids.get(i)) {
                    TokenType type = tokenizer.tokenType(id);
                    out.printf("  %8d  %s%s%n", id, escape(tokenizer.tokenBytes(id)),
                            type == TokenType.NORMAL ? "" : "  (" + type.name().toLowerCase(java.util.Locale.ROOT) + ")");
                }
            }
        }
        return 0;
    }

    /** The strings of a JSON array file; anything else is one line naming the file and what was found. */
    static List<String> readStrings(Path file) throws java.io.IOException {
        byte[] bytes = Files.readAllBytes(file);
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new IllegalArgumentException(file + ": not valid JSON" + where + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException(file + ": empty file, expected a JSON array of strings");
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException(file + ": expected a JSON array of strings, found " + kind(root));
        }
        List<String> texts = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode e = root.get(i);
            if (!e.isTextual()) {
                throw new IllegalArgumentException(file + ": element " + i + " is " + kind(e) + ", expected a string");
            }
            texts.add(e.textValue());
        }
        return texts;
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case STRING -> "a string";
            case BINARY, MISSING -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String quote(String s) {
        return escape(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Bytes shown as a quoted string: UTF-8 characters as themselves, control characters as escapes, and bytes
     * that are not (complete) UTF-8, such as one byte of a character split over byte tokens, as {@code \xNN}.
     */
    static String escape(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < b.length; ) {
            int c = b[i] & 0xff;
            int need = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
            int cp = need == 0 ? c : need > 0 ? c & (0x3F >> need) : -1;
            for (int k = 1; k <= need && cp >= 0; k++) {
                cp = i + k < b.length && (b[i + k] & 0xC0) == 0x80 ? (cp << 6) | (b[i + k] & 0x3F) : -1;
            }
            boolean valid = cp >= 0 && cp >= (need == 1 ? 0x80 : need == 2 ? 0x800 : need == 3 ? 0x10000 : 0)
                    && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
            if (!valid) {
                sb.append(String.format("\\x%02X", c));
                i++;
                continue;
            }
            switch (cp) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (Character.getType(cp) == Character.CONTROL) {
                        sb.append(String.format("\\u%04X", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
            i += need + 1;
        }
        return sb.append('"').toString();
    }
}
