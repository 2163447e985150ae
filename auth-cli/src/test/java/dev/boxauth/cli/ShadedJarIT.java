package dev.boxauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code target/boxauth.jar} in its own JVM with nothing else on the class path, as {@code
 * ./boxauth} does: this is what catches a dependency missing from the shaded jar (the empty OkHttp
 * 5 jar, an old okio, Moshi's multi-release classes).
 */
class ShadedJarIT {
  private static final Path JAR = Path.of("target", "boxauth.jar").toAbsolutePath();

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private Run java(String... args) throws IOException, InterruptedException {
    return java(List.of(), args);
  }

  private Run java(List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().remove("CLASSPATH");
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("boxauth " + String.join(" ", args) + " did not finish");
    }
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void manifest_namesMainClassAndKeepsMultiRelease() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();

      assertThat(main.getValue("Main-Class")).isEqualTo("dev.boxauth.cli.Main");
      assertThat(main.getValue("Multi-Release")).isEqualTo("true");
      assertThat(jar.getEntry("META-INF/versions/16/com/squareup/moshi/RecordJsonAdapter.class"))
          .isNotNull();
      assertThat(jar.stream().map(e -> e.getName()))
          .noneMatch(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"))
          .noneMatch(n -> n.startsWith("org/bouncycastle/"))
          .noneMatch(n -> n.startsWith("org/junit/"));
    }
  }

  @Test
  void demo_fromTheShadedJarAlone_passesEveryStep() throws Exception {
    Run run = java("demo");

    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("All 9 steps passed");
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("SLF4J");
  }

  /**
   * JDK 24 and later print a warning on stderr when a class first calls a {@code sun.misc.Unsafe}
   * memory-access method. Guice 7's class definers do, whatever the JDK: the CLI turns Guice's
   * class generation off, so a whole demo loads none of them.
   */
  @Test
  void demo_loadsNoGuiceClassDefiner() throws Exception {
    Path classes = dir.resolve("classes.txt");

    Run run = java(List.of("-Xlog:class+load:file=" + classes), "demo");

    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(Files.readAllLines(classes))
        .filteredOn(l -> l.contains(" com.google.inject."))
        .isNotEmpty()
        .noneMatch(
            l -> l.contains("com.google.inject.internal.aop.") && l.contains("ClassDefiner"));
  }

  /**
   * Guava's AbstractFuture calls {@code sun.misc.Unsafe} on JDK 24 and later before 33.4.8 (it
   * chooses its helper by JDK, so the class-load log of this JDK can't tell): the jar ships a later
   * one.
   */
  @Test
  void jar_shipsAGuavaThatAvoidsSunMiscUnsafeOnNewJdks() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      Properties guava = new Properties();
      try (var in =
          jar.getInputStream(
              jar.getEntry("META-INF/maven/com.google.guava/guava/pom.properties"))) {
        guava.load(in);
      }
      int[] version =
          Arrays.stream(guava.getProperty("version").replace("-jre", "").split("\\."))
              .mapToInt(Integer::parseInt)
              .toArray();

      assertThat(Arrays.compare(version, new int[] {33, 4, 8})).isNotNegative();
    }
  }

  @Test
  void check_missingFile_exitsTwoWithOneLineOnStderr() throws Exception {
    Run run = java("check", "--config", "missing_config.json");

    assertThat(run.code()).isEqualTo(ExitCodes.CONFIGURATION);
    assertThat(run.err().lines().toList()).hasSize(1);
    assertThat(run.err()).contains("missing_config.json");
  }

  @Test
  void token_refusedByBox_printsOneLineAndNoLogLine() throws Exception {
    try (BoxEmulator emulator = BoxEmulator.start()) {
      EmulatedApp ccg = emulator.newCcgApp();

      Run run =
          java(
              "token",
              "--ccg",
              "--client-id",
              ccg.clientId(),
              "--client-secret",
              "wrong-secret-5b6a3",
              "--enterprise-id",
              ccg.enterpriseId(),
              "--base-url",
              emulator.baseUrl().toString());

      assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
      assertThat(run.err().lines().toList())
          .singleElement()
          .asString()
          .startsWith("boxauth: Box refused the client credentials")
          .doesNotContain("WARN");
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  void verbose_turnsBoxauthLoggingToDebugOnStderr_otherwiseQuiet() throws Exception {
    try (BoxEmulator emulator = BoxEmulator.start()) {
      EmulatedApp app = emulator.newJwtApp();
      Path config = Apps.config(dir, app);
      String base = emulator.baseUrl().toString();

      Run quiet = java("token", "--config", config.toString(), "--base-url", base);
      Run verbose = java("token", "--verbose", "--config", config.toString(), "--base-url", base);

      assertThat(quiet.code()).as(quiet.err()).isZero();
      assertThat(quiet.err()).isEmpty();
      assertThat(emulator.introspect(quiet.out().strip()).isLive()).isTrue();
      assertThat(verbose.code()).as(verbose.err()).isZero();
      assertThat(verbose.err()).contains("DEBUG dev.boxauth");
      assertThat(verbose.err()).doesNotContain(verbose.out().strip());
      assertThat(Apps.secrets(app)).allSatisfy(s -> assertThat(verbose.err()).doesNotContain(s));
    }
  }
}
