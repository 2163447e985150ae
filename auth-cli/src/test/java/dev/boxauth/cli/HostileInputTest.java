package dev.boxauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12's command-line findings, from {@code src/test/resources/regressions}. */
class HostileInputTest {
  private static final String SECRET = "S3cret-Slip-Value-42";

  @Test
  void secretOptionSlips_neverEchoTheSecret_andNameTheUnknownOptionWithoutItsValue() {
    for (String line : regressionLines("secret-option-slips.txt")) {
      Cli.Result result = Cli.run(line.split(" "));

      assertThat(result.code()).as(line).isEqualTo(ExitCodes.USAGE);
      assertThat(result.all()).as(line).doesNotContain(SECRET).doesNotContain("Slip-Value");
      result.assertOneErrorLine();
    }
  }

  @Test
  void unknownOption_isNamedWithoutItsValue() {
    Cli.Result result = Cli.run("check", "--config", "c.json", "--colour=always");

    assertThat(result.err()).contains("'--colour'").doesNotContain("always");
  }

  @Test
  void mistypedCommand_isStillNamed() {
    Cli.Result result = Cli.run("tokne");

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("'tokne'");
  }

  @Test
  void check_devZeroAsConfig_failsAtOnceAsNotARegularFile() {
    Cli.Result result = Cli.run("check", "--config", "/dev/zero");

    assertThat(result.code()).isEqualTo(ExitCodes.CONFIGURATION);
    assertThat(result.err()).contains("not a regular file");
  }

  @Test
  void check_fifoAsConfig_failsAtOnceInsteadOfBlocking(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("config.json");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

    Cli.Result result = Cli.run("check", "--config", fifo.toString());

    assertThat(result.code()).isEqualTo(ExitCodes.CONFIGURATION);
    assertThat(result.err()).contains("FIFO");
  }

  @Test
  void keysGenerate_failingOnTheKeyFile_leavesNoOrphanPassphraseFile(@TempDir Path dir)
      throws Exception {
    // A dangling symbolic link where the key goes: "absent" to a check that follows links, but
    // creating the file fails.
    Files.createSymbolicLink(dir.resolve("private_key.pem"), dir.resolve("nowhere"));

    Cli.Result result = Cli.run("keys", "generate", "--out", dir.toString());

    assertThat(result.code()).isEqualTo(ExitCodes.CONFIGURATION);
    assertThat(dir.resolve("private_key.passphrase")).doesNotExist();
    assertThat(dir.resolve("public_key.pem")).doesNotExist();
  }

  private static List<String> regressionLines(String name) {
    try (InputStream in =
        Objects.requireNonNull(
            HostileInputTest.class.getResourceAsStream("/regressions/" + name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
