package dev.boxauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Downscoping (RFC 8693 token exchange) and revocation (RFC 7009). */
class TokenExchangeAndRevokeTest {
  @RegisterExtension static final BoxEmulatorExtension EMULATOR = BoxEmulatorExtension.ccg();

  private static final String EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  private static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
  private static final String FILE = "https://api.box.com/2.0/files/123";

  private static BoxEmulator emulator;
  private static EmulatedApp app;

  private static String fullToken() {
    return Http.post(emulator.tokenUrl(), Forge.ccgForm(app, "enterprise", app.enterpriseId()))
        .get("access_token");
  }

  private static Map<String, String> exchange(String subjectToken, String scope, String... extra) {
    Map<String, String> form =
        Http.form(
            "grant_type", EXCHANGE,
            "subject_token", subjectToken,
            "subject_token_type", ACCESS_TOKEN,
            "scope", scope);
    form.putAll(Http.form(extra));
    return form;
  }

  private static Http.Reply post(Map<String, String> form) {
    return Http.post(emulator.tokenUrl(), form);
  }

  private static Http.Reply revoke(EmulatedApp a, String token) {
    return Http.post(
        emulator.revokeUrl(),
        Http.form("client_id", a.clientId(), "client_secret", a.clientSecret(), "token", token));
  }

  @Test
  void exchange_toOneScopeOnAFile_returnsRestrictedTokenAsBoxDoes() {
    Http.Reply reply = post(exchange(fullToken(), "item_preview", "resource", FILE));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json())
        .containsOnlyKeys(
            "access_token", "expires_in", "issued_token_type", "restricted_to", "token_type")
        .containsEntry("issued_token_type", ACCESS_TOKEN)
        .containsEntry("token_type", "bearer");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> restrictedTo =
        (List<Map<String, Object>>) reply.json().get("restricted_to");
    assertThat(restrictedTo).hasSize(1);
    assertThat(restrictedTo.get(0)).containsEntry("scope", "item_preview");
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) restrictedTo.get(0).get("object");
    assertThat(object).containsEntry("type", "file").containsEntry("id", "123");
  }

  @Test
  void exchange_twoScopesOnAFolder_hasOneEntryPerScopeAndIntrospectsAsDownscoped() {
    String parent = fullToken();

    Http.Reply reply =
        post(
            exchange(
                parent,
                "item_upload  item_preview",
                "resource",
                "https://api.box.com/2.0/folders/77"));

    TokenInfo info = emulator.introspect(reply.get("access_token"));
    assertThat(info.isDownscoped()).isTrue();
    assertThat(info.scopes()).containsExactlyInAnyOrder("item_preview", "item_upload");
    assertThat(info.restrictedTo())
        .containsExactly(
            new TokenInfo.Restriction("item_preview", "folder", "77"),
            new TokenInfo.Restriction("item_upload", "folder", "77"));
    assertThat(info.subjectId()).isEqualTo(emulator.introspect(parent).subjectId());
  }

  @Test
  void exchange_withSharedLink_restrictsToOneStableItem() {
    String link = "https://app.box.com/s/abc123XYZ";

    TokenInfo first =
        emulator.introspect(
            post(exchange(fullToken(), "item_preview", "box_shared_link", link))
                .get("access_token"));
    TokenInfo second =
        emulator.introspect(
            post(exchange(fullToken(), "item_download", "box_shared_link", link))
                .get("access_token"));

    assertThat(first.restrictedTo().get(0).objectType()).isEqualTo("file");
    assertThat(first.restrictedTo().get(0).objectId())
        .isEqualTo(second.restrictedTo().get(0).objectId());
  }

  @Test
  void exchange_withoutTarget_restrictsScopesOnly() {
    Http.Reply reply = post(exchange(fullToken(), "base_explorer"));

    assertThat(reply.json().get("restricted_to"))
        .isEqualTo(List.of(Map.of("scope", "base_explorer")));
  }

  @Test
  void exchange_withoutClientCredentials_isAllowedButWrongOnesAreNot() {
    Map<String, String> wrong =
        exchange(fullToken(), "item_preview", "client_id", app.clientId(), "client_secret", "x");

    assertThat(post(exchange(fullToken(), "item_preview")).status()).isEqualTo(200);
    assertThat(post(wrong).json()).containsEntry("error", "invalid_client");
  }

  @Test
  void exchange_forScopeTheParentLacks_is401() {
    String narrow = post(exchange(fullToken(), "item_preview")).get("access_token");

    Http.Reply wider = post(exchange(narrow, "item_preview item_upload"));
    Http.Reply unknownScope = post(exchange(fullToken(), "admin_everything"));

    assertThat(wider.status()).isEqualTo(401);
    assertThat(wider.json())
        .containsEntry("error", "invalid_scope")
        .containsEntry("error_description", BoxTexts.SCOPE_NOT_HELD);
    assertThat(unknownScope.status()).isEqualTo(401);
  }

  @Test
  void exchange_ofDownscopedToken_keepsItsItemAndRefusesAnother() {
    String onFile =
        post(exchange(fullToken(), "item_preview item_download", "resource", FILE))
            .get("access_token");

    Http.Reply inherited = post(exchange(onFile, "item_preview"));
    Http.Reply other =
        post(exchange(onFile, "item_preview", "resource", "https://api.box.com/2.0/files/999"));

    assertThat(emulator.introspect(inherited.get("access_token")).restrictedTo())
        .containsExactly(new TokenInfo.Restriction("item_preview", "file", "123"));
    assertThat(other.status()).isEqualTo(400);
    assertThat(other.json()).containsEntry("error", "invalid_resource");
  }

  @Test
  void exchange_withResourceAndSharedLink_isInvalidRequest() {
    Http.Reply reply =
        post(
            exchange(
                fullToken(),
                "item_preview",
                "resource",
                FILE,
                "box_shared_link",
                "https://app.box.com/s/x"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json()).containsEntry("error", "invalid_request");
  }

  @Test
  void exchange_withBadTarget_isInvalidResource() {
    for (String target :
        List.of(
            "https://api.box.com/2.0/web_links/5",
            "https://example.com/2.0/files/5",
            "https://api.box.com/2.0/files/abc")) {
      Http.Reply reply = post(exchange(fullToken(), "item_preview", "resource", target));

      assertThat(reply.status()).as(target).isEqualTo(400);
      assertThat(reply.json())
          .containsEntry("error", "invalid_resource")
          .containsEntry("error_description", BoxTexts.BAD_RESOURCE);
    }
    assertThat(
            post(exchange(
                    fullToken(), "item_preview", "box_shared_link", "https://example.com/s/x"))
                .json())
        .containsEntry("error", "invalid_resource");
  }

  @Test
  void exchange_ofUnknownToken_is401InvalidToken() {
    Http.Reply reply = post(exchange("nope", "item_preview"));

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.json())
        .containsEntry("error", "invalid_token")
        .containsEntry("error_description", BoxTexts.BAD_SUBJECT_TOKEN);
  }

  @Test
  void exchange_ofExpiredToken_is401() {
    String parent = fullToken();
    emulator.clock().skew(Duration.ofHours(2));

    Http.Reply reply = post(exchange(parent, "item_preview"));

    assertThat(reply.status()).isEqualTo(401);
    assertThat(emulator.introspect(parent).state()).isEqualTo(TokenInfo.State.EXPIRED);
  }

  @Test
  void exchange_withWrongSubjectTokenTypeOrNoScope_isInvalidRequest() {
    Map<String, String> wrongType = exchange(fullToken(), "item_preview");
    wrongType.put("subject_token_type", "urn:ietf:params:oauth:token-type:id_token");
    Map<String, String> noScope = exchange(fullToken(), "item_preview");
    noScope.remove("scope");

    assertThat(post(wrongType).json()).containsEntry("error", "invalid_request");
    assertThat(post(noScope).json()).containsEntry("error", "invalid_request");
  }

  @Test
  void exchange_neverOutlivesItsParent() {
    EmulatedApp shortLived = emulator.newCcgApp().tokenLifetime(Duration.ofSeconds(100));
    String parent =
        Http.post(
                emulator.tokenUrl(),
                Forge.ccgForm(shortLived, "enterprise", shortLived.enterpriseId()))
            .get("access_token");
    shortLived.tokenLifetime(Duration.ofHours(1));

    Http.Reply child = post(exchange(parent, "item_preview"));

    assertThat((Long) child.json().get("expires_in")).isBetween(1L, 100L);
    assertThat(emulator.introspect(child.get("access_token")).expiresAt())
        .isEqualTo(emulator.introspect(parent).expiresAt());
  }

  @Test
  void revoke_ofLiveToken_answers200EmptyAndTheTokenIsDeadEverywhere() {
    String token = fullToken();

    Http.Reply reply = revoke(app, token);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEmpty();
    assertThat(reply.header("cache-control")).isEqualTo("no-store");
    assertThat(emulator.introspect(token).state()).isEqualTo(TokenInfo.State.REVOKED);
    assertThat(post(exchange(token, "item_preview")).status()).isEqualTo(401);
    assertThat(emulator.revokeRequests()).isEqualTo(1);
  }

  @Test
  void revoke_ofDownscopedToken_leavesItsParentLive() {
    String parent = fullToken();
    String child = post(exchange(parent, "item_preview")).get("access_token");

    revoke(app, child);

    assertThat(emulator.introspect(child).state()).isEqualTo(TokenInfo.State.REVOKED);
    assertThat(emulator.introspect(parent).state()).isEqualTo(TokenInfo.State.LIVE);
  }

  @Test
  void revoke_ofUnknownToken_answers200() {
    assertThat(revoke(app, "never-issued").status()).isEqualTo(200);
  }

  @Test
  void revoke_withWrongClient_isInvalidClientAndRevokesNothing() {
    String token = fullToken();
    EmulatedApp stranger = emulator.newCcgApp();

    Http.Reply reply =
        Http.post(
            emulator.revokeUrl(),
            Http.form("client_id", stranger.clientId(), "client_secret", "wrong", "token", token));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json()).containsEntry("error", "invalid_client");
    assertThat(emulator.introspect(token).isLive()).isTrue();
  }

  @Test
  void revoke_withoutToken_isInvalidRequest() {
    Http.Reply reply =
        Http.post(
            emulator.revokeUrl(),
            Http.form("client_id", app.clientId(), "client_secret", app.clientSecret()));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json()).containsEntry("error", "invalid_request");
  }

  @Test
  void revoke_isNeverFaulted() {
    String token = fullToken();
    emulator.faults().failNext(1, 503).delay(Duration.ofMinutes(10));

    Http.Reply reply = revoke(app, token);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(emulator.faults().pending()).isEqualTo(1);
  }
}
