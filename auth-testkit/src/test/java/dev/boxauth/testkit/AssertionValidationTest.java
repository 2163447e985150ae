package dev.boxauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A table of forged or misconfigured JWT bearer requests, each refused exactly as Box does. */
@ExtendWith(BoxEmulatorExtension.class)
class AssertionValidationTest {
  private static BoxEmulator emulator;
  private static EmulatedApp app;
  private static KeyPair otherKey;

  @BeforeAll
  static void start() {
    otherKey = KeyPool.generate();
  }

  /** Makes the request form of one case; may register its own app. */
  interface Request {
    Map<String, String> form(BoxEmulator emulator, EmulatedApp app) throws Exception;
  }

  record Case(String name, Request request, String error, String description) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String INVALID_GRANT = "invalid_grant";

  private static Case grant(String name, Consumer<Map<String, Object>> edit, String description) {
    return new Case(
        name,
        (e, a) -> {
          Map<String, Object> claims = Forge.claims(a);
          edit.accept(claims);
          return Forge.jwtForm(a, Forge.assertion(a, claims));
        },
        INVALID_GRANT,
        description);
  }

  /** A valid request but for what {@code edit} does to its client credentials. */
  private static Case badClient(String name, Consumer<Map<String, String>> edit) {
    return new Case(
        name,
        (e, a) -> {
          Map<String, String> form = Forge.jwtForm(a, Forge.assertion(a, Forge.claims(a)));
          edit.accept(form);
          return form;
        },
        "invalid_client",
        BoxTexts.BAD_CLIENT);
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  static Stream<Case> forgedAssertions() {
    return Stream.of(
        // Check 2: the client.
        badClient("wrong client secret", f -> f.put("client_secret", "not-the-secret")),
        badClient("unknown client id", f -> f.put("client_id", "nosuchclient")),
        badClient("no client secret", f -> f.remove("client_secret")),
        // Check 3: the grant type for the app's auth method.
        new Case(
            "JWT grant for a CCG app",
            (e, a) -> {
              EmulatedApp ccg = e.newCcgApp();
              Map<String, String> f = Forge.jwtForm(a, Forge.assertion(a, Forge.claims(a)));
              f.put("client_id", ccg.clientId());
              f.put("client_secret", ccg.clientSecret());
              return f;
            },
            "invalid_request",
            BoxTexts.GRANT_TYPE_UNAUTHORIZED),
        // Check 4: authorization.
        new Case(
            "app not authorized by the admin",
            (e, a) -> {
              EmulatedApp x = e.newJwtApp().authorized(false);
              return Forge.jwtForm(x, Forge.assertion(x, Forge.claims(x)));
            },
            "unauthorized_client",
            BoxTexts.NOT_AUTHORIZED),
        // Check 5: a JWS.
        new Case(
            "assertion missing",
            (e, a) -> {
              Map<String, String> f = Forge.jwtForm(a, "x");
              f.remove("assertion");
              return f;
            },
            INVALID_GRANT,
            BoxTexts.BAD_ASSERTION),
        new Case(
            "assertion not a JWS",
            (e, a) -> Forge.jwtForm(a, "not-a-jwt"),
            INVALID_GRANT,
            BoxTexts.BAD_ASSERTION),
        new Case(
            "assertion with a non-JSON header",
            (e, a) -> Forge.jwtForm(a, "bm90IGpzb24.e30.c2ln"),
            INVALID_GRANT,
            BoxTexts.BAD_ASSERTION),
        // Check 6: kid.
        new Case(
            "unknown kid",
            (e, a) ->
                Forge.jwtForm(
                    a,
                    Forge.sign(
                        a.keyPair().getPrivate(), JWSAlgorithm.RS256, "nosuchk1", Forge.claims(a))),
            INVALID_GRANT,
            BoxTexts.BAD_KID),
        new Case(
            "kid of a removed key",
            (e, a) -> {
              EmulatedApp x = e.newJwtApp();
              x.addPublicKey(otherKey.getPublic());
              x.removePublicKey(x.keyId());
              return Forge.jwtForm(x, Forge.assertion(x, Forge.claims(x)));
            },
            INVALID_GRANT,
            BoxTexts.BAD_KID),
        new Case(
            "kid of another app",
            (e, a) -> {
              EmulatedApp other = e.newJwtApp();
              return Forge.jwtForm(
                  a,
                  Forge.sign(
                      other.keyPair().getPrivate(),
                      JWSAlgorithm.RS256,
                      other.keyId(),
                      Forge.claims(a)));
            },
            INVALID_GRANT,
            BoxTexts.BAD_KID),
        // Check 7: alg.
        new Case(
            "alg none",
            (e, a) -> Forge.jwtForm(a, Forge.unsigned(a.keyId(), Forge.claims(a))),
            INVALID_GRANT,
            BoxTexts.BAD_ALG),
        new Case(
            "alg none without kid",
            (e, a) -> Forge.jwtForm(a, Forge.unsigned(null, Forge.claims(a))),
            INVALID_GRANT,
            BoxTexts.BAD_ALG),
        new Case(
            "HS256 keyed with the public key bytes",
            (e, a) ->
                Forge.jwtForm(
                    a,
                    Forge.sign(
                        new MACSigner(a.keyPair().getPublic().getEncoded()),
                        JWSAlgorithm.HS256,
                        a.keyId(),
                        Forge.claims(a))),
            INVALID_GRANT,
            BoxTexts.BAD_ALG),
        new Case(
            "PS256 (RSA, but not an algorithm Box lists)",
            (e, a) ->
                Forge.jwtForm(
                    a,
                    Forge.sign(
                        new RSASSASigner(a.keyPair().getPrivate()),
                        JWSAlgorithm.PS256,
                        a.keyId(),
                        Forge.claims(a))),
            INVALID_GRANT,
            BoxTexts.BAD_ALG),
        // Check 8: signature.
        new Case(
            "signed with another key under the app's kid",
            (e, a) ->
                Forge.jwtForm(
                    a,
                    Forge.sign(
                        otherKey.getPrivate(), JWSAlgorithm.RS256, a.keyId(), Forge.claims(a))),
            INVALID_GRANT,
            BoxTexts.BAD_SIGNATURE),
        new Case(
            "signed with another key, no kid",
            (e, a) ->
                Forge.jwtForm(
                    a,
                    Forge.sign(otherKey.getPrivate(), JWSAlgorithm.RS256, null, Forge.claims(a))),
            INVALID_GRANT,
            BoxTexts.BAD_SIGNATURE),
        new Case(
            "claims altered after signing",
            (e, a) -> {
              String[] parts = Forge.assertion(a, Forge.claims(a)).split("\\.");
              Map<String, Object> other = Forge.claims(a);
              other.put("sub", "999");
              String forged =
                  parts[0]
                      + "."
                      + com.nimbusds.jose.util.Base64URL.encode(
                          com.nimbusds.jose.util.JSONObjectUtils.toJSONString(other))
                      + "."
                      + parts[2];
              return Forge.jwtForm(a, forged);
            },
            INVALID_GRANT,
            BoxTexts.BAD_SIGNATURE),
        // Check 9: iss.
        grant("wrong iss", c -> c.put("iss", "someone-else"), BoxTexts.BAD_ISS),
        grant("no iss", c -> c.remove("iss"), BoxTexts.BAD_ISS),
        // Check 10: aud.
        grant(
            "wrong aud", c -> c.put("aud", "https://api.box.com/oauth2/token/"), BoxTexts.BAD_AUD),
        grant(
            "aud of the emulator's own URL",
            c -> c.put("aud", emulator.tokenUrl().toString()),
            BoxTexts.BAD_AUD),
        grant(
            "aud array with a second audience",
            c -> c.put("aud", List.of(Forge.AUDIENCE, "x")),
            BoxTexts.BAD_AUD),
        grant("no aud", c -> c.remove("aud"), BoxTexts.BAD_AUD),
        // Check 11: exp in the future.
        grant("expired", c -> c.put("exp", now() - 10), BoxTexts.EXPIRED),
        grant("no exp", c -> c.remove("exp"), BoxTexts.EXPIRED),
        grant("exp as a string", c -> c.put("exp", String.valueOf(now() + 30)), BoxTexts.EXPIRED),
        // Check 12: at most 60 s.
        grant("too long-lived", c -> c.put("exp", now() + 120), BoxTexts.EXP_TOO_FAR),
        grant(
            "exp more than 60 s after iat",
            c -> {
              c.put("iat", now() - 40);
              c.put("exp", now() + 30);
            },
            BoxTexts.EXP_TOO_FAR),
        // Check 13: iat and nbf not in the future.
        grant("iat in the future", c -> c.put("iat", now() + 60), BoxTexts.BAD_IAT),
        grant("iat as a string", c -> c.put("iat", "now"), BoxTexts.BAD_IAT),
        grant("nbf in the future", c -> c.put("nbf", now() + 60), BoxTexts.BAD_NBF),
        // Check 14: jti.
        grant("short jti (15 characters)", c -> c.put("jti", "a".repeat(15)), BoxTexts.BAD_JTI),
        grant("long jti (129 characters)", c -> c.put("jti", "a".repeat(129)), BoxTexts.BAD_JTI),
        grant("no jti", c -> c.remove("jti"), BoxTexts.BAD_JTI),
        grant("jti as a number", c -> c.put("jti", 12345678901234567L), BoxTexts.BAD_JTI),
        // Check 15: box_sub_type.
        grant(
            "box_sub_type external", c -> c.put("box_sub_type", "external"), BoxTexts.BAD_SUB_TYPE),
        grant("no box_sub_type", c -> c.remove("box_sub_type"), BoxTexts.BAD_SUB_TYPE),
        // Check 16: sub.
        grant(
            "sub as a number",
            c -> c.put("sub", Long.parseLong(app.enterpriseId())),
            BoxTexts.BAD_SUB),
        grant("wrong enterprise", c -> c.put("sub", "1" + app.enterpriseId()), BoxTexts.BAD_SUB),
        grant("enterprise id 0", c -> c.put("sub", "0"), BoxTexts.BAD_SUB),
        grant(
            "unknown user",
            c -> {
              c.put("box_sub_type", "user");
              c.put("sub", "12345");
            },
            BoxTexts.BAD_SUB),
        grant(
            "enterprise id as a user",
            c -> {
              c.put("box_sub_type", "user");
              c.put("sub", app.enterpriseId());
            },
            BoxTexts.BAD_SUB),
        // Check 17: user tokens.
        new Case(
            "user tokens disabled",
            (e, a) -> {
              EmulatedApp x = e.newJwtApp();
              String user = x.newAppUser();
              x.userTokensEnabled(false);
              return Forge.jwtForm(x, Forge.assertion(x, Forge.claims(x, "user", user)));
            },
            "invalid_request",
            BoxTexts.NO_USER_TOKEN),
        new Case(
            "app user of another app",
            (e, a) -> {
              String user = e.newCcgApp().newAppUser();
              return Forge.jwtForm(a, Forge.assertion(a, Forge.claims(a, "user", user)));
            },
            "invalid_request",
            BoxTexts.NO_USER_TOKEN),
        new Case(
            "managed user with App Access Only",
            (e, a) ->
                Forge.jwtForm(a, Forge.assertion(a, Forge.claims(a, "user", e.newManagedUser()))),
            "invalid_request",
            BoxTexts.NO_USER_TOKEN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forgedAssertions")
  void token_withForgedOrMisconfiguredRequest_isRefusedWithBoxsError(Case c) throws Exception {
    Http.Reply reply = Http.post(emulator.tokenUrl(), c.request().form(emulator, app));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.header("content-type")).isEqualTo("application/json");
    assertThat(reply.header("cache-control")).isEqualTo("no-store");
    assertThat(reply.json())
        .containsOnlyKeys("error", "error_description")
        .containsEntry("error", c.error())
        .containsEntry("error_description", c.description());
  }
}
