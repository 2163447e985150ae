package dev.boxauth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.GrantSource;
import dev.boxauth.port.Ticker;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenSource;
import dev.boxauth.port.TokenTransport;
import dev.boxauth.service.InMemoryTokenStore;
import dev.boxauth.service.TokenPolicy;
import dev.boxauth.service.TokenService;
import dev.boxauth.testing.FakeTokenTransport;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import dev.boxauth.testkit.TokenInfo;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BoxAuthInterceptor#replacingOnly}: it touches only requests that already carry {@code
 * Authorization}, and a token goes only to a configured host, over https or to loopback.
 */
class BoxAuthInterceptorReplacingOnlyTest {
  private static final ClientCredentials CLIENT = ClientCredentials.of("client-1", "secret-1");

  private final Clock clock = Clock.systemUTC();
  private final FakeTokenTransport tokenEndpoint = new FakeTokenTransport(clock);
  private final List<TokenEvent> events = new CopyOnWriteArrayList<>();
  private final MockWebServer api = new MockWebServer();
  private TokenService service;

  @AfterEach
  void stop() {
    api.close();
    if (service != null) {
      service.close();
    }
  }

  private static GrantSource ccg(ClientCredentials client) {
    return new GrantSource() {
      @Override
      public ClientCredentials client() {
        return client;
      }

      @Override
      public Grant grant(Subject subject, Instant serverNow) {
        return new Grant.ClientCredentialsGrant(client, subject);
      }
    };
  }

  private TokenSource tokens(
      TokenTransport transport, ClientCredentials client, String enterprise) {
    service =
        new TokenService(
            ccg(client),
            transport,
            new InMemoryTokenStore(Ticker.SYSTEM),
            events::add,
            clock,
            Ticker.SYSTEM,
            TokenPolicy.defaults());
    return service.source(Subject.enterprise(enterprise));
  }

  private OkHttpClient client(BoxHosts hosts) {
    TokenSource tokens = tokens(tokenEndpoint, CLIENT, "42");
    return new OkHttpClient.Builder()
        .addInterceptor(BoxAuthInterceptor.replacingOnly(tokens, hosts))
        .build();
  }

  private static Request.Builder marked(String url) {
    return new Request.Builder().url(url).header("Authorization", "Bearer placeholder");
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).body("{}").build();
  }

  @Test
  void replacingOnly_requestWithoutAuthorization_goesThroughUntouchedWithoutAToken()
      throws Exception {
    api.enqueue(status(200));
    api.start();
    OkHttpClient client = client(BoxHosts.of(api.url("/").host()));

    client.newCall(new Request.Builder().url(api.url("/oauth2/token")).build()).execute().close();

    assertThat(api.takeRequest().getHeaders().get("Authorization")).isNull();
    assertThat(tokenEndpoint.requests()).isZero();
  }

  @Test
  void replacingOnly_loopbackHttpHostConfigured_replacesTheHeader() throws Exception {
    api.enqueue(status(200));
    api.start();
    OkHttpClient client = client(BoxHosts.defaults().withHost(api.url("/").host()));

    try (Response response =
        client.newCall(marked(api.url("/2.0/users/me").toString()).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }

    assertThat(api.takeRequest().getHeaders().values("Authorization"))
        .containsExactly("Bearer token-1");
  }

  @Test
  void replacingOnly_hostNotConfigured_refusesBeforeSendingOrFetchingAToken() throws Exception {
    api.start();
    OkHttpClient client = client(BoxHosts.defaults());
    String url = api.url("/2.0/users/me?secret=shared-link-password").toString();

    assertThatThrownBy(() -> client.newCall(marked(url).build()).execute())
        .isInstanceOf(IOException.class)
        .hasMessageContaining(api.url("/").host())
        .hasMessageContaining("api.box.com")
        .hasMessageNotContaining("shared-link-password")
        .cause()
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("BoxHosts.withHost");
    assertThat(api.getRequestCount()).isZero();
    assertThat(tokenEndpoint.requests()).isZero();
  }

  @Test
  void replacingOnly_plainHttpToANonLoopbackBoxHost_refusesBeforeAnyNetworkUse() {
    OkHttpClient client = client(BoxHosts.defaults());

    assertThatThrownBy(
            () -> client.newCall(marked("http://api.box.com/2.0/users/me").build()).execute())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("in clear to http://api.box.com:80")
        .cause()
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("use https://");
    assertThat(tokenEndpoint.requests()).isZero();
  }

  @Test
  void replacingOnly_on401WithMultipartBody_invalidatesButDoesNotReplay() throws Exception {
    api.enqueue(status(401));
    api.enqueue(status(200));
    api.start();
    OkHttpClient client = client(BoxHosts.of(api.url("/").host()));
    RequestBody upload =
        new MultipartBody.Builder()
            .setType(MultipartBody.FORM)
            .addFormDataPart(
                "file", "a.txt", RequestBody.create("streamed bytes", MediaType.get("text/plain")))
            .build();

    try (Response response =
        client
            .newCall(marked(api.url("/api/2.0/files/content").toString()).post(upload).build())
            .execute()) {
      assertThat(response.code()).isEqualTo(401);
    }

    assertThat(api.getRequestCount()).isEqualTo(1);
    assertThat(events).filteredOn(e -> e instanceof TokenEvent.Invalidated).hasSize(1);
  }

  @Test
  void replacingOnly_againstTheEmulatorOverHttps_authorizesAndRecoversFromARevokedToken()
      throws Exception {
    try (BoxEmulator emulator = BoxEmulator.startTls()) {
      EmulatedApp app = emulator.newCcgApp();
      TokenTransport transport =
          Guice.createInjector(
                  new HttpTransportModule(
                      HttpTransportConfig.builder()
                          .baseUrl(emulator.baseUrl())
                          .trustStore(emulator.trustStore())
                          .build()),
                  b -> b.bind(Clock.class).toInstance(clock))
              .getInstance(TokenTransport.class);
      TokenSource tokens =
          tokens(
              transport,
              ClientCredentials.of(app.clientId(), app.clientSecret()),
              app.enterpriseId());
      OkHttpClient client =
          trusting(emulator)
              .addInterceptor(
                  BoxAuthInterceptor.replacingOnly(
                      tokens, BoxHosts.defaults().withHostOf(emulator.baseUrl())))
              .build();
      String me = URI.create(emulator.baseUrl() + "/2.0/users/me").toString();

      String first;
      try (Response response = client.newCall(marked(me).build()).execute()) {
        assertThat(response.code()).isEqualTo(200);
        first = tokens.token().value();
      }
      emulator.faults().rejectNextApiCalls(1);
      try (Response response = client.newCall(marked(me).build()).execute()) {
        assertThat(response.code()).isEqualTo(200);
      }

      assertThat(emulator.introspect(first).state()).isEqualTo(TokenInfo.State.REVOKED);
      assertThat(emulator.tokenRequests()).isEqualTo(2);
      assertThat(emulator.apiRequests()).isEqualTo(3);
    }
  }

  private static OkHttpClient.Builder trusting(BoxEmulator emulator) throws Exception {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(emulator.trustStore());
    X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
    return new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), trust);
  }
}
