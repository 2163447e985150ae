package dev.boxauth.keystore;

import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyException.Problem;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.port.SigningKey;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Objects;

/**
 * A JCA {@link PrivateKey} (software, PKCS#11 or any provider's) that signs with {@code
 * SHA256withRSA} and friends. Immutable and thread-safe: each signature gets its own {@link
 * Signature} object, which is cheap next to the RSA operation.
 */
final class JcaSigningKey implements SigningKey {
  private final KeyId keyId;
  private final SignatureAlgorithm algorithm;
  private final PrivateKey key;
  private final String source;

  /**
   * @throws KeyException UNSUPPORTED if no installed provider can sign with this key and algorithm
   *     (checked now, so a bad key fails at load rather than at the first token)
   */
  JcaSigningKey(KeyId keyId, SignatureAlgorithm algorithm, PrivateKey key, String source) {
    this.keyId = Objects.requireNonNull(keyId, "keyId");
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.key = Objects.requireNonNull(key, "key");
    this.source = Objects.requireNonNull(source, "source");
    try {
      Signature.getInstance(algorithm.jcaName()).initSign(key);
    } catch (GeneralSecurityException e) {
      throw Keys.unsupported(
          source, "no installed JCA provider signs " + algorithm.jcaName() + " with this key", e);
    }
  }

  @Override
  public KeyId keyId() {
    return keyId;
  }

  @Override
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public byte[] sign(byte[] data) {
    Objects.requireNonNull(data, "data");
    try {
      Signature signature = Signature.getInstance(algorithm.jcaName());
      signature.initSign(key);
      signature.update(data);
      return signature.sign();
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new KeyException(
          Problem.SIGNING_FAILED,
          source,
          algorithm.jcaName() + " signing failed: " + e.getClass().getSimpleName(),
          e);
    }
  }

  @Override
  public String toString() {
    return "JcaSigningKey[kid=" + keyId + ", alg=" + algorithm + ", source=" + source + "]";
  }
}
