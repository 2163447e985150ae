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
 * passphrase if the key is encrypted, and the JWS algorithm (RS256 unless set). Immutable; made by
 * a {@link Builder} whose {@link Builder#build()} checks every value:
 *
 * <pre>{@code
 * PemKeyConfig config =
 *     PemKeyConfig.builder().file(Path.of("box.pem")).keyId("abc123").passphrase(pass).build();
 * }</pre>
 *
 * <p>The PEM text and the passphrase are {@link Secret}s, so {@code toString()} shows neither.
 */
public final class PemKeyConfig {
  private final KeyId keyId;
  private final Path file;
  private final Secret pem;
  private final Secret passphrase;
  private final SignatureAlgorithm algorithm;

  private PemKeyConfig(Builder b, KeyId keyId) {
    this.keyId = keyId;
    this.file = b.file;
    this.pem = b.pem;
    this.passphrase = b.passphrase;
    this.algorithm = b.algorithm;
  }

  /** An empty builder: set a {@code file} or a {@code pem}, and the {@code keyId}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.keyId = keyId.value();
    b.file = file;
    b.pem = pem;
    b.passphrase = passphrase;
    b.algorithm = algorithm;
    return b;
  }

  /** The id Box assigned to the public key (the JWS {@code kid}). */
  public KeyId keyId() {
    return keyId;
  }

  /** The PEM file, or null when the key is given as text. */
  public Path file() {
    return file;
  }

  /** The PEM text, or null when the key is in a file. */
  public Secret pem() {
    return pem;
  }

  /** The key's passphrase, or null for an unencrypted key. */
  public Secret passphrase() {
    return passphrase;
  }

  /** The JWS algorithm to sign with. */
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  /** Where the key comes from, for messages: "PEM file PATH" or "PEM text". */
  String source() {
    return file != null ? "PEM file " + file : "PEM text";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PemKeyConfig c
        && keyId.equals(c.keyId)
        && Objects.equals(file, c.file)
        && Objects.equals(pem, c.pem)
        && Objects.equals(passphrase, c.passphrase)
        && algorithm == c.algorithm;
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyId, file, pem, passphrase, algorithm);
  }

  @Override
  public String toString() {
    return "PemKeyConfig[keyId="
        + keyId.value()
        + ", key="
        + (file != null ? file : "PEM text")
        + ", passphrase="
        + (passphrase == null ? "none" : "REDACTED")
        + ", algorithm="
        + algorithm
        + "]";
  }

  /** The key id, checked, for the key configs' builders. */
  static KeyId checkedKeyId(String keyId) {
    if (keyId == null) {
      throw new ConfigurationException(
          "keyId", "is missing", "set keyId(...) to the key id Box shows beside the public key");
    }
    try {
      return new KeyId(keyId);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          "keyId", e.getMessage(), "use the key id Box shows beside the public key", e);
    }
  }

  /** A password as a {@link Secret}, or null for none (an empty one means none). */
  static Secret secretOrNone(String password) {
    return password.isEmpty() ? null : Secret.of(password);
  }

  /**
   * Sets a config's values one by one; {@link #build()} checks them. Setters refuse null with a
   * {@code NullPointerException}. Not thread-safe.
   */
  public static final class Builder {
    private String keyId;
    private Path file;
    private Secret pem;
    private Secret passphrase;
    private SignatureAlgorithm algorithm = SignatureAlgorithm.RS256;

    private Builder() {}

    /** Read the key from this PEM file when the module loads it; or set {@link #pem}. */
    public Builder file(Path file) {
      this.file = Objects.requireNonNull(file, "file");
      return this;
    }

    /** The key as PEM text; or set {@link #file}. */
    public Builder pem(String pem) {
      this.pem = Secret.of(Objects.requireNonNull(pem, "pem"));
      return this;
    }

    /** The id Box assigned to the public key (required; the JWS {@code kid}). */
    public Builder keyId(String keyId) {
      this.keyId = Objects.requireNonNull(keyId, "keyId");
      return this;
    }

    /** The key's passphrase, if it is encrypted; an empty one means none. */
    public Builder passphrase(String passphrase) {
      this.passphrase = secretOrNone(Objects.requireNonNull(passphrase, "passphrase"));
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
     * @throws ConfigurationException naming the first missing or invalid value: {@code file} or
     *     {@code pem} (neither or both set, or blank PEM text), {@code keyId}
     */
    public PemKeyConfig build() {
      String fix = "set exactly one: file(path) for a PEM file or pem(text) for PEM text";
      if (file == null && pem == null) {
        throw new ConfigurationException("file", "neither a PEM file nor PEM text is set", fix);
      }
      if (file != null && pem != null) {
        throw new ConfigurationException("pem", "is set together with file", fix);
      }
      if (pem != null && pem.reveal().isBlank()) {
        throw new ConfigurationException("pem", "the PEM text is empty", "pass the PEM key");
      }
      return new PemKeyConfig(this, checkedKeyId(keyId));
    }
  }
}
