package dev.boxauth.it;

import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.port.KeySource;
import dev.boxauth.port.SigningKey;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A key-source plugin as a user would write one: it signs through a {@link KeyStore} handle (a
 * PKCS#12 file here; a PKCS#11 token or a cloud KMS provider looks the same), fetching the key from
 * the store for each signature. boxauth only ever sees the {@link SigningKey}: never the private
 * key. Thread-safe.
 */
final class KeyStoreKeySource implements KeySource {
  private final KeyStore store;
  private final String alias;
  private final char[] password;
  private final KeyId keyId;
  private final AtomicInteger signatures = new AtomicInteger();

  KeyStoreKeySource(KeyStore store, String alias, char[] password, String keyId) {
    this.store = Objects.requireNonNull(store, "store");
    this.alias = Objects.requireNonNull(alias, "alias");
    this.password = password.clone();
    this.keyId = new KeyId(keyId);
  }

  /** How many signatures the store made. */
  int signatures() {
    return signatures.get();
  }

  @Override
  public SigningKey current() {
    return new SigningKey() {
      @Override
      public KeyId keyId() {
        return keyId;
      }

      @Override
      public SignatureAlgorithm algorithm() {
        return SignatureAlgorithm.RS256;
      }

      @Override
      public byte[] sign(byte[] data) {
        try {
          Signature signature = Signature.getInstance("SHA256withRSA");
          synchronized (store) {
            signature.initSign((PrivateKey) store.getKey(alias, password));
          }
          signature.update(data);
          byte[] out = signature.sign();
          signatures.incrementAndGet();
          return out;
        } catch (GeneralSecurityException e) {
          throw new KeyException(
              KeyException.Problem.SIGNING_FAILED,
              "key store entry " + alias,
              "signing failed: " + e.getClass().getSimpleName(),
              e);
        }
      }
    };
  }

  @Override
  public String toString() {
    return "KeyStoreKeySource[alias=" + alias + ", kid=" + keyId + "]";
  }
}
