package dev.boxauth.keystore;

import com.google.crypto.tink.jwt.JwtPublicKeySign;
import com.google.crypto.tink.jwt.RawJwt;
import dev.boxauth.domain.AssertionClaims;
import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyException.Problem;
import dev.boxauth.domain.Secret;
import dev.boxauth.port.AssertionSigner;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * Box assertions through Tink's JWT API ({@link JwtPublicKeySign#signAndEncode}): header {@code
 * kid} (the primary key's custom kid), {@code alg}, {@code typ: JWT}; claims {@code iss}, {@code
 * sub}, {@code box_sub_type}, {@code aud} (a single string), {@code jti}, {@code exp}. The key
 * stays inside Tink. Thread-safe.
 */
final class TinkAssertionSigner implements AssertionSigner {
  private final JwtPublicKeySign jwtSign;
  private final String source;

  TinkAssertionSigner(JwtPublicKeySign jwtSign, String source) {
    this.jwtSign = Objects.requireNonNull(jwtSign, "jwtSign");
    this.source = Objects.requireNonNull(source, "source");
  }

  @Override
  public Secret sign(AssertionClaims claims) {
    Objects.requireNonNull(claims, "claims");
    RawJwt jwt =
        RawJwt.newBuilder()
            .setTypeHeader("JWT")
            .setIssuer(claims.issuer().value())
            .setSubject(claims.subject().id())
            .addStringClaim("box_sub_type", claims.subject().wireType())
            .setAudience(claims.audience())
            .setJwtId(claims.jti())
            .setExpiration(claims.expiresAt())
            .build();
    try {
      return Secret.of(jwtSign.signAndEncode(jwt));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new KeyException(
          Problem.SIGNING_FAILED,
          source,
          "Tink JWT signing failed: " + e.getClass().getSimpleName(),
          e);
    }
  }

  @Override
  public String toString() {
    return "TinkAssertionSigner[source=" + source + "]";
  }
}
