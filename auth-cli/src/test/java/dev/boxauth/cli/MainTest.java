package dev.boxauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void help_listsCommandsExitCodesAndSecurityNotes() {
    Cli.Result result = Cli.run("--help");

    assertThat(result.code()).isZero();
    assertThat(result.out())
        .contains("demo")
        .contains("token")
        .contains("check")
        .contains("keys")
        .contains("Exit codes:")
        .containsPattern("\\s2\\s+configuration or key problem")
        .containsPattern("\\s3\\s+Box refused")
        .containsPattern("\\s4\\s+Box unreachable")
        .contains("--client-secret-env");
  }

  @Test
  void help_ofASubcommand_alsoListsTheExitCodes() {
    Cli.Result result = Cli.run("check", "--help");

    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("--online").contains("Exit codes:");
  }

  @Test
  void run_withoutCommand_isAUsageError() {
    Cli.Result result = Cli.run();

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    result.assertOneErrorLine();
    assertThat(result.err()).contains("demo, token, check or keys");
  }

  @Test
  void run_unknownOption_isAUsageErrorOnOneLine() {
    Cli.Result result = Cli.run("check", "--config", "c.json", "--bogus");

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    result.assertOneErrorLine();
    assertThat(result.err()).contains("--bogus").contains("boxauth check --help");
  }

  @Test
  void usageError_neverEchoesAClientSecretGivenOnTheCommandLine() {
    Cli.Result spaced =
        Cli.run("token", "--ccg", "--client-secret", "s3cret-value-1", "s3cret-value-1-again");
    Cli.Result joined = Cli.run("token", "--client-secret=s3cret-value-2", "--nope");

    assertThat(spaced.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(joined.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(spaced.all()).doesNotContain("s3cret-value-1");
    assertThat(joined.all()).doesNotContain("s3cret-value-2");
  }

  @Test
  void redact_replacesEverySecretOptionValue() {
    String message =
        Failures.redact(
            "Unmatched arguments: 'abc123', 'def456'",
            new String[] {"--client-secret", "abc123", "--client-secret=def456"});

    assertThat(message).isEqualTo("Unmatched arguments: 'REDACTED', 'REDACTED'");
  }

  @Test
  void redact_shortSecret_onlyWhereQuoted() {
    String message =
        Failures.redact(
            "Invalid value for option '--base-url': 's' is not a URL; unmatched 'x=s'",
            new String[] {"--client-secret", "s"});

    assertThat(message)
        .isEqualTo(
            "Invalid value for option '--base-url': 'REDACTED' is not a URL; unmatched 'x=s'");
  }

  @Test
  void version_isPrinted() {
    Cli.Result result = Cli.run("--version");

    assertThat(result.code()).isZero();
    assertThat(result.out()).startsWith("boxauth ");
  }
}
