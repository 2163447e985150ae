package dev.boxauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.BoxEmulatorExtension;
import dev.boxauth.testkit.EmulatedApp;
import dev.boxauth.testkit.TokenInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(BoxEmulatorExtension.class)
class TokenCommandTest {
  private static final Pattern JSON =
      Pattern.compile(
          "\\{\"access_token\":\"([A-Za-z0-9]+)\",\"token_type\":\"bearer\","
              + "\"expires_at\":\"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\",\"restricted_to\":\\[]}");

  /** An environment with no variables set. */
  private static final UnaryOperator<String> NO_VARIABLES = name -> null;

  private static BoxEmulator emulator;
  private static EmulatedApp app;
  private static EmulatedApp ccg;
  @TempDir static Path dir;
  private static Path config;

  @BeforeAll
  static void start() throws Exception {
    // a second app: the extension sets every static EmulatedApp field to its JWT app
    ccg = emulator.newCcgApp();
    config = Apps.config(dir, app);
  }

  private static String base() {
    return emulator.baseUrl().toString();
  }

  /** {@code token --config <the JWT app's config> <options> --base-url <the emulator>}. */
  private static Cli.Result jwtToken(String... options) {
    return Cli.run(args(List.of("--config", config.toString()), options));
  }

  /**
   * {@code token --ccg --client-id <the CCG app's> <options> --base-url <the emulator>}, reading
   * environment variables from {@code environment}.
   */
  private static Cli.Result ccgToken(UnaryOperator<String> environment, String... options) {
    TokenCommand command = new TokenCommand();
    command.environment = environment;
    return Cli.run(
        Cli.with(command), args(List.of("--ccg", "--client-id", ccg.clientId()), options));
  }

  private static String[] args(List<String> source, String... options) {
    List<String> args = new ArrayList<>(List.of("token"));
    args.addAll(source);
    args.addAll(List.of(options));
    args.addAll(List.of("--base-url", base()));
    return args.toArray(String[]::new);
  }

  @Test
  void token_withConfig_printsOneLineThatIsALiveServiceAccountToken() {
    Cli.Result result = jwtToken();

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.outLines()).hasSize(1);
    assertThat(result.out()).endsWith(System.lineSeparator());
    TokenInfo info = emulator.introspect(result.outLines().get(0));
    assertThat(info.state()).isEqualTo(TokenInfo.State.LIVE);
    assertThat(info.subjectType()).isEqualTo("enterprise");
    assertThat(info.subjectId()).isEqualTo(app.enterpriseId());
    assertThat(result.err()).isEmpty();
  }

  @Test
  void token_withUser_actsForThatUser() {
    String user = app.newAppUser();

    Cli.Result result = jwtToken("--user", user);

    assertThat(result.code()).as(result.err()).isZero();
    TokenInfo info = emulator.introspect(result.out().strip());
    assertThat(info.subjectType()).isEqualTo("user");
    assertThat(info.subjectId()).isEqualTo(user);
  }

  @Test
  void token_json_printsTokenTypeExpiryAndRestrictionsOnly() {
    Cli.Result result = jwtToken("--json");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.outLines()).hasSize(1);
    Matcher json = JSON.matcher(result.outLines().get(0));
    assertThat(json.matches()).as(result.out()).isTrue();
    assertThat(emulator.introspect(json.group(1)).isLive()).isTrue();
    assertThat(Apps.secrets(app)).allSatisfy(s -> assertThat(result.all()).doesNotContain(s));
  }

  @Test
  void token_ccgWithSecretFromEnvironment_isLiveAndIssuedToTheCcgApp() {
    Cli.Result result =
        ccgToken(
            Map.of("MY_BOX_SECRET", ccg.clientSecret())::get,
            "--client-secret-env",
            "MY_BOX_SECRET",
            "--enterprise-id",
            ccg.enterpriseId());

    assertThat(result.code()).as(result.err()).isZero();
    TokenInfo info = emulator.introspect(result.out().strip());
    assertThat(info.isLive()).isTrue();
    assertThat(info.clientId()).isEqualTo(ccg.clientId());
    assertThat(info.subjectId()).isEqualTo(ccg.enterpriseId());
    assertThat(result.out()).doesNotContain(ccg.clientSecret());
  }

  @Test
  void token_ccgWithoutSecretOption_readsBoxClientSecret() {
    String user = ccg.newAppUser();

    Cli.Result result =
        ccgToken(Map.of("BOX_CLIENT_SECRET", ccg.clientSecret())::get, "--user", user);

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(emulator.introspect(result.out().strip()).subjectId()).isEqualTo(user);
  }

  @Test
  void token_ccgWithSecretOnCommandLine_works() {
    Cli.Result result =
        ccgToken(
            NO_VARIABLES,
            "--client-secret",
            ccg.clientSecret(),
            "--enterprise-id",
            ccg.enterpriseId());

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(emulator.introspect(result.out().strip()).isLive()).isTrue();
  }

  @Test
  void token_ccgWithUnsetVariable_exitsTwoNamingTheVariable() {
    Cli.Result result = ccgToken(NO_VARIABLES, "--enterprise-id", ccg.enterpriseId());

    assertThat(result.code()).isEqualTo(ExitCodes.CONFIGURATION);
    result.assertOneErrorLine();
    assertThat(result.err()).contains("BOX_CLIENT_SECRET");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void token_wrongClientSecret_exitsThreeWithoutEchoingIt() {
    Cli.Result result =
        ccgToken(
            NO_VARIABLES,
            "--client-secret",
            "wrong-secret-4f2a9",
            "--enterprise-id",
            ccg.enterpriseId());

    assertThat(result.code()).isEqualTo(ExitCodes.REFUSED);
    result.assertOneErrorLine();
    assertThat(result.err()).contains("client");
    assertThat(result.all()).doesNotContain("wrong-secret-4f2a9");
  }

  @Test
  void token_ccgWrongSecretFromEnvironment_adviceNamesTheOptionsNotConfigFields() {
    Cli.Result result =
        ccgToken(
            Map.of("MY_BOX_SECRET", "wrong-secret-7c1d0")::get,
            "--client-secret-env",
            "MY_BOX_SECRET",
            "--enterprise-id",
            ccg.enterpriseId());

    assertThat(result.code()).isEqualTo(ExitCodes.REFUSED);
    result.assertOneErrorLine();
    assertThat(result.err())
        .contains("Box refused the client credentials")
        .contains(
            "check --client-id and the client secret in the environment variable MY_BOX_SECRET")
        .doesNotContain("boxAppSettings");
    assertThat(result.all()).doesNotContain("wrong-secret-7c1d0");
  }

  @Test
  void token_ccgWrongSecretOnCommandLine_adviceNamesThatOption() {
    Cli.Result result =
        ccgToken(
            NO_VARIABLES,
            "--client-secret",
            "wrong-secret-9e8d7",
            "--enterprise-id",
            ccg.enterpriseId());

    assertThat(result.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.err())
        .contains("check --client-id and the --client-secret value")
        .doesNotContain("boxAppSettings");
  }

  @Test
  void token_jwtConfigWithWrongSecret_adviceStillNamesTheConfigFields() throws Exception {
    Path config =
        Apps.write(
            dir,
            "wrong_secret_config.json",
            app.configJson().replace(app.clientSecret(), "wrong-secret-00000"));

    Cli.Result result = Cli.run("token", "--config", config.toString(), "--base-url", base());

    assertThat(result.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.err()).contains("boxAppSettings.clientID and clientSecret");
  }

  @Test
  void token_userTheAppMayNotActFor_exitsThree() {
    String managed = emulator.newManagedUser(); // App Access Only: not reachable

    Cli.Result result = jwtToken("--user", managed);

    assertThat(result.code()).isEqualTo(ExitCodes.REFUSED);
    result.assertOneErrorLine();
    assertThat(result.out()).isEmpty();
  }

  @Test
  void token_endpointAnswersHtml404_exitsFour() {
    emulator.faults().htmlNext(1, 404);
    Cli.Result result = jwtToken("--user", app.newAppUser());

    assertThat(result.code()).isEqualTo(ExitCodes.UNAVAILABLE);
    result.assertOneErrorLine();
    assertThat(result.err()).contains("404");
  }

  @Test
  void token_neitherConfigNorCcg_isAUsageError() {
    Cli.Result result = Cli.run("token");

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    result.assertOneErrorLine();
    assertThat(result.err())
        .contains("--config")
        .contains("--ccg")
        .contains("boxauth token --help");
  }

  @Test
  void token_ccgOptionsWithConfig_isAUsageError() {
    Cli.Result result =
        Cli.run("token", "--config", config.toString(), "--client-secret", "s3cret-value-77");

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    result.assertOneErrorLine();
    assertThat(result.all()).doesNotContain("s3cret-value-77");
  }

  @Test
  void token_nonNumericUser_isAUsageError() {
    Cli.Result result = Cli.run("token", "--config", config.toString(), "--user", "alice");

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    result.assertOneErrorLine();
    assertThat(result.err()).contains("--user");
  }

  @Test
  void token_malformedIds_areUsageErrorsNamingTheOption() {
    Cli.Result client =
        Cli.run("token", "--ccg", "--client-id", "a/b", "--client-secret", "x", "--user", "1");
    Cli.Result enterprise =
        Cli.run(
            "token",
            "--ccg",
            "--client-id",
            "abc",
            "--client-secret",
            "x",
            "--enterprise-id",
            "acme");

    assertThat(client.code()).isEqualTo(ExitCodes.USAGE);
    client.assertOneErrorLine();
    assertThat(client.err()).contains("--client-id");
    assertThat(enterprise.code()).isEqualTo(ExitCodes.USAGE);
    enterprise.assertOneErrorLine();
    assertThat(enterprise.err()).contains("--enterprise-id");
  }
}
