package dev.boxauth.port;

/**
 * Where the app's signing key comes from: a PEM or PKCS#12 file, the Box config JSON, a Tink
 * keyset, or a custom plugin (a KMS, an HSM). To plug in your own, implement this interface and
 * bind it in a Guice module.
 *
 * <p>Implementations load and decrypt the key once, not per call, and must be thread-safe.
 */
public interface KeySource {

  /**
   * The key to sign the next assertion with. May return a different key after a rotation; each
   * returned key is used for one whole signature.
   *
   * @throws dev.boxauth.domain.KeyException if no key is available
   */
  SigningKey current();
}
