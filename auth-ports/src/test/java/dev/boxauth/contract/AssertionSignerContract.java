package dev.boxauth.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.boxauth.domain.AssertionClaims;
import dev.boxauth.domain.ClientId;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.AssertionSigner;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link AssertionSigner} must do. Every assertion is verified by nimbus-jose-jwt, an
 * independent JOSE implementation, with the matching public key.
 */
public abstract class AssertionSignerContract {

  /** A signer using {@code algorithm}. */
  protected abstract AssertionSigner signer(SignatureAlgorithm algorithm) throws Exception;

  /** The public half of the signer's key. */
  protected abstract RSAPublicKey publicKey();

  /** The key id the signer puts in {@code kid}. */
  protected abstract KeyId keyId();

  private static final ClientId ISSUER = new ClientId("clientabc123");
  private static final Instant EXP = Instant.parse("2026-03-01T10:00:30Z");

  private static AssertionClaims claims(Subject subject, String jti) {
    return new AssertionClaims(ISSUER, subject, AssertionClaims.BOX_AUDIENCE, jti, EXP);
  }

  private SignedJWT verified(Secret jws) throws Exception {
    SignedJWT jwt = SignedJWT.parse(jws.reveal());
    assertThat(jwt.verify(new RSASSAVerifier(publicKey())))
        .as("signature verifies with the public key")
        .isTrue();
    return jwt;
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void sign_producesJwsNimbusVerifies_withBoxHeader(SignatureAlgorithm algorithm) throws Exception {
    SignedJWT jwt =
        verified(signer(algorithm).sign(claims(Subject.enterprise("42"), "j".repeat(43))));

    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.parse(algorithm.name()));
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(keyId().value());
    assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void sign_carriesEveryClaimBoxRequires(SignatureAlgorithm algorithm) throws Exception {
    String jti = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    SignedJWT jwt = verified(signer(algorithm).sign(claims(Subject.enterprise("42"), jti)));
    JWTClaimsSet set = jwt.getJWTClaimsSet();

    assertThat(set.getIssuer()).isEqualTo("clientabc123");
    assertThat(set.getClaim("sub")).isInstanceOf(String.class).isEqualTo("42");
    assertThat(set.getClaim("box_sub_type")).isEqualTo("enterprise");
    assertThat(set.getAudience()).containsExactly(AssertionClaims.BOX_AUDIENCE);
    assertThat(set.getJWTID()).isEqualTo(jti);
    assertThat(set.getExpirationTime().toInstant()).isEqualTo(EXP);
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void sign_userSubject_setsUserSubType(SignatureAlgorithm algorithm) throws Exception {
    SignedJWT jwt = verified(signer(algorithm).sign(claims(Subject.user("777"), "k".repeat(20))));

    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("777");
    assertThat(jwt.getJWTClaimsSet().getClaim("box_sub_type")).isEqualTo("user");
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = "RS256")
  void sign_fromManyThreads_eachAssertionVerifiesWithItsOwnClaims(SignatureAlgorithm algorithm)
      throws Exception {
    AssertionSigner signer = signer(algorithm);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> jtis = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        String jti = String.format("jti-%016d", i);
        jtis.add(
            pool.submit(
                () ->
                    verified(signer.sign(claims(Subject.enterprise("42"), jti)))
                        .getJWTClaimsSet()
                        .getJWTID()));
      }
      for (int i = 0; i < jtis.size(); i++) {
        assertThat(jtis.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(String.format("jti-%016d", i));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = "RS256")
  void sign_resultToString_isRedacted(SignatureAlgorithm algorithm) throws Exception {
    Secret jws = signer(algorithm).sign(claims(Subject.enterprise("42"), "x".repeat(16)));

    assertThat(jws.toString()).doesNotContain(jws.reveal().substring(0, 10));
  }
}
