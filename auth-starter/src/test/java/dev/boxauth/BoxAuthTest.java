package dev.boxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.ClientRejectedException;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.GrantRejectedException;
import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.Restriction;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.Subject;
import dev.boxauth.http.HttpTransportConfig;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenListener;
import dev.boxauth.port.TokenReply;
import dev.boxauth.port.TokenTransport;
import dev.boxauth.service.InMemoryTokenStore;
import dev.boxauth.service.TokenStatus;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.BoxEmulatorExtension;
import dev.boxauth.testkit.EmulatedApp;
import dev.boxauth.testkit.EmulatedApp.KeyEncryption;
import dev.boxauth.testkit.TokenInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(BoxEmulatorExtension.class)
class BoxAuthTest {
  private static BoxEmulator emulator;
  private static EmulatedApp app;

  private static BoxAuth jwt() {
    return BoxAuth.builder().configJson(app.configJson()).baseUrl(emulator.baseUrl()).build();
  }

  @Test
  void enterprise_token_isLiveServiceAccountTokenAndCached() {
    try (BoxAuth auth = jwt()) {
      long before = emulator.tokenRequests();

      AccessToken token = auth.enterprise().token();
      AccessToken again = auth.enterprise().token();

      assertThat(again).isSameAs(token);
      assertThat(emulator.tokenRequests() - before).isEqualTo(1);
      TokenInfo info = emulator.introspect(token.value());
      assertThat(info.state()).isEqualTo(TokenInfo.State.LIVE);
      assertThat(info.subjectType()).isEqualTo("enterprise");
      assertThat(info.subjectId()).isEqualTo(app.enterpriseId());
      assertThat(token.tokenType()).isEqualTo("bearer");
      assertThat(auth.defaultSubject()).isEqualTo(Subject.enterprise(app.enterpriseId()));
    }
  }

  @Test
  void status_afterAToken_countsItFromCacheWithoutARequest() {
    try (BoxAuth auth = jwt()) {
      assertThat(auth.status().subjectsCached()).isZero();
      AccessToken token = auth.enterprise().token();
      long before = emulator.tokenRequests();

      TokenStatus status = auth.status();

      assertThat(emulator.tokenRequests()).isEqualTo(before);
      assertThat(status.subjectsCached()).isEqualTo(1);
      // The cache ages tokens on the monotonic ticker and reports them on the wall clock.
      assertThat(status.soonestExpiry().orElseThrow())
          .isCloseTo(token.expiresAt(), within(5, ChronoUnit.SECONDS));
      assertThat(status.lastFailure()).isEmpty();
    }
  }

  @Test
  void fromConfigFile_readsTheConsoleFile_withItsDesEde3Key(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(app.enterpriseId() + "_" + app.keyId() + "_config.json");
    Files.writeString(file, app.configJson(KeyEncryption.DES_EDE3_CBC));

    try (BoxAuth auth = BoxAuth.builder().config(file).baseUrl(emulator.baseUrl()).build()) {
      assertThat(emulator.introspect(auth.enterprise().token().value()).state())
          .isEqualTo(TokenInfo.State.LIVE);
    }
  }

  @Test
  void user_token_actsForThatUser() {
    String userId = app.newAppUser();
    try (BoxAuth auth = jwt()) {
      AccessToken token = auth.user(userId).token();

      TokenInfo info = emulator.introspect(token.value());
      assertThat(info.subjectType()).isEqualTo("user");
      assertThat(info.subjectId()).isEqualTo(userId);
    }
  }

  @Test
  void clientCredentials_enterpriseAndUserTokens() {
    EmulatedApp ccg = emulator.newCcgApp();
    String userId = ccg.newAppUser();
    try (BoxAuth auth =
        BoxAuth.builder()
            .clientCredentials(ccg.clientId(), ccg.clientSecret())
            .enterpriseId(ccg.enterpriseId())
            .baseUrl(emulator.baseUrl())
            .build()) {
      assertThat(emulator.introspect(auth.enterprise().token().value()).subjectId())
          .isEqualTo(ccg.enterpriseId());
      assertThat(emulator.introspect(auth.user(userId).token().value()).subjectId())
          .isEqualTo(userId);
    }
  }

  @Test
  void clientCredentials_wrongSecret_isTypedAndSecretFree() {
    EmulatedApp ccg = emulator.newCcgApp();
    try (BoxAuth auth =
        BoxAuth.builder()
            .clientCredentials(ccg.clientId(), "not-the-secret-9f8e7d")
            .enterpriseId(ccg.enterpriseId())
            .baseUrl(emulator.baseUrl())
            .build()) {
      assertThatThrownBy(() -> auth.enterprise().token())
          .isInstanceOfAny(ClientRejectedException.class, GrantRejectedException.class)
          .hasMessageNotContaining("not-the-secret-9f8e7d");
    }
  }

  @Test
  void downscope_returnsRestrictedToken() {
    try (BoxAuth auth = jwt()) {
      AccessToken parent = auth.enterprise().token();

      AccessToken small =
          auth.downscope(parent, Set.of("item_preview"), "https://api.box.com/2.0/files/123");

      assertThat(small.restrictedTo()).extracting(Restriction::scope).containsOnly("item_preview");
      assertThat(emulator.introspect(small.value()).isDownscoped()).isTrue();
    }
  }

  @Test
  void revoke_revokesAtBoxAndNextTokenIsNew() {
    try (BoxAuth auth = jwt()) {
      AccessToken token = auth.enterprise().token();

      auth.revoke(token);

      assertThat(emulator.introspect(token.value()).state()).isEqualTo(TokenInfo.State.REVOKED);
      AccessToken next = auth.enterprise().token();
      assertThat(next).isNotEqualTo(token);
      assertThat(emulator.introspect(next.value()).state()).isEqualTo(TokenInfo.State.LIVE);
    }
  }

  @Test
  void build_configWithoutPublicKeyId_failsTypedNamingField() {
    String json = app.configJson().replaceFirst("\"publicKeyID\"\\s*:\\s*\"[^\"]*\",?", "");

    assertThatThrownBy(() -> BoxAuth.fromConfigJson(json))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("publicKeyID");
  }

  @Test
  void build_wrongPassphrase_failsWithKeyExceptionNotGuiceError() {
    String json = app.configJson().replace(app.passphrase(), "wrong-passphrase-123");

    assertThatThrownBy(() -> BoxAuth.fromConfigJson(json))
        .isInstanceOfSatisfying(
            KeyException.class,
            e -> assertThat(e.problem()).isEqualTo(KeyException.Problem.WRONG_PASSPHRASE))
        .hasMessageNotContaining("wrong-passphrase-123")
        .hasMessageNotContaining(app.passphrase());
  }

  @Test
  void build_plainHttpToRemoteHost_isRefused() {
    assertThatThrownBy(
            () ->
                BoxAuth.builder()
                    .configJson(app.configJson())
                    .baseUrl(java.net.URI.create("http://api.box.com"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("baseUrl");
  }

  @Test
  void build_ccgWithoutSubject_failsNamingEnterpriseId() {
    assertThatThrownBy(() -> BoxAuth.builder().clientCredentials("abc", "def").build())
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("enterpriseId"));
  }

  @Test
  void build_nothingConfigured_saysWhatToCall() {
    assertThatThrownBy(() -> BoxAuth.builder().build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("config(path)");
  }

  @Test
  void build_badUserId_isConfigurationError() {
    assertThatThrownBy(
            () -> BoxAuth.builder().clientCredentials("abc", "def").userId("bob").build())
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("userId"));
  }

  @Test
  void enterprise_whenOnlyUserConfigured_failsNamingEnterpriseId() {
    String userId = app.newAppUser();
    try (BoxAuth auth =
        BoxAuth.builder()
            .configJson(
                app.configJson()
                    .replaceFirst(
                        "\"enterpriseID\"\\s*:\\s*\"\\d+\"",
                        "\"enterpriseID\": null, \"userID\": \"" + userId + "\""))
            .baseUrl(emulator.baseUrl())
            .build()) {
      assertThatThrownBy(auth::enterprise).isInstanceOf(ConfigurationException.class);
      assertThat(emulator.introspect(auth.defaultSource().token().value()).subjectId())
          .isEqualTo(userId);
    }
  }

  @Test
  void tokenStoreAndListener_fromBuilder_areUsed() {
    InMemoryTokenStore store = new InMemoryTokenStore(dev.boxauth.port.Ticker.SYSTEM);
    List<TokenEvent> events = new CopyOnWriteArrayList<>();
    try (BoxAuth auth =
        BoxAuth.builder()
            .configJson(app.configJson())
            .baseUrl(emulator.baseUrl())
            .tokenStore(store)
            .listener(events::add)
            .build()) {
      AccessToken token = auth.enterprise().token();

      assertThat(
              store.get(
                  dev.boxauth.domain.TokenKey.of(
                      new dev.boxauth.domain.ClientId(app.clientId()), auth.defaultSubject())))
          .map(dev.boxauth.port.StoredToken::token)
          .contains(token);
      assertThat(events).hasAtLeastOneElementOfType(TokenEvent.Issued.class);
    }
  }

  @Test
  void module_addsListenerThroughTheMultibinder() {
    List<TokenEvent> events = new CopyOnWriteArrayList<>();
    try (BoxAuth auth =
        BoxAuth.builder()
            .configJson(app.configJson())
            .baseUrl(emulator.baseUrl())
            .module(
                new AbstractModule() {
                  @Override
                  protected void configure() {
                    Multibinder.newSetBinder(binder(), TokenListener.class)
                        .addBinding()
                        .toInstance(events::add);
                  }
                })
            .build()) {
      auth.enterprise().token();

      assertThat(events).hasAtLeastOneElementOfType(TokenEvent.Issued.class);
    }
  }

  @Test
  void close_keepsCachedTokensButStopsRequests() {
    BoxAuth auth = jwt();
    AccessToken token = auth.enterprise().token();

    auth.close();
    auth.close(); // idempotent

    assertThat(auth.enterprise().token()).isSameAs(token);
    assertThatThrownBy(() -> auth.user(app.newAppUser()).token())
        .isInstanceOf(EndpointUnavailableException.class);
  }

  @Test
  void close_closesTransportThenRegisteredResources_onceEach() {
    List<String> closed = new CopyOnWriteArrayList<>();
    BoxAuth auth = jwtWith(closingTransport(closed, false), closingResource(closed));

    auth.close();
    auth.close();

    assertThat(closed).containsExactly("transport", "resource");
  }

  @Test
  void close_whenTheTransportFailsToClose_stillClosesTheRest() {
    List<String> closed = new CopyOnWriteArrayList<>();
    BoxAuth auth = jwtWith(closingTransport(closed, true), closingResource(closed));

    auth.close();

    assertThat(closed).containsExactly("transport", "resource");
  }

  private static BoxAuth jwtWith(Module... modules) {
    BoxAuth.Builder builder =
        BoxAuth.builder().configJson(app.configJson()).baseUrl(emulator.baseUrl());
    for (Module m : modules) {
      builder.module(m);
    }
    return builder.build();
  }

  /** A transport that only records that it was closed (and fails then, if asked to). */
  private static Module closingTransport(List<String> closed, boolean fail) {
    final class ClosingTransport implements TokenTransport, AutoCloseable {
      @Override
      public TokenReply exchange(Grant grant) {
        throw new UnsupportedOperationException("not used");
      }

      @Override
      public void revoke(ClientCredentials client, Secret token) {
        throw new UnsupportedOperationException("not used");
      }

      @Override
      public void close() {
        closed.add("transport");
        if (fail) {
          throw new IllegalStateException("closing failed");
        }
      }
    }
    return binder -> binder.bind(TokenTransport.class).toInstance(new ClosingTransport());
  }

  private static Module closingResource(List<String> closed) {
    return binder ->
        Multibinder.newSetBinder(binder, AutoCloseable.class)
            .addBinding()
            .toInstance(() -> closed.add("resource"));
  }

  @Test
  void build_whenTheEndpointIsUnreachable_succeeds_andTheFirstTokenReportsIt() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (BoxAuth auth =
        BoxAuth.builder()
            .configJson(app.configJson())
            .baseUrl(URI.create("http://127.0.0.1:" + closedPort))
            .build()) {
      assertThatThrownBy(() -> auth.enterprise().token())
          .isInstanceOf(EndpointUnavailableException.class)
          .hasMessageContaining("no reply");
    }
  }

  @Test
  void close_whileTheConnectionWarmUpAwaitsItsReply_closesTheConnection() throws Exception {
    CountDownLatch connected = new CountDownLatch(1);
    CountDownLatch hungUp = new CountDownLatch(1);
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread server =
          new Thread(
              () -> {
                try (Socket s = silent.accept()) {
                  connected.countDown();
                  while (s.getInputStream().read() >= 0) {
                    // Reads the request and never answers, until the client hangs up.
                  }
                  hungUp.countDown();
                } catch (IOException e) {
                  hungUp.countDown();
                }
              });
      server.setDaemon(true);
      server.start();
      Duration patient = Duration.ofMinutes(5);
      BoxAuth auth =
          BoxAuth.builder()
              .configJson(app.configJson())
              .baseUrl(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
              .http(HttpTransportConfig.builder().readTimeout(patient).callTimeout(patient).build())
              .build();
      assertThat(connected.await(30, TimeUnit.SECONDS)).as("the warm-up connected").isTrue();

      auth.close();

      assertThat(hungUp.await(30, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
    }
  }

  @Test
  void config_afterClientCredentials_replacesTheAppSetInCode() {
    try (BoxAuth auth =
        BoxAuth.builder()
            .clientCredentials("abc", "def")
            .configJson(app.configJson())
            .baseUrl(emulator.baseUrl())
            .build()) {
      assertThat(emulator.introspect(auth.enterprise().token().value()).subjectId())
          .isEqualTo(app.enterpriseId());
    }
  }

  @Test
  void clientCredentials_afterConfig_replacesTheConfig() {
    EmulatedApp ccg = emulator.newCcgApp();
    try (BoxAuth auth =
        BoxAuth.builder()
            .configJson(app.configJson())
            .clientCredentials(ccg.clientId(), ccg.clientSecret())
            .enterpriseId(ccg.enterpriseId())
            .baseUrl(emulator.baseUrl())
            .build()) {
      assertThat(emulator.introspect(auth.enterprise().token().value()).subjectId())
          .isEqualTo(ccg.enterpriseId());
    }
  }

  @Test
  void keySource_afterClientCredentials_isTheSameJwtApp() {
    dev.boxauth.testing.TestKeySource hsm =
        new dev.boxauth.testing.TestKeySource(
            app.keyPair(), app.keyId(), dev.boxauth.domain.SignatureAlgorithm.RS256);
    try (BoxAuth auth =
        BoxAuth.builder()
            .clientCredentials(app.clientId(), app.clientSecret())
            .keySource(hsm)
            .enterpriseId(app.enterpriseId())
            .baseUrl(emulator.baseUrl())
            .build()) {
      assertThat(emulator.introspect(auth.enterprise().token().value()).isLive()).isTrue();
    }
  }

  @Test
  void toString_ofConfigAndTokens_neverShowSecrets() {
    try (BoxAuth auth = jwt()) {
      AccessToken token = auth.enterprise().token();

      assertThat(token.toString()).doesNotContain(token.value());
      assertThat(auth.toString())
          .doesNotContain(app.clientSecret())
          .doesNotContain(app.passphrase());
    }
  }

  @Test
  void keySource_ownSigner_makesJwtAppWithoutPem() {
    dev.boxauth.testing.TestKeySource hsm =
        new dev.boxauth.testing.TestKeySource(
            app.keyPair(), app.keyId(), dev.boxauth.domain.SignatureAlgorithm.RS384);
    try (BoxAuth auth =
        BoxAuth.builder()
            .keySource(hsm)
            .clientCredentials(app.clientId(), app.clientSecret())
            .enterpriseId(app.enterpriseId())
            .baseUrl(emulator.baseUrl())
            .build()) {
      assertThat(emulator.introspect(auth.enterprise().token().value()).state())
          .isEqualTo(TokenInfo.State.LIVE);
    }
  }

  @Test
  void keySource_withoutClientCredentials_failsNamingThem() {
    dev.boxauth.testing.TestKeySource hsm =
        new dev.boxauth.testing.TestKeySource(
            app.keyPair(), app.keyId(), dev.boxauth.domain.SignatureAlgorithm.RS256);

    assertThatThrownBy(() -> BoxAuth.builder().keySource(hsm).enterpriseId("1").build())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> assertThat(e.field()).isEqualTo("clientCredentials"));
  }

  @Test
  void build_malformedClientIdOrEmptySecret_isConfigurationErrorNamingField() {
    assertThatThrownBy(
            () -> BoxAuth.builder().clientCredentials("has space", "s").enterpriseId("1").build())
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("clientId"));
    assertThatThrownBy(
            () -> BoxAuth.builder().clientCredentials("abc", "").enterpriseId("1").build())
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("clientSecret"));
  }

  @Test
  void https_trustingOnlyTheEmulatorsCertificate_getsToken() {
    try (BoxEmulator tls = BoxEmulator.startTls()) {
      EmulatedApp tlsApp = tls.newJwtApp();
      try (BoxAuth auth =
          BoxAuth.builder()
              .configJson(tlsApp.configJson())
              .baseUrl(tls.baseUrl())
              .http(
                  dev.boxauth.http.HttpTransportConfig.builder()
                      .trustStore(tls.trustStore())
                      .build())
              .build()) {
        assertThat(tls.baseUrl().getScheme()).isEqualTo("https");
        assertThat(tls.introspect(auth.enterprise().token().value()).isLive()).isTrue();
      }
    }
  }

  @Test
  void https_withoutTrustingTheEmulator_failsTypedAndSendsNothing() {
    try (BoxEmulator tls = BoxEmulator.startTls()) {
      EmulatedApp tlsApp = tls.newJwtApp();
      try (BoxAuth auth =
          BoxAuth.builder().configJson(tlsApp.configJson()).baseUrl(tls.baseUrl()).build()) {
        assertThatThrownBy(() -> auth.enterprise().token())
            .isInstanceOfSatisfying(
                EndpointUnavailableException.class, e -> assertThat(e.isTransient()).isFalse())
            .hasMessageContaining("not trusted")
            .hasMessageContaining("trustStore")
            .hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        assertThat(tls.tokenRequests()).isZero();
      }
    }
  }

  @Test
  void http_emptyTrustStore_isConfigurationErrorNamingIt() throws Exception {
    java.security.KeyStore empty = java.security.KeyStore.getInstance("PKCS12");
    empty.load(null, null);

    assertThatThrownBy(
            () -> dev.boxauth.http.HttpTransportConfig.builder().trustStore(empty).build())
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("trustStore"));
  }
}
