package dev.boxauth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.boxauth.BoxAuth;
import dev.boxauth.BoxAuthModule;
import dev.boxauth.JwtGrantModule;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.domain.Subject;
import dev.boxauth.http.HttpTransportConfig;
import dev.boxauth.http.HttpTransportModule;
import dev.boxauth.keystore.BoxAppConfig;
import dev.boxauth.keystore.BoxConfigKeyModule;
import dev.boxauth.service.TokenService;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.BoxEmulator.GrantType;
import dev.boxauth.testkit.BoxEmulator.Outcome;
import dev.boxauth.testkit.BoxEmulatorExtension;
import dev.boxauth.testkit.EmulatedApp;
import dev.boxauth.testkit.TokenInfo;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The default stack against the emulator over HTTPS ({@link BoxEmulator#startTls()}).
 *
 * <p>With the JDK's default CAs the stack must refuse the emulator's self-signed certificate, at
 * once and for good; with {@code HttpTransportConfig.trustStore(emulator.trustStore())} it trusts
 * that certificate alone, in this JVM, without touching the JVM's TLS defaults.
 */
class TlsIT {
  @RegisterExtension static final BoxEmulatorExtension EMULATOR = BoxEmulatorExtension.tls();

  private static BoxEmulator emulator;
  private static EmulatedApp app;

  @Test
  void token_emulatorCertificateNotTrusted_typedErrorFromTheHandshake_noRequestReachesIt() {
    assertThat(emulator.baseUrl().getScheme()).isEqualTo("https");
    try (BoxAuth auth =
        BoxAuth.builder()
            .configJson(app.configJson())
            .baseUrl(emulator.baseUrl())
            .policy(Setup.defaults(emulator.baseUrl()).policy().toBuilder().maxAttempts(2).build())
            .build()) {

      assertThatThrownBy(() -> auth.enterprise().token())
          .isInstanceOfSatisfying(
              EndpointUnavailableException.class,
              e -> {
                assertThat(e.httpStatus()).isZero();
                assertThat(e.isTransient()).as("a retry can't make it trusted").isFalse();
              })
          .hasCauseInstanceOf(SSLHandshakeException.class);
      assertThat(emulator.tokenRequests()).isZero();
    }
  }

  @Test
  void token_overHttps_trustingOnlyTheEmulatorsCertificate_isLive() {
    HttpTransportConfig trustingEmulator =
        HttpTransportConfig.builder()
            .baseUrl(emulator.baseUrl())
            .trustStore(emulator.trustStore())
            .build();
    Injector injector =
        Guice.createInjector(
            new BoxAuthModule(),
            new BoxConfigKeyModule(BoxAppConfig.parse(app.configJson())),
            new JwtGrantModule(BoxAppConfig.parse(app.configJson()).clientCredentials()),
            new HttpTransportModule(trustingEmulator));
    TokenService tokens = injector.getInstance(TokenService.class);
    try {
      String token = tokens.source(Subject.enterprise(app.enterpriseId())).token().value();

      assertThat(emulator.introspect(token).state()).isEqualTo(TokenInfo.State.LIVE);
      assertThat(emulator.introspect(token).subjectId()).isEqualTo(app.enterpriseId());
      assertThat(emulator.tokenRequests(GrantType.JWT_BEARER, Outcome.ISSUED)).isEqualTo(1);
    } finally {
      tokens.close();
    }
  }
}
