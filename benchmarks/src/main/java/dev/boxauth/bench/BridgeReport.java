package dev.boxauth.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The table of {@code benchmarks/compare-sdk.sh}: the Box SDK on boxauth's tokens (the bridge)
 * beside the SDK's own {@code BoxDeveloperEditionAPIConnection}, medians of the runs. Written into
 * BENCHMARKS.md between its own markers, so {@code compare.sh}'s table stays as it is.
 */
final class BridgeReport {
  static final String BEGIN = "<!-- sdk-bridge:begin (written by benchmarks/compare-sdk.sh) -->";
  static final String END = "<!-- sdk-bridge:end -->";
  private static final String BRIDGE = "bridge";
  private static final String SDK = "box-sdk";

  private final Report results;

  BridgeReport(Report results) {
    this.results = results;
  }

  /** Writes the table of {@code args[0]} into {@code args[1]}; {@code args[2]} is the command. */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: BridgeReport RESULTS_DIR BENCHMARKS_MD COMMAND");
      System.exit(2);
    }
    String section = new BridgeReport(Report.load(Path.of(args[0]))).markdown(args[2]);
    System.out.println(section);
    Report.writeInto(Path.of(args[1]), section, BEGIN, END);
  }

  String markdown(String command) {
    Map<String, String[]> rows = new LinkedHashMap<>();
    rows.put(
        "cold, 16 threads × `getCurrentUser().getInfo()`: token requests",
        new String[] {
          count(emulatorMedian(BRIDGE, "requests")), count(emulatorMedian(SDK, "requests"))
        });
    rows.put(
        "cold, 16 threads: time until all are done, ms",
        new String[] {
          Report.fmt(Report.median(results.values(BRIDGE, "api-cold", "elapsedMs"))),
          Report.fmt(Report.median(results.values(SDK, "api-cold", "elapsedMs")))
        });
    rows.put(
        "token revoked behind the client's back: the next call",
        new String[] {outcomeCell(BRIDGE), outcomeCell(SDK)});
    rows.put(
        "… and what the SDK's user must write (catch 401, `refresh()`, call again), ms",
        new String[] {
          "not needed", Report.fmt(Report.median(any(SDK, "api-401", "manualRecoveryMs")))
        });
    rows.put(
        "one call on a cached token (`GET /2.0/users/me`, HTTPS loopback), p50 µs",
        new String[] {
          Report.fmt(results.percentile("dev.boxauth.bench.BridgeBenchmark.bridge", "50.0"))
              + " (plain `BoxAPIConnection(token)`, same JVM: "
              + Report.fmt(
                  results.percentile("dev.boxauth.bench.BridgeBenchmark.plainToken", "50.0"))
              + ")",
          Report.fmt(results.percentile("dev.boxauth.peer.SdkBenchmarks.apiCall", "50.0"))
        });
    StringBuilder out = new StringBuilder();
    out.append("### The Box Java SDK on boxauth's tokens\n\n");
    out.append("`")
        .append(command)
        .append("`: the SDK 4.16.4 through `BoxAuthAPIConnection` (boxauth's JVM: OkHttp 5, no")
        .append(" BouncyCastle) beside the SDK's own `BoxDeveloperEditionAPIConnection` (its own")
        .append(" JVM: OkHttp 4, BouncyCastle), one shared HTTPS emulator; medians of ")
        .append(runs())
        .append(" runs per scenario, JMH SampleTime for the per-call row.\n\n");
    out.append("| measure | SDK on boxauth (bridge) | SDK's own JWT connection |\n");
    out.append("|---|---|---|\n");
    for (Map.Entry<String, String[]> row : rows.entrySet()) {
      out.append("| ")
          .append(row.getKey())
          .append(" | ")
          .append(row.getValue()[0])
          .append(" | ")
          .append(row.getValue()[1])
          .append(" |\n");
    }
    return out.toString();
  }

  private int runs() {
    return results.linesOf(BRIDGE, "api-cold").size();
  }

  /** The median of a field of the emulator's counter lines for a client's cold runs. */
  private OptionalDouble emulatorMedian(String client, String field) {
    List<Double> values = new ArrayList<>();
    for (Map<String, Object> m : results.linesOf(client, "api-cold-counters")) {
      if (m.get(field) instanceof Number n) {
        values.add(n.doubleValue());
      }
    }
    return Report.median(values);
  }

  private List<Double> any(String client, String scenario, String field) {
    List<Double> values = new ArrayList<>();
    for (Map<String, Object> m : results.linesOf(client, scenario)) {
      if (m.get(field) instanceof Number n) {
        values.add(n.doubleValue());
      }
    }
    return values;
  }

  /** "ok in 3.1 ms" or "failed: 401 in 2.0 ms": the most common outcome and its median time. */
  private String outcomeCell(String client) {
    List<Map<String, Object>> runs = results.linesOf(client, "api-401");
    if (runs.isEmpty()) {
      return "n/a";
    }
    Map<String, List<Double>> byOutcome = new LinkedHashMap<>();
    for (Map<String, Object> m : runs) {
      if (m.get("elapsedMs") instanceof Number n) {
        byOutcome
            .computeIfAbsent(String.valueOf(m.get("outcome")), k -> new ArrayList<>())
            .add(n.doubleValue());
      }
    }
    StringBuilder cell = new StringBuilder();
    for (Map.Entry<String, List<Double>> e : byOutcome.entrySet()) {
      if (cell.length() > 0) {
        cell.append("; ");
      }
      cell.append(e.getKey())
          .append(" (")
          .append(e.getValue().size())
          .append("×) in ")
          .append(Report.fmt(Report.median(e.getValue())))
          .append(" ms");
    }
    OptionalDouble tokens = emulatorMedianOf(client, "api-401-counters", "requests");
    if (tokens.isPresent()) {
      cell.append(", token requests ").append(count(tokens));
    }
    return cell.toString();
  }

  /** A count: whole numbers without decimals. */
  private static String count(OptionalDouble v) {
    if (v.isPresent() && v.getAsDouble() == Math.rint(v.getAsDouble())) {
      return Long.toString((long) v.getAsDouble());
    }
    return Report.fmt(v);
  }

  private OptionalDouble emulatorMedianOf(String client, String scenario, String field) {
    return Report.median(any(client, scenario, field));
  }
}
