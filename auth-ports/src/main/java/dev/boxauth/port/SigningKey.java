package dev.boxauth.port;

import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;

/**
 * A private key's signing capability, without the key itself, so keys held by a key store, an HSM
 * or a KMS never have to leave it. Implementations must be thread-safe.
 */
public interface SigningKey {

  /** The key id Box knows the matching public key by (the JWS {@code kid}). */
  KeyId keyId();

  /** The JWS algorithm this key signs with. */
  SignatureAlgorithm algorithm();

  /**
   * Signs {@code data} (a JWS signing input) with {@link #algorithm()}.
   *
   * @return the raw signature bytes (for RSA: PKCS#1 v1.5, as long as the modulus)
   * @throws dev.boxauth.domain.KeyException with problem {@code SIGNING_FAILED} if the key store,
   *     HSM or provider fails
   */
  byte[] sign(byte[] data);
}
