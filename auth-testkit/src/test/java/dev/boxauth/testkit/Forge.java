package dev.boxauth.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Assertions built and signed with nimbus, independently of boxauth and of the emulator. */
final class Forge {
  private Forge() {}

  static final String AUDIENCE = "https://api.box.com/oauth2/token";
  static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private static final SecureRandom RANDOM = new SecureRandom();

  static String jti() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Valid claims for the app's Service Account, exp 30 s from now. */
  static Map<String, Object> claims(EmulatedApp app) {
    return claims(app, "enterprise", app.enterpriseId());
  }

  static Map<String, Object> claims(EmulatedApp app, String subType, Object sub) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", app.clientId());
    c.put("sub", sub);
    c.put("box_sub_type", subType);
    c.put("aud", AUDIENCE);
    c.put("jti", jti());
    c.put("exp", Instant.now().getEpochSecond() + 30);
    return c;
  }

  static String sign(PrivateKey key, JWSAlgorithm alg, String kid, Map<String, Object> claims) {
    return sign(new RSASSASigner(key), alg, kid, claims);
  }

  static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, Map<String, Object> claims) {
    JWSHeader.Builder header = new JWSHeader.Builder(alg).type(JOSEObjectType.JWT);
    if (kid != null) {
      header.keyID(kid);
    }
    JWSObject jws = new JWSObject(header.build(), new Payload(claims));
    try {
      jws.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jws.serialize();
  }

  /** A valid assertion of the app for these claims, RS256, with the app's kid. */
  static String assertion(EmulatedApp app, Map<String, Object> claims) {
    return sign(app.keyPair().getPrivate(), JWSAlgorithm.RS256, app.keyId(), claims);
  }

  /** An unsigned JWS ({@code alg: none}). */
  static String unsigned(String kid, Map<String, Object> claims) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "none");
    if (kid != null) {
      header.put("kid", kid);
    }
    return Base64URL.encode(JSONObjectUtils.toJSONString(header))
        + "."
        + Base64URL.encode(JSONObjectUtils.toJSONString(claims))
        + ".";
  }

  /** The JWT bearer form for an assertion, with the app's client credentials. */
  static Map<String, String> jwtForm(EmulatedApp app, String assertion) {
    return Http.form(
        "grant_type",
        JWT_BEARER,
        "assertion",
        assertion,
        "client_id",
        app.clientId(),
        "client_secret",
        app.clientSecret());
  }

  static Map<String, String> ccgForm(EmulatedApp app, String subjectType, String subjectId) {
    return Http.form(
        "grant_type",
        "client_credentials",
        "client_id",
        app.clientId(),
        "client_secret",
        app.clientSecret(),
        "box_subject_type",
        subjectType,
        "box_subject_id",
        subjectId);
  }
}
