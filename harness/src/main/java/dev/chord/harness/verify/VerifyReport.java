package dev.chord.harness.verify;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code chord verify}'s output: one aligned line per check (subject, check, measured, bound, outcome), the
 * detail of failures and unsupported subjects indented below (each distinct reason once), and a summary. JSON has the same content:
 * {@code {"results": [{subject, check, measured, bound, outcome, detail}], "summary": {checks, ok, failed,
 * unsupported}}} plus whatever inputs the caller adds.
 */
public final class VerifyReport {
    private VerifyReport() {
    }

    public static boolean anyFailed(List<VerifyResult> results) {
        return results.stream().anyMatch(VerifyResult::failed);
    }

    public static String text(List<VerifyResult> results) {
        String[] head = {"subject", "check", "measured", "bound", "result"};
        List<String[]> rows = new ArrayList<>();
        rows.add(head);
        for (VerifyResult r : results) {
            rows.add(new String[] {r.subject(), r.check(), r.measured(), r.bound(), r.outcome().label()});
        }
        int[] width = new int[head.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        Set<String> shown = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            for (int c = 0; c < row.length; c++) {
                sb.append(c == 0 ? "" : "  ").append(c == row.length - 1 ? row[c] : pad(row[c], width[c]));
            }
            sb.append('\n');
            if (i > 0) {
                VerifyResult r = results.get(i - 1);
                // a reason shared by several lines (a missing format) is printed once
                if (r.outcome() != VerifyResult.Outcome.OK && !r.detail().isEmpty() && shown.add(r.detail())) {
                    sb.append("    ").append(r.detail()).append('\n');
                }
            }
        }
        Map<String, Object> s = summary(results);
        sb.append(String.format("%d checks: %d ok, %d FAILED, %d unsupported%n", s.get("checks"), s.get("ok"),
                s.get("failed"), s.get("unsupported")));
        return sb.toString();
    }

    /** The JSON document: {@code inputs} first (e.g. the vectors directory), then results and summary. */
    public static Map<String, Object> json(Map<String, Object> inputs, List<VerifyResult> results) {
        Map<String, Object> root = new LinkedHashMap<>(inputs);
        root.put("results", results.stream().map(VerifyResult::toJson).toList());
        root.put("summary", summary(results));
        return root;
    }

    private static Map<String, Object> summary(List<VerifyResult> results) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("checks", results.size());
        s.put("ok", count(results, VerifyResult.Outcome.OK));
        s.put("failed", count(results, VerifyResult.Outcome.FAILED));
        s.put("unsupported", count(results, VerifyResult.Outcome.UNSUPPORTED));
        return s;
    }

    private static long count(List<VerifyResult> results, VerifyResult.Outcome o) {
        return results.stream().filter(r -> r.outcome() == o).count();
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
