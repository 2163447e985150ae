package dev.boxauth.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where benchmarks put figures JMH does not report (e.g. requests per stampede): the JSON-lines
 * file named by the system property {@value #PROPERTY}, else standard output.
 */
final class ResultsFile {
  static final String PROPERTY = "bench.results";

  private ResultsFile() {}

  static synchronized void append(JsonLine line) {
    String file = System.getProperty(PROPERTY);
    if (file == null || file.isBlank()) {
      System.out.println("[bench] " + line);
      return;
    }
    try {
      Files.writeString(
          Path.of(file),
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }
}
