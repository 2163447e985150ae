package dev.boxauth.keystore;

import com.google.crypto.tink.Aead;
import dev.boxauth.domain.ConfigurationException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where {@link TinkKeyModule} finds its Tink JWT keyset (RS256/384/512, in Tink's JSON format) and
 * how the keyset is protected. Immutable; made by a {@link Builder} whose {@link Builder#build()}
 * checks every value. The keyset is a file ({@code keysetFile}) or JSON text ({@code keysetJson}),
 * encrypted under either
 *
 * <ul>
 *   <li>{@code kekFile}: a local key-encryption keyset file (an AES-GCM keyset, see {@link
 *       KeyTools#newKekKeysetJson()}); or
 *   <li>{@code kek}: any {@link Aead}, typically {@code KmsClient.getAead(keyUri)} so the
 *       key-encryption key never leaves a cloud KMS;
 * </ul>
 *
 * or, for tests only, a cleartext keyset with {@code insecureCleartext(true)}:
 *
 * <pre>{@code
 * TinkKeyConfig config = TinkKeyConfig.builder().keysetFile(keyset).kek(kmsAead).build();
 * }</pre>
 *
 * The kid of the keyset's primary key must be Box's key id ({@link
 * KeyTools#encryptedTinkKeysetJson} writes such keysets). {@code toString()} shows paths, never key
 * material.
 */
public final class TinkKeyConfig {
  private final Path keysetFile;
  private final String keysetJson;
  private final Path kekFile;
  private final Aead kek;
  private final byte[] associatedData;

  private TinkKeyConfig(Builder b) {
    this.keysetFile = b.keysetFile;
    this.keysetJson = b.keysetJson;
    this.kekFile = b.kekFile;
    this.kek = b.kek;
    this.associatedData = b.associatedData.clone();
  }

  /** An empty builder: set a keyset and its key-encryption key. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.keysetFile = keysetFile;
    b.keysetJson = keysetJson;
    b.kekFile = kekFile;
    b.kek = kek;
    b.insecureCleartext = isCleartext();
    b.associatedData = associatedData.clone();
    return b;
  }

  /** Whether the keyset is read as cleartext (tests only). */
  public boolean isCleartext() {
    return kekFile == null && kek == null;
  }

  /** Reads, decrypts and checks the keyset: the one place this config does I/O. */
  TinkKeySource load() {
    String source = keysetFile != null ? "Tink keyset " + keysetFile : "Tink keyset JSON";
    String json = keysetFile != null ? Keys.readSmallFile(keysetFile, source) : keysetJson;
    Aead aead = kek != null ? kek : kekFile != null ? TinkKeysets.kek(kekFile) : null;
    return new TinkKeySource(TinkKeysets.parse(json, aead, associatedData.clone(), source), source);
  }

  /** Equal when built from the same values; {@code kek}s compare by identity. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TinkKeyConfig c
        && Objects.equals(keysetFile, c.keysetFile)
        && Objects.equals(keysetJson, c.keysetJson)
        && Objects.equals(kekFile, c.kekFile)
        && kek == c.kek
        && Arrays.equals(associatedData, c.associatedData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        keysetFile,
        keysetJson,
        kekFile,
        System.identityHashCode(kek),
        Arrays.hashCode(associatedData));
  }

  @Override
  public String toString() {
    return "TinkKeyConfig[keyset="
        + (keysetFile != null ? keysetFile : "JSON text")
        + ", kek="
        + (kekFile != null ? kekFile : kek != null ? "Aead" : "none (cleartext)")
        + "]";
  }

  /**
   * Sets a config's values one by one; {@link #build()} checks them. Setters refuse null with a
   * {@code NullPointerException}. Not thread-safe.
   */
  public static final class Builder {
    private Path keysetFile;
    private String keysetJson;
    private Path kekFile;
    private Aead kek;
    private boolean insecureCleartext;
    private byte[] associatedData = new byte[0];

    private Builder() {}

    /** Read the keyset from this file when the module loads it; or set {@link #keysetJson}. */
    public Builder keysetFile(Path keysetFile) {
      this.keysetFile = Objects.requireNonNull(keysetFile, "keysetFile");
      return this;
    }

    /** The keyset as JSON text; or set {@link #keysetFile}. */
    public Builder keysetJson(String keysetJson) {
      this.keysetJson = Objects.requireNonNull(keysetJson, "keysetJson");
      return this;
    }

    /**
     * The keyset is encrypted under the cleartext AEAD keyset in this file; or set {@link #kek}.
     */
    public Builder kekFile(Path kekFile) {
      this.kekFile = Objects.requireNonNull(kekFile, "kekFile");
      return this;
    }

    /**
     * The keyset is encrypted under this AEAD (e.g. from a {@code KmsClient}); or set {@link
     * #kekFile}.
     */
    public Builder kek(Aead kek) {
      this.kek = Objects.requireNonNull(kek, "kek");
      return this;
    }

    /**
     * Whether the keyset is cleartext, with no key-encryption key. For tests only: the private key
     * sits unprotected on disk or in memory. False unless set.
     */
    public Builder insecureCleartext(boolean insecureCleartext) {
      this.insecureCleartext = insecureCleartext;
      return this;
    }

    /**
     * The associated data the keyset was encrypted with (Tink binds it to the ciphertext); empty
     * unless set.
     */
    public Builder associatedData(byte[] associatedData) {
      this.associatedData = Objects.requireNonNull(associatedData, "associatedData").clone();
      return this;
    }

    /**
     * The config.
     *
     * @throws ConfigurationException naming the first missing or conflicting value: {@code
     *     keysetFile} / {@code keysetJson} (neither or both), {@code kekFile} / {@code kek}
     *     (neither or both for an encrypted keyset, either for a cleartext one)
     */
    public TinkKeyConfig build() {
      String keysetFix = "set exactly one: keysetFile(path) or keysetJson(text)";
      if (keysetFile == null && keysetJson == null) {
        throw new ConfigurationException("keysetFile", "no keyset is set", keysetFix);
      }
      if (keysetFile != null && keysetJson != null) {
        throw new ConfigurationException(
            "keysetJson", "is set together with keysetFile", keysetFix);
      }
      if (kekFile != null && kek != null) {
        throw new ConfigurationException(
            "kek", "is set together with kekFile", "set exactly one: kekFile(path) or kek(aead)");
      }
      boolean kekSet = kekFile != null || kek != null;
      if (insecureCleartext && kekSet) {
        throw new ConfigurationException(
            kekFile != null ? "kekFile" : "kek",
            "is set for a keyset marked insecureCleartext",
            "drop the key-encryption key, or drop insecureCleartext(true) if the keyset is encrypted");
      }
      if (!insecureCleartext && !kekSet) {
        throw new ConfigurationException(
            "kekFile",
            "no key-encryption key is set",
            "set kekFile(path) or kek(aead) (e.g. KmsClient.getAead), or insecureCleartext(true)"
                + " in tests only");
      }
      if (insecureCleartext && associatedData.length > 0) {
        throw new ConfigurationException(
            "associatedData",
            "is set for a keyset marked insecureCleartext",
            "drop it: only an encrypted keyset is bound to associated data");
      }
      return new TinkKeyConfig(this);
    }
  }
}
