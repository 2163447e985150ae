package dev.boxauth.keystore;

import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.SignatureAlgorithm;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where {@link Pkcs12KeyModule} finds the private key: a PKCS#12 file ({@code .p12} / {@code
 * .pfx}), its passwords, the entry's alias (the first private-key entry unless set), the key id Box
 * assigned to the public key, and the JWS algorithm (RS256 unless set). Immutable; made by a {@link
 * Builder} whose {@link Builder#build()} checks every value:
 *
 * <pre>{@code
 * Pkcs12KeyConfig config =
 *     Pkcs12KeyConfig.builder().file(Path.of("box.p12")).keyId("abc123").storePassword(pw).build();
 * }</pre>
 *
 * <p>Passwords are {@link Secret}s, so {@code toString()} shows neither.
 */
public final class Pkcs12KeyConfig {
  private final Path file;
  private final KeyId keyId;
  private final Secret storePassword;
  private final Secret keyPassword;
  private final String alias;
  private final SignatureAlgorithm algorithm;

  private Pkcs12KeyConfig(Builder b, KeyId keyId) {
    this.file = b.file;
    this.keyId = keyId;
    this.storePassword = b.storePassword;
    this.keyPassword = b.keyPassword;
    this.alias = b.alias;
    this.algorithm = b.algorithm;
  }

  /** An empty builder: set the {@code file} and the {@code keyId}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.file = file;
    b.keyId = keyId.value();
    b.storePassword = storePassword;
    b.keyPassword = keyPassword;
    b.alias = alias;
    b.algorithm = algorithm;
    return b;
  }

  /** The PKCS#12 file. */
  public Path file() {
    return file;
  }

  /** The id Box assigned to the public key (the JWS {@code kid}). */
  public KeyId keyId() {
    return keyId;
  }

  /** The store password, or null for a store without one. */
  public Secret storePassword() {
    return storePassword;
  }

  /** The entry's password, or null to use the store password. */
  public Secret keyPassword() {
    return keyPassword;
  }

  /** The entry's alias, or null for the first private-key entry. */
  public String alias() {
    return alias;
  }

  /** The JWS algorithm to sign with. */
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pkcs12KeyConfig c
        && file.equals(c.file)
        && keyId.equals(c.keyId)
        && Objects.equals(storePassword, c.storePassword)
        && Objects.equals(keyPassword, c.keyPassword)
        && Objects.equals(alias, c.alias)
        && algorithm == c.algorithm;
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, keyId, storePassword, keyPassword, alias, algorithm);
  }

  @Override
  public String toString() {
    return "Pkcs12KeyConfig[file="
        + file
        + ", keyId="
        + keyId.value()
        + ", storePassword="
        + (storePassword == null ? "none" : "REDACTED")
        + ", keyPassword="
        + (keyPassword == null ? "none" : "REDACTED")
        + ", alias="
        + (alias == null ? "first key entry" : alias)
        + ", algorithm="
        + algorithm
        + "]";
  }

  /**
   * Sets a config's values one by one; {@link #build()} checks them. Setters refuse null with a
   * {@code NullPointerException}. Not thread-safe.
   */
  public static final class Builder {
    private Path file;
    private String keyId;
    private Secret storePassword;
    private Secret keyPassword;
    private String alias;
    private SignatureAlgorithm algorithm = SignatureAlgorithm.RS256;

    private Builder() {}

    /** The PKCS#12 file (required), read when the module loads it. */
    public Builder file(Path file) {
      this.file = Objects.requireNonNull(file, "file");
      return this;
    }

    /** The id Box assigned to the public key (required; the JWS {@code kid}). */
    public Builder keyId(String keyId) {
      this.keyId = Objects.requireNonNull(keyId, "keyId");
      return this;
    }

    /** The store password (also the entry's, unless {@link #keyPassword} is set); empty: none. */
    public Builder storePassword(String storePassword) {
      this.storePassword =
          PemKeyConfig.secretOrNone(Objects.requireNonNull(storePassword, "storePassword"));
      return this;
    }

    /** A separate password for the key entry; empty: use the store password. */
    public Builder keyPassword(String keyPassword) {
      this.keyPassword =
          PemKeyConfig.secretOrNone(Objects.requireNonNull(keyPassword, "keyPassword"));
      return this;
    }

    /** Read the entry named {@code alias} rather than the first private-key entry. */
    public Builder alias(String alias) {
      this.alias = Objects.requireNonNull(alias, "alias");
      return this;
    }

    /** The JWS algorithm; RS256 unless set. */
    public Builder algorithm(SignatureAlgorithm algorithm) {
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    /**
     * The config.
     *
     * @throws ConfigurationException naming the first missing or invalid value: {@code file},
     *     {@code keyId}, {@code alias} (blank)
     */
    public Pkcs12KeyConfig build() {
      if (file == null) {
        throw new ConfigurationException(
            "file", "is missing", "set file(path) to the .p12 or .pfx file holding the key");
      }
      KeyId id = PemKeyConfig.checkedKeyId(keyId);
      if (alias != null && alias.isBlank()) {
        throw new ConfigurationException(
            "alias",
            "is blank",
            "set the entry's alias (keytool -list shows it), or leave it unset for the first key");
      }
      return new Pkcs12KeyConfig(this, id);
    }
  }
}
