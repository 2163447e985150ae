package dev.boxauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.BoxEmulatorExtension;
import dev.boxauth.testkit.EmulatedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(BoxEmulatorExtension.class)
class CheckCommandTest {
  private static BoxEmulator emulator;
  private static EmulatedApp app;

  @TempDir Path dir;

  /** {@code check --config <config> --online}, against the emulator. */
  private static Cli.Result checkOnline(Path config) {
    return Cli.run("check", "--config", config.toString(), "--online", "--base-url", base());
  }

  private static String base() {
    return emulator.baseUrl().toString();
  }

  @Test
  void check_goodConfig_printsWhatItFoundAndExitsZeroOffline() throws Exception {
    Path config = Apps.config(dir, app);
    long requests = emulator.tokenRequests();

    Cli.Result result = Cli.run("check", "--config", config.toString());

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("client id    " + app.clientId())
        .contains("key id       " + app.keyId())
        .contains("subject      enterprise " + app.enterpriseId())
        .contains("RSA 2048-bit, encrypted; the passphrase decrypts it")
        .contains("RS256")
        .contains("verdict      OK offline");
    assertThat(result.err()).isEmpty();
    assertThat(emulator.tokenRequests()).isEqualTo(requests);
    assertThat(Apps.secrets(app)).allSatisfy(s -> assertThat(result.all()).doesNotContain(s));
  }

  @Test
  void check_online_getsOneTokenAndShowsItsSubjectNotTheToken() throws Exception {
    Path config = Apps.config(dir, app);
    long requests = emulator.tokenRequests();

    Cli.Result result = checkOnline(config);

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("issued a token for enterprise " + app.enterpriseId())
        .contains("verdict      OK");
    assertThat(emulator.tokenRequests() - requests).isEqualTo(1);
    assertThat(result.outLines())
        .filteredOn(l -> l.startsWith("box "))
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .matches(
                        "box +http://127\\.0\\.0\\.1:\\d+ issued a token for enterprise \\d+,"
                            + " expiring in \\d+ min"));
  }

  @Test
  void check_onlineWithBoxClockFiveMinutesAhead_warnsOnStdout() throws Exception {
    Path config = Apps.config(dir, app);
    emulator.clock().skew(Duration.ofMinutes(5));

    Cli.Result result = checkOnline(config);

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.outLines())
        .filteredOn(l -> l.contains("clock"))
        .singleElement()
        .asString()
        .matches("warning +Box's clock is 30\\d s ahead of this host's; .*NTP.*");
  }

  @Test
  void clockWarning_underThirtySeconds_isNone() {
    assertThat(CheckCommand.clockWarning(Duration.ofSeconds(29))).isNull();
    assertThat(CheckCommand.clockWarning(Duration.ofSeconds(-30))).contains("30 s behind");
  }

  @Test
  void check_onlineWithUnknownKeyId_exitsThree() throws Exception {
    Path config =
        Apps.write(
            dir,
            "c.json",
            app.configJson(EmulatedApp.KeyEncryption.DES_EDE3_CBC)
                .replace("\"" + app.keyId() + "\"", "\"nosuchkid\""));

    Cli.Result result = checkOnline(config);

    assertThat(result.code()).isEqualTo(ExitCodes.REFUSED);
    result.assertOneErrorLine();
    assertThat(result.err()).contains("key id");
  }

  @Test
  void check_wrongPassphrase_exitsTwoSayingSoWithoutSecrets() throws Exception {
    Path config = Apps.write(dir, "c.json", Apps.withPassphrase(app, "not-the-passphrase-0000"));

    Cli.Result result = Cli.run("check", "--config", config.toString());

    assertThat(result.code()).isEqualTo(ExitCodes.CONFIGURATION);
    result.assertOneErrorLine();
    assertThat(result.err()).contains("passphrase").contains("privateKey");
    assertThat(result.out()).contains("key id       " + app.keyId()).doesNotContain("verdict");
    assertThat(result.all()).doesNotContain("not-the-passphrase-0000");
    assertThat(Apps.secrets(app)).allSatisfy(s -> assertThat(result.all()).doesNotContain(s));
  }

  @Test
  void check_missingPublicKeyId_exitsTwoNamingIt() throws Exception {
    Path config = Apps.write(dir, "c.json", Apps.withoutPublicKeyId(app));

    Cli.Result result = Cli.run("check", "--config", config.toString());

    assertThat(result.code()).isEqualTo(ExitCodes.CONFIGURATION);
    result.assertOneErrorLine();
    assertThat(result.err()).contains("publicKeyID");
    assertThat(Apps.secrets(app)).allSatisfy(s -> assertThat(result.all()).doesNotContain(s));
  }

  @Test
  void check_missingFile_exitsTwoNamingTheFile() {
    Path missing = dir.resolve("nowhere_config.json");

    Cli.Result result = Cli.run("check", "--config", missing.toString());

    assertThat(result.code()).isEqualTo(ExitCodes.CONFIGURATION);
    result.assertOneErrorLine();
    assertThat(result.err()).contains("nowhere_config.json");
  }

  @Test
  void check_verbose_addsTheStackTrace() throws Exception {
    Path config = Apps.write(dir, "c.json", Apps.withPassphrase(app, "not-the-passphrase-0000"));

    Cli.Result result = Cli.run("check", "--verbose", "--config", config.toString());

    assertThat(result.code()).isEqualTo(ExitCodes.CONFIGURATION);
    assertThat(result.err().lines().findFirst())
        .hasValueSatisfying(l -> assertThat(l).startsWith("boxauth: "));
    assertThat(result.err()).contains("dev.boxauth.domain.KeyException").contains("\tat ");
    assertThat(result.all()).doesNotContain("not-the-passphrase-0000");
  }

  @Test
  void check_configReadableByOthers_warns() throws Exception {
    Path config = Apps.config(dir, app);
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));

    Cli.Result result = Cli.run("check", "--config", config.toString());

    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("warning").contains("chmod 600");
  }

  @Test
  void check_baseUrlWithoutOnline_isAUsageError() throws Exception {
    Path config = Apps.config(dir, app);

    Cli.Result result =
        Cli.run("check", "--config", config.toString(), "--base-url", "http://127.0.0.1:9");

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    result.assertOneErrorLine();
  }
}
