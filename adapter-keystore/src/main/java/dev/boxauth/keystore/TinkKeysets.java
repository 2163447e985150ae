package dev.boxauth.keystore;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.jwt.JwtRsaSsaPkcs1Parameters;
import com.google.crypto.tink.jwt.JwtRsaSsaPkcs1PrivateKey;
import com.google.crypto.tink.jwt.JwtRsaSsaPkcs1PublicKey;
import com.google.crypto.tink.jwt.JwtSignatureConfig;
import com.google.crypto.tink.util.SecretBigInteger;
import com.squareup.moshi.JsonReader;
import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyException.Problem;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.HashSet;
import java.util.Set;
import okio.Buffer;

/**
 * Tink keysets in Tink's JSON format: reading (cleartext or encrypted under a key-encryption {@link
 * Aead}), key-encryption keysets, and importing a JCA RSA key as a JWT RS256/384/512 key whose
 * {@code kid} is Box's key id. Stateless and thread-safe.
 */
final class TinkKeysets {
  private TinkKeysets() {}

  private static final class Registered {
    static {
      try {
        JwtSignatureConfig.register();
        AeadConfig.register();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Tink's JWT and AEAD key managers failed to register", e);
      }
    }

    static void ensure() {}
  }

  /** Registers Tink's JWT signature and AEAD key managers, once per JVM. */
  static void register() {
    Registered.ensure();
  }

  /**
   * Parses a keyset.
   *
   * @param kek the key-encryption AEAD, or null for a cleartext keyset (tests only)
   * @param associatedData bound to the encryption; empty if none
   */
  static KeysetHandle parse(String json, Aead kek, byte[] associatedData, String source) {
    register();
    Keys.requireSmallText(json, source);
    Set<String> names = topLevelNames(json);
    if (names == null) {
      throw new KeyException(
          Problem.MALFORMED,
          source,
          "it is not a Tink keyset in JSON format",
          Keys.FIX_TINK_KEYSET,
          null);
    }
    boolean encrypted = names.contains("encryptedKeyset");
    if (kek != null && !encrypted) {
      throw new KeyException(
          Problem.MALFORMED,
          source,
          names.contains("key")
              ? "it is a cleartext keyset, but a key-encryption key was configured"
              : "it is not a Tink keyset in JSON format (no 'encryptedKeyset')",
          names.contains("key")
              ? "encrypt it (`boxauth keys to-tink`), or load it with"
                  + " TinkKeyConfig.builder().insecureCleartext(true) in tests only"
              : Keys.FIX_TINK_KEYSET,
          null);
    }
    if (kek == null && encrypted) {
      throw new KeyException(
          Problem.MALFORMED,
          source,
          "it is an encrypted keyset, but no key-encryption key was configured",
          "load it with a key-encryption key: TinkKeyConfig.builder().kekFile(path) or .kek(aead)",
          null);
    }
    try {
      return kek != null
          ? TinkJsonProtoKeysetFormat.parseEncryptedKeyset(json, kek, associatedData)
          : TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException | RuntimeException e) {
      // Not kept as the cause: Tink's messages may print parts of the key material.
      if (encrypted) {
        throw new KeyException(
            Problem.WRONG_PASSPHRASE,
            source,
            "the keyset can't be decrypted with the configured key-encryption key (wrong KEK,"
                + " wrong associated data, or a damaged file)",
            "use the key-encryption key (and associated data) the keyset was written with",
            null);
      }
      throw new KeyException(
          Problem.MALFORMED,
          source,
          "the Tink keyset can't be parsed (" + e.getClass().getSimpleName() + ")",
          Keys.FIX_TINK_KEYSET,
          null);
    }
  }

  /** The AEAD of a cleartext key-encryption keyset file (e.g. AES256_GCM). */
  static Aead kek(Path file) {
    String source = "key-encryption keyset " + file;
    return kekFromJson(Keys.readSmallFile(file, source), source);
  }

  static Aead kekFromJson(String json, String source) {
    KeysetHandle handle = parse(json, null, new byte[0], source);
    Key primary = primaryKey(handle, source);
    try {
      return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw Keys.unsupported(
          source,
          "it is not an AEAD keyset (it holds " + primary.getClass().getSimpleName() + ")",
          "point to an AEAD keyset such as AES256_GCM (KeyTools.newKekKeysetJson makes one)",
          null);
    }
  }

  /** The keyset's primary key; a keyset without an enabled primary is a typed error. */
  static Key primaryKey(KeysetHandle keyset, String source) {
    try {
      return keyset.getPrimary().getKey();
    } catch (RuntimeException e) {
      throw new KeyException(
          Problem.MALFORMED,
          source,
          "the keyset has no enabled primary key",
          "make one key primary and enabled (Tinkey: `promote-key`, `enable-key`)",
          null);
    }
  }

  /** A new AES-256-GCM keyset, as cleartext JSON, to use as a local key-encryption key. */
  static String newKekJson() {
    register();
    try {
      KeysetHandle kek = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
      return TinkJsonProtoKeysetFormat.serializeKeyset(kek, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("generating an AES-256-GCM keyset failed", e);
    }
  }

  /**
   * A one-key JWT keyset (RSA-SSA-PKCS1, {@code KidStrategy.CUSTOM}) holding {@code key}, with
   * {@code kid} = {@code keyId}.
   *
   * @throws KeyException UNSUPPORTED if the key is not an exportable RSA CRT key
   */
  static KeysetHandle fromPrivateKey(
      PrivateKey key, KeyId keyId, SignatureAlgorithm algorithm, String source) {
    register();
    Keys.requireUsable(key, source);
    if (!(key instanceof RSAPrivateCrtKey crt)) {
      throw Keys.unsupported(
          source,
          "Tink needs the whole RSA key (CRT form); this key does not expose it (an HSM key?)",
          null);
    }
    try {
      JwtRsaSsaPkcs1Parameters parameters =
          JwtRsaSsaPkcs1Parameters.builder()
              .setModulusSizeBits(crt.getModulus().bitLength())
              .setPublicExponent(crt.getPublicExponent())
              .setAlgorithm(tinkAlgorithm(algorithm))
              .setKidStrategy(JwtRsaSsaPkcs1Parameters.KidStrategy.CUSTOM)
              .build();
      JwtRsaSsaPkcs1PublicKey publicKey =
          JwtRsaSsaPkcs1PublicKey.builder()
              .setParameters(parameters)
              .setModulus(crt.getModulus())
              .setCustomKid(keyId.value())
              .build();
      JwtRsaSsaPkcs1PrivateKey privateKey =
          JwtRsaSsaPkcs1PrivateKey.builder()
              .setPublicKey(publicKey)
              .setPrimes(secret(crt.getPrimeP()), secret(crt.getPrimeQ()))
              .setPrivateExponent(secret(crt.getPrivateExponent()))
              .setPrimeExponents(secret(crt.getPrimeExponentP()), secret(crt.getPrimeExponentQ()))
              .setCrtCoefficient(secret(crt.getCrtCoefficient()))
              .build();
      return KeysetHandle.newBuilder()
          .addEntry(KeysetHandle.importKey(privateKey).withRandomId().makePrimary())
          .build();
    } catch (GeneralSecurityException e) {
      throw Keys.unsupported(source, "Tink refused the RSA key", null);
    }
  }

  static JwtRsaSsaPkcs1Parameters.Algorithm tinkAlgorithm(SignatureAlgorithm algorithm) {
    return switch (algorithm) {
      case RS256 -> JwtRsaSsaPkcs1Parameters.Algorithm.RS256;
      case RS384 -> JwtRsaSsaPkcs1Parameters.Algorithm.RS384;
      case RS512 -> JwtRsaSsaPkcs1Parameters.Algorithm.RS512;
    };
  }

  private static SecretBigInteger secret(BigInteger value) {
    return SecretBigInteger.fromBigInteger(value, InsecureSecretKeyAccess.get());
  }

  /** The top-level member names of a JSON object, or null if the text is not a JSON object. */
  private static Set<String> topLevelNames(String json) {
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json))) {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        return null;
      }
      Set<String> names = new HashSet<>();
      reader.beginObject();
      while (reader.hasNext()) {
        names.add(reader.nextName());
        reader.skipValue();
      }
      reader.endObject();
      return names;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
