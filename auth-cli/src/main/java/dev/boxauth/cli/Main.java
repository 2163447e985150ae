package dev.boxauth.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * The {@code boxauth} command line: {@code demo}, {@code token}, {@code check} and {@code keys}.
 * Run {@code boxauth --help} for the commands and their exit codes.
 *
 * <p>Everything but {@link #main(String[])} is package-private: the CLI is a program, not an API.
 */
public final class Main {
  private Main() {}

  /**
   * Runs one command and exits with its exit code: 0 success, 1 usage, 2 configuration or key
   * problem, 3 Box refused, 4 Box unreachable or failing, 5 a demo step failed, 70 internal error.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    configureLogging(args);
    configureGuice();
    Charset charset = Charset.defaultCharset();
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, charset), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, charset), true);
    int code = run(out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command, writing to {@code out} and {@code err}; returns the exit code. */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(CommandLine.defaultFactory(), out, err, args);
  }

  /**
   * As {@link #run(PrintWriter, PrintWriter, String...)}, with commands made by {@code factory}.
   */
  static int run(CommandLine.IFactory factory, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = BoxauthCommand.commandLine(factory);
    cli.setOut(out);
    cli.setErr(err);
    try {
      return cli.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * slf4j-simple reads its settings once, when the first logger is made, so they are set here,
   * before any library class runs: WARN and up on stderr, but ERROR for boxauth's own loggers (the
   * library warns of a failed token request, which the command reports itself as its one {@code
   * boxauth:} line); DEBUG for boxauth with {@code --verbose}. A {@code -D} given to the JVM wins.
   */
  static void configureLogging(String[] args) {
    boolean verbose = Arrays.stream(args).anyMatch(a -> a.equals("--verbose") || a.equals("-v"));
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    setIfAbsent("org.slf4j.simpleLogger.log.dev.boxauth", verbose ? "debug" : "error");
  }

  /**
   * Guice 7 defines the classes it generates through {@code sun.misc.Unsafe}, which JDK 24 and
   * later warn about on stderr at every start. boxauth's modules intercept no method, so Guice's
   * reflection does the same work without it (no slower: BENCHMARKS.md, "Start-up"). Set before
   * Guice reads it, when its first class loads; a {@code -D} given to the JVM wins.
   */
  static void configureGuice() {
    setIfAbsent("guice_bytecode_gen_option", "DISABLED");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
