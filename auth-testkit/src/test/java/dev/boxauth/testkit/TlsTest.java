package dev.boxauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTPS mode: a generated self-signed certificate and the trust store that goes with it. */
class TlsTest {
  @RegisterExtension static final BoxEmulatorExtension EMULATOR = BoxEmulatorExtension.tls();

  private static BoxEmulator emulator;
  private static EmulatedApp app;

  /** A client that trusts only this store, as a strict client configured for the emulator. */
  static HttpClient trusting(KeyStore store) throws Exception {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder()
        .sslContext(context)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  @Test
  void token_overTlsWithClientTrustingOnlyTheStore_isIssued() throws Exception {
    HttpClient client = trusting(emulator.trustStore());

    Http.Reply reply =
        Http.post(
            client,
            emulator.tokenUrl(),
            Forge.jwtForm(app, Forge.assertion(app, Forge.claims(app))));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(emulator.introspect(reply.get("access_token")).isLive()).isTrue();
  }

  @Test
  void dateHeader_overTls_followsTheSkewedClock() throws Exception {
    HttpClient client = trusting(emulator.trustStore());
    emulator.clock().skew(Duration.ofHours(-2));
    Http.Reply reply = Http.post(client, emulator.tokenUrl(), Http.form());

    assertThat(reply.date())
        .isCloseTo(Instant.now().minus(Duration.ofHours(2)), within(10, ChronoUnit.SECONDS));
  }

  @Test
  void token_withDefaultTrust_failsTheHandshake() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    assertThatThrownBy(() -> Http.post(client, emulator.tokenUrl(), Http.form()))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("PKIX path building failed");
  }

  @Test
  void trustStore_ofAnotherEmulator_isNotTrusted() throws Exception {
    try (BoxEmulator other = BoxEmulator.startTls()) {
      HttpClient client = trusting(other.trustStore());

      assertThatThrownBy(() -> Http.post(client, emulator.tokenUrl(), Http.form()))
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void trustStore_holdsOneCertificateForLoopbackNames() throws Exception {
    KeyStore store = emulator.trustStore();
    List<String> aliases = Collections.list(store.aliases());
    X509Certificate cert = (X509Certificate) store.getCertificate(aliases.get(0));

    assertThat(store.getType()).isEqualToIgnoringCase("PKCS12");
    assertThat(aliases).hasSize(1);
    assertThat(store.isCertificateEntry(aliases.get(0))).isTrue();
    assertThat(cert.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
    assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
    assertThat(cert.getVersion()).isEqualTo(3);
    assertThat(cert.getSigAlgName()).isEqualTo("SHA256withRSA");
    cert.checkValidity();
    cert.verify(cert.getPublicKey());
  }

  @Test
  void baseUrl_isHttpsOnLoopback() {
    assertThat(emulator.isTls()).isTrue();
    assertThat(emulator.baseUrl().toString()).matches("https://127\\.0\\.0\\.1:\\d+");
  }

  @Test
  void trustStore_ofPlainEmulator_isRefused() {
    try (BoxEmulator plain = BoxEmulator.start()) {
      assertThatThrownBy(plain::trustStore)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("startTls");
    }
  }
}
