package dev.boxauth.http;

import static dev.boxauth.http.MockBox.boxError;
import static dev.boxauth.http.MockBox.form;
import static dev.boxauth.http.MockBox.json;
import static dev.boxauth.http.MockBox.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.ClientRejectedException;
import dev.boxauth.domain.DownscopeTarget;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.GrantRejectedException;
import dev.boxauth.domain.RateLimitedException;
import dev.boxauth.domain.Restriction;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.TokenReply;
import dev.boxauth.port.TokenTransport;
import dev.boxauth.testing.MutableClock;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetrofitTokenTransportTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final String SECRET = "client-s3cret-XYZ";
  private static final ClientCredentials CLIENT = ClientCredentials.of("client-1", SECRET);
  private static final String ASSERTION = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl";

  private final MutableClock clock = new MutableClock(NOW);
  private MockBox box;

  @BeforeEach
  void start() throws Exception {
    box = new MockBox(clock);
  }

  @AfterEach
  void stop() throws Exception {
    box.close();
  }

  private static Grant jwt() {
    return new Grant.JwtBearer(CLIENT, Secret.of(ASSERTION));
  }

  private static Grant exchange(DownscopeTarget target) {
    return new Grant.TokenExchange(
        CLIENT, Secret.of("parent-token-777"), Set.of("item_preview", "item_download"), target);
  }

  private AuthException refusal(Grant grant) {
    TokenReply reply = box.transport.exchange(grant);
    assertThat(reply).isInstanceOf(TokenReply.Refused.class);
    return ((TokenReply.Refused) reply).error();
  }

  private EndpointUnavailableException unavailable(Grant grant) {
    AuthException e = refusal(grant);
    assertThat(e).isInstanceOf(EndpointUnavailableException.class);
    return (EndpointUnavailableException) e;
  }

  private AccessToken issued(Grant grant) {
    TokenReply reply = box.transport.exchange(grant);
    assertThat(reply).isInstanceOf(TokenReply.Issued.class);
    return ((TokenReply.Issued) reply).token();
  }

  // ---- what goes on the wire ----

  @Test
  void exchange_jwtBearer_postsExactFormAndHeaders() throws Exception {
    box.enqueue(token("tok", 3600));

    issued(jwt());

    RecordedRequest request = box.take();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/oauth2/token");
    assertThat(request.getHeaders().get("Content-Type"))
        .startsWith("application/x-www-form-urlencoded");
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(request.getHeaders().get("Authorization")).isNull();
    assertThat(request.getHeaders().get("User-Agent"))
        .isEqualTo(
            "boxauth/"
                + UserAgentInterceptor.version()
                + " java/"
                + System.getProperty("java.version"));
    assertThat(form(request))
        .containsExactly(
            entry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
            entry("assertion", ASSERTION),
            entry("client_id", "client-1"),
            entry("client_secret", SECRET));
  }

  @Test
  void userAgent_version_comesFromTheBuildNotTheFallback() {
    assertThat(UserAgentInterceptor.version()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void exchange_clientCredentialsForEnterprise_postsSubjectFields() throws Exception {
    box.enqueue(token("tok", 3600));

    issued(new Grant.ClientCredentialsGrant(CLIENT, Subject.enterprise("42")));

    assertThat(form(box.take()))
        .containsOnly(
            entry("grant_type", "client_credentials"),
            entry("client_id", "client-1"),
            entry("client_secret", SECRET),
            entry("box_subject_type", "enterprise"),
            entry("box_subject_id", "42"));
  }

  @Test
  void exchange_clientCredentialsForUser_postsUserSubject() throws Exception {
    box.enqueue(token("tok", 3600));

    issued(new Grant.ClientCredentialsGrant(CLIENT, Subject.user("9001")));

    assertThat(form(box.take()))
        .containsEntry("box_subject_type", "user")
        .containsEntry("box_subject_id", "9001");
  }

  @Test
  void exchange_tokenExchangeWithResource_postsSpaceSeparatedScopesAndResource() throws Exception {
    box.enqueue(token("small", 3600));

    issued(exchange(DownscopeTarget.resource("https://api.box.com/2.0/files/123")));

    assertThat(form(box.take()))
        .containsOnly(
            entry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
            entry("subject_token", "parent-token-777"),
            entry("subject_token_type", "urn:ietf:params:oauth:token-type:access_token"),
            entry("scope", "item_download item_preview"),
            entry("resource", "https://api.box.com/2.0/files/123"),
            entry("client_id", "client-1"),
            entry("client_secret", SECRET));
  }

  @Test
  void exchange_tokenExchangeWithSharedLink_postsBoxSharedLinkOnly() throws Exception {
    box.enqueue(token("small", 3600));

    issued(exchange(DownscopeTarget.sharedLink("https://app.box.com/s/abc123")));

    assertThat(form(box.take()))
        .containsEntry("box_shared_link", "https://app.box.com/s/abc123")
        .doesNotContainKey("resource");
  }

  @Test
  void exchange_tokenExchangeWithoutTarget_postsNeitherResourceNorLink() throws Exception {
    box.enqueue(token("small", 3600));

    issued(exchange(DownscopeTarget.none()));

    assertThat(form(box.take())).doesNotContainKeys("resource", "box_shared_link");
  }

  @Test
  void revoke_postsClientAndTokenToRevokePath() throws Exception {
    box.enqueue(new MockResponse.Builder().code(200));

    box.transport.revoke(CLIENT, Secret.of("tok-to-revoke"));

    RecordedRequest request = box.take();
    assertThat(request.getTarget()).isEqualTo("/oauth2/revoke");
    assertThat(form(request))
        .containsExactly(
            entry("client_id", "client-1"),
            entry("client_secret", SECRET),
            entry("token", "tok-to-revoke"));
  }

  @Test
  void exchange_baseUrlWithPathAndTrailingSlash_postsUnderThatPath() throws Exception {
    TokenTransport prefixed =
        MockBox.transport(
            HttpTransportConfig.builder()
                .baseUrl(URI.create(MockBox.baseUrl(box.server) + "/box/"))
                .build(),
            clock);
    try {
      box.enqueue(token("tok", 3600));

      prefixed.exchange(jwt());

      assertThat(box.take().getTarget()).isEqualTo("/box/oauth2/token");
    } finally {
      ((AutoCloseable) prefixed).close();
    }
  }

  // ---- success replies ----

  @Test
  void exchange_issuedAtIsLocalSendTime_expiresAtAddsServersExpiresIn() {
    box.enqueue(token("tok", 4175).setHeader("Date", MockBox.httpDate(NOW.plusSeconds(3600))));

    TokenReply reply = box.transport.exchange(jwt());

    AccessToken t = ((TokenReply.Issued) reply).token();
    assertThat(t.issuedAt()).isEqualTo(NOW);
    assertThat(t.expiresAt()).isEqualTo(NOW.plusSeconds(4175));
    assertThat(reply.serverDate()).isEqualTo(NOW.plusSeconds(3600));
  }

  @Test
  void exchange_docsExampleWithoutTokenType_isBearerAndIgnoresUnknownFields() {
    box.enqueue(
        json(
            200,
            "{\"access_token\":\"c3FIOG9vSGV4VHz8QzL0Mk\",\"expires_in\":4123,"
                + "\"restricted_to\":[],\"issued_token_type\":\"bearer\","
                + "\"extra\":{\"nested\":[1,2,{\"x\":null}]},\"refresh_token\":null}"));

    AccessToken t = issued(jwt());

    assertThat(t.value()).isEqualTo("c3FIOG9vSGV4VHz8QzL0Mk");
    assertThat(t.tokenType()).isEqualTo("bearer");
    assertThat(t.lifetime()).isEqualTo(Duration.ofSeconds(4123));
  }

  @Test
  void exchange_restrictedTo_parsesEveryEntry() {
    box.enqueue(
        json(
            200,
            "{\"access_token\":\"small\",\"expires_in\":3000,\"token_type\":\"bearer\","
                + "\"restricted_to\":["
                + "{\"scope\":\"item_preview\",\"object\":{\"type\":\"folder\",\"id\":\"55\","
                + "\"sequence_id\":\"0\",\"etag\":\"0\",\"name\":\"Docs\"}},"
                + "{\"scope\":\"item_download\",\"object\":{\"id\":123,\"type\":\"file\"}},"
                + "{\"scope\":\"base_explorer\",\"object\":null}"
                + "]}"));

    AccessToken t = issued(exchange(DownscopeTarget.none()));

    assertThat(t.restrictedTo())
        .containsExactly(
            new Restriction("item_preview", new Restriction.Item("folder", "55")),
            new Restriction("item_download", new Restriction.Item("file", "123")),
            new Restriction("base_explorer", null));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '^',
      value = {
        "^^ | an empty body",
        "<html><body>Welcome to the hotel wifi</body></html> | an HTML body",
        "OK | a non-JSON",
        "{\"access_token\":\"tok-SECRET-1\",\"expires_in\":36 | truncated or malformed JSON",
        "[] | not an object",
        "{\"expires_in\":3600} | no access_token",
        "{\"access_token\":\"\",\"expires_in\":3600} | no access_token",
        "{\"access_token\":null,\"expires_in\":3600} | no access_token",
        "{\"access_token\":123,\"expires_in\":3600} | access_token as a number, not a string",
        "{\"access_token\":\"tok-SECRET-1\"} | no expires_in",
        "{\"access_token\":\"tok-SECRET-1\",\"expires_in\":\"3600\"} | expires_in as a string, not a number",
        "{\"access_token\":\"tok-SECRET-1\",\"expires_in\":0} | expires_in 0",
        "{\"access_token\":\"tok-SECRET-1\",\"expires_in\":-5} | expires_in -5",
        "{\"access_token\":\"tok-SECRET-1\",\"expires_in\":12.5} | not a whole number",
        "{\"access_token\":\"tok-SECRET-1\",\"expires_in\":99999999999999} | outside",
        "{\"access_token\":\"tok SECRET\",\"expires_in\":3600} | characters",
        "{\"access_token\":\"tok-SECRET-1\",\"expires_in\":3600,\"restricted_to\":{}} | restricted_to that is not an array",
        "{\"access_token\":\"tok-SECRET-1\",\"expires_in\":3600,\"restricted_to\":[{\"object\":null}]} | without a scope",
        "{\"access_token\":\"tok-SECRET-1\",\"expires_in\":3600,\"restricted_to\":[{\"scope\":\"x\",\"object\":{\"id\":\"1\"}}]} | without type or id",
        "{\"access_token\":\"tok-SECRET-1\",\"expires_in\":3600} trailing | truncated or malformed JSON",
        "{\"access_token\":\"tok-SECRET-1\" \"expires_in\":3600} | truncated or malformed JSON",
      })
  void exchange_when200IsNotAUsableToken_returnsEndpointUnavailableSayingWhy(
      String body, String problem) {
    box.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", body.startsWith("<") ? "text/html" : "application/json")
            .setHeader("Date", MockBox.httpDate(NOW))
            .body(body));

    TokenReply reply = box.transport.exchange(jwt());

    assertThat(reply.serverDate()).isEqualTo(NOW);
    assertThat(((TokenReply.Refused) reply).error())
        .isInstanceOfSatisfying(
            EndpointUnavailableException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(200);
              assertThat(e.isTransient()).isFalse();
              assertThat(e.getMessage()).contains(problem).doesNotContain("SECRET");
            });
  }

  // ---- error replies ----

  @Test
  void exchange_when429WithBoxClientErrorBody_returnsRateLimited() {
    box.enqueue(
        json(
                429,
                "{\"type\":\"error\",\"status\":429,\"code\":\"rate_limit_exceeded\","
                    + "\"message\":\"Request rate limit exceeded, please try again later\","
                    + "\"request_id\":\"abc\"}")
            .setHeader("Retry-After", "3"));

    assertThat(refusal(jwt()))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3)));
  }

  @Test
  void exchange_when429WithHtmlAndHttpDateRetryAfter_waitsRelativeToServerDate() {
    Instant serverNow = NOW.plus(Duration.ofHours(3));
    box.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("Content-Type", "text/html")
            .setHeader("Date", MockBox.httpDate(serverNow))
            .setHeader("Retry-After", MockBox.httpDate(serverNow.plusSeconds(12)))
            .body("<html>Too Many Requests</html>"));

    assertThat(refusal(jwt()))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(12)));
  }

  @Test
  void exchange_when429WithHttpDateAndNoServerDate_waitsRelativeToLocalClock() {
    box.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("Retry-After", MockBox.httpDate(NOW.plusSeconds(8))));

    assertThat(refusal(jwt()))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(8)));
  }

  @ParameterizedTest(name = "HTTP {0} with {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "502 | text/html | <html><h1>502 Bad Gateway</h1></html> | an HTML body",
        "503 | application/json | '' | an empty body",
        "500 | text/plain | oops | a non-JSON text/plain body",
        "504 | application/json | {\"error\":\"gateway | a truncated or malformed JSON body",
      })
  void exchange_when5xxWithoutBoxBody_returnsTransientWithBodyShape(
      int status, String type, String body, String shape) {
    box.enqueue(
        new MockResponse.Builder()
            .code(status)
            .setHeader("Content-Type", type)
            .setHeader("Date", MockBox.httpDate(NOW))
            .body(body));

    TokenReply reply = box.transport.exchange(jwt());

    assertThat(reply.serverDate()).isEqualTo(NOW);
    assertThat(((TokenReply.Refused) reply).error())
        .isInstanceOfSatisfying(
            EndpointUnavailableException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(status);
              assertThat(e.isTransient()).isTrue();
              assertThat(e.getMessage()).contains("HTTP " + status).contains(shape);
            });
  }

  @Test
  void exchange_when5xxWithBoxErrorBody_isClassifiedAsTransient() {
    box.enqueue(boxError(503, "temporarily_unavailable", "Try again"));

    EndpointUnavailableException e = unavailable(jwt());

    assertThat(e.httpStatus()).isEqualTo(503);
    assertThat(e.isTransient()).isTrue();
  }

  @ParameterizedTest(name = "HTTP {0} with {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "400 | text/html | <html>Bad Request</html> | an HTML body | false",
        "404 | text/plain | Not Found | a non-JSON text/plain body | false",
        "400 | application/json | {\"error\":\"invalid_gr | a truncated or malformed JSON body | false",
        "400 | application/json | {\"message\":\"nope\"} | a JSON body without a Box error code | false",
        "400 | application/json | {\"error\":5} | a JSON body without a Box error code | false",
        "403 | application/json | '' | an empty body | false",
        "408 | text/html | <html>Timeout</html> | an HTML body | true",
      })
  void exchange_when4xxWithoutBoxBody_returnsEndpointUnavailableNamingTheShape(
      int status, String type, String body, String shape, boolean transientFailure) {
    box.enqueue(new MockResponse.Builder().code(status).setHeader("Content-Type", type).body(body));

    EndpointUnavailableException e = unavailable(jwt());

    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.isTransient()).isEqualTo(transientFailure);
    assertThat(e.getMessage()).contains("HTTP " + status).contains(shape);
  }

  @Test
  void exchange_when401WithoutBodyOnTokenExchange_isSubjectTokenRejected() {
    box.enqueue(new MockResponse.Builder().code(401));

    assertThat(refusal(exchange(DownscopeTarget.none())))
        .isInstanceOfSatisfying(
            GrantRejectedException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(GrantRejectedException.Reason.SUBJECT_TOKEN_REJECTED));
  }

  @Test
  void exchange_when401WithoutBodyOnJwtGrant_isNotMistakenForBoxReply() {
    box.enqueue(
        new MockResponse.Builder()
            .code(401)
            .setHeader("Content-Type", "text/html")
            .body("<html>401</html>"));

    EndpointUnavailableException e = unavailable(jwt());

    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(e.isTransient()).isFalse();
  }

  @Test
  void exchange_when401InvalidClient_isClientRejected() {
    box.enqueue(boxError(401, "invalid_client", "The client credentials are invalid"));

    assertThat(refusal(jwt()))
        .isInstanceOfSatisfying(
            ClientRejectedException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
  }

  @Test
  void exchange_whenRedirected_doesNotFollowAndSaysSo() throws Exception {
    box.enqueue(
        new MockResponse.Builder()
            .code(307)
            .setHeader("Location", "https://elsewhere.example/oauth2/token"));

    EndpointUnavailableException e = unavailable(jwt());

    assertThat(e.httpStatus()).isEqualTo(307);
    assertThat(e.getMessage()).contains("redirect");
    box.take();
    assertThat(box.server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void exchange_errorMessages_neverContainTheFormSecrets() {
    box.enqueue(boxError(400, "invalid_grant", "Please check the 'sub' claim."));
    box.enqueue(new MockResponse.Builder().code(502).body("<html>bad gateway</html>"));
    box.enqueue(json(200, "{\"access_token\":\"x y\",\"expires_in\":3600}"));

    for (int i = 0; i < 3; i++) {
      AuthException e = refusal(jwt());
      assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain(ASSERTION);
    }
  }

  // ---- timeouts, dropped connections, size cap ----

  @Test
  void exchange_whenServerSlowerThanReadTimeout_returnsTransientTimeout() throws Exception {
    try (MockBox slow =
        new MockBox(
            clock,
            b -> b.readTimeout(Duration.ofMillis(200)).callTimeout(Duration.ofSeconds(30)))) {
      slow.enqueue(token("late", 3600).headersDelay(5, TimeUnit.SECONDS));

      TokenReply reply = slow.transport.exchange(jwt());

      assertThat(((TokenReply.Refused) reply).error())
          .isInstanceOfSatisfying(
              EndpointUnavailableException.class,
              e -> {
                assertThat(e.isTransient()).isTrue();
                assertThat(e.httpStatus()).isZero();
                assertThat(e.getMessage()).contains("no reply in time").contains("read 200 ms");
                assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class);
              });
      assertThat(reply.serverDate()).isNull();
    }
  }

  @Test
  void exchange_whenBodyComesAfterCallTimeout_returnsTransientTimeout() throws Exception {
    try (MockBox trickling =
        new MockBox(
            clock, b -> b.readTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofMillis(300)))) {
      // Headers at once, the body a second later: within the read timeout, past the call timeout.
      trickling.enqueue(token("t", 3600).bodyDelay(1, TimeUnit.SECONDS));

      EndpointUnavailableException e =
          (EndpointUnavailableException)
              ((TokenReply.Refused) trickling.transport.exchange(jwt())).error();

      assertThat(e.isTransient()).isTrue();
      assertThat(e.getCause()).isInstanceOf(InterruptedIOException.class);
      assertThat(e.getMessage()).contains("call 300 ms");
    }
  }

  @Test
  void exchange_whenConnectionDroppedBeforeReply_returnsTransientWithoutDate() {
    box.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()));

    TokenReply reply = box.transport.exchange(jwt());

    assertThat(reply.serverDate()).isNull();
    assertThat(((TokenReply.Refused) reply).error())
        .isInstanceOfSatisfying(
            EndpointUnavailableException.class,
            e -> {
              assertThat(e.isTransient()).isTrue();
              assertThat(e.httpStatus()).isZero();
              assertThat(e.getMessage()).contains("no reply");
            });
  }

  @Test
  void exchange_whenPooledConnectionDroppedAfterRequest_returnsTransientAndDoesNotResend() {
    box.enqueue(token("first", 3600));
    box.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()));
    box.enqueue(token("resent", 3600));
    issued(jwt());

    EndpointUnavailableException e = unavailable(jwt());

    assertThat(e.isTransient()).isTrue();
    assertThat(box.server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void exchange_whenConnectionDroppedMidBody_returnsTransient() {
    box.enqueue(token("t".repeat(500), 3600).onResponseBody(new SocketEffect.CloseSocket()));

    EndpointUnavailableException e = unavailable(jwt());

    assertThat(e.isTransient()).isTrue();
  }

  @Test
  void exchange_whenDeclaredBodyOverCap_failsWithoutReadingIt() throws Exception {
    try (MockBox capped =
        new MockBox(clock, b -> b.maxBodyBytes(1024).readTimeout(Duration.ofSeconds(30)))) {
      // The server sends headers, then stalls: reading the body would hang until the timeout.
      capped.enqueue(
          json(200, "{\"access_token\":\"" + "a".repeat(4000) + "\",\"expires_in\":3600}")
              .setHeader("Date", MockBox.httpDate(NOW))
              .onResponseBody(SocketEffect.Stall.INSTANCE));

      TokenReply reply = capped.transport.exchange(jwt());

      assertThat(reply.serverDate()).isEqualTo(NOW);
      assertThat(((TokenReply.Refused) reply).error())
          .isInstanceOfSatisfying(
              EndpointUnavailableException.class,
              e -> {
                assertThat(e.httpStatus()).isEqualTo(200);
                assertThat(e.isTransient()).isFalse();
                assertThat(e.getMessage()).contains("larger than the limit of 1024 bytes");
              });
    }
  }

  @Test
  void exchange_whenChunkedBodyPassesCap_failsTyped() throws Exception {
    try (MockBox capped = new MockBox(clock, b -> b.maxBodyBytes(1024))) {
      capped.enqueue(
          new MockResponse.Builder()
              .code(200)
              .setHeader("Content-Type", "application/json")
              .chunkedBody(
                  "{\"access_token\":\"" + "a".repeat(5000) + "\",\"expires_in\":3600}", 256));

      EndpointUnavailableException e =
          (EndpointUnavailableException)
              ((TokenReply.Refused) capped.transport.exchange(jwt())).error();

      assertThat(e.getMessage()).contains("larger than the limit of 1024 bytes");
    }
  }

  @Test
  void exchange_whenErrorBodyPassesCap_failsTypedAndTransientFor5xx() throws Exception {
    try (MockBox capped = new MockBox(clock, b -> b.maxBodyBytes(1024))) {
      capped.enqueue(
          new MockResponse.Builder()
              .code(503)
              .setHeader("Content-Type", "text/html")
              .chunkedBody("<html>" + "x".repeat(100_000) + "</html>", 1000));

      EndpointUnavailableException e =
          (EndpointUnavailableException)
              ((TokenReply.Refused) capped.transport.exchange(jwt())).error();

      assertThat(e.httpStatus()).isEqualTo(503);
      assertThat(e.isTransient()).isTrue();
      assertThat(e.getMessage()).contains("larger than the limit");
    }
  }

  @Test
  void exchange_when429BodyPassesCap_isStillRateLimitedWithRetryAfter() throws Exception {
    try (MockBox capped = new MockBox(clock, b -> b.maxBodyBytes(1024))) {
      capped.enqueue(
          new MockResponse.Builder()
              .code(429)
              .setHeader("Retry-After", "4")
              .setHeader("Content-Type", "text/html")
              .body("<html>" + "x".repeat(10_000) + "</html>"));

      AuthException e = ((TokenReply.Refused) capped.transport.exchange(jwt())).error();

      assertThat(e)
          .isInstanceOfSatisfying(
              RateLimitedException.class,
              r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(4)));
    }
  }

  @Test
  void exchange_onInterruptedThread_returnsTypedAndKeepsTheInterrupt() {
    box.enqueue(token("tok", 3600));
    Thread.currentThread().interrupt();
    TokenReply reply;
    boolean stillInterrupted;
    try {
      reply = box.transport.exchange(jwt());
    } finally {
      stillInterrupted = Thread.interrupted();
    }

    assertThat(stillInterrupted).isTrue();
    assertThat(((TokenReply.Refused) reply).error())
        .isInstanceOf(EndpointUnavailableException.class)
        .hasMessageContaining("interrupted");
  }

  // ---- revoke ----

  @Test
  void revoke_when5xx_throwsTransient() {
    box.enqueue(new MockResponse.Builder().code(500).body("<html>oops</html>"));

    assertThatThrownBy(() -> box.transport.revoke(CLIENT, Secret.of("tok-to-revoke")))
        .isInstanceOfSatisfying(
            EndpointUnavailableException.class, e -> assertThat(e.isTransient()).isTrue());
  }

  @Test
  void revoke_whenDropped_throwsTransientWithoutToken() {
    box.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()));

    assertThatThrownBy(() -> box.transport.revoke(CLIENT, Secret.of("tok-to-revoke")))
        .isInstanceOf(EndpointUnavailableException.class)
        .hasMessageNotContaining("tok-to-revoke")
        .hasMessageNotContaining(SECRET);
  }

  // ---- proxy ----

  private TokenTransport proxiedTransport(MockWebServer proxy) {
    // The target host is never contacted: everything goes to the proxy.
    return MockBox.transport(
        HttpTransportConfig.builder()
            .baseUrl(URI.create("http://127.0.0.1:9"))
            .httpProxy("127.0.0.1", proxy.getPort())
            .proxyCredentials(HttpTransportConfig.ProxyCredentials.of("pxuser", "px-pass"))
            .build(),
        clock);
  }

  private static MockResponse proxyChallenge() {
    return new MockResponse.Builder()
        .code(407)
        .setHeader("Proxy-Authenticate", "Basic realm=\"corp\"")
        .build();
  }

  @Test
  void exchange_viaProxyWithCredentials_answersChallengeWithBasicAuth() throws Exception {
    try (MockWebServer proxy = new MockWebServer()) {
      proxy.start();
      TokenTransport proxied = proxiedTransport(proxy);
      proxy.enqueue(proxyChallenge());
      proxy.enqueue(token("via-proxy", 3600).build());

      TokenReply reply = proxied.exchange(jwt());

      assertThat(((TokenReply.Issued) reply).token().value()).isEqualTo("via-proxy");
      RecordedRequest first = proxy.takeRequest(5, TimeUnit.SECONDS);
      RecordedRequest second = proxy.takeRequest(5, TimeUnit.SECONDS);
      assertThat(first.getRequestLine()).startsWith("POST http://127.0.0.1:9/oauth2/token");
      assertThat(first.getHeaders().get("Proxy-Authorization")).isNull();
      assertThat(second.getHeaders().get("Proxy-Authorization"))
          .isEqualTo(
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString("pxuser:px-pass".getBytes(StandardCharsets.ISO_8859_1)));
      ((AutoCloseable) proxied).close();
    }
  }

  @Test
  void exchange_whenProxyRefusesCredentials_returns407Typed() throws Exception {
    try (MockWebServer proxy = new MockWebServer()) {
      proxy.start();
      TokenTransport proxied = proxiedTransport(proxy);
      proxy.enqueue(proxyChallenge());
      proxy.enqueue(proxyChallenge());

      AuthException error = ((TokenReply.Refused) proxied.exchange(jwt())).error();

      assertThat(error)
          .isInstanceOfSatisfying(
              EndpointUnavailableException.class,
              e -> {
                assertThat(e.httpStatus()).isEqualTo(407);
                assertThat(e.getMessage()).contains("proxy").doesNotContain("px-pass");
              });
      assertThat(proxy.getRequestCount()).isEqualTo(2);
      ((AutoCloseable) proxied).close();
    }
  }

  // ---- lifecycle ----

  @Test
  void close_releasesTransport_laterCallsFailTyped() throws Exception {
    ((AutoCloseable) box.transport).close();

    assertThat(unavailable(jwt()).getMessage()).contains("closed");
    assertThatThrownBy(() -> box.transport.revoke(CLIENT, Secret.of("tok")))
        .isInstanceOf(EndpointUnavailableException.class);
    assertThat(box.server.getRequestCount()).isZero();
  }
}
