package dev.boxauth.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.box.sdk.BoxAPIConnection;
import dev.boxauth.BoxAuth;
import dev.boxauth.boxsdk.BoxAuthAPIConnection;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.domain.Subject;
import dev.boxauth.http.BoxAuthInterceptor;
import dev.boxauth.micrometer.BoxAuthMetrics;
import dev.boxauth.port.Ticker;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenListener;
import dev.boxauth.port.TokenSource;
import dev.boxauth.port.TokenStore;
import dev.boxauth.testing.SharedMemoryStore;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import dev.boxauth.testkit.TokenInfo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** One application context per way of configuring boxauth, each against the emulator. */
class BoxAuthAutoConfigurationTest {
  private static BoxEmulator emulator;
  private static EmulatedApp jwtApp;
  private static EmulatedApp ccgApp;
  @TempDir static Path dir;

  private static String configFile;

  @BeforeAll
  static void startEmulator() throws Exception {
    emulator = BoxEmulator.start();
    jwtApp = emulator.newJwtApp();
    ccgApp = emulator.newCcgApp();
    configFile = TestFiles.configFile(dir, jwtApp);
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  BoxAuthAutoConfiguration.class,
                  BoxAuthHealthAutoConfiguration.class,
                  BoxAuthSdkAutoConfiguration.class));

  /** The runner pointed at the emulator. */
  private ApplicationContextRunner emulated() {
    return runner.withPropertyValues("boxauth.base-url=" + emulator.baseUrl());
  }

  private ApplicationContextRunner ccg() {
    return emulated()
        .withPropertyValues(
            "boxauth.client-id=" + ccgApp.clientId(),
            "boxauth.client-secret=" + ccgApp.clientSecret(),
            "boxauth.enterprise-id=" + ccgApp.enterpriseId());
  }

  private static TokenInfo introspect(TokenSource tokens) {
    return emulator.introspect(tokens.token().value());
  }

  @Test
  void configFile_givesEveryBean_actingForTheConfiguredEnterprise() {
    emulated()
        .withPropertyValues("boxauth.config-file=" + configFile)
        .run(
            context -> {
              assertThat(context).hasSingleBean(BoxAuth.class);
              assertThat(context).hasSingleBean(TokenSource.class);
              assertThat(context).hasSingleBean(BoxAuthInterceptor.class);
              assertThat(context).hasSingleBean(BoxAuthMetrics.class);
              assertThat(context)
                  .getBean(BoxAPIConnection.class)
                  .isInstanceOf(BoxAuthAPIConnection.class);
              assertThat(context)
                  .getBean("boxauthHealthIndicator")
                  .isInstanceOf(HealthIndicator.class);
              BoxAuth auth = context.getBean(BoxAuth.class);
              assertThat(auth.defaultSubject())
                  .isEqualTo(Subject.enterprise(jwtApp.enterpriseId()));

              TokenInfo info = introspect(context.getBean(TokenSource.class));

              assertThat(info.isLive()).isTrue();
              assertThat(info.subjectType()).isEqualTo("enterprise");
            });
  }

  @Test
  void clientCredentials_withUserIdOnly_actsForThatUser() {
    String user = ccgApp.newAppUser();
    emulated()
        .withPropertyValues(
            "boxauth.client-id=" + ccgApp.clientId(),
            "boxauth.client-secret=" + ccgApp.clientSecret(),
            "boxauth.user-id=" + user)
        .run(
            context -> {
              assertThat(context.getBean(BoxAuth.class).defaultSubject())
                  .isEqualTo(Subject.user(user));
              TokenInfo info = introspect(context.getBean(TokenSource.class));
              assertThat(info.subjectType()).isEqualTo("user");
              assertThat(info.subjectId()).isEqualTo(user);
            });
  }

  @Test
  void clientCredentials_withEnterpriseId_getsTokensTaggedClientCredentials() {
    ccg()
        .run(
            context -> {
              SimpleMeterRegistry registry = new SimpleMeterRegistry();
              context.getBean(BoxAuthMetrics.class).bindTo(registry);

              TokenInfo info = introspect(context.getBean(TokenSource.class));

              assertThat(info.isLive()).isTrue();
              assertThat(info.subjectId()).isEqualTo(ccgApp.enterpriseId());
              assertThat(
                      registry
                          .get("boxauth.token.requests")
                          .tags("grant", "client_credentials", "outcome", "success")
                          .functionCounter()
                          .count())
                  .isEqualTo(1);
            });
  }

  @Test
  void clientIdWithPemKey_signsWithThatKey() throws Exception {
    emulated()
        .withPropertyValues(
            "boxauth.client-id=" + jwtApp.clientId(),
            "boxauth.client-secret=" + jwtApp.clientSecret(),
            "boxauth.enterprise-id=" + jwtApp.enterpriseId(),
            "boxauth.key.pem=" + TestFiles.pem(dir, jwtApp),
            "boxauth.key.id=" + jwtApp.keyId(),
            "boxauth.key.passphrase=" + jwtApp.passphrase())
        .run(
            context ->
                assertThat(introspect(context.getBean(TokenSource.class)).isLive()).isTrue());
  }

  @Test
  void clientIdWithPkcs12Key_signsWithThatKey(@TempDir Path p12Dir) throws Exception {
    Path p12 = TestFiles.pkcs12(p12Dir, "box", "store-pass-1");
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    try (var in = java.nio.file.Files.newInputStream(p12)) {
      store.load(in, "store-pass-1".toCharArray());
    }
    PublicKey publicKey = store.getCertificate("box").getPublicKey();
    String keyId = jwtApp.addPublicKey(publicKey);
    emulated()
        .withPropertyValues(
            "boxauth.client-id=" + jwtApp.clientId(),
            "boxauth.client-secret=" + jwtApp.clientSecret(),
            "boxauth.enterprise-id=" + jwtApp.enterpriseId(),
            "boxauth.key.pkcs12=file:" + p12,
            "boxauth.key.id=" + keyId,
            "boxauth.key.passphrase=store-pass-1",
            "boxauth.key.alias=box")
        .run(
            context ->
                assertThat(introspect(context.getBean(TokenSource.class)).isLive()).isTrue());
  }

  @Test
  void clientIdWithTinkKeyset_signsWithThatKey(@TempDir Path tinkDir) throws Exception {
    String kek = TestFiles.kek(tinkDir);
    emulated()
        .withPropertyValues(
            "boxauth.client-id=" + jwtApp.clientId(),
            "boxauth.client-secret=" + jwtApp.clientSecret(),
            "boxauth.enterprise-id=" + jwtApp.enterpriseId(),
            "boxauth.key.tink-keyset=" + TestFiles.tinkKeyset(tinkDir, jwtApp, kek),
            "boxauth.key.tink-kek=" + kek)
        .run(
            context ->
                assertThat(introspect(context.getBean(TokenSource.class)).isLive()).isTrue());
  }

  @Test
  void httpTrustStore_letsItReachAnHttpsEmulator(@TempDir Path tlsDir) throws Exception {
    try (BoxEmulator tls = BoxEmulator.startTls()) {
      EmulatedApp app = tls.newCcgApp();
      runner
          .withPropertyValues(
              "boxauth.base-url=" + tls.baseUrl(),
              "boxauth.client-id=" + app.clientId(),
              "boxauth.client-secret=" + app.clientSecret(),
              "boxauth.enterprise-id=" + app.enterpriseId(),
              "boxauth.http.trust-store=" + TestFiles.trustStore(tlsDir, tls, "trust-pass"),
              "boxauth.http.trust-store-password=trust-pass",
              "boxauth.http.connect-timeout=2s",
              "boxauth.http.read-timeout=3s",
              "boxauth.http.call-timeout=4s")
          .run(
              context -> {
                AccessToken token = context.getBean(TokenSource.class).token();
                assertThat(tls.introspect(token.value()).isLive()).isTrue();
              });
    }
  }

  @Test
  void httpConnectionWarmUp_byDefault_opensTheConnectionAtStartUp() throws Exception {
    try (MockWebServer box = refusingServer()) {
      ccgAt(box).run(context -> assertThat(firstRequestLine(box)).startsWith("GET /oauth2/token "));
    }
  }

  @Test
  void httpConnectionWarmUpOff_sendsNothingBeforeTheFirstToken() throws Exception {
    try (MockWebServer box = refusingServer()) {
      ccgAt(box)
          .withPropertyValues("boxauth.http.connection-warm-up=false")
          .run(
              context -> {
                TokenSource tokens = context.getBean(TokenSource.class);
                assertThatThrownBy(tokens::token).isInstanceOf(AuthException.class);
                assertThat(firstRequestLine(box)).startsWith("POST /oauth2/token ");
              });
    }
  }

  /** A token endpoint that refuses every request, recording them. */
  private static MockWebServer refusingServer() throws IOException {
    MockWebServer server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder()
                .code(400)
                .setHeader("Content-Type", "application/json")
                .body("{\"error\":\"invalid_request\",\"error_description\":\"refused\"}")
                .build();
          }
        });
    server.start();
    return server;
  }

  /** The first request {@code box} received, waiting up to 10 s for it. */
  private static String firstRequestLine(MockWebServer box) throws InterruptedException {
    RecordedRequest first = box.takeRequest(10, TimeUnit.SECONDS);
    assertThat(first).as("a request within 10 s").isNotNull();
    return first.getRequestLine();
  }

  /** A CCG app whose token endpoint is {@code box}, trying once. */
  private ApplicationContextRunner ccgAt(MockWebServer box) {
    return runner.withPropertyValues(
        "boxauth.base-url=" + box.url("/").toString().replaceAll("/$", ""),
        "boxauth.client-id=" + ccgApp.clientId(),
        "boxauth.client-secret=" + ccgApp.clientSecret(),
        "boxauth.enterprise-id=" + ccgApp.enterpriseId(),
        "boxauth.policy.max-attempts=1");
  }

  @Test
  void httpProxy_carriesTheTokenRequests() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    long before = emulator.tokenRequests();
    ccg()
        .withPropertyValues(
            "boxauth.http.proxy.host=127.0.0.1",
            "boxauth.http.proxy.port=" + closedPort,
            "boxauth.policy.max-attempts=1")
        .run(
            context -> {
              // Through a proxy that is not there, so the request never reaches the emulator.
              assertThatThrownBy(() -> context.getBean(TokenSource.class).token())
                  .isInstanceOf(EndpointUnavailableException.class);
              assertThat(emulator.tokenRequests()).isEqualTo(before);
            });
  }

  @Test
  void policy_maxAttempts_boundsTheRequestsPerToken() {
    ccg()
        .withPropertyValues("boxauth.policy.max-attempts=1", "boxauth.policy.deadline=5s")
        .run(
            context -> {
              long before = emulator.tokenRequests();
              emulator.faults().failNext(1, 503);

              assertThatThrownBy(() -> context.getBean(TokenSource.class).token())
                  .isInstanceOf(EndpointUnavailableException.class);
              assertThat(emulator.tokenRequests() - before).isEqualTo(1);
            });
  }

  @Test
  void tokenStoreBean_replacesTheInMemoryStore() {
    SharedMemoryStore store = new SharedMemoryStore(Ticker.SYSTEM);
    ccg()
        .withBean(TokenStore.class, () -> store)
        .run(
            context -> {
              context.getBean(TokenSource.class).token();
              assertThat(store.commands()).isPositive();
            });
  }

  @Test
  void tokenListenerBeans_receiveEvents() {
    List<TokenEvent> events = new CopyOnWriteArrayList<>();
    ccg()
        .withBean("recorder", TokenListener.class, () -> events::add)
        .run(
            context -> {
              context.getBean(TokenSource.class).token();
              assertThat(events).hasAtLeastOneElementOfType(TokenEvent.Issued.class);
            });
  }

  @Test
  void applicationBeans_replaceTheStartersOwn() {
    BoxAuth own =
        BoxAuth.builder()
            .clientCredentials(ccgApp.clientId(), ccgApp.clientSecret())
            .userId("12345")
            .baseUrl(emulator.baseUrl())
            .build();
    TokenSource ownSource = own.defaultSource();
    BoxAuthInterceptor ownInterceptor = new BoxAuthInterceptor(ownSource);
    BoxAuthAPIConnection ownApi = new BoxAuthAPIConnection(ownSource);
    runner
        .withBean(BoxAuth.class, () -> own)
        .withBean(TokenSource.class, () -> ownSource)
        .withBean(BoxAuthInterceptor.class, () -> ownInterceptor)
        .withBean(BoxAPIConnection.class, () -> ownApi)
        .run(
            context -> {
              // No boxauth.* property at all: nothing of the starter's is built, so nothing fails.
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(BoxAuth.class)).isSameAs(own);
              assertThat(context.getBean(TokenSource.class)).isSameAs(ownSource);
              assertThat(context.getBean(BoxAuthInterceptor.class)).isSameAs(ownInterceptor);
              assertThat(context.getBean(BoxAPIConnection.class)).isSameAs(ownApi);
            });
  }

  @Test
  void enabledFalse_configuresNothing() {
    runner
        .withPropertyValues("boxauth.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(BoxAuth.class);
              assertThat(context).doesNotHaveBean(TokenSource.class);
              assertThat(context).doesNotHaveBean(BoxAPIConnection.class);
            });
  }

  @Test
  void withoutTheBoxSdk_everythingButTheSdkConnection() {
    ccg()
        .withClassLoader(new FilteredClassLoader(BoxAPIConnection.class))
        .run(
            context -> {
              assertThat(context).hasSingleBean(BoxAuth.class);
              assertThat(context).doesNotHaveBean("boxAPIConnection");
            });
  }

  @Test
  void withoutSpringBootHealth_startsWithoutTheContributor() {
    ccg()
        .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
        .run(
            context -> {
              assertThat(context).hasSingleBean(BoxAuth.class);
              assertThat(context).doesNotHaveBean("boxauthHealthIndicator");
            });
  }

  @Test
  void healthIndicatorDisabled_isNotRegistered() {
    ccg()
        .withPropertyValues("management.health.boxauth.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("boxauthHealthIndicator"));
  }

  @Test
  void contextClose_closesBoxAuth() {
    BoxAuth[] auth = new BoxAuth[1];
    ccg().run(context -> auth[0] = context.getBean(BoxAuth.class));

    // A closed BoxAuth requests no new token.
    long before = emulator.tokenRequests();
    assertThatThrownBy(() -> auth[0].user("12345").token())
        .isInstanceOf(EndpointUnavailableException.class)
        .hasMessageContaining("closed");
    assertThat(emulator.tokenRequests()).isEqualTo(before);
  }
}
