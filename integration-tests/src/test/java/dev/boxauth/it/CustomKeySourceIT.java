package dev.boxauth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import com.nimbusds.jwt.SignedJWT;
import dev.boxauth.BoxAuth;
import dev.boxauth.BoxAuthModule;
import dev.boxauth.JwtGrantModule;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.domain.Subject;
import dev.boxauth.http.HttpTransportConfig;
import dev.boxauth.http.HttpTransportModule;
import dev.boxauth.keystore.PemKeyConfig;
import dev.boxauth.keystore.PemKeyModule;
import dev.boxauth.port.KeySource;
import dev.boxauth.port.SigningKey;
import dev.boxauth.service.TokenService;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.BoxEmulatorExtension;
import dev.boxauth.testkit.EmulatedApp;
import dev.boxauth.testkit.TokenInfo;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A custom {@link KeySource} written here (signing through a {@code java.security.KeyStore} handle,
 * so the library never holds the private key) replaces the default by installing its module:
 * through {@code BoxAuth.builder().module(...)}, and in a plain Guice injector with {@code
 * Modules.override}. The app's own key is removed from the emulator, so only the plugin's key can
 * get a token.
 */
@ExtendWith(BoxEmulatorExtension.class)
class CustomKeySourceIT {
  private static final String PASSWORD = "plugin-store-pw-9931";

  /** Never decoded: the key module's KeySource binding is overridden. */
  private static final String PLACEHOLDER_PEM =
      "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n";

  @TempDir static Path dir;
  private static BoxEmulator emulator;
  private static EmulatedApp app;
  private static String pluginKid;
  private static PublicKey pluginPublicKey;
  private KeyStoreKeySource plugin;

  @BeforeAll
  static void start() throws Exception {
    Path p12 = Keytool.genkeypair(dir.resolve("plugin.p12"), "plugin", PASSWORD);
    pluginPublicKey = Keytool.publicKey(p12, PASSWORD, "plugin");
    pluginKid = app.addPublicKey(pluginPublicKey);
    app.removePublicKey(app.keyId());
  }

  @BeforeEach
  void newPlugin() throws Exception {
    plugin =
        new KeyStoreKeySource(
            Keytool.load(dir.resolve("plugin.p12"), PASSWORD),
            "plugin",
            PASSWORD.toCharArray(),
            pluginKid);
  }

  private void assertSignedByPlugin(AssertionRecorder recorder) throws Exception {
    List<SignedJWT> sent = recorder.verified(Map.of(pluginKid, pluginPublicKey));
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).getHeader().getKeyID()).isEqualTo(pluginKid);
    assertThat(plugin.signatures()).isEqualTo(1);
  }

  @Test
  void boxAuthBuilder_moduleBindingAKeySource_signsEveryAssertionWithThePlugin() throws Exception {
    AssertionRecorder recorder = new AssertionRecorder();
    try (BoxAuth auth =
        BoxAuth.builder()
            .configJson(app.configJson())
            .baseUrl(emulator.baseUrl())
            .module(binder -> binder.bind(KeySource.class).toInstance(plugin))
            .module(recorder)
            .build()) {

      AccessToken token = auth.enterprise().token();

      assertThat(emulator.introspect(token.value()).state()).isEqualTo(TokenInfo.State.LIVE);
      assertSignedByPlugin(recorder);
    }
  }

  @Test
  void plainGuice_keySourceOverriddenInAKeyModule_signsWithThePlugin_andNeverReadsTheKeyConfig()
      throws Exception {
    AssertionRecorder recorder = new AssertionRecorder();
    Module keys =
        Modules.override(
                new PemKeyModule(
                    PemKeyConfig.builder().pem(PLACEHOLDER_PEM).keyId(pluginKid).build()))
            .with(binder -> binder.bind(KeySource.class).toInstance(plugin));
    Injector injector =
        Guice.createInjector(
            Modules.override(
                    new BoxAuthModule(),
                    new HttpTransportModule(
                        HttpTransportConfig.builder().baseUrl(emulator.baseUrl()).build()),
                    keys,
                    new JwtGrantModule(ClientCredentials.of(app.clientId(), app.clientSecret())))
                .with(recorder));
    TokenService tokens = injector.getInstance(TokenService.class);
    try {
      AccessToken token = tokens.source(Subject.enterprise(app.enterpriseId())).token();

      assertThat(emulator.introspect(token.value()).state()).isEqualTo(TokenInfo.State.LIVE);
      assertSignedByPlugin(recorder);
    } finally {
      tokens.close();
      ((AutoCloseable) injector.getInstance(dev.boxauth.port.TokenTransport.class)).close();
    }
  }

  @Test
  void token_pluginThrowsAnUncheckedException_typedKeyException_andNoRequestIsSent() {
    KeySource broken =
        () ->
            new SigningKey() {
              @Override
              public KeyId keyId() {
                return new KeyId(pluginKid);
              }

              @Override
              public SignatureAlgorithm algorithm() {
                return SignatureAlgorithm.RS256;
              }

              @Override
              public byte[] sign(byte[] data) {
                throw new IllegalStateException("HSM session closed");
              }
            };
    try (BoxAuth auth =
        BoxAuth.builder()
            .configJson(app.configJson())
            .baseUrl(emulator.baseUrl())
            .module(binder -> binder.bind(KeySource.class).toInstance(broken))
            .build()) {

      assertThatThrownBy(() -> auth.enterprise().token())
          .isInstanceOfSatisfying(
              KeyException.class,
              e -> assertThat(e.problem()).isEqualTo(KeyException.Problem.SIGNING_FAILED))
          .hasRootCauseInstanceOf(IllegalStateException.class);
      assertThat(emulator.tokenRequests()).isZero();
    }
  }
}
