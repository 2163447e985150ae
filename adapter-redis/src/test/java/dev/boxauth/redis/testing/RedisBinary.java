package dev.boxauth.redis.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Which {@code redis-server} the tests run, decided once per JVM.
 *
 * <ol>
 *   <li>An explicit binary: the system property {@code redis.server} or the environment variable
 *       {@code BOXAUTH_REDIS_SERVER} (a path, or a name looked up on PATH). It must run.
 *   <li>Otherwise the pinned binary that {@code com.github.codemonstur:embedded-redis} carries for
 *       this OS and architecture, extracted under {@code target/}: every developer and CI test the
 *       same Redis, whatever is installed.
 *   <li>Only where that binary is missing (another platform) or cannot run here (it links OpenSSL
 *       3): {@code redis-server} on PATH.
 * </ol>
 *
 * <p>The choice is printed once, so a test log says which Redis it ran against. See
 * docs/dependencies.md, "A real Redis for the tests".
 */
final class RedisBinary {
  static final String PROPERTY = "redis.server";
  static final String ENVIRONMENT = "BOXAUTH_REDIS_SERVER";

  /** Where the pinned binaries are extracted, relative to the module under test. */
  static final Path EXTRACT_DIR = Path.of("target", "embedded-redis");

  private static RedisBinary resolved;

  final Path path;
  final String version;
  final String source;

  private RedisBinary(Path path, String version, String source) {
    this.path = path;
    this.version = version;
    this.source = source;
  }

  /** The binary to run: resolved, checked ({@code --version}) and reported on first call. */
  static synchronized RedisBinary get() throws IOException {
    if (resolved == null) {
      String explicit = System.getProperty(PROPERTY);
      if (explicit == null || explicit.isBlank()) {
        explicit = System.getenv(ENVIRONMENT);
      }
      String os = System.getProperty("os.name");
      String arch = System.getProperty("os.arch");
      resolved =
          resolve(
              explicit,
              embeddedResource(os, arch),
              os + " " + arch,
              System.getenv("PATH"),
              EXTRACT_DIR);
      System.err.println(
          "boxauth tests: redis-server " + resolved.version + " from " + resolved.source);
    }
    return resolved;
  }

  /**
   * The decision itself, with everything it reads passed in.
   *
   * @param explicit the override, or null
   * @param embedded the classpath resource of the pinned binary for this platform, if there is one
   * @param platform how to name this platform in a message
   * @param pathEnv the PATH to look for {@code redis-server} on
   * @param extractDir where to extract the pinned binary
   */
  static RedisBinary resolve(
      String explicit, Optional<String> embedded, String platform, String pathEnv, Path extractDir)
      throws IOException {
    if (explicit != null && !explicit.isBlank()) {
      Path path = onPath(explicit, pathEnv).orElse(Path.of(explicit));
      String how = PROPERTY + " / " + ENVIRONMENT + " = " + explicit;
      return new RedisBinary(path, versionOf(path, how), how);
    }
    List<String> tried = new ArrayList<>();
    if (embedded.isPresent()) {
      Path extracted = extract(embedded.get(), extractDir);
      try {
        return new RedisBinary(extracted, versionOf(extracted, embedded.get()), "embedded-redis");
      } catch (IOException e) {
        tried.add(e.getMessage());
      }
    } else {
      tried.add("embedded-redis has no redis-server for " + platform);
    }
    Optional<Path> installed = onPath("redis-server", pathEnv);
    if (installed.isPresent()) {
      String why = "PATH, because " + String.join("; ", tried);
      return new RedisBinary(installed.get(), versionOf(installed.get(), why), why);
    }
    tried.add("no redis-server on PATH");
    throw new IOException(
        "no redis-server to run the Redis tests: "
            + String.join("; ", tried)
            + ". Install one (e.g. apt-get install redis-server, brew install redis) or name"
            + " one with -D"
            + PROPERTY
            + "=/path/to/redis-server or "
            + ENVIRONMENT);
  }

  /**
   * The resource holding embedded-redis 1.4.3's {@code redis-server} for a platform (the names are
   * that version's; bumping it means checking them: {@code RedisBinaryTest} does).
   */
  static Optional<String> embeddedResource(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    String arch = osArch.toLowerCase(Locale.ROOT);
    boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
    boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
    boolean x86 = arch.equals("x86") || arch.equals("i386") || arch.equals("i686");
    if (os.startsWith("linux")) {
      if (x64) {
        return Optional.of("redis-server-6.2.6-v5-linux-amd64");
      }
      if (arm64) {
        return Optional.of("redis-server-6.2.7-linux-arm64");
      }
      if (x86) {
        return Optional.of("redis-server-6.2.7-linux-386");
      }
    } else if (os.startsWith("mac")) {
      if (x64) {
        return Optional.of("redis-server-6.2.6-v5-darwin-amd64");
      }
      if (arm64) {
        return Optional.of("redis-server-6.2.6-v5-darwin-arm64");
      }
    }
    // Windows: the jar's binary is a Redis 5 port, and the tests signal processes with kill.
    return Optional.empty();
  }

  /**
   * Copies a classpath resource to {@code dir/resource}, executable, unless a complete copy is
   * already there. Safe when several JVMs do it at once: each writes its own temporary file, then
   * moves it into place atomically, so no one ever runs a half-written binary.
   */
  static Path extract(String resource, Path dir) throws IOException {
    URL url = RedisBinary.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IOException(
          resource + " is not on the test classpath: add com.github.codemonstur:embedded-redis");
    }
    long size = url.openConnection().getContentLengthLong();
    if (size < 0) {
      try (InputStream in = url.openStream()) {
        size = in.transferTo(OutputStream.nullOutputStream());
      }
    }
    Path target = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
    if (Files.isRegularFile(target) && Files.size(target) == size && Files.isExecutable(target)) {
      return target;
    }
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, target.getFileName() + ".", ".part");
    try {
      try (InputStream in = url.openStream()) {
        Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      }
      if (!temp.toFile().setExecutable(true, false)) {
        throw new IOException("cannot make " + temp + " executable");
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        // Another JVM won the race with an identical file (or the file system cannot move
        // atomically over it): keep the one in place.
        if (!Files.isRegularFile(target) || Files.size(target) != size) {
          throw e;
        }
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    return target;
  }

  /** {@code name} in one of {@code pathEnv}'s directories, if it is a bare name found there. */
  static Optional<Path> onPath(String name, String pathEnv) {
    if (name.contains(File.separator) || pathEnv == null) {
      return Optional.empty();
    }
    for (String dir : pathEnv.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Runs {@code binary --version}: proves it runs here, and says which Redis it is. */
  private static String versionOf(Path binary, String what) throws IOException {
    Process process;
    try {
      process =
          new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("cannot run " + binary + " (" + what + "): " + e.getMessage(), e);
    }
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(binary + " --version did not exit (" + what + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (process.exitValue() != 0 || !output.startsWith("Redis server v=")) {
      throw new IOException(
          binary
              + " ("
              + what
              + ") does not run here: exit "
              + process.exitValue()
              + ", "
              + output);
    }
    // "Redis server v=6.2.11 sha=..." -> "6.2.11"
    String rest = output.substring("Redis server v=".length());
    int space = rest.indexOf(' ');
    return space < 0 ? rest : rest.substring(0, space);
  }
}
