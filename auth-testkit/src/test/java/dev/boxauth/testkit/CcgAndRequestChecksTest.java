package dev.boxauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Client Credentials Grant, and the request-level checks every grant goes through first. */
class CcgAndRequestChecksTest {
  @RegisterExtension static final BoxEmulatorExtension EMULATOR = BoxEmulatorExtension.ccg();

  private static BoxEmulator emulator;
  private static EmulatedApp ccg;

  private static Http.Reply post(Map<String, String> form) {
    return Http.post(emulator.tokenUrl(), form);
  }

  private static void assertRefused(
      Http.Reply reply, int status, String error, String description) {
    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.json())
        .containsEntry("error", error)
        .containsEntry("error_description", description);
  }

  @Test
  void ccg_forEnterprise_issuesServiceAccountToken() {
    Http.Reply reply = post(Forge.ccgForm(ccg, "enterprise", ccg.enterpriseId()));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json())
        .containsOnlyKeys("access_token", "expires_in", "restricted_to", "token_type")
        .containsEntry("token_type", "bearer");
    TokenInfo info = emulator.introspect(reply.get("access_token"));
    assertThat(info.subjectType()).isEqualTo("enterprise");
    assertThat(info.clientId()).isEqualTo(ccg.clientId());
  }

  @Test
  void ccg_forAppUser_issuesUserToken() {
    String user = ccg.newAppUser();

    Http.Reply reply = post(Forge.ccgForm(ccg, "user", user));

    assertThat(emulator.introspect(reply.get("access_token")).subjectId()).isEqualTo(user);
  }

  @Test
  void ccg_forManagedUser_needsEnterpriseAccess() {
    EmulatedApp x = emulator.newCcgApp();
    String managed = emulator.newManagedUser();
    Http.Reply refused = post(Forge.ccgForm(x, "user", managed));
    x.enterpriseAccess(true);

    Http.Reply issued = post(Forge.ccgForm(x, "user", managed));

    assertRefused(refused, 400, "invalid_grant", BoxTexts.CCG_INVALID);
    assertThat(issued.status()).isEqualTo(200);
  }

  @Test
  void ccg_withWrongEnterprise_isGrantCredentialsInvalid() {
    assertRefused(
        post(Forge.ccgForm(ccg, "enterprise", "42")), 400, "invalid_grant", BoxTexts.CCG_INVALID);
  }

  @Test
  void ccg_withUnknownUser_isGrantCredentialsInvalid() {
    assertRefused(
        post(Forge.ccgForm(ccg, "user", "12345")), 400, "invalid_grant", BoxTexts.CCG_INVALID);
  }

  @Test
  void ccg_withUserTokensDisabled_isGrantCredentialsInvalid() {
    EmulatedApp x = emulator.newCcgApp();
    String user = x.newAppUser();
    x.userTokensEnabled(false);

    assertRefused(post(Forge.ccgForm(x, "user", user)), 400, "invalid_grant", BoxTexts.CCG_INVALID);
  }

  @Test
  void ccg_withUnknownSubjectTypeOrNoSubject_isGrantCredentialsInvalid() {
    Map<String, String> noSubject = Forge.ccgForm(ccg, "enterprise", ccg.enterpriseId());
    noSubject.remove("box_subject_id");

    assertRefused(
        post(Forge.ccgForm(ccg, "external", ccg.enterpriseId())),
        400,
        "invalid_grant",
        BoxTexts.CCG_INVALID);
    assertRefused(post(noSubject), 400, "invalid_grant", BoxTexts.CCG_INVALID);
  }

  @Test
  void ccg_withWrongSecret_isInvalidClient() {
    Map<String, String> form = Forge.ccgForm(ccg, "enterprise", ccg.enterpriseId());
    form.put("client_secret", "wrong");

    assertRefused(post(form), 400, "invalid_client", BoxTexts.BAD_CLIENT);
  }

  @Test
  void ccg_whenAppNotAuthorized_isUnauthorizedClient() {
    EmulatedApp x = emulator.newCcgApp().authorized(false);

    assertRefused(
        post(Forge.ccgForm(x, "enterprise", x.enterpriseId())),
        400,
        "unauthorized_client",
        BoxTexts.NOT_AUTHORIZED);
  }

  @Test
  void ccg_forJwtApp_isGrantTypeUnauthorized() {
    EmulatedApp jwt = emulator.newJwtApp();

    assertRefused(
        post(Forge.ccgForm(jwt, "enterprise", jwt.enterpriseId())),
        400,
        "invalid_request",
        BoxTexts.GRANT_TYPE_UNAUTHORIZED);
  }

  @Test
  void token_withoutGrantType_isInvalidRequest() {
    Map<String, String> form = Forge.ccgForm(ccg, "enterprise", ccg.enterpriseId());
    form.remove("grant_type");
    form.put("client_secret", "wrong"); // check 1 comes before the client check

    assertRefused(post(form), 400, "invalid_request", BoxTexts.BAD_GRANT_TYPE);
  }

  @Test
  void token_withUnknownGrantType_isInvalidRequest() {
    Map<String, String> form = Forge.ccgForm(ccg, "enterprise", ccg.enterpriseId());
    form.put("grant_type", "password");

    assertRefused(post(form), 400, "invalid_request", BoxTexts.BAD_GRANT_TYPE);
  }

  @Test
  void token_withOAuth2OnlyGrantType_checksClientThenRefusesGrantType() {
    Map<String, String> form = Forge.ccgForm(ccg, "enterprise", ccg.enterpriseId());
    form.put("grant_type", "refresh_token");
    Map<String, String> badClient = Map.of("grant_type", "authorization_code", "client_id", "x");

    assertRefused(post(form), 400, "invalid_request", BoxTexts.GRANT_TYPE_UNAUTHORIZED);
    assertRefused(post(badClient), 400, "invalid_client", BoxTexts.BAD_CLIENT);
  }

  @Test
  void token_withJsonBody_readsNoGrantType() {
    HttpRequest request =
        HttpRequest.newBuilder(emulator.tokenUrl())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}"))
            .build();

    assertRefused(Http.send(Http.CLIENT, request), 400, "invalid_request", BoxTexts.BAD_GRANT_TYPE);
  }

  @Test
  void token_withHttpBasicCredentialsOnly_isInvalidClient() {
    Map<String, String> form = Forge.ccgForm(ccg, "enterprise", ccg.enterpriseId());
    form.remove("client_id");
    form.remove("client_secret");
    String basic =
        java.util.Base64.getEncoder()
            .encodeToString((ccg.clientId() + ":" + ccg.clientSecret()).getBytes());
    HttpRequest request =
        HttpRequest.newBuilder(emulator.tokenUrl())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Authorization", "Basic " + basic)
            .POST(HttpRequest.BodyPublishers.ofString(Http.encode(form)))
            .build();

    assertRefused(Http.send(Http.CLIENT, request), 400, "invalid_client", BoxTexts.BAD_CLIENT);
  }

  @Test
  void token_withRepeatedParameter_isInvalidRequest() {
    HttpRequest request =
        HttpRequest.newBuilder(emulator.tokenUrl())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Http.encode(Forge.ccgForm(ccg, "enterprise", ccg.enterpriseId()))
                        + "&client_id=other"))
            .build();

    Http.Reply reply = Http.send(Http.CLIENT, request);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json())
        .containsEntry("error", "invalid_request")
        .containsEntry("error_description", "The 'client_id' parameter is included more than once");
  }

  @Test
  void get_onTokenEndpoint_is405WithJsonAndAllow() {
    long before = emulator.tokenRequests();
    Http.Reply reply =
        Http.send(Http.CLIENT, HttpRequest.newBuilder(emulator.tokenUrl()).GET().build());

    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.header("allow")).isEqualTo("POST");
    assertThat(reply.header("content-type")).isEqualTo("application/json");
    assertThat(reply.json()).containsEntry("code", "method_not_allowed");
    assertThat(emulator.tokenRequests()).isEqualTo(before);
  }

  @Test
  void post_onUnknownPath_is404WithJson() {
    Http.Reply reply =
        Http.post(
            URI.create(emulator.baseUrl() + "/oauth2/token/extra"),
            Forge.ccgForm(ccg, "enterprise", "1"));

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.header("cache-control")).isEqualTo("no-store");
    assertThat(reply.json()).containsEntry("code", "not_found").containsEntry("status", 404L);
  }

  @Test
  void baseUrl_isLoopbackWithoutTrailingSlash() {
    assertThat(emulator.baseUrl().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(emulator.tokenUrl().toString()).isEqualTo(emulator.baseUrl() + "/oauth2/token");
    assertThat(emulator.isTls()).isFalse();
  }
}
