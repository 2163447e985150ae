package dev.boxauth.ccg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.google.inject.Guice;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.GrantRejectedException;
import dev.boxauth.domain.Subject;
import dev.boxauth.http.HttpTransportConfig;
import dev.boxauth.http.HttpTransportModule;
import dev.boxauth.port.GrantSource;
import dev.boxauth.port.Ticker;
import dev.boxauth.port.TokenListener;
import dev.boxauth.port.TokenTransport;
import dev.boxauth.service.InMemoryTokenStore;
import dev.boxauth.service.TokenPolicy;
import dev.boxauth.service.TokenService;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CCG grant source through the real {@link TokenService} and HTTP transport, against a
 * MockWebServer playing Box's token endpoint.
 */
class CcgGrantSourceTest {
  private static final String SECRET = "ccg-s3cret-value";
  private static final ClientCredentials CLIENT = ClientCredentials.of("ccg-client", SECRET);

  private final Clock clock = Clock.systemUTC();
  private final MockWebServer server = new MockWebServer();
  private TokenTransport transport;
  private TokenService service;

  @BeforeEach
  void start() throws Exception {
    server.start();
    GrantSource grants = Guice.createInjector(new CcgModule(CLIENT)).getInstance(GrantSource.class);
    transport =
        Guice.createInjector(
                new HttpTransportModule(
                    HttpTransportConfig.builder()
                        .baseUrl(URI.create("http://127.0.0.1:" + server.getPort()))
                        .build()),
                b -> b.bind(Clock.class).toInstance(clock))
            .getInstance(TokenTransport.class);
    service =
        new TokenService(
            grants,
            transport,
            new InMemoryTokenStore(Ticker.SYSTEM),
            TokenListener.NONE,
            clock,
            Ticker.SYSTEM,
            TokenPolicy.defaults());
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
    ((AutoCloseable) transport).close();
    server.close();
  }

  private void issue(String token) {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .body(
                "{\"access_token\":\""
                    + token
                    + "\",\"expires_in\":3600,\"restricted_to\":[],\"token_type\":\"bearer\"}")
            .build());
  }

  private Map<String, String> form() throws InterruptedException {
    RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    assertThat(request.getTarget()).isEqualTo("/oauth2/token");
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : request.getBody().utf8().split("&")) {
      String[] kv = pair.split("=", 2);
      out.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void token_forEnterprise_sendsClientCredentialsWithEnterpriseSubject() throws Exception {
    issue("ent-token");

    AccessToken token = service.source(Subject.enterprise("42")).token();

    assertThat(token.value()).isEqualTo("ent-token");
    assertThat(form())
        .containsOnly(
            entry("grant_type", "client_credentials"),
            entry("client_id", "ccg-client"),
            entry("client_secret", SECRET),
            entry("box_subject_type", "enterprise"),
            entry("box_subject_id", "42"));
  }

  @Test
  void token_forUser_sendsUserSubject() throws Exception {
    issue("user-token");

    AccessToken token = service.source(Subject.user("9001")).token();

    assertThat(token.value()).isEqualTo("user-token");
    assertThat(form())
        .containsEntry("grant_type", "client_credentials")
        .containsEntry("box_subject_type", "user")
        .containsEntry("box_subject_id", "9001");
  }

  @Test
  void token_secondCall_isServedFromCacheWithOneRequest() {
    issue("cached-token");
    issue("never-asked-for");

    AccessToken first = service.source(Subject.enterprise("42")).token();
    AccessToken second = service.source(Subject.enterprise("42")).token();

    assertThat(second).isEqualTo(first);
    assertThat(second.value()).isEqualTo("cached-token");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void token_differentSubjects_getTheirOwnTokens() {
    issue("ent-token");
    issue("user-token");

    AccessToken enterprise = service.source(Subject.enterprise("42")).token();
    AccessToken user = service.source(Subject.user("9001")).token();

    assertThat(enterprise.value()).isEqualTo("ent-token");
    assertThat(user.value()).isEqualTo("user-token");
    assertThat(service.source(Subject.user("9001")).token()).isEqualTo(user);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void token_whenGrantCredentialsInvalid_throwsTypedErrorNamingLikelyCauses() {
    server.enqueue(
        new MockResponse.Builder()
            .code(400)
            .setHeader("Content-Type", "application/json")
            .body(
                "{\"error\":\"invalid_grant\",\"error_description\":\"Grant credentials are invalid\"}")
            .build());

    assertThatThrownBy(() -> service.source(Subject.user("9001")).token())
        .isInstanceOfSatisfying(
            GrantRejectedException.class,
            e -> {
              assertThat(e.reason())
                  .isEqualTo(GrantRejectedException.Reason.CCG_CREDENTIALS_INVALID);
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e.isTransient()).isFalse();
              assertThat(e.getMessage())
                  .contains("Grant credentials are invalid")
                  .contains("client secret")
                  .contains("access level")
                  .contains("authorized")
                  .doesNotContain(SECRET);
            });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void module_bindsAGrantSourceForTheClient_thatNeverPrintsTheSecret() {
    GrantSource grants = Guice.createInjector(new CcgModule(CLIENT)).getInstance(GrantSource.class);

    Grant grant = grants.grant(Subject.enterprise("42"), Instant.EPOCH);

    assertThat(grants.client()).isEqualTo(CLIENT);
    assertThat(grant).isEqualTo(new Grant.ClientCredentialsGrant(CLIENT, Subject.enterprise("42")));
    assertThat(grants.toString()).contains("ccg-client").doesNotContain(SECRET);
    assertThat(grant.toString()).doesNotContain(SECRET);
  }
}
