package dev.boxauth.keystore;

import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyException.Problem;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.QuotedText;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.port.KeySource;
import dev.boxauth.port.SigningKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.util.Collections;

/**
 * A private key read once from a PKCS#12 key store ({@code KeyStore.getInstance("PKCS12")}, which
 * reads OpenSSL 3's default and {@code -legacy} files) and kept. Immutable and thread-safe.
 */
final class Pkcs12KeySource implements KeySource {
  private final JcaSigningKey key;

  private Pkcs12KeySource(JcaSigningKey key) {
    this.key = key;
  }

  /**
   * Loads the key under {@code alias}, or the first private-key entry when {@code alias} is null.
   *
   * @param storePassword the store's integrity/encryption password, or null; cleared on return
   * @param keyPassword the entry's password, or null to use the store password; cleared on return
   * @throws KeyException naming the file (and alias) if the key can't be used
   */
  static Pkcs12KeySource load(
      Path file,
      char[] storePassword,
      char[] keyPassword,
      String alias,
      KeyId keyId,
      SignatureAlgorithm algorithm) {
    String source = "PKCS#12 file " + file;
    try {
      KeyStore store = open(file, storePassword, source);
      String chosen = alias != null ? alias : firstKeyAlias(store, source);
      String entrySource = source + " (alias '" + QuotedText.of(chosen, 64) + "')";
      char[] password = keyPassword != null ? keyPassword : storePassword;
      PrivateKey privateKey = read(store, chosen, password, entrySource);
      Keys.requireUsable(privateKey, entrySource);
      return new Pkcs12KeySource(new JcaSigningKey(keyId, algorithm, privateKey, entrySource));
    } finally {
      Keys.clear(storePassword);
      Keys.clear(keyPassword);
    }
  }

  private static KeyStore open(Path file, char[] password, String source) {
    byte[] bytes;
    try {
      bytes = BoundedFile.bytes(file);
    } catch (BoundedFile.Unreadable e) {
      throw Keys.unreadable(e, source);
    }
    PbeIterations.check(bytes, "PKCS#12 key store", source);
    // No JDK exception is kept: the loader's messages and causes describe the file's bytes.
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(new ByteArrayInputStream(bytes), password);
      return store;
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new KeyException(
            Problem.WRONG_PASSPHRASE,
            source,
            "the store password is wrong (or the file is damaged)",
            null);
      }
      throw notPkcs12(source, e);
    } catch (GeneralSecurityException | RuntimeException e) {
      // The JDK's loader fails on some damaged files with a NullPointerException and the like.
      throw notPkcs12(source, e);
    }
  }

  private static KeyException notPkcs12(String source, Exception e) {
    return new KeyException(
        Problem.MALFORMED,
        source,
        "the file is not a readable PKCS#12 key store (" + e.getClass().getSimpleName() + ")",
        null);
  }

  private static String firstKeyAlias(KeyStore store, String source) {
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          return alias;
        }
      }
    } catch (KeyStoreException | RuntimeException e) {
      throw new KeyException(Problem.MALFORMED, source, "the key store can't be listed", null);
    }
    throw new KeyException(
        Problem.NOT_FOUND, source, "the key store holds no private key entry", null);
  }

  private static PrivateKey read(KeyStore store, String alias, char[] password, String source) {
    Key key;
    try {
      if (!store.containsAlias(alias)) {
        throw new KeyException(Problem.NOT_FOUND, source, "no entry has this alias", null);
      }
      if (!store.isKeyEntry(alias)) {
        throw new KeyException(
            Problem.NOT_FOUND, source, "the entry is a certificate, not a private key", null);
      }
      key = store.getKey(alias, password == null ? new char[0] : password);
    } catch (UnrecoverableKeyException e) {
      throw new KeyException(Problem.WRONG_PASSPHRASE, source, "the key password is wrong", null);
    } catch (GeneralSecurityException | RuntimeException e) {
      if (e instanceof KeyException k) {
        throw k;
      }
      throw new KeyException(
          Problem.MALFORMED,
          source,
          "the key entry can't be read (" + e.getClass().getSimpleName() + ")",
          null);
    }
    if (!(key instanceof PrivateKey privateKey)) {
      throw new KeyException(
          Problem.NOT_FOUND, source, "the entry is a secret key, not a private key", null);
    }
    return privateKey;
  }

  @Override
  public SigningKey current() {
    return key;
  }

  @Override
  public String toString() {
    return "Pkcs12KeySource[" + key + "]";
  }
}
