package dev.boxauth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.ClientRejectedException;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.GrantSource;
import dev.boxauth.port.Ticker;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenSource;
import dev.boxauth.service.InMemoryTokenStore;
import dev.boxauth.service.TokenPolicy;
import dev.boxauth.service.TokenService;
import dev.boxauth.testing.FakeTokenTransport;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The interceptor against a MockWebServer playing the Box API, with tokens from a real {@link
 * TokenService} over a fake token endpoint that issues {@code token-1}, {@code token-2}, ...
 */
class BoxAuthInterceptorTest {
  private static final ClientCredentials CLIENT = ClientCredentials.of("client-1", "secret-1");

  private final Clock clock = Clock.systemUTC();
  private final FakeTokenTransport tokenEndpoint = new FakeTokenTransport(clock);
  private final List<TokenEvent> events = new CopyOnWriteArrayList<>();
  private final MockWebServer api = new MockWebServer();
  private TokenService service;
  private OkHttpClient client;

  @BeforeEach
  void start() throws IOException {
    GrantSource grants =
        new GrantSource() {
          @Override
          public ClientCredentials client() {
            return CLIENT;
          }

          @Override
          public Grant grant(Subject subject, Instant serverNow) {
            return new Grant.ClientCredentialsGrant(CLIENT, subject);
          }
        };
    service =
        new TokenService(
            grants,
            tokenEndpoint,
            new InMemoryTokenStore(Ticker.SYSTEM),
            events::add,
            clock,
            Ticker.SYSTEM,
            TokenPolicy.defaults());
    TokenSource tokens = service.source(Subject.enterprise("42"));
    client = new OkHttpClient.Builder().addInterceptor(new BoxAuthInterceptor(tokens)).build();
    api.start();
  }

  @AfterEach
  void stop() {
    api.close();
    service.close();
    client.connectionPool().evictAll();
  }

  private Response get() throws IOException {
    return client.newCall(new Request.Builder().url(api.url("/2.0/users/me")).build()).execute();
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).body("{}").build();
  }

  private long invalidations() {
    return events.stream().filter(e -> e instanceof TokenEvent.Invalidated).count();
  }

  @Test
  void intercept_addsBearerTokenFromTheSource() throws Exception {
    api.enqueue(status(200));

    try (Response response = get()) {
      assertThat(response.code()).isEqualTo(200);
    }

    assertThat(api.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
  }

  @Test
  void intercept_replacesAnAuthorizationHeaderTheCallerSet() throws Exception {
    api.enqueue(status(200));

    client
        .newCall(
            new Request.Builder()
                .url(api.url("/2.0/folders/0"))
                .header("Authorization", "Bearer stale")
                .build())
        .execute()
        .close();

    assertThat(api.takeRequest().getHeaders().values("Authorization"))
        .containsExactly("Bearer token-1");
  }

  @Test
  void intercept_on401_invalidatesAndRetriesOnceWithNewToken() throws Exception {
    api.enqueue(status(401));
    api.enqueue(status(200));

    try (Response response = get()) {
      assertThat(response.code()).isEqualTo(200);
    }

    assertThat(api.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
    assertThat(api.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer token-2");
    assertThat(tokenEndpoint.requests()).isEqualTo(2);
    assertThat(invalidations()).isEqualTo(1);
  }

  @Test
  void intercept_onSecond401_returnsItToTheCaller() throws Exception {
    api.enqueue(status(401));
    api.enqueue(status(401));
    api.enqueue(status(200));

    try (Response response = get()) {
      assertThat(response.code()).isEqualTo(401);
    }

    assertThat(api.getRequestCount()).isEqualTo(2);
    assertThat(tokenEndpoint.requests()).isEqualTo(2);
  }

  @Test
  void intercept_on401WithOneShotBody_doesNotRetry() throws Exception {
    api.enqueue(status(401));
    api.enqueue(status(200));
    RequestBody oneShot =
        new RequestBody() {
          @Override
          public MediaType contentType() {
            return MediaType.get("application/octet-stream");
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            sink.writeUtf8("file bytes");
          }

          @Override
          public boolean isOneShot() {
            return true;
          }
        };

    try (Response response =
        client
            .newCall(
                new Request.Builder().url(api.url("/api/2.0/files/content")).post(oneShot).build())
            .execute()) {
      assertThat(response.code()).isEqualTo(401);
    }

    assertThat(api.getRequestCount()).isEqualTo(1);
  }

  @Test
  void intercept_whenNoTokenCanBeHad_failsWithIOExceptionCarryingTheTypedError() {
    tokenEndpoint.thenRefuse(400, "invalid_client", "The client credentials are invalid");

    assertThatThrownBy(this::get)
        .isInstanceOf(IOException.class)
        .hasCauseInstanceOf(ClientRejectedException.class)
        .hasMessageNotContaining("secret-1");
    assertThat(api.getRequestCount()).isZero();
  }

  @Test
  void intercept_concurrent401sForOneToken_causeOneInvalidationAndOneNewToken() throws Exception {
    int callers = 8;
    CountDownLatch allRejected = new CountDownLatch(callers);
    api.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            if ("Bearer token-1".equals(request.getHeaders().get("Authorization"))) {
              // Hold every first attempt until all callers hold token-1, then reject them all.
              allRejected.countDown();
              allRejected.await(10, TimeUnit.SECONDS);
              return status(401);
            }
            return status(200);
          }
        });
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(
            pool.submit(
                () -> {
                  try (Response r = get()) {
                    return r.code();
                  }
                }));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(allRejected.getCount()).isZero();
    assertThat(invalidations()).isEqualTo(1);
    assertThat(tokenEndpoint.requests()).isEqualTo(2);
    assertThat(api.getRequestCount()).isEqualTo(2 * callers);
  }
}
