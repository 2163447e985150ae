package dev.boxauth.keystore;

import com.google.crypto.tink.Aead;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where {@link TinkKeyModule} finds its Tink JWT keyset (RS256/384/512, in Tink's JSON format) and
 * how the keyset is protected:
 *
 * <ul>
 *   <li>{@link #encrypted(Path, Path)}: encrypted under a local key-encryption keyset file (an
 *       AES-GCM keyset, see {@link KeyTools#newKekKeysetJson()});
 *   <li>{@link #encrypted(Path, Aead)} / {@link #encryptedJson(String, Aead)}: encrypted under any
 *       {@link Aead}, typically {@code KmsClient.getAead(keyUri)} so the key-encryption key never
 *       leaves a cloud KMS;
 *   <li>{@link #insecureCleartext(Path)} / {@link #insecureCleartextJson(String)}: a cleartext
 *       keyset, for tests only.
 * </ul>
 *
 * The kid of the keyset's primary key must be Box's key id ({@link
 * KeyTools#encryptedTinkKeysetJson} writes such keysets). Immutable; {@code toString()} shows
 * paths, never key material.
 */
public final class TinkKeyConfig {
  private final Path keysetFile;
  private final String keysetJson;
  private final Path kekFile;
  private final Aead kek;
  private final byte[] associatedData;

  private TinkKeyConfig(
      Path keysetFile, String keysetJson, Path kekFile, Aead kek, byte[] associatedData) {
    this.keysetFile = keysetFile;
    this.keysetJson = keysetJson;
    this.kekFile = kekFile;
    this.kek = kek;
    this.associatedData = associatedData.clone();
  }

  /** An encrypted keyset file whose key-encryption key is a cleartext AEAD keyset file. */
  public static TinkKeyConfig encrypted(Path keysetFile, Path kekKeysetFile) {
    return new TinkKeyConfig(
        Objects.requireNonNull(keysetFile, "keysetFile"),
        null,
        Objects.requireNonNull(kekKeysetFile, "kekKeysetFile"),
        null,
        new byte[0]);
  }

  /** An encrypted keyset file whose key-encryption key is {@code kek} (e.g. from a KmsClient). */
  public static TinkKeyConfig encrypted(Path keysetFile, Aead kek) {
    return new TinkKeyConfig(
        Objects.requireNonNull(keysetFile, "keysetFile"),
        null,
        null,
        Objects.requireNonNull(kek, "kek"),
        new byte[0]);
  }

  /** An encrypted keyset given as JSON text, with its key-encryption {@code kek}. */
  public static TinkKeyConfig encryptedJson(String keysetJson, Aead kek) {
    return new TinkKeyConfig(
        null,
        Objects.requireNonNull(keysetJson, "keysetJson"),
        null,
        Objects.requireNonNull(kek, "kek"),
        new byte[0]);
  }

  /** A cleartext keyset file. For tests only: the private key sits unprotected on disk. */
  public static TinkKeyConfig insecureCleartext(Path keysetFile) {
    return new TinkKeyConfig(
        Objects.requireNonNull(keysetFile, "keysetFile"), null, null, null, new byte[0]);
  }

  /** A cleartext keyset given as JSON text. For tests only. */
  public static TinkKeyConfig insecureCleartextJson(String keysetJson) {
    return new TinkKeyConfig(
        null, Objects.requireNonNull(keysetJson, "keysetJson"), null, null, new byte[0]);
  }

  /**
   * This config with the associated data the keyset was encrypted with (Tink binds it to the
   * ciphertext; the default is empty).
   */
  public TinkKeyConfig withAssociatedData(byte[] associatedData) {
    return new TinkKeyConfig(
        keysetFile,
        keysetJson,
        kekFile,
        kek,
        Objects.requireNonNull(associatedData, "associatedData"));
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

  @Override
  public String toString() {
    return "TinkKeyConfig[keyset="
        + (keysetFile != null ? keysetFile : "JSON text")
        + ", kek="
        + (kekFile != null ? kekFile : kek != null ? "Aead" : "none (cleartext)")
        + "]";
  }
}
