package dev.boxauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The API slice ({@code GET /2.0/users/...}) as a client sees it over HTTP. */
class ApiEndpointTest {
  @RegisterExtension static final BoxEmulatorExtension EMULATOR = BoxEmulatorExtension.ccg();

  private static final String INVALID_TOKEN =
      "Bearer realm=\"Service\", error=\"invalid_token\","
          + " error_description=\"The access token provided is invalid.\"";

  private static BoxEmulator emulator;
  private static EmulatedApp app;

  @BeforeEach
  void reset() {
    app.tokenLifetime(EmulatedApp.DEFAULT_TOKEN_LIFETIME);
  }

  private static URI me() {
    return URI.create(emulator.baseUrl() + "/2.0/users/me");
  }

  private static URI user(String id) {
    return URI.create(emulator.baseUrl() + "/2.0/users/" + id);
  }

  private static String token(String subjectType, String subjectId) {
    Http.Reply reply = Http.post(emulator.tokenUrl(), Forge.ccgForm(app, subjectType, subjectId));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.get("access_token");
  }

  private static String enterpriseToken() {
    return token("enterprise", app.enterpriseId());
  }

  private static Http.Reply getMe(String token, String... moreHeaders) {
    String[] headers = new String[moreHeaders.length + 2];
    headers[0] = "Authorization";
    headers[1] = "Bearer " + token;
    System.arraycopy(moreHeaders, 0, headers, 2, moreHeaders.length);
    return Http.get(me(), headers);
  }

  private static String downscoped(String parent, String scope) {
    Http.Reply reply =
        Http.post(
            emulator.tokenUrl(),
            Http.form(
                "grant_type",
                "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token",
                parent,
                "subject_token_type",
                "urn:ietf:params:oauth:token-type:access_token",
                "scope",
                scope));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.get("access_token");
  }

  private static void assertInvalidToken(Http.Reply reply) {
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.body()).isEmpty();
    assertThat(reply.header("WWW-Authenticate")).isEqualTo(INVALID_TOKEN);
  }

  @Test
  void usersMe_withLiveEnterpriseToken_returnsTheAppsServiceAccount() {
    Http.Reply reply = getMe(enterpriseToken());

    assertThat(reply.status()).isEqualTo(200);
    Map<String, Object> user = reply.json();
    assertThat(user).containsEntry("type", "user").containsEntry("id", app.serviceAccountId());
    assertThat((String) user.get("login")).endsWith("@boxdevedition.com");
    assertThat((String) user.get("created_at"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d-08:00");
    assertThat(((Map<?, ?>) user.get("enterprise")).get("id")).isEqualTo(app.enterpriseId());
  }

  @Test
  void usersMe_withUserToken_returnsThatUser() {
    String appUser = app.newAppUser();

    Http.Reply reply = getMe(token("user", appUser));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.get("id")).isEqualTo(appUser);
  }

  @Test
  void usersMe_withoutBearerToken_is401WithBoxsMissingTokenHeaderAndNoBody() {
    Http.Reply reply = Http.get(me());

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.body()).isEmpty();
    assertThat(reply.header("WWW-Authenticate"))
        .isEqualTo(
            "Bearer realm=\"Service\", error=\"invalid_request\","
                + " error_description=\"The access token was not found.\"");
  }

  @Test
  void usersMe_withUnknownOrAlmostRightToken_is401InvalidToken() {
    String live = enterpriseToken();

    assertInvalidToken(getMe("0123456789abcdefghijABCDEFGHIJ01"));
    assertInvalidToken(getMe(live + "x"));
    assertInvalidToken(getMe(live.substring(1)));
    assertInvalidToken(getMe(live.toLowerCase(java.util.Locale.ROOT)));
    assertThat(getMe(live).status()).isEqualTo(200);
  }

  @Test
  void usersMe_withRevokedToken_is401InvalidToken() {
    String live = enterpriseToken();
    Http.Reply revoked =
        Http.post(
            emulator.revokeUrl(),
            Http.form(
                "client_id", app.clientId(), "client_secret", app.clientSecret(), "token", live));
    assertThat(revoked.status()).isEqualTo(200);

    assertInvalidToken(getMe(live));
  }

  @Test
  void usersMe_withExpiredToken_is401InvalidToken() {
    app.tokenLifetime(Duration.ofSeconds(60));
    String live = enterpriseToken();

    emulator.clock().skew(Duration.ofSeconds(61));

    assertInvalidToken(getMe(live));
  }

  @Test
  void usersMe_withDownscopedTokenWithoutUsersScope_is403InsufficientScope() {
    String parent = enterpriseToken();

    Http.Reply narrow = getMe(downscoped(parent, "item_preview"));
    Http.Reply covered = getMe(downscoped(parent, "root_readwrite item_preview"));

    assertThat(narrow.status()).isEqualTo(403);
    assertThat(narrow.get("code")).isEqualTo("insufficient_scope");
    assertThat(narrow.header("WWW-Authenticate"))
        .startsWith("Bearer realm=\"Service\", error=\"insufficient_scope\"");
    assertThat(covered.status()).isEqualTo(200);
  }

  @Test
  void usersMe_asUserOnEnterpriseToken_returnsThatUser() {
    String appUser = app.newAppUser();
    String managed = emulator.newManagedUser();

    assertThat(getMe(enterpriseToken(), "As-User", appUser).get("id")).isEqualTo(appUser);
    assertThat(getMe(enterpriseToken(), "As-User", managed).get("id")).isEqualTo(managed);
  }

  @Test
  void usersMe_asUserNotInTheEnterpriseOrOnUserToken_is403() {
    String appUser = app.newAppUser();
    String other = app.newAppUser();

    Http.Reply unknown = getMe(enterpriseToken(), "As-User", "12345678901234");
    Http.Reply serviceAccount = getMe(enterpriseToken(), "As-User", app.serviceAccountId());
    Http.Reply fromUserToken = getMe(token("user", appUser), "As-User", other);

    for (Http.Reply reply : new Http.Reply[] {unknown, serviceAccount, fromUserToken}) {
      assertThat(reply.status()).isEqualTo(403);
      assertThat(reply.get("code")).isEqualTo("access_denied_insufficient_permissions");
    }
  }

  @Test
  void usersById_serviceAccountSeesEveryUserAUserOnlyItself() {
    String appUser = app.newAppUser();
    String other = app.newAppUser();
    String userToken = token("user", appUser);

    Http.Reply bySa = Http.get(user(other), "Authorization", "Bearer " + enterpriseToken());
    Http.Reply self = Http.get(user(appUser), "Authorization", "Bearer " + userToken);
    Http.Reply notMine = Http.get(user(other), "Authorization", "Bearer " + userToken);

    assertThat(bySa.status()).isEqualTo(200);
    assertThat(bySa.get("id")).isEqualTo(other);
    assertThat(self.get("id")).isEqualTo(appUser);
    assertThat(notMine.status()).isEqualTo(404);
  }

  @Test
  void rejectNextApiCalls_revokesThePresentedTokenAndAnswers401() {
    String first = enterpriseToken();
    emulator.faults().rejectNextApiCalls(1);

    assertInvalidToken(getMe("not-a-token-the-emulator-issued"));
    assertThat(emulator.faults().pendingApiRejections()).isEqualTo(1);
    assertInvalidToken(getMe(first));
    assertThat(emulator.introspect(first).state()).isEqualTo(TokenInfo.State.REVOKED);
    assertInvalidToken(getMe(first));
    String second = enterpriseToken();
    assertThat(getMe(second).status()).isEqualTo(200);
    assertThat(emulator.faults().pendingApiRejections()).isZero();
  }

  @Test
  void apiRequests_countsEveryApiCallUntilReset() {
    String live = enterpriseToken();
    getMe(live);
    getMe("unknown");
    Http.get(me());

    assertThat(emulator.apiRequests()).isEqualTo(3);
    assertThat(emulator.tokenRequests()).isEqualTo(1);
    emulator.reset();
    assertThat(emulator.apiRequests()).isZero();
  }

  @Test
  void apiPaths_otherPathOrMethod_is404Or405() {
    String live = enterpriseToken();

    Http.Reply folders =
        Http.get(
            URI.create(emulator.baseUrl() + "/2.0/folders/0"), "Authorization", "Bearer " + live);
    Http.Reply post = Http.post(me(), Map.of());

    assertThat(folders.status()).isEqualTo(404);
    assertThat(folders.get("code")).isEqualTo("not_found");
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET");
  }
}
