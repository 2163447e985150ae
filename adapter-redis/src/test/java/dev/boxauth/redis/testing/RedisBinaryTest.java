package dev.boxauth.redis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which redis-server the tests run, and how the pinned one is extracted. */
class RedisBinaryTest {
  /** Present on every platform's classpath, whatever the platform: the extraction tests use it. */
  private static final String SOME_BINARY = "redis-server-6.2.7-linux-386";

  private static final String RUNS = "fake-redis/redis-server-runs";
  private static final String CANNOT_RUN = "fake-redis/redis-server-cannot-run";

  @TempDir Path extractDir;
  @TempDir Path pathDir;

  @ParameterizedTest
  @CsvSource({
    "Linux, amd64",
    "Linux, aarch64",
    "Linux, i386",
    "Mac OS X, x86_64",
    "Mac OS X, aarch64"
  })
  void embeddedResource_supportedPlatform_isInTheEmbeddedRedisJar(String os, String arch)
      throws IOException {
    Optional<String> resource = RedisBinary.embeddedResource(os, arch);

    assertThat(resource).isPresent();
    assertThat(sizeOf(resource.get())).isGreaterThan(1_000_000);
  }

  @ParameterizedTest
  @CsvSource({"Windows 11, amd64", "FreeBSD, amd64", "Linux, s390x"})
  void embeddedResource_unsupportedPlatform_isEmpty(String os, String arch) {
    assertThat(RedisBinary.embeddedResource(os, arch)).isEmpty();
  }

  @Test
  void resolve_noOverride_runsThePinnedBinaryEvenWithRedisOnPath() throws IOException {
    fakeOnPath("99.0.0");

    RedisBinary binary =
        RedisBinary.resolve(null, Optional.of(RUNS), "test", pathDir.toString(), extractDir);

    assertThat(binary.version).isEqualTo("0.0.1");
    assertThat(binary.source).isEqualTo("embedded-redis");
    assertThat(binary.path).isEqualTo(extractDir.resolve("redis-server-runs"));
  }

  @Test
  void resolve_pinnedBinaryCannotRun_fallsBackToPathAndSaysWhy() throws IOException {
    fakeOnPath("99.0.0");

    RedisBinary binary =
        RedisBinary.resolve(null, Optional.of(CANNOT_RUN), "test", pathDir.toString(), extractDir);

    assertThat(binary.version).isEqualTo("99.0.0");
    assertThat(binary.source).startsWith("PATH").contains("libssl.so.3");
  }

  @Test
  void resolve_platformWithoutPinnedBinary_usesRedisServerOnPath() throws IOException {
    fakeOnPath("99.0.0");

    RedisBinary binary =
        RedisBinary.resolve(
            null, Optional.empty(), "FreeBSD amd64", pathDir.toString(), extractDir);

    assertThat(binary.version).isEqualTo("99.0.0");
    assertThat(binary.source).contains("no redis-server for FreeBSD amd64");
  }

  @Test
  void resolve_noBinaryAnywhere_failsNamingWhatWasTriedAndTheFix() {
    assertThatThrownBy(
            () ->
                RedisBinary.resolve(
                    null, Optional.empty(), "FreeBSD amd64", pathDir.toString(), extractDir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no redis-server for FreeBSD amd64")
        .hasMessageContaining("no redis-server on PATH")
        .hasMessageContaining("-Dredis.server=/path/to/redis-server")
        .hasMessageContaining("BOXAUTH_REDIS_SERVER");
  }

  @Test
  void resolve_override_beatsThePinnedBinary() throws IOException {
    Path mine = fakeOnPath("7.4.2");

    RedisBinary binary =
        RedisBinary.resolve(
            mine.toString(), Optional.of(RUNS), "test", pathDir.toString(), extractDir);

    assertThat(binary.version).isEqualTo("7.4.2");
    assertThat(binary.path).isEqualTo(mine);
    assertThat(binary.source).contains("redis.server");
  }

  @Test
  void resolve_overrideByName_isLookedUpOnPath() throws IOException {
    Path mine = fakeOnPath("7.4.2");

    RedisBinary binary =
        RedisBinary.resolve(
            "redis-server", Optional.of(RUNS), "test", pathDir.toString(), extractDir);

    assertThat(binary.path).isEqualTo(mine);
  }

  @Test
  void resolve_overrideThatDoesNotExist_failsNamingTheSetting() {
    assertThatThrownBy(
            () ->
                RedisBinary.resolve(
                    "/nowhere/redis-server",
                    Optional.of(RUNS),
                    "test",
                    pathDir.toString(),
                    extractDir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/nowhere/redis-server")
        .hasMessageContaining("redis.server");
  }

  @Test
  void extract_missingResource_namesTheDependency() {
    assertThatThrownBy(() -> RedisBinary.extract("redis-server-0.0-nowhere", extractDir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("com.github.codemonstur:embedded-redis");
  }

  @Test
  void extract_manyAtOnce_leaveOneCompleteExecutableAndNoTemporaryFiles() throws Exception {
    int extractors = 4;
    CountDownLatch ready = new CountDownLatch(extractors);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(extractors);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < extractors; i++) {
        results.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return RedisBinary.extract(SOME_BINARY, extractDir);
                }));
      }
      ready.await();
      go.countDown();
      for (Future<Path> result : results) {
        assertThat(result.get()).isEqualTo(extractDir.resolve(SOME_BINARY));
      }
    } finally {
      pool.shutdownNow();
    }

    Path binary = extractDir.resolve(SOME_BINARY);
    assertThat(Files.size(binary)).isEqualTo(sizeOf(SOME_BINARY));
    assertThat(Files.isExecutable(binary)).isTrue();
    try (Stream<Path> files = Files.list(extractDir)) {
      assertThat(files).containsExactly(binary);
    }
  }

  @Test
  void extract_completeCopyInPlace_isKept() throws IOException {
    Path first = RedisBinary.extract(SOME_BINARY, extractDir);
    Object fileKey = Files.readAttributes(first, BasicFileAttributes.class).fileKey();

    Path second = RedisBinary.extract(SOME_BINARY, extractDir);

    assertThat(second).isEqualTo(first);
    assertThat(Files.readAttributes(second, BasicFileAttributes.class).fileKey())
        .isEqualTo(fileKey);
  }

  @Test
  void extract_truncatedCopyInPlace_isReplaced() throws IOException {
    Files.write(extractDir.resolve(SOME_BINARY), new byte[] {0x7f, 'E', 'L', 'F'});

    Path binary = RedisBinary.extract(SOME_BINARY, extractDir);

    assertThat(Files.size(binary)).isEqualTo(sizeOf(SOME_BINARY));
    assertThat(Files.isExecutable(binary)).isTrue();
  }

  /** A {@code redis-server} script in {@link #pathDir} that reports {@code version}. */
  private Path fakeOnPath(String version) throws IOException {
    Path script = pathDir.resolve("redis-server");
    Files.writeString(
        script, "#!/bin/sh\necho \"Redis server v=" + version + " sha=00000000:0 bits=64\"\n");
    assertThat(script.toFile().setExecutable(true)).isTrue();
    return script;
  }

  private static long sizeOf(String resource) throws IOException {
    try (InputStream in = RedisBinaryTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return in.transferTo(OutputStream.nullOutputStream());
    }
  }
}
