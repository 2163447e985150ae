package dev.boxauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.nimbusds.jose.JWSAlgorithm;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JWT bearer grant when it succeeds, and the order of its checks. */
@ExtendWith(BoxEmulatorExtension.class)
class JwtGrantTest {
  private static BoxEmulator emulator;
  private static EmulatedApp app;

  private static Http.Reply send(EmulatedApp a, Map<String, Object> claims) {
    return Http.post(emulator.tokenUrl(), Forge.jwtForm(a, Forge.assertion(a, claims)));
  }

  @Test
  void token_forServiceAccount_returnsBoxsSuccessBodyAndHeaders() {
    Http.Reply reply = send(app, Forge.claims(app));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json())
        .containsOnlyKeys("access_token", "expires_in", "restricted_to", "token_type")
        .containsEntry("expires_in", 4123L)
        .containsEntry("restricted_to", List.of())
        .containsEntry("token_type", "bearer");
    assertThat(reply.get("access_token")).matches("[A-Za-z0-9]{32}");
    assertThat(reply.header("content-type")).isEqualTo("application/json");
    assertThat(reply.header("cache-control")).isEqualTo("no-store");
    assertThat(reply.date()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
  }

  @Test
  void introspect_afterServiceAccountToken_isLiveForTheEnterpriseWithDefaultScopes() {
    Instant before = Instant.now();
    String token = send(app, Forge.claims(app)).get("access_token");

    TokenInfo info = emulator.introspect(token);

    assertThat(info.state()).isEqualTo(TokenInfo.State.LIVE);
    assertThat(info.clientId()).isEqualTo(app.clientId());
    assertThat(info.subjectType()).isEqualTo("enterprise");
    assertThat(info.subjectId()).isEqualTo(app.enterpriseId());
    assertThat(info.scopes()).isEqualTo(EmulatedApp.DEFAULT_SCOPES);
    assertThat(info.restrictedTo()).isEmpty();
    assertThat(info.isDownscoped()).isFalse();
    assertThat(info.expiresAt())
        .isBetween(before.plusSeconds(4123).minusSeconds(1), Instant.now().plusSeconds(4124));
  }

  @Test
  void token_forAppUser_actsForThatUser() {
    String user = app.newAppUser();

    String token = send(app, Forge.claims(app, "user", user)).get("access_token");

    TokenInfo info = emulator.introspect(token);
    assertThat(info.subjectType()).isEqualTo("user");
    assertThat(info.subjectId()).isEqualTo(user);
  }

  @Test
  void token_forManagedUserWithEnterpriseAccess_isIssued() {
    EmulatedApp x = emulator.newJwtApp().enterpriseAccess(true);
    String user = emulator.newManagedUser();

    Http.Reply reply = send(x, Forge.claims(x, "user", user));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(emulator.introspect(reply.get("access_token")).subjectId()).isEqualTo(user);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "RS384", "RS512"})
  void token_withEachBoxAlgorithm_isIssued(String alg) {
    String assertion =
        Forge.sign(
            app.keyPair().getPrivate(), JWSAlgorithm.parse(alg), app.keyId(), Forge.claims(app));

    assertThat(Http.post(emulator.tokenUrl(), Forge.jwtForm(app, assertion)).status())
        .isEqualTo(200);
  }

  @Test
  void token_withoutKid_triesTheAppsKeys() {
    EmulatedApp x = emulator.newJwtApp();
    KeyPair second = KeyPool.generate();
    x.addPublicKey(second.getPublic());

    String byFirst =
        Forge.sign(x.keyPair().getPrivate(), JWSAlgorithm.RS256, null, Forge.claims(x));
    String bySecond = Forge.sign(second.getPrivate(), JWSAlgorithm.RS256, null, Forge.claims(x));

    assertThat(Http.post(emulator.tokenUrl(), Forge.jwtForm(x, byFirst)).status()).isEqualTo(200);
    assertThat(Http.post(emulator.tokenUrl(), Forge.jwtForm(x, bySecond)).status()).isEqualTo(200);
  }

  @Test
  void token_withAddedKeyAndItsKid_isIssued() {
    EmulatedApp x = emulator.newJwtApp();
    KeyPair rotated = KeyPool.generate();
    String kid = x.addPublicKey(rotated.getPublic());
    x.addPublicKey("my-own-kid", rotated.getPublic());

    String a1 = Forge.sign(rotated.getPrivate(), JWSAlgorithm.RS512, kid, Forge.claims(x));
    String a2 = Forge.sign(rotated.getPrivate(), JWSAlgorithm.RS512, "my-own-kid", Forge.claims(x));

    assertThat(kid).matches("[a-z0-9]{8}").isNotEqualTo(x.keyId());
    assertThat(Http.post(emulator.tokenUrl(), Forge.jwtForm(x, a1)).status()).isEqualTo(200);
    assertThat(Http.post(emulator.tokenUrl(), Forge.jwtForm(x, a2)).status()).isEqualTo(200);
  }

  @Test
  void token_withConfiguredLifetime_sendsItAsExpiresIn() {
    EmulatedApp x = emulator.newCcgApp().tokenLifetime(Duration.ofSeconds(3600));

    Http.Reply reply =
        Http.post(emulator.tokenUrl(), Forge.ccgForm(x, "enterprise", x.enterpriseId()));

    assertThat(reply.json()).containsEntry("expires_in", 3600L);
  }

  @Test
  void token_withIatNbfAndSingleElementAudArray_isIssued() {
    Map<String, Object> claims = Forge.claims(app);
    long now = Instant.now().getEpochSecond();
    claims.put("iat", now);
    claims.put("nbf", now);
    claims.put("exp", now + 60);
    claims.put("aud", List.of(Forge.AUDIENCE));

    assertThat(send(app, claims).status()).isEqualTo(200);
  }

  @Test
  void token_withJti16And128Characters_isIssued() {
    Map<String, Object> shortest = Forge.claims(app);
    shortest.put("jti", Forge.jti().substring(0, 16));
    Map<String, Object> longest = Forge.claims(app);
    longest.put("jti", (Forge.jti() + Forge.jti() + Forge.jti()).substring(0, 128));

    assertThat(send(app, shortest).status()).isEqualTo(200);
    assertThat(send(app, longest).status()).isEqualTo(200);
  }

  @Test
  void token_withReusedAssertion_refusesTheReplay() {
    String assertion = Forge.assertion(app, Forge.claims(app));

    Http.Reply first = Http.post(emulator.tokenUrl(), Forge.jwtForm(app, assertion));
    Http.Reply replay = Http.post(emulator.tokenUrl(), Forge.jwtForm(app, assertion));

    assertThat(first.status()).isEqualTo(200);
    assertThat(replay.status()).isEqualTo(400);
    assertThat(replay.get("error_description")).isEqualTo(BoxTexts.BAD_JTI);
  }

  @Test
  void token_whenALaterCheckFails_stillBurnsTheJti() {
    Map<String, Object> claims = Forge.claims(app, "user", "12345");
    Http.Reply unknownUser = send(app, claims);
    claims.put("box_sub_type", "enterprise");
    claims.put("sub", app.enterpriseId());

    Http.Reply retry = send(app, claims);

    assertThat(unknownUser.get("error_description")).isEqualTo(BoxTexts.BAD_SUB);
    assertThat(retry.get("error_description")).isEqualTo(BoxTexts.BAD_JTI);
  }

  @Test
  void token_whenExpired_doesNotBurnTheJti() {
    Map<String, Object> claims = Forge.claims(app);
    claims.put("exp", Instant.now().getEpochSecond() - 5);
    Http.Reply expired = send(app, claims);
    claims.put("exp", Instant.now().getEpochSecond() + 30);

    Http.Reply fixed = send(app, claims);

    assertThat(expired.get("error_description")).isEqualTo(BoxTexts.EXPIRED);
    assertThat(fixed.status()).isEqualTo(200);
  }

  @Test
  void token_whenAppNotAuthorizedAndAssertionGarbage_reportsAuthorizationFirst() {
    EmulatedApp jwt = emulator.newJwtApp().authorized(false);

    Http.Reply reply = Http.post(emulator.tokenUrl(), Forge.jwtForm(jwt, "garbage"));

    assertThat(reply.get("error")).isEqualTo("unauthorized_client");
  }

  @Test
  void token_whenUnknownKidAndAlgNone_reportsKidFirst() {
    Http.Reply reply =
        Http.post(
            emulator.tokenUrl(), Forge.jwtForm(app, Forge.unsigned("nosuchk1", Forge.claims(app))));

    assertThat(reply.get("error_description")).isEqualTo(BoxTexts.BAD_KID);
  }

  @Test
  void token_whenReauthorized_isIssuedAgain() {
    EmulatedApp x = emulator.newJwtApp().authorized(false);
    Http.Reply refused = send(x, Forge.claims(x));
    x.authorized(true);

    Http.Reply issued = send(x, Forge.claims(x));

    assertThat(refused.get("error")).isEqualTo("unauthorized_client");
    assertThat(issued.status()).isEqualTo(200);
  }

  @Test
  void errorBody_escapesSlashesAsBoxDoes() {
    Map<String, Object> claims = Forge.claims(app);
    claims.put("exp", 1L);

    Http.Reply reply = send(app, claims);

    assertThat(reply.body()).contains("date\\/time");
    assertThat(reply.get("error_description")).contains("date/time");
  }

  @Test
  void introspect_ofUnknownToken_isUnknown() {
    TokenInfo info = emulator.introspect("never-issued");

    assertThat(info.state()).isEqualTo(TokenInfo.State.UNKNOWN);
    assertThat(info.isLive()).isFalse();
    assertThat(info.subjectId()).isNull();
    assertThat(info.scopes()).isEmpty();
  }

  @Test
  void token_issuesDistinctTokens() {
    String t1 = send(app, Forge.claims(app)).get("access_token");
    String t2 = send(app, Forge.claims(app)).get("access_token");

    assertThat(t1).isNotEqualTo(t2);
  }
}
