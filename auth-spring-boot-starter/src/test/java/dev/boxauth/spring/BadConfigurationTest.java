package dev.boxauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.BoxEmulatorExtension;
import dev.boxauth.testkit.EmulatedApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Each bad configuration fails start-up with a {@link ConfigurationException} naming the {@code
 * boxauth.*} property to fix, and a failure analysis that names it too; no secret is anywhere in
 * the failure.
 */
@ExtendWith(BoxEmulatorExtension.class)
class BadConfigurationTest {
  private static final String CLIENT_SECRET = "Client-S3cret-Value";
  private static final String PASSPHRASE = "Wrong-Pa55phrase-Value";
  private static final String PROXY_PASSWORD = "Proxy-Pa55word-Value";
  private static final String TRUST_PASSWORD = "Trust-Pa55word-Value";
  private static final String REDIS_PASSWORD = "Redis-Pa55word-Value";
  private static final List<String> SECRETS =
      List.of(CLIENT_SECRET, PASSPHRASE, PROXY_PASSWORD, TRUST_PASSWORD, REDIS_PASSWORD);

  private static BoxEmulator emulator;
  private static EmulatedApp app;
  @TempDir static Path dir;
  private static String configFile;
  private static String pem;
  private static String kek;
  private static String tinkKeyset;
  private static String trustStore;

  @BeforeAll
  static void files() throws Exception {
    configFile = TestFiles.configFile(dir, app);
    pem = TestFiles.pem(dir, app);
    kek = TestFiles.kek(dir);
    tinkKeyset = TestFiles.tinkKeyset(dir, app, kek);
    try (BoxEmulator tls = BoxEmulator.startTls()) {
      trustStore = TestFiles.trustStore(dir, tls, "the-right-one");
    }
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  BoxAuthAutoConfiguration.class,
                  BoxAuthHealthAutoConfiguration.class,
                  BoxAuthSdkAutoConfiguration.class));

  /** A working Client Credentials configuration, plus {@code more}. */
  private static List<String> ccg(String... more) {
    List<String> all = new ArrayList<>();
    all.add("boxauth.base-url=" + emulator.baseUrl());
    all.add("boxauth.client-id=" + app.clientId());
    all.add("boxauth.client-secret=" + CLIENT_SECRET);
    all.add("boxauth.enterprise-id=" + app.enterpriseId());
    all.addAll(List.of(more));
    return all;
  }

  /** A client-id app signing with the PEM key, plus {@code more}. */
  private static List<String> pemApp(String... more) {
    List<String> all = ccg("boxauth.key.pem=" + pem);
    all.addAll(List.of(more));
    return all;
  }

  private static Arguments bad(String expectedProperty, List<String> properties) {
    return Arguments.of(expectedProperty, properties);
  }

  static Stream<Arguments> badConfigurations() throws Exception {
    String wrongPassphraseConfig =
        TestFiles.write(
            dir,
            "wrong_passphrase_config.json",
            app.configJson().replace(app.passphrase(), PASSPHRASE));
    String notJson = TestFiles.write(dir, "not_json.json", "{ this is not JSON");
    String notAKeyset = TestFiles.write(dir, "not_a_keyset.json", "{\"primaryKeyId\": 1}");
    String otherKek =
        TestFiles.write(dir, "other_kek.json", dev.boxauth.keystore.KeyTools.newKekKeysetJson());
    return Stream.of(
        bad("boxauth.config-file", List.of()),
        bad(
            "boxauth.config-file",
            List.of("boxauth.config-file=file:" + dir.resolve("absent.json"))),
        bad("boxauth.config-file", List.of("boxauth.config-file=" + notJson)),
        bad("boxauth.config-file", List.of("boxauth.config-file=" + wrongPassphraseConfig)),
        bad(
            "boxauth.client-id",
            List.of(
                "boxauth.config-file=" + configFile,
                "boxauth.client-id=" + app.clientId(),
                "boxauth.client-secret=" + CLIENT_SECRET)),
        bad("boxauth.client-secret", List.of("boxauth.client-id=" + app.clientId())),
        bad(
            "boxauth.enterprise-id",
            List.of(
                "boxauth.client-id=" + app.clientId(), "boxauth.client-secret=" + CLIENT_SECRET)),
        bad(
            "boxauth.enterprise-id",
            List.of(
                "boxauth.client-id=" + app.clientId(),
                "boxauth.client-secret=" + CLIENT_SECRET,
                "boxauth.enterprise-id=acme")),
        bad(
            "boxauth.key.passphrase",
            pemApp("boxauth.key.id=" + app.keyId(), "boxauth.key.passphrase=" + PASSPHRASE)),
        bad("boxauth.key.id", pemApp("boxauth.key.passphrase=" + app.passphrase())),
        bad("boxauth.key", pemApp("boxauth.key.pkcs12=" + pem, "boxauth.key.id=" + app.keyId())),
        bad("boxauth.key.id", ccg("boxauth.key.id=" + app.keyId())),
        bad(
            "boxauth.key.alias",
            ccg(
                "boxauth.key.pkcs12=file:" + TestFiles.pkcs12(dir, "box", "store-pass-1"),
                "boxauth.key.id=" + app.keyId(),
                "boxauth.key.passphrase=store-pass-1",
                "boxauth.key.alias= ")),
        bad("boxauth.key.tink-kek", ccg("boxauth.key.tink-keyset=" + tinkKeyset)),
        bad(
            "boxauth.key.tink-kek",
            ccg("boxauth.key.tink-keyset=" + tinkKeyset, "boxauth.key.tink-kek=" + otherKek)),
        bad(
            "boxauth.key.algorithm",
            ccg(
                "boxauth.key.tink-keyset=" + tinkKeyset,
                "boxauth.key.tink-kek=" + kek,
                "boxauth.key.algorithm=RS384")),
        bad("boxauth.base-url", ccg("boxauth.base-url=http://box.example.com")),
        bad("boxauth.http.connect-timeout", ccg("boxauth.http.connect-timeout=0s")),
        bad("boxauth.http.proxy.port", ccg("boxauth.http.proxy.host=proxy.corp")),
        bad(
            "boxauth.http.proxy.username",
            ccg(
                "boxauth.http.proxy.host=proxy.corp",
                "boxauth.http.proxy.port=3128",
                "boxauth.http.proxy.password=" + PROXY_PASSWORD)),
        bad(
            "boxauth.http.trust-store-password",
            ccg(
                "boxauth.http.trust-store=" + trustStore,
                "boxauth.http.trust-store-password=" + TRUST_PASSWORD)),
        bad("boxauth.policy.max-attempts", ccg("boxauth.policy.max-attempts=0")),
        bad("boxauth.policy.expiry-margin", ccg("boxauth.policy.expiry-margin=10m")),
        bad("boxauth.store.redis.uri", ccg("boxauth.store.type=redis")),
        bad(
            "boxauth.store.redis.aead-keyset",
            ccg("boxauth.store.type=redis", "boxauth.store.redis.uri=redis://127.0.0.1:1")),
        bad(
            "boxauth.store.redis.aead-keyset",
            ccg(
                "boxauth.store.type=redis",
                "boxauth.store.redis.uri=redis://127.0.0.1:1",
                "boxauth.store.redis.aead-keyset=" + notAKeyset)),
        bad(
            "boxauth.store.redis.uri",
            ccg(
                "boxauth.store.type=redis",
                "boxauth.store.redis.uri=http://:" + REDIS_PASSWORD + "@redis.internal",
                "boxauth.store.redis.aead-keyset=" + kek)),
        bad("boxauth.store.type", ccg("boxauth.store.redis.uri=redis://127.0.0.1:1")));
  }

  @ParameterizedTest(name = "[{index}] {0} <- {1}")
  @MethodSource("badConfigurations")
  void startup_badConfiguration_failsNamingThePropertyWithoutSecrets(
      String expectedProperty, List<String> properties) {
    runner
        .withPropertyValues(properties.toArray(String[]::new))
        .run(context -> assertFailsAt(context, expectedProperty));
  }

  @Test
  void startup_redisStoreWithoutAdapterRedis_failsNamingTheStoreType() {
    runner
        .withClassLoader(new FilteredClassLoader("dev.boxauth.redis"))
        .withPropertyValues(
            ccg(
                    "boxauth.store.type=redis",
                    "boxauth.store.redis.uri=redis://127.0.0.1:1",
                    "boxauth.store.redis.aead-keyset=" + kek)
                .toArray(String[]::new))
        .run(context -> assertFailsAt(context, "boxauth.store.type"));
  }

  private static void assertFailsAt(AssertableApplicationContext context, String property) {
    assertThat(context).hasFailed();
    Throwable failure = context.getStartupFailure();
    ConfigurationException error = firstConfigurationError(failure);
    assertThat(error).as("the typed error in %s", failure).isNotNull();
    assertThat(error.field()).isEqualTo(property);

    FailureAnalysis analysis = new BoxAuthFailureAnalyzer().analyze(failure);

    assertThat(analysis).isNotNull();
    assertThat(analysis.getDescription()).contains(property);
    assertThat(analysis.getAction()).isNotBlank();
    for (String secret : SECRETS) {
      assertThat(analysis.getDescription()).doesNotContain(secret);
      assertThat(analysis.getAction()).doesNotContain(secret);
      for (Throwable t = failure; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
      }
    }
  }

  private static ConfigurationException firstConfigurationError(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConfigurationException c) {
        return c;
      }
    }
    return null;
  }
}
