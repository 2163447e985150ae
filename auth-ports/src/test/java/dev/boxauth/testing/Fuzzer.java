package dev.boxauth.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A seeded mutation fuzzer for "hostile input" properties (issue 12): it starts from valid inputs,
 * mutates them (bit flips, truncation, splicing, length-field edits, huge numbers, control
 * characters), feeds each to a target, and checks three things for every input: the target fails
 * only in the allowed, typed way; it answers within {@link #maxMillis} (measured here, so a slow
 * input is a failure with the input saved, not a flaky timed assertion; an input over the bound is
 * run again and counts as slow only if it is slow twice, since a loaded machine can stall any
 * call); and no secret substring appears in any message, cause chain, {@code toString} or captured
 * log line. The seeds run first, as they are and untimed, to warm the JVM.
 *
 * <p>jqwik's shrinking does not help here (an input is a byte blob whose interesting parts are deep
 * inside a structure), so this runner is plain: a time budget, a seed, and the failing inputs
 * written to {@code target/fuzz-findings}.
 *
 * <p>Budget: {@code -Dboxauth.fuzz.seconds=N} per target (default {@value #DEFAULT_SECONDS} s, the
 * small budget {@code mvn verify} runs); {@code -Dboxauth.fuzz.seed=N} repeats a run (default: a
 * fixed seed for the short budget, a fresh one for a longer campaign). Each run appends one line of
 * figures to {@code target/fuzz-stats.txt}.
 */
public final class Fuzzer {
  /** The per-target budget of the short run {@code mvn verify} makes. */
  public static final double DEFAULT_SECONDS = 3;

  private static final long DEFAULT_SEED = 0x12_2026L;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int MAX_FINDINGS = 10;

  /** What one input did: nothing wrong, or a failure to report. */
  @FunctionalInterface
  public interface Target {
    /**
     * Feeds one input to the code under test.
     *
     * @return the throwable the code answered with (null when it accepted the input), whose
     *     messages are checked for secrets; throw only for what the fuzzer should judge as thrown
     */
    Throwable run(byte[] input) throws Exception;
  }

  private final String name;
  private final List<byte[]> seeds = new ArrayList<>();
  private final List<String> secrets = new ArrayList<>();
  private Target target;
  private Predicate<Throwable> allowed = t -> false;
  private Supplier<List<String>> logs = List::of;
  private Runnable clearLogs = () -> {};
  private long maxMillis = 1000;
  private int maxLength = 1 << 20;
  private LongSupplier nanoTime = System::nanoTime;
  private boolean cpuTime;

  private Fuzzer(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /** A fuzz campaign named {@code name} (a file-name-safe word: "pem", "config-json"). */
  public static Fuzzer named(String name) {
    return new Fuzzer(name);
  }

  /** Valid (or interesting) inputs to mutate; at least one. */
  public Fuzzer seeds(List<byte[]> inputs) {
    inputs.forEach(i -> seeds.add(i.clone()));
    return this;
  }

  /** Substrings that must never appear in a message, cause, toString or log line. */
  public Fuzzer secrets(List<String> values) {
    values.stream().filter(v -> v.length() >= 6).forEach(secrets::add);
    return this;
  }

  /** The code under test. */
  public Fuzzer target(Target code) {
    this.target = Objects.requireNonNull(code, "code");
    return this;
  }

  /** Which throwables (returned or thrown by the target) are the typed failures it promises. */
  public Fuzzer allowed(Predicate<Throwable> typed) {
    this.allowed = Objects.requireNonNull(typed, "typed");
    return this;
  }

  /** Log lines the target wrote since {@code clear} ran; checked for secrets after each input. */
  public Fuzzer logs(Supplier<List<String>> lines, Runnable clear) {
    this.logs = Objects.requireNonNull(lines, "lines");
    this.clearLogs = Objects.requireNonNull(clear, "clear");
    return this;
  }

  /** The most one input may take (default 1 s: the inputs take micro- to milliseconds). */
  public Fuzzer maxMillis(long millis) {
    this.maxMillis = millis;
    return this;
  }

  /** Mutants are cut to this many bytes (default 1 MiB). */
  public Fuzzer maxLength(int bytes) {
    this.maxLength = bytes;
    return this;
  }

  /** The time source for the budget and the per-input bound ({@code System::nanoTime}). */
  public Fuzzer clock(LongSupplier nanos) {
    this.nanoTime = Objects.requireNonNull(nanos, "nanos");
    return this;
  }

  /**
   * Measures each input by the CPU time of the calling thread instead of the wall clock: for
   * targets that do all their work on it (a decoder, a codec), the time a hostile input demands,
   * whatever else the machine is running. Targets that talk to a server thread keep wall time.
   */
  public Fuzzer measureCpuTime() {
    this.cpuTime = true;
    return this;
  }

  /** What a run did. */
  public record Report(
      String name,
      long inputs,
      double seconds,
      long seed,
      long slowestMicros,
      List<String> findings) {
    /** Inputs per second. */
    public double rate() {
      return seconds == 0 ? 0 : inputs / seconds;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "fuzz %-14s %9d inputs in %6.1f s = %8.0f/s, slowest %6.1f ms, seed %d, %d findings%s",
          name,
          inputs,
          seconds,
          rate(),
          slowestMicros / 1000.0,
          seed,
          findings.size(),
          findings.isEmpty() ? "" : ":\n  " + String.join("\n  ", findings));
    }
  }

  /** Runs the campaign for the configured budget. */
  public Report run() {
    if (seeds.isEmpty() || target == null) {
      throw new IllegalStateException("a fuzz run needs seeds and a target");
    }
    double seconds = budgetSeconds();
    long seed = seed(seconds);
    SplittableRandom random = new SplittableRandom(seed);
    Mutator mutator = new Mutator(random, seeds, maxLength);
    long deadline = nanoTime.getAsLong() + (long) (seconds * 1e9);
    long start = nanoTime.getAsLong();
    long inputs = 0;
    long slowest = 0;
    Map<String, String> findings = new LinkedHashMap<>();
    // Every seed once as it is (untimed: they warm the JVM), then mutants until the budget is
    // spent.
    for (int i = 0; findings.size() < MAX_FINDINGS && nanoTime.getAsLong() < deadline; i++) {
      boolean warmUp = i < seeds.size();
      byte[] input = warmUp ? seeds.get(i).clone() : mutator.next();
      Attempt attempt = attempt(input);
      if (!warmUp && attempt.micros > maxMillis * 1000) {
        // A busy machine can stall any input: only one that is slow twice is slow.
        Attempt again = attempt(input);
        attempt = again.micros < attempt.micros ? again : attempt;
      }
      slowest = Math.max(slowest, warmUp ? 0 : attempt.micros);
      inputs++;
      String problem = judge(attempt.outcome, attempt.thrown, warmUp ? 0 : attempt.micros);
      if (problem != null) {
        String key = problem.replaceAll("\\d+(\\.\\d+)? ms", "N ms");
        if (!findings.containsKey(key)) {
          findings.put(key, problem + " (input: " + save(input, findings.size()) + ")");
        }
      }
    }
    double elapsed = (nanoTime.getAsLong() - start) / 1e9;
    Report report =
        new Report(name, inputs, elapsed, seed, slowest, List.copyOf(findings.values()));
    record(report);
    return report;
  }

  /** One run of the target on one input. */
  private record Attempt(Throwable outcome, boolean thrown, long micros) {}

  private Attempt attempt(byte[] input) {
    clearLogs.run();
    LongSupplier clock = cpuTime ? THREADS::getCurrentThreadCpuTime : nanoTime;
    long t0 = clock.getAsLong();
    try {
      Throwable outcome = target.run(input.clone());
      return new Attempt(outcome, false, (clock.getAsLong() - t0) / 1000);
    } catch (Throwable t) {
      return new Attempt(t, true, (clock.getAsLong() - t0) / 1000);
    }
  }

  private String judge(Throwable outcome, boolean thrown, long micros) {
    if (micros > maxMillis * 1000) {
      return "took " + micros / 1000 + " ms (over " + maxMillis + " ms)";
    }
    if (outcome != null && !allowed.test(outcome)) {
      return (thrown ? "threw " : "answered ") + stackTop(outcome);
    }
    for (Throwable t = outcome; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String leaked = leak(String.valueOf(t.getMessage()) + "\n" + t);
      if (leaked != null) {
        return "a secret (" + leaked + ") in " + t.getClass().getName();
      }
      for (Throwable s : t.getSuppressed()) {
        if (leak(String.valueOf(s)) != null) {
          return "a secret in a suppressed " + s.getClass().getName();
        }
      }
    }
    for (String line : logs.get()) {
      String leaked = leak(line);
      if (leaked != null) {
        return "a secret (" + leaked + ") in a log line";
      }
    }
    return null;
  }

  private String leak(String text) {
    for (String secret : secrets) {
      if (text.contains(secret)) {
        return secret.substring(0, 3) + "...";
      }
    }
    return null;
  }

  private static String stackTop(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    String[] lines = w.toString().split("\n");
    StringBuilder b = new StringBuilder(t.getClass().getName());
    for (int i = 1; i < Math.min(lines.length, 4); i++) {
      b.append(" | ").append(lines[i].strip());
    }
    return b.toString();
  }

  private String save(byte[] input, int n) {
    try {
      Path dir = Path.of("target", "fuzz-findings");
      Files.createDirectories(dir);
      Path file = dir.resolve(name + "-" + System.currentTimeMillis() + "-" + n + ".bin");
      Files.write(file, input);
      return file.toString();
    } catch (IOException e) {
      return "unsaved, hex " + HexFormat.of().formatHex(input, 0, Math.min(input.length, 64));
    }
  }

  private static void record(Report report) {
    System.out.println(report);
    try {
      Files.createDirectories(Path.of("target"));
      Files.writeString(
          Path.of("target", "fuzz-stats.txt"),
          report.toString().lines().findFirst().orElse("") + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double budgetSeconds() {
    String value = System.getProperty("boxauth.fuzz.seconds");
    return value == null || value.isBlank() ? DEFAULT_SECONDS : Double.parseDouble(value);
  }

  private static long seed(double seconds) {
    String value = System.getProperty("boxauth.fuzz.seed");
    if (value != null && !value.isBlank()) {
      return Long.parseLong(value);
    }
    return seconds <= DEFAULT_SECONDS ? DEFAULT_SEED : System.nanoTime();
  }

  /** Makes mutants of the seeds. */
  static final class Mutator {
    private static final byte[] INTERESTING = {
      0,
      1,
      0x7f,
      (byte) 0x80,
      (byte) 0x81,
      (byte) 0x82,
      (byte) 0x84,
      (byte) 0xff,
      0x30,
      0x04,
      0x02,
      '\n',
      '\r',
      '"',
      '\\',
      '-',
      '{',
      '}',
      ':',
      ',',
      ' '
    };
    private static final String[] TEXT = {
      "\n",
      "\r\n",
      "\u0000",
      "\u001b[2J",
      "\u2028",
      "\\u0000",
      "\\u12G4",
      "\\",
      "\"",
      "-----",
      "-----BEGIN CERTIFICATE-----\n",
      "-----END PRIVATE KEY-----\n",
      "99999999999999999999",
      "-9223372036854775809",
      "1e400",
      "-1e16",
      "NaN",
      "[",
      "{",
      "}",
      "]",
      "\t",
      ": ",
      "%00",
      "\r\nContent-Length: 0",
      "\r\nTransfer-Encoding: chunked",
      "\r\n\r\n",
      "Proc-Type: 4,ENCRYPTED\n"
    };

    private final SplittableRandom random;
    private final List<byte[]> seeds;
    private final int maxLength;

    Mutator(SplittableRandom random, List<byte[]> seeds, int maxLength) {
      this.random = random;
      this.seeds = seeds;
      this.maxLength = maxLength;
    }

    byte[] next() {
      byte[] b = seeds.get(random.nextInt(seeds.size())).clone();
      int rounds = 1 + Integer.numberOfTrailingZeros(random.nextInt() | 0x10); // 1..5, mostly 1
      for (int i = 0; i < rounds; i++) {
        b = mutate(b);
      }
      return b.length > maxLength ? Arrays.copyOf(b, maxLength) : b;
    }

    private byte[] mutate(byte[] b) {
      if (b.length == 0) {
        return insert(b, 0, TEXT[random.nextInt(TEXT.length)].getBytes(StandardCharsets.UTF_8));
      }
      int at = random.nextInt(b.length);
      switch (random.nextInt(12)) {
        case 0 -> b[at] ^= (byte) (1 << random.nextInt(8)); // bit flip
        case 1 -> b[at] = INTERESTING[random.nextInt(INTERESTING.length)];
        case 2 -> b[at] = (byte) random.nextInt(256);
        case 3 -> {
          return Arrays.copyOf(b, at); // truncate
        }
        case 4 -> {
          int len = Math.min(b.length - at, 1 + random.nextInt(64));
          byte[] out = new byte[b.length - len]; // delete a range
          System.arraycopy(b, 0, out, 0, at);
          System.arraycopy(b, at + len, out, at, b.length - at - len);
          return out;
        }
        case 5 -> {
          int len = Math.min(b.length - at, 1 + random.nextInt(256));
          return insert(b, random.nextInt(b.length + 1), Arrays.copyOfRange(b, at, at + len));
        }
        case 6 -> {
          byte[] other = seeds.get(random.nextInt(seeds.size())); // splice
          int from = random.nextInt(other.length + 1);
          byte[] out = Arrays.copyOf(b, at + other.length - from);
          System.arraycopy(other, from, out, at, other.length - from);
          return out;
        }
        case 7 -> {
          return insert(b, at, TEXT[random.nextInt(TEXT.length)].getBytes(StandardCharsets.UTF_8));
        }
        case 8 -> lengthField(b, at);
        case 9 -> {
          return hugeNumber(b, at);
        }
        case 10 -> {
          int len = Math.min(b.length - at, 1 + random.nextInt(16)); // repeat a piece many times
          byte[] piece = Arrays.copyOfRange(b, at, at + len);
          int times = 1 + random.nextInt(random.nextInt(10) == 0 ? 20_000 : 64);
          byte[] many = new byte[Math.min(piece.length * times, maxLength)];
          for (int i = 0; i < many.length; i++) {
            many[i] = piece[i % piece.length];
          }
          return insert(b, at, many);
        }
        default -> {
          byte[] other = seeds.get(random.nextInt(seeds.size())); // overwrite with another seed
          int len = Math.min(b.length - at, Math.min(other.length, 1 + random.nextInt(32)));
          int from = random.nextInt(other.length - len + 1);
          System.arraycopy(other, from, b, at, len);
        }
      }
      return b;
    }

    /** A DER length byte (after a tag) set to a short, long-form or lying value. */
    private void lengthField(byte[] b, int at) {
      int pos = at + 1 < b.length ? at + 1 : at;
      b[pos] =
          switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> (byte) 0x80;
            case 2 -> (byte) 0x84;
            case 3 -> (byte) 0xff;
            case 4 -> (byte) (b[pos] + 1);
            default -> (byte) (b[pos] - 1);
          };
    }

    /** The run of ASCII digits at or after {@code at} replaced by a huge or negative number. */
    private byte[] hugeNumber(byte[] b, int at) {
      int start = at;
      while (start < b.length && (b[start] < '0' || b[start] > '9')) {
        start++;
      }
      if (start == b.length) {
        return insert(b, at, "4294967296".getBytes(StandardCharsets.US_ASCII));
      }
      int end = start;
      while (end < b.length && b[end] >= '0' && b[end] <= '9') {
        end++;
      }
      String[] numbers = {
        "0", "-1", "2147483648", "9223372036854775808", "1e16", "-1e16", "1e308", "00000000001"
      };
      byte[] number = numbers[random.nextInt(numbers.length)].getBytes(StandardCharsets.US_ASCII);
      byte[] out = new byte[b.length - (end - start) + number.length];
      System.arraycopy(b, 0, out, 0, start);
      System.arraycopy(number, 0, out, start, number.length);
      System.arraycopy(b, end, out, start + number.length, b.length - end);
      return out;
    }

    private static byte[] insert(byte[] b, int at, byte[] piece) {
      byte[] out = new byte[b.length + piece.length];
      System.arraycopy(b, 0, out, 0, at);
      System.arraycopy(piece, 0, out, at, piece.length);
      System.arraycopy(b, at, out, at + piece.length, b.length - at);
      return out;
    }
  }
}
