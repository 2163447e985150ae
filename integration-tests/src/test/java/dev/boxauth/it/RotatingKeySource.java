package dev.boxauth.it;

import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.port.KeySource;
import dev.boxauth.port.SigningKey;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A key-source plugin that rotates: {@link #rotateTo} switches every later signature to another key
 * and kid at once, as a KMS-backed source would when a new key version becomes primary.
 * Thread-safe.
 */
final class RotatingKeySource implements KeySource {
  private final AtomicReference<SigningKey> current = new AtomicReference<>();

  RotatingKeySource(String keyId, PrivateKey key) {
    rotateTo(keyId, key);
  }

  void rotateTo(String keyId, PrivateKey key) {
    current.set(new JcaKey(new KeyId(keyId), key));
  }

  @Override
  public SigningKey current() {
    return current.get();
  }

  /** An RS256 key signing with the JDK. */
  private record JcaKey(KeyId keyId, PrivateKey key) implements SigningKey {
    @Override
    public SignatureAlgorithm algorithm() {
      return SignatureAlgorithm.RS256;
    }

    @Override
    public byte[] sign(byte[] data) {
      try {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(data);
        return signature.sign();
      } catch (GeneralSecurityException e) {
        throw new KeyException(
            KeyException.Problem.SIGNING_FAILED, "rotating key " + keyId, "signing failed", e);
      }
    }

    @Override
    public String toString() {
      return "JcaKey[kid=" + keyId + "]";
    }
  }
}
