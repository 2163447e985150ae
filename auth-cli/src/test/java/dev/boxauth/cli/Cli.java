package dev.boxauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the CLI in-process with captured stdout and stderr. */
final class Cli {
  private Cli() {}

  /** What one command did. */
  record Result(int code, String out, String err) {
    /** Both streams, for "never printed" checks. */
    String all() {
      return out + err;
    }

    /** The lines of stdout. */
    java.util.List<String> outLines() {
      return out.lines().toList();
    }

    /** stderr is one line, with no stack trace. */
    Result assertOneErrorLine() {
      assertThat(err.lines().toList()).as("stderr: %s", err).hasSize(1);
      assertThat(err).startsWith("boxauth: ").doesNotContain("\tat ").doesNotContain("Exception:");
      return this;
    }
  }

  static Result run(String... args) {
    return run(CommandLine.defaultFactory(), args);
  }

  static Result run(CommandLine.IFactory factory, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(factory, new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  /** A factory that hands out {@code command} for its class and makes everything else. */
  static CommandLine.IFactory with(Object command) {
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type == command.getClass()
            ? type.cast(command)
            : CommandLine.defaultFactory().create(type);
      }
    };
  }
}
