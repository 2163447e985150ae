package dev.boxauth.keystore;

import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.port.KeySource;
import dev.boxauth.port.SigningKey;
import java.security.PrivateKey;

/**
 * A key decoded once from PEM text (a file, a config field) and kept. Immutable and thread-safe.
 */
final class PemKeySource implements KeySource {
  private final JcaSigningKey key;

  private PemKeySource(JcaSigningKey key) {
    this.key = key;
  }

  /**
   * Decodes and checks the key.
   *
   * @param passphrase null for an unencrypted key; cleared before this method returns
   * @throws dev.boxauth.domain.KeyException naming {@code source} if the key can't be used
   */
  static PemKeySource load(
      String pem, char[] passphrase, KeyId keyId, SignatureAlgorithm algorithm, String source) {
    try {
      PrivateKey privateKey = PemDecoder.decode(pem, passphrase, source);
      return new PemKeySource(new JcaSigningKey(keyId, algorithm, privateKey, source));
    } finally {
      Keys.clear(passphrase);
    }
  }

  @Override
  public SigningKey current() {
    return key;
  }

  @Override
  public String toString() {
    return "PemKeySource[" + key + "]";
  }
}
