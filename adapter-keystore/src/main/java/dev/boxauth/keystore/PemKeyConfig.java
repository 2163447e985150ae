package dev.boxauth.keystore;

import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.SignatureAlgorithm;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where {@link PemKeyModule} finds the private key: a PEM file or PEM text (PKCS#8, encrypted
 * PKCS#8, PKCS#1, legacy-encrypted PKCS#1), the key id Box assigned to its public key, the
 * passphrase if the key is encrypted, and the JWS algorithm (RS256 unless set).
 *
 * <p>Exactly one of {@code file} and {@code pem} is set. The PEM text and the passphrase are {@link
 * Secret}s, so {@code toString()} shows neither. Immutable.
 *
 * @param keyId the id Box assigned to the public key (the JWS {@code kid})
 * @param file the PEM file, or null when {@code pem} is given
 * @param pem the PEM text, or null when {@code file} is given
 * @param passphrase the key's passphrase, or null for an unencrypted key
 * @param algorithm the JWS algorithm to sign with
 */
public record PemKeyConfig(
    KeyId keyId, Path file, Secret pem, Secret passphrase, SignatureAlgorithm algorithm) {

  /**
   * Validates the config.
   *
   * @throws IllegalArgumentException unless exactly one of {@code file} and {@code pem} is set
   */
  public PemKeyConfig {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(algorithm, "algorithm");
    if ((file == null) == (pem == null)) {
      throw new IllegalArgumentException("exactly one of file and pem must be set");
    }
  }

  /**
   * A key in a PEM file, read when the module loads it.
   *
   * @throws ConfigurationException if {@code keyId} is not a valid key id
   */
  public static PemKeyConfig fromFile(Path file, String keyId) {
    Objects.requireNonNull(file, "file");
    return new PemKeyConfig(keyId(keyId), file, null, null, SignatureAlgorithm.RS256);
  }

  /**
   * A key given as PEM text.
   *
   * @throws ConfigurationException if {@code pem} is empty or {@code keyId} is not a valid key id
   */
  public static PemKeyConfig fromPem(String pem, String keyId) {
    Objects.requireNonNull(pem, "pem");
    if (pem.isBlank()) {
      throw new ConfigurationException("privateKey", "the PEM text is empty", "pass the PEM key");
    }
    return new PemKeyConfig(keyId(keyId), null, Secret.of(pem), null, SignatureAlgorithm.RS256);
  }

  /** This config with the key's passphrase (an empty one means none). */
  public PemKeyConfig withPassphrase(String passphrase) {
    Objects.requireNonNull(passphrase, "passphrase");
    return new PemKeyConfig(
        keyId, file, pem, passphrase.isEmpty() ? null : Secret.of(passphrase), algorithm);
  }

  /** This config signing with {@code algorithm}. */
  public PemKeyConfig withAlgorithm(SignatureAlgorithm algorithm) {
    return new PemKeyConfig(keyId, file, pem, passphrase, algorithm);
  }

  /** Where the key comes from, for messages: "PEM file PATH" or "PEM text". */
  String source() {
    return file != null ? "PEM file " + file : "PEM text";
  }

  static KeyId keyId(String keyId) {
    Objects.requireNonNull(keyId, "keyId");
    try {
      return new KeyId(keyId);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          "keyId", e.getMessage(), "use the key id Box shows beside the public key", e);
    }
  }
}
