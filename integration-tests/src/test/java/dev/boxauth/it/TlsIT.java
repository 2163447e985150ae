package dev.boxauth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.BoxAuth;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.BoxEmulator.GrantType;
import dev.boxauth.testkit.BoxEmulator.Outcome;
import dev.boxauth.testkit.EmulatedApp;
import dev.boxauth.testkit.TokenInfo;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default stack against the emulator over HTTPS ({@link BoxEmulator#startTls()}).
 *
 * <p>{@code HttpTransportConfig} offers no trust store, {@code SSLSocketFactory} or {@code
 * OkHttpClient} of the user's, so in this JVM the stack can only trust the JDK's default CAs, which
 * must refuse the emulator's self-signed certificate. The successful exchange runs in a child JVM
 * whose default trust store is the emulator's certificate alone; the test JVM's TLS defaults are
 * never touched.
 */
class TlsIT {
  private static final String TRUST_PASSWORD = "trust-store-pw";
  @TempDir static Path dir;
  private static BoxEmulator emulator;
  private static EmulatedApp app;

  @BeforeAll
  static void start() {
    emulator = BoxEmulator.startTls();
    app = emulator.newJwtApp();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
  }

  @Test
  void token_emulatorCertificateNotTrusted_typedErrorFromTheHandshake_noRequestReachesIt() {
    assertThat(emulator.baseUrl().getScheme()).isEqualTo("https");
    try (BoxAuth auth =
        BoxAuth.builder()
            .configJson(app.configJson())
            .baseUrl(emulator.baseUrl())
            .policy(Setup.defaults(emulator.baseUrl()).policy().withMaxAttempts(2))
            .build()) {

      assertThatThrownBy(() -> auth.enterprise().token())
          .isInstanceOfSatisfying(
              EndpointUnavailableException.class, e -> assertThat(e.httpStatus()).isZero())
          .hasCauseInstanceOf(SSLHandshakeException.class);
      assertThat(emulator.tokenRequests()).isZero();
    }
  }

  @Test
  void token_overHttps_inAJvmTrustingOnlyTheEmulatorsCertificate_isLive() throws Exception {
    Path trust = dir.resolve("emulator-trust.p12");
    try (OutputStream out = Files.newOutputStream(trust)) {
      emulator.trustStore().store(out, TRUST_PASSWORD.toCharArray());
    }
    Path config = dir.resolve("config.json");
    Files.writeString(config, app.configJson());
    Path tokenFile = dir.resolve("token.txt");
    Path log = dir.resolve("child.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djavax.net.ssl.trustStore=" + trust);
    command.add("-Djavax.net.ssl.trustStorePassword=" + TRUST_PASSWORD);
    command.add("-Djavax.net.ssl.trustStoreType=PKCS12");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TlsClientMain.class.getName());
    command.add(emulator.baseUrl().toString());
    command.add(config.toString());
    command.add(tokenFile.toString());

    Process child =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = child.waitFor(90, TimeUnit.SECONDS);
    if (!ended) {
      child.destroyForcibly();
    }

    assertThat(ended).as("child JVM ended").isTrue();
    assertThat(child.exitValue())
        .as("child JVM exit; its output:%n%s", Files.readString(log, StandardCharsets.UTF_8))
        .isZero();
    String token = Files.readString(tokenFile, StandardCharsets.UTF_8);
    assertThat(emulator.introspect(token).state()).isEqualTo(TokenInfo.State.LIVE);
    assertThat(emulator.introspect(token).subjectId()).isEqualTo(app.enterpriseId());
    assertThat(emulator.tokenRequests(GrantType.JWT_BEARER, Outcome.ISSUED)).isEqualTo(1);
  }
}
