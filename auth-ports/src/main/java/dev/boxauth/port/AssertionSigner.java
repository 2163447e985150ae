package dev.boxauth.port;

import dev.boxauth.domain.AssertionClaims;
import dev.boxauth.domain.Secret;

/**
 * Turns assertion claims into a compact JWS (RFC 7515 §7.1) signed with the app's private key:
 * header {@code alg}, {@code typ: JWT}, {@code kid}; claims {@code iss}, {@code sub}, {@code
 * box_sub_type}, {@code aud}, {@code jti}, {@code exp} (RFC 7523 §3). Thread-safe.
 */
public interface AssertionSigner {

  /**
   * Signs the claims.
   *
   * @return the compact JWS, as a {@link Secret}: a signed assertion can be replayed until it
   *     expires, so it is never logged
   * @throws dev.boxauth.domain.KeyException if the key can't sign
   */
  Secret sign(AssertionClaims claims);
}
