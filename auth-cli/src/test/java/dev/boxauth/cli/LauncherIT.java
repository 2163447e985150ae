package dev.boxauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.BoxEmulatorExtension;
import dev.boxauth.testkit.EmulatedApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./boxauth} launcher as a script meets it: its class archive (AppCDS) is made on a
 * command's first run, used on the next, never shows on stdout or stderr, and never stops a
 * command, even when damaged.
 */
@ExtendWith(BoxEmulatorExtension.class)
class LauncherIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path CDS = ROOT.resolve("auth-cli/target/cds");
  private static final String TOKEN = "[A-Za-z0-9]+\n";

  private static BoxEmulator emulator;
  private static EmulatedApp app;

  @TempDir Path dir;
  private Path config;

  private record Run(int code, String out, String err) {}

  @BeforeEach
  void freshArchives() throws IOException {
    config = Apps.config(dir, app);
    for (Path p : archives()) {
      Files.delete(p);
    }
  }

  private static List<Path> archives() throws IOException {
    if (!Files.isDirectory(CDS)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(CDS)) {
      return files.filter(p -> p.getFileName().toString().startsWith("token-")).toList();
    }
  }

  private Run token(Map<String, String> env) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add(ROOT.resolve("boxauth").toString());
    command.addAll(
        List.of("token", "--config", config.toString(), "--base-url", emulator.baseUrl() + ""));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("BOXAUTH_CDS");
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("./boxauth token did not finish");
    }
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** stderr without the JVM's note that it read JAVA_TOOL_OPTIONS. */
  private static String errorsOf(Run run) {
    return run.err().replaceAll("Picked up JAVA_TOOL_OPTIONS: .*\n", "");
  }

  @Test
  void token_firstRunMakesTheArchive_nextRunMapsIt_bothPrintTheTokenAlone() throws Exception {
    Run first = token(Map.of());
    Path classes = dir.resolve("classes.txt");
    Run second = token(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classes));

    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).matches(TOKEN);
    assertThat(first.err()).isEmpty();
    assertThat(archives()).singleElement().asString().endsWith(".jsa");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out()).matches(TOKEN);
    assertThat(errorsOf(second)).isEmpty();
    assertThat(Files.readAllLines(classes))
        .filteredOn(l -> l.contains(" dev.boxauth.cli.Main "))
        .singleElement()
        .asString()
        .contains("source: shared objects file");
  }

  @Test
  void token_withCdsOff_makesNoArchive() throws Exception {
    Run run = token(Map.of("BOXAUTH_CDS", "off"));

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).matches(TOKEN);
    assertThat(archives()).isEmpty();
  }

  @Test
  void token_runsWithTheC1CompilerAlone_withOrWithoutTheArchive() throws Exception {
    for (String cds : new String[] {"on", "off"}) {
      Run run = token(Map.of("JAVA_TOOL_OPTIONS", "-XX:+PrintFlagsFinal", "BOXAUTH_CDS", cds));

      assertThat(run.code()).as(run.err()).isZero();
      assertThat(run.out().lines())
          .filteredOn(l -> l.contains(" TieredStopAtLevel "))
          .singleElement()
          .asString()
          .matches(".*TieredStopAtLevel\\s+=\\s+1\\s.*");
    }
  }

  @Test
  void token_whenTheArchiveIsDamaged_stillPrintsTheTokenAlone_andDropsIt() throws Exception {
    assertThat(token(Map.of()).code()).isZero();
    Path archive = archives().get(0);
    // Truncated behind the launcher's back: the JVM aborts as it maps it.
    byte[] head = new byte[200_000];
    try (var in = Files.newInputStream(archive)) {
      assertThat(in.readNBytes(head, 0, head.length)).isEqualTo(head.length);
    }
    assertThat(archive.toFile().setWritable(true)).isTrue();
    Files.write(archive, head);

    Run run = token(Map.of());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).matches(TOKEN);
    assertThat(archive).doesNotExist();
  }
}
