package dev.boxauth.keystore;

import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.SignatureAlgorithm;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where {@link Pkcs12KeyModule} finds the private key: a PKCS#12 file ({@code .p12} / {@code
 * .pfx}), its passwords, the entry's alias (the first private-key entry when null), the key id Box
 * assigned to the public key, and the JWS algorithm (RS256 unless set). Passwords are {@link
 * Secret}s, so {@code toString()} shows neither. Immutable.
 *
 * @param file the PKCS#12 file
 * @param keyId the id Box assigned to the public key (the JWS {@code kid})
 * @param storePassword the store password, or null for a store without one
 * @param keyPassword the entry's password, or null to use the store password
 * @param alias the entry's alias, or null for the first private-key entry
 * @param algorithm the JWS algorithm to sign with
 */
public record Pkcs12KeyConfig(
    Path file,
    KeyId keyId,
    Secret storePassword,
    Secret keyPassword,
    String alias,
    SignatureAlgorithm algorithm) {

  /** Validates the config. */
  public Pkcs12KeyConfig {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(algorithm, "algorithm");
  }

  /**
   * A key store protected by {@code storePassword} (also used for the key entry).
   *
   * @throws dev.boxauth.domain.ConfigurationException if {@code keyId} is not a valid key id
   */
  public static Pkcs12KeyConfig of(Path file, String keyId, String storePassword) {
    Objects.requireNonNull(storePassword, "storePassword");
    return new Pkcs12KeyConfig(
        file,
        PemKeyConfig.keyId(keyId),
        storePassword.isEmpty() ? null : Secret.of(storePassword),
        null,
        null,
        SignatureAlgorithm.RS256);
  }

  /** This config with a separate password for the key entry. */
  public Pkcs12KeyConfig withKeyPassword(String keyPassword) {
    Objects.requireNonNull(keyPassword, "keyPassword");
    return new Pkcs12KeyConfig(
        file,
        keyId,
        storePassword,
        keyPassword.isEmpty() ? null : Secret.of(keyPassword),
        alias,
        algorithm);
  }

  /** This config reading the entry named {@code alias}. */
  public Pkcs12KeyConfig withAlias(String alias) {
    Objects.requireNonNull(alias, "alias");
    return new Pkcs12KeyConfig(file, keyId, storePassword, keyPassword, alias, algorithm);
  }

  /** This config signing with {@code algorithm}. */
  public Pkcs12KeyConfig withAlgorithm(SignatureAlgorithm algorithm) {
    return new Pkcs12KeyConfig(file, keyId, storePassword, keyPassword, alias, algorithm);
  }
}
