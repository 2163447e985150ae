package dev.boxauth.keystore;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.port.KeySource;
import java.io.IOException;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/**
 * Key chores for the command line and for setup code, with the JDK (and Tink for keysets): generate
 * an RSA key pair, write it as an encrypted PKCS#8 PEM and its public key as PEM, read a private
 * key from PEM and describe it, and turn a Box app's PEM key into an encrypted Tink keyset under a
 * key-encryption keyset. All methods are stateless and thread-safe.
 */
public final class KeyTools {
  /**
   * PBKDF2-HMAC-SHA256 iterations for keys this class encrypts: OWASP's 2023 figure. Decrypting
   * costs this once per process start: about 130 ms on a 2-core machine (module README).
   */
  static final int PBKDF2_ITERATIONS = 600_000;

  private static final String PBES2_AES256 = "PBEWithHmacSHA256AndAES_256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyTools() {}

  /** What a private key is, without any of its secret parts. */
  public record KeyDescription(String algorithm, int bits) {
    /** Validates the description. */
    public KeyDescription {
      Objects.requireNonNull(algorithm, "algorithm");
    }

    /** For example {@code RSA 2048-bit}, or just the algorithm when the size is unknown. */
    @Override
    public String toString() {
      return bits > 0 ? algorithm + " " + bits + "-bit" : algorithm;
    }
  }

  /**
   * A new RSA key pair.
   *
   * @param bits 2048, 3072 or 4096
   * @throws ConfigurationException for any other size
   */
  public static KeyPair generateRsaKeyPair(int bits) {
    if (bits != 2048 && bits != 3072 && bits != 4096) {
      throw new ConfigurationException(
          "bits", "an RSA key of " + bits + " bits is not offered", "use 2048, 3072 or 4096");
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits, RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK generates RSA keys", e);
    }
  }

  /**
   * The key as an encrypted PKCS#8 PEM ({@code BEGIN ENCRYPTED PRIVATE KEY}): PBES2 with
   * PBKDF2-HMAC-SHA256 (600,000 iterations, 16-byte random salt) and AES-256-CBC, as OpenSSL 3
   * writes it by default; {@code openssl pkcs8} and every boxauth key reader read it.
   *
   * @param passphrase printable ASCII (a JDK limit for password-based encryption), at least 8
   *     characters; not modified: clear it yourself
   * @throws ConfigurationException if the passphrase is too short or not printable ASCII
   * @throws KeyException UNSUPPORTED if the key can't be exported (an HSM key)
   */
  public static String encryptedPrivateKeyPem(PrivateKey key, char[] passphrase) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(passphrase, "passphrase");
    if (passphrase.length < 8) {
      throw new ConfigurationException(
          "passphrase", "is shorter than 8 characters", "choose a longer passphrase");
    }
    if (!Keys.isPrintableAscii(passphrase)) {
      throw new ConfigurationException(
          "passphrase",
          "has non-ASCII or control characters, which the JDK's PBES2 can't use",
          "choose a passphrase of printable ASCII characters");
    }
    byte[] plain = key.getEncoded();
    if (plain == null || !"PKCS#8".equals(key.getFormat())) {
      throw Keys.unsupported("the key to export", "it can't be exported as PKCS#8", null);
    }
    byte[] salt = new byte[16];
    byte[] iv = new byte[16];
    RANDOM.nextBytes(salt);
    RANDOM.nextBytes(iv);
    PBEKeySpec spec = new PBEKeySpec(passphrase);
    try {
      SecretKey secret = SecretKeyFactory.getInstance(PBES2_AES256).generateSecret(spec);
      Cipher cipher = Cipher.getInstance(PBES2_AES256);
      cipher.init(
          Cipher.ENCRYPT_MODE,
          secret,
          new PBEParameterSpec(salt, PBKDF2_ITERATIONS, new IvParameterSpec(iv)));
      byte[] encrypted = cipher.doFinal(plain);
      // JDK 17's EncryptedPrivateKeyInfo maps no OID to "PBEWithHmacSHA256AndAES_256" (it throws
      // "unrecognized algorithm name"); the same DER read back as generic "PBES2" parameters does.
      AlgorithmParameters pbes2 = AlgorithmParameters.getInstance("PBES2");
      pbes2.init(cipher.getParameters().getEncoded());
      return pem(
          "ENCRYPTED PRIVATE KEY", new EncryptedPrivateKeyInfo(pbes2, encrypted).getEncoded());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the JDK's " + PBES2_AES256 + " failed", e);
    } finally {
      spec.clearPassword();
      Keys.clear(plain);
    }
  }

  /** The public key as PEM ({@code BEGIN PUBLIC KEY}, X.509 SubjectPublicKeyInfo): upload this. */
  public static String publicKeyPem(PublicKey key) {
    Objects.requireNonNull(key, "key");
    return pem("PUBLIC KEY", key.getEncoded());
  }

  /**
   * The public half of an RSA private key.
   *
   * @throws KeyException UNSUPPORTED if the key does not carry its public exponent (only RSA CRT
   *     keys do; HSM keys may not)
   */
  public static PublicKey publicKeyOf(PrivateKey key) {
    Objects.requireNonNull(key, "key");
    if (!(key instanceof RSAPrivateCrtKey crt)) {
      throw Keys.unsupported(
          "the given key", "the public key can't be derived (not an RSA CRT key)", null);
    }
    try {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK builds RSA public keys", e);
    }
  }

  /**
   * Reads an RSA private key (2048 bits or more) from PEM text: PKCS#8, encrypted PKCS#8 (PBES2 or
   * PBES1), PKCS#1, or legacy-encrypted PKCS#1.
   *
   * @param passphrase the passphrase, or null for an unencrypted key; not modified
   * @throws KeyException naming the problem (passphrase required or wrong, malformed, unsupported
   *     or weak key)
   */
  public static PrivateKey readPrivateKey(String pem, char[] passphrase) {
    Objects.requireNonNull(pem, "pem");
    return PemDecoder.decode(pem, passphrase, "PEM text");
  }

  /**
   * Decrypts the private key of a Box app config, as {@code boxauth check} does.
   *
   * @throws KeyException naming {@code boxAppSettings.appAuth.privateKey} and the config's source
   */
  public static PrivateKey readPrivateKey(BoxAppConfig config) {
    Objects.requireNonNull(config, "config");
    char[] passphrase = passphraseOf(config);
    try {
      return PemDecoder.decode(config.privateKeyPem().reveal(), passphrase, keySource(config));
    } finally {
      Keys.clear(passphrase);
    }
  }

  /** The key's algorithm and size (0 when the provider does not tell, e.g. an HSM key). */
  public static KeyDescription describe(PrivateKey key) {
    Objects.requireNonNull(key, "key");
    int bits = key instanceof RSAKey rsa ? rsa.getModulus().bitLength() : 0;
    return new KeyDescription(key.getAlgorithm(), bits);
  }

  /**
   * A Tink JWT keyset (RSA-SSA-PKCS1, one primary key) holding {@code key}, whose {@code kid} is
   * {@code keyId}, so Box finds the uploaded public key.
   *
   * @throws KeyException UNSUPPORTED or WEAK if the key is not an exportable RSA key of 2048 bits
   *     or more
   */
  public static KeysetHandle toTinkKeyset(
      PrivateKey key, KeyId keyId, SignatureAlgorithm algorithm) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(algorithm, "algorithm");
    return TinkKeysets.fromPrivateKey(key, keyId, algorithm, "the key to convert");
  }

  /**
   * A new key-encryption keyset (AES-256-GCM) as cleartext Tink JSON: secret material, so write it
   * readable by its owner only ({@code boxauth keys kek} does) and keep it apart from the keysets
   * it protects. In production prefer a KMS key ({@code KmsClient.getAead}).
   */
  public static String newKekKeysetJson() {
    return TinkKeysets.newKekJson();
  }

  /**
   * A Box app's PEM key as a Tink JWT keyset, encrypted under the key-encryption keyset in {@code
   * kekKeysetFile}, as Tink JSON ({@code boxauth keys to-tink} writes it to a file). The kid is the
   * config's {@code publicKeyID}. Load the result with {@code
   * TinkKeyConfig.builder().keysetFile(keyset).kekFile(kekKeysetFile)}.
   *
   * @throws KeyException if the config's key can't be decrypted or used, or the KEK can't be read
   */
  public static String encryptedTinkKeysetJson(
      BoxAppConfig config, SignatureAlgorithm algorithm, Path kekKeysetFile) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(kekKeysetFile, "kekKeysetFile");
    Aead kek = TinkKeysets.kek(kekKeysetFile);
    KeysetHandle keyset =
        TinkKeysets.fromPrivateKey(
            readPrivateKey(config), config.keyId(), algorithm, keySource(config));
    try {
      return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, kek, new byte[0]);
    } catch (GeneralSecurityException e) {
      throw new KeyException(
          KeyException.Problem.SIGNING_FAILED,
          "key-encryption keyset " + kekKeysetFile,
          "encrypting the keyset failed",
          e);
    }
  }

  // ---- package-private: the modules' loaders ----------------------------------------------

  static KeySource keySource(BoxAppConfig config, SignatureAlgorithm algorithm) {
    return PemKeySource.load(
        config.privateKeyPem().reveal(),
        passphraseOf(config),
        config.keyId(),
        algorithm,
        keySource(config));
  }

  static KeySource keySource(PemKeyConfig config) {
    String pem =
        config.file() != null
            ? Keys.readSmallFile(config.file(), config.source())
            : config.pem().reveal();
    char[] passphrase =
        config.passphrase() == null ? null : config.passphrase().reveal().toCharArray();
    return PemKeySource.load(pem, passphrase, config.keyId(), config.algorithm(), config.source());
  }

  static KeySource keySource(Pkcs12KeyConfig config) {
    return Pkcs12KeySource.load(
        config.file(),
        config.storePassword() == null ? null : config.storePassword().reveal().toCharArray(),
        config.keyPassword() == null ? null : config.keyPassword().reveal().toCharArray(),
        config.alias(),
        config.keyId(),
        config.algorithm());
  }

  private static String keySource(BoxAppConfig config) {
    return "boxAppSettings.appAuth.privateKey in "
        + (config.source().equals("config JSON") || config.source().equals("builder")
            ? config.source()
            : "config file " + config.source());
  }

  private static char[] passphraseOf(BoxAppConfig config) {
    return config.passphrase().map(p -> p.reveal().toCharArray()).orElse(null);
  }

  private static String pem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  /** Creates {@code out} (never overwriting), owner-only where POSIX permissions exist. */
}
