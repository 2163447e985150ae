package dev.boxauth.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.boxauth.domain.AssertionClaims;
import dev.boxauth.domain.ClientId;
import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.KeySource;
import dev.boxauth.port.SigningKey;
import dev.boxauth.testing.TestKeySource;
import dev.boxauth.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwsAssertionSignerTest {
  private static final AssertionClaims CLAIMS =
      new AssertionClaims(
          new ClientId("client1"),
          Subject.enterprise("42"),
          AssertionClaims.BOX_AUDIENCE,
          "0123456789abcdef0123",
          Instant.ofEpochSecond(1_767_225_630L));

  private static String part(String jws, int index) {
    return new String(
        Base64.getUrlDecoder().decode(jws.split("\\.")[index]), StandardCharsets.UTF_8);
  }

  @Test
  void sign_headerAndPayload_areExactlyBoxsJson() {
    String jws =
        new JwsAssertionSigner(new TestKeySource(TestKeys.rsa(), "kid-7", SignatureAlgorithm.RS256))
            .sign(CLAIMS)
            .reveal();

    assertThat(part(jws, 0)).isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"kid-7\"}");
    assertThat(part(jws, 1))
        .isEqualTo(
            "{\"iss\":\"client1\",\"sub\":\"42\",\"box_sub_type\":\"enterprise\","
                + "\"aud\":\"https://api.box.com/oauth2/token\",\"jti\":\"0123456789abcdef0123\","
                + "\"exp\":1767225630}");
    assertThat(jws).doesNotContain("=");
  }

  @Test
  void sign_kidNeedingJsonEscapes_isEscapedAndStillVerifies() throws Exception {
    String kid = "k\"\\<>&\u00e9";
    String jws =
        new JwsAssertionSigner(new TestKeySource(TestKeys.rsa(), kid, SignatureAlgorithm.RS384))
            .sign(CLAIMS)
            .reveal();

    SignedJWT jwt = SignedJWT.parse(jws);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(kid);
    assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) TestKeys.rsa().getPublic()))).isTrue();
  }

  @Test
  void sign_asksTheKeySourceForEachAssertion_soRotationTakesEffect() throws Exception {
    KeySource[] current = {new TestKeySource(TestKeys.rsa(), "old", SignatureAlgorithm.RS256)};
    JwsAssertionSigner signer = new JwsAssertionSigner(() -> current[0].current());

    String first = signer.sign(CLAIMS).reveal();
    current[0] = new TestKeySource(TestKeys.otherRsa(), "new", SignatureAlgorithm.RS512);
    String second = signer.sign(CLAIMS).reveal();

    assertThat(SignedJWT.parse(first).getHeader().getKeyID()).isEqualTo("old");
    SignedJWT rotated = SignedJWT.parse(second);
    assertThat(rotated.getHeader().getKeyID()).isEqualTo("new");
    assertThat(rotated.getHeader().getAlgorithm().getName()).isEqualTo("RS512");
    assertThat(rotated.verify(new RSASSAVerifier((RSAPublicKey) TestKeys.otherRsa().getPublic())))
        .isTrue();
  }

  @Test
  void sign_keyFailsToSign_propagatesSigningFailed() {
    SigningKey broken =
        new SigningKey() {
          @Override
          public KeyId keyId() {
            return new KeyId("hsm-key");
          }

          @Override
          public SignatureAlgorithm algorithm() {
            return SignatureAlgorithm.RS256;
          }

          @Override
          public byte[] sign(byte[] data) {
            throw new KeyException(
                KeyException.Problem.SIGNING_FAILED, "HSM slot 1", "offline", null);
          }
        };

    assertThatThrownBy(() -> new JwsAssertionSigner(() -> broken).sign(CLAIMS))
        .isInstanceOfSatisfying(
            KeyException.class,
            e -> assertThat(e.problem()).isEqualTo(KeyException.Problem.SIGNING_FAILED));
  }

  @Test
  void jcaSigningKey_providerFailure_isSigningFailedNamingTheSource() throws Exception {
    JcaSigningKey key =
        new JcaSigningKey(
            new KeyId("k"),
            SignatureAlgorithm.RS256,
            TestKeys.rsa().getPrivate(),
            "PEM file x.pem");

    assertThat(key.sign("data".getBytes(StandardCharsets.US_ASCII))).hasSize(256);
    assertThat(key.toString()).contains("k", "RS256", "x.pem").doesNotContain("modulus");
    assertThatThrownBy(() -> key.sign(null)).isInstanceOf(NullPointerException.class);
  }
}
