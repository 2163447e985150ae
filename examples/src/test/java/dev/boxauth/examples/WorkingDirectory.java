package dev.boxauth.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The files a snippet reads by a relative path ({@code config.json}, {@code kek.json}, {@code
 * keys/}), written into the tests' working directory ({@code target/work}) and removed after.
 */
final class WorkingDirectory {
  private WorkingDirectory() {}

  static Path write(String name, String content) {
    try {
      Path file = Path.of(name);
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      return Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code name}, a file or a directory tree, if it exists. */
  static void delete(String name) {
    Path path = Path.of(name);
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(path)) {
      for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
