package dev.boxauth.bench;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Joins one comparison run's results into one table: every figure for boxauth beside the figure it
 * is compared with (the Box SDK's, the floor's, or openssl's), their ratio, the target and whether
 * it is met. Prints the table and writes it into {@code BENCHMARKS.md} between the markers {@value
 * #BEGIN} and {@value #END}, keeping the text around them.
 *
 * <p>Reads from the results directory: {@code lines.jsonl} (one JSON object per line from the
 * drivers, the emulator's counters, openssl, the machine) and every JMH JSON result file {@code
 * jmh-*.json}. A missing figure is shown as n/a, never guessed.
 *
 * <p>Usage: {@code Report RESULTS_DIR BENCHMARKS_MD COMMAND}.
 */
public final class Report {
  static final String BEGIN = "<!-- results:begin (written by benchmarks/compare.sh) -->";
  static final String END = "<!-- results:end -->";
  static final String STARTUP_BEGIN =
      "<!-- startup-results:begin (written by benchmarks/compare.sh --startup) -->";
  static final String STARTUP_END = "<!-- startup-results:end -->";

  private static final String BENCH = "dev.boxauth.bench.";
  private static final String PEER = "dev.boxauth.peer.SdkBenchmarks.";
  private static final String NA = "n/a";

  private final List<Map<String, Object>> lines;
  private final List<Map<String, Object>> jmh;

  Report(List<Map<String, Object>> lines, List<Map<String, Object>> jmh) {
    this.lines = List.copyOf(lines);
    this.jmh = List.copyOf(jmh);
  }

  /**
   * Writes the report of {@code args[0]} into {@code args[1]}; {@code args[2]} is the command; with
   * a fourth argument {@code startup}, only the start-up rows, into their own section.
   */
  public static void main(String[] args) throws IOException {
    boolean startup = args.length == 4 && args[3].equals("startup");
    if (args.length != 3 && !startup) {
      System.err.println("usage: Report RESULTS_DIR BENCHMARKS_MD COMMAND [startup]");
      System.exit(2);
    }
    Report report = load(Path.of(args[0]));
    String section = startup ? report.startupMarkdown(args[2]) : report.markdown(args[2]);
    System.out.println(section);
    if (startup) {
      writeInto(Path.of(args[1]), section, STARTUP_BEGIN, STARTUP_END);
    } else {
      writeInto(Path.of(args[1]), section);
    }
  }

  /** Reads a results directory; absent files contribute nothing. */
  static Report load(Path dir) throws IOException {
    JsonAdapter<Object> json = new Moshi.Builder().build().adapter(Object.class);
    List<Map<String, Object>> lines = new ArrayList<>();
    Path linesFile = dir.resolve("lines.jsonl");
    if (Files.exists(linesFile)) {
      for (String line : Files.readAllLines(linesFile, StandardCharsets.UTF_8)) {
        if (line.isBlank() || !line.trim().startsWith("{")) {
          continue;
        }
        lines.add(asMap(json.fromJson(line)));
      }
    }
    List<Map<String, Object>> jmh = new ArrayList<>();
    List<Path> jmhFiles;
    try (Stream<Path> files = Files.list(dir)) {
      jmhFiles =
          files.filter(f -> f.getFileName().toString().matches("jmh-.*\\.json")).sorted().toList();
    }
    for (Path f : jmhFiles) {
      if (Files.size(f) > 0) {
        Object parsed = json.fromJson(Files.readString(f, StandardCharsets.UTF_8));
        if (parsed instanceof List<?> list) {
          for (Object o : list) {
            jmh.add(asMap(o));
          }
        }
      }
    }
    return new Report(lines, jmh);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** Replaces the results section of {@code file} (or appends one; creates the file if absent). */
  static void writeInto(Path file, String section) throws IOException {
    writeInto(file, section, BEGIN, END);
  }

  /** Replaces the section between {@code begin} and {@code end} of {@code file} (or appends it). */
  static void writeInto(Path file, String section, String begin, String end) throws IOException {
    String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    String block = begin + "\n" + section + "\n" + end;
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    String out;
    if (b >= 0 && e > b) {
      out = text.substring(0, b) + block + text.substring(e + end.length());
    } else {
      out = (text.isEmpty() ? "# boxauth benchmarks\n\n" : text + "\n") + block + "\n";
    }
    Files.writeString(file, out, StandardCharsets.UTF_8);
  }

  // ---- the table ----------------------------------------------------------------------------

  /** One row: boxauth's figure, the other figure, their ratio (boxauth ÷ other), the target. */
  record Row(
      String measure,
      String boxauth,
      String other,
      String otherIs,
      String ratio,
      String target,
      String met) {}

  /** The whole results section: machine, command, settings, table. */
  String markdown(String command) {
    StringBuilder md = new StringBuilder();
    Map<String, Object> machine = first("machine", "machine").orElse(Map.of());
    md.append("Latest run: ").append(str(machine.get("date"))).append("\n\n");
    md.append("Command: `").append(command).append("`\n\n");
    md.append("Machine: ")
        .append(str(machine.get("nproc")))
        .append(" cores, ")
        .append(str(machine.get("cpu")))
        .append(", ")
        .append(str(machine.get("ram")))
        .append(" RAM, ")
        .append(str(machine.get("jdk")))
        .append(", ")
        .append(str(machine.get("openssl")))
        .append("; load average at start ")
        .append(str(machine.get("load")))
        .append(" (the machine is shared); measured processes at ")
        .append(priority(machine))
        .append(".\n\n");
    md.append(jmhSettings())
        .append(
            ". The figure of a JMH benchmark is the median of its measured iterations (of the"
                + " stampede, of its shots), of a sampled benchmark JMH's percentile; JMH's means"
                + " and errors are in the raw JSON. Fresh-JVM figures are medians of ")
        .append(firstTokenRuns())
        .append(
            " runs per client, alternating back to back. Ratio = boxauth ÷ the other figure (for"
                + " times, below 1 means boxauth is faster; for rates, above 1).\n\n");
    List<String> loads = new ArrayList<>();
    for (Map<String, Object> m : lines) {
      if (is("machine", "load").test(m)) {
        loads.add(str(m.get("phase")) + " " + str(m.get("load")));
      }
    }
    if (!loads.isEmpty()) {
      md.append("Load average (1 min) when each phase began: ")
          .append(String.join(", ", loads))
          .append(".\n\n");
    }
    md.append(
        "| # | measure | boxauth (or as named) | compared with | that figure | ratio | target | met"
            + " |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    int n = 1;
    for (Row r : rows()) {
      md.append("| ")
          .append(n++)
          .append(" | ")
          .append(r.measure())
          .append(" | ")
          .append(r.boxauth())
          .append(" | ")
          .append(r.otherIs())
          .append(" | ")
          .append(r.other())
          .append(" | ")
          .append(r.ratio())
          .append(" | ")
          .append(r.target())
          .append(" | ")
          .append(r.met())
          .append(" |\n");
    }
    return md.toString();
  }

  private int firstTokenRuns() {
    return (int) lines.stream().filter(is("boxauth", "first-token")).count();
  }

  /**
   * The JMH settings as the results record them: the most common first, then each other one with
   * the benchmarks that ran with it (the single-shot stampede).
   */
  String jmhSettings() {
    Map<String, Set<String>> benchmarksBySettings = new LinkedHashMap<>();
    String version = NA;
    for (Map<String, Object> r : jmh) {
      if (r.get("jmhVersion") != null) {
        version = str(r.get("jmhVersion"));
      }
      benchmarksBySettings
          .computeIfAbsent(settings(r), k -> new LinkedHashSet<>())
          .add(classAndMethod(str(r.get("benchmark"))));
    }
    if (benchmarksBySettings.isEmpty()) {
      return "JMH: no results in this run";
    }
    List<Map.Entry<String, Set<String>>> bySize = new ArrayList<>(benchmarksBySettings.entrySet());
    bySize.sort((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()));
    StringBuilder out = new StringBuilder("JMH ").append(version).append(": ");
    out.append(bySize.get(0).getKey());
    for (Map.Entry<String, Set<String>> other : bySize.subList(1, bySize.size())) {
      out.append("; ")
          .append(String.join(", ", other.getValue()))
          .append(": ")
          .append(other.getKey());
    }
    return out.toString();
  }

  /** {@code a.b.Class.method} as {@code Class.method}. */
  private static String classAndMethod(String benchmark) {
    int method = benchmark.lastIndexOf('.');
    return benchmark.substring(benchmark.lastIndexOf('.', method - 1) + 1);
  }

  /** One JMH result's forks, iterations and their times, as it records them. */
  private static String settings(Map<String, Object> r) {
    String forks = str(r.get("forks"));
    String out = forks + ("1".equals(forks) ? " fork, " : " forks, ");
    if ("ss".equals(r.get("mode"))) {
      return out
          + str(r.get("warmupIterations"))
          + " warm-up, "
          + str(r.get("measurementIterations"))
          + " measured single shots";
    }
    return out
        + str(r.get("warmupIterations"))
        + " warm-up iterations × "
        + str(r.get("warmupTime"))
        + ", "
        + str(r.get("measurementIterations"))
        + " measured × "
        + str(r.get("measurementTime"));
  }

  /** The priority compare.sh ran the emulator and both clients at. */
  private static String priority(Map<String, Object> machine) {
    return "normal".equals(machine.getOrDefault("priority", "normal"))
        ? "normal priority"
        : "real-time priority (`" + str(machine.get("priority")) + "`, both clients)";
  }

  /** The SDK's name and the version its drivers ran with (the jar on the peer's classpath). */
  String sdk() {
    return "Box SDK " + str(first("machine", "machine").map(m -> m.get("sdk")).orElse(null));
  }

  /** "1 thread", "2 threads": the thread count JMH records for each run, both when they differ. */
  private String threads(String... benchmarks) {
    Set<String> counts = new LinkedHashSet<>();
    for (String b : benchmarks) {
      counts.add(threadCount(number(run(b), "threads")));
    }
    return String.join(" vs ", counts);
  }

  private static String threadCount(OptionalDouble n) {
    if (n.isEmpty()) {
      return NA + " threads";
    }
    long count = (long) n.getAsDouble();
    return count + (count == 1 ? " thread" : " threads");
  }

  List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    String sdk = sdk();

    // -- against the Box SDK
    rows.addAll(startupRows(sdk));
    rows.add(
        rateRow(
            "Cached token read, "
                + threads(BENCH + "CachedTokenBenchmark.boxauth1", PEER + "cached1")
                + " (ops/s): `token()` vs `getAccessToken()`",
            score(BENCH + "CachedTokenBenchmark.boxauth1"),
            score(PEER + "cached1"),
            sdk,
            20));
    rows.add(
        rateRow(
            "Cached token read, "
                + threads(BENCH + "CachedTokenBenchmark.boxauth2", PEER + "cached2")
                + ", one shared source (ops/s)",
            score(BENCH + "CachedTokenBenchmark.boxauth2"),
            score(PEER + "cached2"),
            sdk,
            20));
    rows.add(
        new Row(
            "Allocation per cached read, "
                + threads(BENCH + "CachedTokenBenchmark.boxauth1", PEER + "cached1")
                + " (B/op, JMH -prof gc)",
            bytes(secondary(BENCH + "CachedTokenBenchmark.boxauth1", "gc.alloc.rate.norm")),
            bytes(secondary(PEER + "cached1", "gc.alloc.rate.norm")),
            sdk,
            "—",
            "—",
            "—"));
    rows.add(
        timeRow(
            "Full token acquisition, HTTPS loopback, p50 (ms): invalidate+`token()` vs `refresh()`",
            percentile(BENCH + "AcquisitionBenchmark.acquire", "50.0"),
            percentile(PEER + "acquire", "50.0"),
            sdk,
            Double.NaN));
    rows.add(
        timeRow(
            "Full token acquisition, HTTPS loopback, p99 (ms)",
            percentile(BENCH + "AcquisitionBenchmark.acquire", "99.0"),
            percentile(PEER + "acquire", "99.0"),
            sdk,
            Double.NaN));
    OptionalDouble pemLoad = score(BENCH + "KeyLoadingBenchmark.load", "source", "CONSOLE_PEM");
    rows.add(
        new Row(
            "Private-key decryption per assertion (ms; console key, PBES2 DES-EDE3)",
            "0 (decrypted once per process: " + fmt(pemLoad) + " ms warm)",
            fmt(score(PEER + "decryptKey")),
            sdk + " (BouncyCastle, every assertion)",
            "—",
            "—",
            "—"));
    rows.add(stampedeRow("stampede", "stampede-shared", sdk + ", one shared connection"));
    rows.add(
        stampedeRow(
            "stampede",
            "stampede-per-thread",
            sdk + ", `getAppEnterpriseConnection(config, sharedCache)` per thread"));
    rows.add(faultRow("Server clock 120 s ahead: requests, outcome, time", "skew-ahead", sdk));
    rows.add(faultRow("Server clock 120 s behind: requests, outcome, time", "skew-behind", sdk));
    rows.add(faultRow("Two 429s (Retry-After: 1 s): requests, outcome, time", "two-429s", sdk));

    // -- against the floor and the physical limit
    rows.add(
        rateRow(
            "Cached `token()`, "
                + threads(
                    BENCH + "CachedTokenBenchmark.boxauth1", BENCH + "CachedTokenBenchmark.floor1")
                + " (ops/s)",
            score(BENCH + "CachedTokenBenchmark.boxauth1"),
            score(BENCH + "CachedTokenBenchmark.floor1"),
            "floor: volatile read + millis compare",
            0.5));
    rows.add(
        rateRow(
            "Cached `token()`, "
                + threads(
                    BENCH + "CachedTokenBenchmark.boxauth2", BENCH + "CachedTokenBenchmark.floor2")
                + " (ops/s)",
            score(BENCH + "CachedTokenBenchmark.boxauth2"),
            score(BENCH + "CachedTokenBenchmark.floor2"),
            "floor: volatile read + millis compare",
            0.5));
    rows.add(
        rateRow(
            "The floor itself vs the SDK, "
                + threads(BENCH + "CachedTokenBenchmark.floor1", PEER + "cached1")
                + " (ops/s): the most any cache can beat it by",
            score(BENCH + "CachedTokenBenchmark.floor1"),
            score(PEER + "cached1"),
            sdk,
            Double.NaN));
    rows.add(
        rateRow(
            "The floor itself vs the SDK, "
                + threads(BENCH + "CachedTokenBenchmark.floor2", PEER + "cached2")
                + " (ops/s)",
            score(BENCH + "CachedTokenBenchmark.floor2"),
            score(PEER + "cached2"),
            sdk,
            Double.NaN));
    OptionalDouble openssl = median(values("openssl", "rsa2048", "signPerSec"));
    String opensslIs = "`openssl speed rsa2048` sign/s (median of runs)";
    for (String alg : List.of("RS256", "RS384", "RS512")) {
      for (String signer : List.of("JDK", "TINK", "ACCP")) {
        String name =
            switch (signer) {
              case "JDK" -> "JCA signer, JDK provider";
              case "TINK" -> "Tink signer";
              default -> "JCA signer, ACCP provider";
            };
        rows.add(
            rateRow(
                "Assertion signing " + alg + ", " + name + " (signs/s)",
                score(BENCH + "SigningBenchmark.sign", "signer", signer, "alg", alg),
                openssl,
                opensslIs,
                alg.equals("RS256") ? 0.8 : Double.NaN));
      }
    }
    rows.add(
        rateRow(
            "openssl itself without AVX-512 IFMA (its mulx/adx assembly) (signs/s)",
            number(first("openssl", "rsa2048-no-ifma"), "signPerSec"),
            openssl,
            opensslIs,
            Double.NaN));
    rows.add(
        rateRow(
            "openssl itself with no CPU extension, portable C (OPENSSL_ia32cap=0:0) (signs/s)",
            number(first("openssl", "rsa2048-portable"), "signPerSec"),
            openssl,
            opensslIs,
            Double.NaN));
    rows.add(
        rateRow(
            "Assertion signing RS256, ACCP installed after the key was loaded (signs/s)",
            score(BENCH + "ForeignKeyBenchmark.accpJdkDecodedKeyRs256"),
            openssl,
            opensslIs,
            Double.NaN));

    // -- boxauth alone
    for (String source : List.of("CONSOLE_PEM", "PKCS12", "TINK_ENCRYPTED", "GUICE_ONLY")) {
      String what =
          switch (source) {
            case "CONSOLE_PEM" -> "console config JSON, encrypted PKCS#8 (PBES2 SHA-1/DES-EDE3)";
            case "PKCS12" -> "PKCS#12 (OpenSSL 3 default)";
            case "TINK_ENCRYPTED" -> "Tink keyset encrypted under a local AES-GCM keyset";
            default -> "of which Guice injector alone";
          };
      rows.add(
          new Row(
              "Key loading (ms): " + what,
              fmt(score(BENCH + "KeyLoadingBenchmark.load", "source", source)),
              "—",
              "—",
              "—",
              "—",
              "—"));
    }
    OptionalDouble stampedeMs = score(BENCH + "StampedeBenchmark.stampede");
    String stampedeThreads =
        str(
            run(BENCH + "StampedeBenchmark.stampede")
                .map(r -> asMap(r.get("params")).get("threads"))
                .orElse(null));
    Optional<Map<String, Object>> stampede = first("boxauth", "jmh-stampede");
    long maxRequests = stampede.map(m -> maxOf(m.get("requestsPerStampede"))).orElse(-1L);
    rows.add(
        new Row(
            stampedeThreads
                + "-thread cold stampede: time until all have a token (ms, median of single shots)",
            fmt(stampedeMs),
            "—",
            "—",
            "—",
            "—",
            "—"));
    rows.add(
        new Row(
            stampedeThreads + "-thread cold stampede: most token requests in any stampede",
            maxRequests < 0 ? NA : Long.toString(maxRequests),
            "—",
            "—",
            "—",
            "1",
            maxRequests < 0 ? "—" : maxRequests == 1 ? "yes" : "no"));
    return rows;
  }

  /**
   * A fresh JVM's first token (library and {@code boxauth token}) beside the SDK's, then the
   * start-up laps: the rows of {@code compare.sh --startup}.
   */
  List<Row> startupRows(String sdk) {
    List<Row> rows = new ArrayList<>();
    rows.add(
        pairedRow(
            "Time to first token, fresh JVM: JVM start → token (ms, median; ratio: median of"
                + " back-to-back pairs)",
            "first-token",
            "jvmToTokenMs",
            sdk,
            0.5));
    rows.add(
        pairedRow(
            "… the same, whole process: launch → exit (ms, median)",
            "first-token-wall",
            "ms",
            sdk,
            Double.NaN));
    for (String archive : List.of("plain", "none", "appcds")) {
      rows.add(
          pairedRow(
              switch (archive) {
                    case "plain" -> "`java -jar boxauth.jar token` (what `./boxauth` ran before)";
                    case "none" -> "`./boxauth token` without its archive (`BOXAUTH_CDS=off`)";
                    default -> "`./boxauth token` with its AppCDS archive";
                  }
                  + ", whole process: launch → token printed → exit (ms, median); the SDK: its"
                  + " first-token process",
              values("boxauth-cli", "cli-token", "ms", "archive", archive),
              values("box-sdk", "cli-peer", "ms"),
              sdk,
              0.5));
    }
    List<String> laps = new ArrayList<>();
    for (Map<String, Object> m : lines) {
      if (is("boxauth", "startup-lap").test(m) && !laps.contains(str(m.get("lap")))) {
        laps.add(str(m.get("lap")));
      }
    }
    for (String lap : laps) {
      List<Double> ms = values("boxauth", "startup-lap", "ms", "lap", lap);
      String label =
          lines.stream()
              .filter(is("boxauth", "startup-lap"))
              .filter(m -> lap.equals(m.get("lap")))
              .map(m -> str(m.get("label")))
              .findFirst()
              .orElse(lap);
      rows.add(
          new Row(
              "Start-up lap (ms, cold, median of " + ms.size() + " fresh JVMs): " + label,
              fmt(median(ms)),
              "—",
              "—",
              "—",
              "—",
              "—"));
    }
    return rows;
  }

  /** The startup rows alone, as {@code compare.sh --startup} writes them. */
  String startupMarkdown(String command) {
    StringBuilder md = new StringBuilder();
    Map<String, Object> machine = first("machine", "machine").orElse(Map.of());
    md.append("Latest run: ")
        .append(str(machine.get("date")))
        .append(", command: `")
        .append(command)
        .append("`, load average at start ")
        .append(str(machine.get("load")))
        .append(", measured processes at ")
        .append(priority(machine))
        .append(
            ". Fresh-JVM figures are medians of the runs of each client, alternating back to"
                + " back; a ratio is the median of the back-to-back pairs' ratios.\n\n");
    List<String> loads = new ArrayList<>();
    for (Map<String, Object> m : lines) {
      if (is("machine", "load").test(m)) {
        loads.add(str(m.get("phase")) + " " + str(m.get("load")));
      }
    }
    if (!loads.isEmpty()) {
      md.append("Load average (1 min) when each phase began: ")
          .append(String.join(", ", loads))
          .append(".\n\n");
    }
    md.append("| # | measure | boxauth | compared with | that figure | ratio | target | met |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    int n = 1;
    for (Row r : startupRows(sdk())) {
      md.append("| ")
          .append(n++)
          .append(" | ")
          .append(
              String.join(
                  " | ",
                  r.measure(),
                  r.boxauth(),
                  r.otherIs(),
                  r.other(),
                  r.ratio(),
                  r.target(),
                  r.met()))
          .append(" |\n");
    }
    return md.toString();
  }

  /** Medians of both, and the median of the ratios of runs made back to back. */
  private Row pairedRow(String measure, String scenario, String field, String otherIs, double max) {
    return pairedRow(
        measure,
        values("boxauth", scenario, field),
        values("box-sdk", scenario, field),
        otherIs,
        max);
  }

  /** As above, for two series recorded back to back, pair by pair. */
  private Row pairedRow(
      String measure, List<Double> b, List<Double> o, String otherIs, double max) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(b.size(), o.size()); i++) {
      if (o.get(i) > 0) {
        ratios.add(b.get(i) / o.get(i));
      }
    }
    OptionalDouble ratio = median(ratios);
    String met =
        Double.isNaN(max) || ratio.isEmpty() ? "—" : ratio.getAsDouble() <= max ? "yes" : "no";
    return new Row(
        measure,
        fmt(median(b)),
        fmt(median(o)),
        otherIs,
        fmtRatio(ratio),
        Double.isNaN(max) ? "—" : "≤ " + max,
        met);
  }

  private Row timeRow(
      String measure, OptionalDouble boxauth, OptionalDouble other, String otherIs, double max) {
    OptionalDouble ratio = ratio(boxauth, other);
    String met =
        Double.isNaN(max) || ratio.isEmpty() ? "—" : ratio.getAsDouble() <= max ? "yes" : "no";
    return new Row(
        measure,
        fmt(boxauth),
        fmt(other),
        otherIs,
        fmtRatio(ratio),
        Double.isNaN(max) ? "—" : "≤ " + max,
        met);
  }

  private Row rateRow(
      String measure, OptionalDouble boxauth, OptionalDouble other, String otherIs, double min) {
    OptionalDouble ratio = ratio(boxauth, other);
    String met =
        Double.isNaN(min) || ratio.isEmpty() ? "—" : ratio.getAsDouble() >= min ? "yes" : "no";
    return new Row(
        measure,
        fmt(boxauth),
        fmt(other),
        otherIs,
        fmtRatio(ratio),
        Double.isNaN(min) ? "—" : "≥ " + trim(min),
        met);
  }

  private Row stampedeRow(String boxauthScenario, String sdkScenario, String otherIs) {
    OptionalDouble bReq = number(first("boxauth", boxauthScenario, "emulator"), "requests");
    OptionalDouble sReq = number(first("box-sdk", sdkScenario, "emulator"), "requests");
    OptionalDouble bMs = number(first("boxauth", boxauthScenario, null), "elapsedMs");
    OptionalDouble sMs = number(first("box-sdk", sdkScenario, null), "elapsedMs");
    String met = bReq.isEmpty() ? "—" : bReq.getAsDouble() == 1 ? "yes" : "no";
    OptionalDouble threads = number(first("boxauth", boxauthScenario, null), "threads");
    return new Row(
        (threads.isEmpty() ? NA : trim(threads.getAsDouble()))
            + "-thread cold stampede: token requests (time until all have a token)",
        requestsAndTime(bReq, bMs),
        requestsAndTime(sReq, sMs),
        otherIs,
        fmtRatio(ratio(bReq, sReq)),
        "1 request",
        met);
  }

  private Row faultRow(String measure, String scenario, String otherIs) {
    OptionalDouble time =
        ratio(
            number(first("boxauth", scenario, null), "elapsedMs"),
            number(first("box-sdk", scenario, null), "elapsedMs"));
    return new Row(
        measure,
        faultCell("boxauth", scenario),
        faultCell("box-sdk", scenario),
        otherIs,
        "time " + fmtRatio(time),
        "—",
        "—");
  }

  private String faultCell(String client, String scenario) {
    Optional<Map<String, Object>> run = first(client, scenario, null);
    if (run.isEmpty()) {
      return NA + " (not run)";
    }
    OptionalDouble req = number(first(client, scenario, "emulator"), "requests");
    return (req.isPresent() ? trim(req.getAsDouble()) + " req" : "? req")
        + ", "
        + str(run.get().get("outcome"))
        + ", "
        + fmt(number(run, "elapsedMs"))
        + " ms";
  }

  private static String requestsAndTime(OptionalDouble requests, OptionalDouble ms) {
    return (requests.isPresent() ? trim(requests.getAsDouble()) : NA) + " (" + fmt(ms) + " ms)";
  }

  // ---- lookups ------------------------------------------------------------------------------

  private static Predicate<Map<String, Object>> is(String client, String scenario) {
    return m -> client.equals(m.get("client")) && scenario.equals(m.get("scenario"));
  }

  /**
   * The first line of {@code client}/{@code scenario} from {@code source} (null: not the emulator).
   */
  private Optional<Map<String, Object>> first(String client, String scenario, String source) {
    return lines.stream()
        .filter(is(client, scenario))
        .filter(m -> Objects.equals(source, m.get("source")))
        .findFirst();
  }

  private Optional<Map<String, Object>> first(String client, String scenario) {
    return lines.stream().filter(is(client, scenario)).findFirst();
  }

  /** Every line of {@code client}/{@code scenario}, whatever its outcome, in file order. */
  List<Map<String, Object>> linesOf(String client, String scenario) {
    return lines.stream().filter(is(client, scenario)).toList();
  }

  /** As below, of the lines whose {@code key} is {@code value}. */
  List<Double> values(String client, String scenario, String field, String key, String value) {
    List<Double> values = new ArrayList<>();
    for (Map<String, Object> m : lines) {
      if (is(client, scenario).test(m)
          && value.equals(m.get(key))
          && m.get(field) instanceof Number n
          && "ok".equals(m.getOrDefault("outcome", "ok"))) {
        values.add(n.doubleValue());
      }
    }
    return values;
  }

  /** The field of every successful line of {@code client}/{@code scenario}, in file order. */
  List<Double> values(String client, String scenario, String field) {
    List<Double> values = new ArrayList<>();
    for (Map<String, Object> m : lines) {
      if (is(client, scenario).test(m)
          && m.get(field) instanceof Number n
          && "ok".equals(m.getOrDefault("outcome", "ok"))) {
        values.add(n.doubleValue());
      }
    }
    return values;
  }

  static OptionalDouble median(List<Double> values) {
    if (values.isEmpty()) {
      return OptionalDouble.empty();
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return OptionalDouble.of(
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2);
  }

  private Optional<Map<String, Object>> run(String benchmark, String... params) {
    for (Map<String, Object> r : jmh) {
      if (!benchmark.equals(r.get("benchmark"))) {
        continue;
      }
      Map<String, Object> p = asMap(r.getOrDefault("params", Map.of()));
      boolean all = true;
      for (int i = 0; i + 1 < params.length; i += 2) {
        all &= params[i + 1].equals(p.get(params[i]));
      }
      if (all) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /**
   * The figure of a JMH run: the median of its measured iterations (robust to a noisy machine, the
   * same rule on both sides of a ratio); JMH's own score when the iterations are absent.
   */
  OptionalDouble score(String benchmark, String... params) {
    Optional<Map<String, Object>> r = run(benchmark, params);
    if (r.isEmpty()) {
      return OptionalDouble.empty();
    }
    Map<String, Object> metric = asMap(r.get().get("primaryMetric"));
    List<Double> iterations = new ArrayList<>();
    if (metric.get("rawData") instanceof List<?> forks) {
      for (Object fork : forks) {
        if (fork instanceof List<?> values) {
          for (Object v : values) {
            if (v instanceof Number n) {
              iterations.add(n.doubleValue());
            }
          }
        }
      }
    }
    if (iterations.isEmpty()) {
      return number(Optional.of(metric), "score");
    }
    return median(iterations);
  }

  OptionalDouble percentile(String benchmark, String p) {
    return number(
        run(benchmark).map(r -> asMap(asMap(r.get("primaryMetric")).get("scorePercentiles"))), p);
  }

  private OptionalDouble secondary(String benchmark, String metricSuffix) {
    Optional<Map<String, Object>> r = run(benchmark);
    if (r.isEmpty()) {
      return OptionalDouble.empty();
    }
    for (Map.Entry<String, Object> e : asMap(r.get().get("secondaryMetrics")).entrySet()) {
      if (e.getKey().endsWith(metricSuffix)) {
        return number(Optional.of(asMap(e.getValue())), "score");
      }
    }
    return OptionalDouble.empty();
  }

  private static OptionalDouble number(Optional<Map<String, Object>> m, String field) {
    return m.map(x -> x.get(field))
        .filter(Number.class::isInstance)
        .map(x -> OptionalDouble.of(((Number) x).doubleValue()))
        .orElse(OptionalDouble.empty());
  }

  private static long maxOf(Object list) {
    long max = -1;
    if (list instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Number n) {
          max = Math.max(max, n.longValue());
        }
      }
    }
    return max;
  }

  // ---- formatting ---------------------------------------------------------------------------

  static OptionalDouble ratio(OptionalDouble a, OptionalDouble b) {
    if (a.isEmpty() || b.isEmpty() || b.getAsDouble() == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(a.getAsDouble() / b.getAsDouble());
  }

  static String fmtRatio(OptionalDouble r) {
    if (r.isEmpty()) {
      return NA;
    }
    double v = r.getAsDouble();
    String digits =
        v >= 10
            ? String.format(Locale.ROOT, "%.0f", v)
            : v >= 0.1
                ? String.format(Locale.ROOT, "%.2f", v)
                : String.format(Locale.ROOT, "%.2g", v);
    return digits + "×";
  }

  /** Three significant figures, thousands separated; n/a when absent. */
  static String fmt(OptionalDouble v) {
    if (v.isEmpty()) {
      return NA;
    }
    double x = v.getAsDouble();
    double abs = Math.abs(x);
    if (abs >= 1000) {
      long unit = (long) Math.pow(10, digits(abs) - 3);
      return String.format(Locale.ROOT, "%,d", Math.round(x / unit) * unit);
    }
    if (abs >= 100) {
      return String.format(Locale.ROOT, "%.0f", x);
    }
    if (abs >= 10) {
      return String.format(Locale.ROOT, "%.1f", x);
    }
    if (abs >= 1 || x == 0) {
      return String.format(Locale.ROOT, "%.2f", x);
    }
    return String.format(Locale.ROOT, "%.3g", x);
  }

  /** Bytes per operation: JMH reports a few 10⁻⁴ B/op (its own bookkeeping) for none. */
  static String bytes(OptionalDouble v) {
    if (v.isEmpty()) {
      return NA;
    }
    return v.getAsDouble() < 0.01 ? "≈ 0" : fmt(v);
  }

  private static int digits(double abs) {
    return (int) Math.floor(Math.log10(abs)) + 1;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private static String str(Object o) {
    if (o == null) {
      return NA;
    }
    if (o instanceof Double d && d == Math.rint(d)) {
      return Long.toString(d.longValue());
    }
    return o.toString();
  }
}
