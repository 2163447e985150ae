package dev.boxauth.keystore;

import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.jwt.JwtPublicKeySign;
import com.google.crypto.tink.jwt.JwtRsaSsaPkcs1Parameters;
import com.google.crypto.tink.jwt.JwtRsaSsaPkcs1PrivateKey;
import com.google.crypto.tink.signature.RsaSsaPkcs1Parameters;
import com.google.crypto.tink.signature.RsaSsaPkcs1PrivateKey;
import com.google.crypto.tink.signature.RsaSsaPkcs1PublicKey;
import com.google.crypto.tink.subtle.RsaSsaPkcs1SignJce;
import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyException.Problem;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.port.AssertionSigner;
import dev.boxauth.port.KeySource;
import dev.boxauth.port.SigningKey;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * The primary key of a Tink JWT keyset (RSA-SSA-PKCS1: RS256, RS384 or RS512, with a custom {@code
 * kid} = Box's key id). Rotating means adding a key to the keyset and making it primary: both this
 * source and {@link #assertionSigner()} follow the primary.
 *
 * <p>Tink's JWT primitive signs whole tokens only, but {@link SigningKey#sign} signs raw bytes. For
 * that, the same key material is handed, still wrapped in Tink's {@code SecretBigInteger}s (never
 * revealed), to Tink's RSA-SSA-PKCS1 {@link PublicKeySign} with the matching hash and no output
 * prefix. RSASSA-PKCS1-v1_5 over the JWS signing input is exactly what JWS RS256/384/512 is (RFC
 * 7518 §3.3), so both routes produce interchangeable signatures. Immutable and thread-safe.
 */
final class TinkKeySource implements KeySource {
  private final TinkSigningKey key;
  private final JwtPublicKeySign jwtSign;
  private final String source;

  /**
   * @throws KeyException UNSUPPORTED if the primary key is not a JWT RSA-SSA-PKCS1 private key with
   *     a custom kid
   */
  TinkKeySource(KeysetHandle keyset, String source) {
    TinkKeysets.register();
    this.source = Objects.requireNonNull(source, "source");
    Key primary = TinkKeysets.primaryKey(keyset, source);
    if (!(primary instanceof JwtRsaSsaPkcs1PrivateKey jwtKey)) {
      throw Keys.unsupported(
          source,
          "its primary key is of type "
              + primary.getClass().getSimpleName()
              + "; Box needs a JWT RSA-SSA-PKCS1 private key (RS256, RS384 or RS512)",
          Keys.FIX_TINK_KEYSET,
          null);
    }
    JwtRsaSsaPkcs1Parameters parameters = jwtKey.getParameters();
    if (parameters.getKidStrategy() != JwtRsaSsaPkcs1Parameters.KidStrategy.CUSTOM
        || jwtKey.getPublicKey().getKid().isEmpty()) {
      throw Keys.unsupported(
          source,
          "its primary key has no custom kid (kid strategy "
              + parameters.getKidStrategy()
              + "), so Box could not find the public key",
          Keys.FIX_TINK_KEYSET,
          null);
    }
    if (parameters.getModulusSizeBits() < Keys.MIN_RSA_BITS) {
      throw new KeyException(
          Problem.WEAK,
          source,
          "it is a " + parameters.getModulusSizeBits() + "-bit RSA key; at least 2048 are required",
          null);
    }
    SignatureAlgorithm algorithm =
        SignatureAlgorithm.valueOf(parameters.getAlgorithm().getStandardName());
    KeyId keyId;
    try {
      keyId = new KeyId(jwtKey.getPublicKey().getKid().get());
    } catch (IllegalArgumentException e) {
      throw Keys.unsupported(
          source,
          "its primary key's kid is not a key id Box can have (1 to 256 characters, no"
              + " whitespace or control characters)",
          Keys.FIX_TINK_KEYSET,
          null);
    }
    try {
      this.jwtSign = keyset.getPrimitive(RegistryConfiguration.get(), JwtPublicKeySign.class);
      this.key =
          new TinkSigningKey(
              keyId,
              algorithm,
              RsaSsaPkcs1SignJce.create(bytesSigningKey(jwtKey, algorithm)),
              source);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw Keys.unsupported(
          source,
          "Tink can't sign with its primary key (" + e.getClass().getSimpleName() + ")",
          Keys.FIX_TINK_KEYSET,
          null);
    }
  }

  /** The same RSA key as a plain RSA-SSA-PKCS1 signature key (no output prefix). */
  private static RsaSsaPkcs1PrivateKey bytesSigningKey(
      JwtRsaSsaPkcs1PrivateKey jwtKey, SignatureAlgorithm algorithm)
      throws GeneralSecurityException {
    RsaSsaPkcs1Parameters parameters =
        RsaSsaPkcs1Parameters.builder()
            .setModulusSizeBits(jwtKey.getParameters().getModulusSizeBits())
            .setPublicExponent(jwtKey.getParameters().getPublicExponent())
            .setHashType(
                switch (algorithm) {
                  case RS256 -> RsaSsaPkcs1Parameters.HashType.SHA256;
                  case RS384 -> RsaSsaPkcs1Parameters.HashType.SHA384;
                  case RS512 -> RsaSsaPkcs1Parameters.HashType.SHA512;
                })
            .setVariant(RsaSsaPkcs1Parameters.Variant.NO_PREFIX)
            .build();
    RsaSsaPkcs1PublicKey publicKey =
        RsaSsaPkcs1PublicKey.builder()
            .setParameters(parameters)
            .setModulus(jwtKey.getPublicKey().getModulus())
            .build();
    return RsaSsaPkcs1PrivateKey.builder()
        .setPublicKey(publicKey)
        .setPrimes(jwtKey.getPrimeP(), jwtKey.getPrimeQ())
        .setPrivateExponent(jwtKey.getPrivateExponent())
        .setPrimeExponents(jwtKey.getPrimeExponentP(), jwtKey.getPrimeExponentQ())
        .setCrtCoefficient(jwtKey.getCrtCoefficient())
        .build();
  }

  @Override
  public SigningKey current() {
    return key;
  }

  /** A signer over Tink's JWT API with the same keyset's primary key. */
  AssertionSigner assertionSigner() {
    return new TinkAssertionSigner(jwtSign, source);
  }

  @Override
  public String toString() {
    return "TinkKeySource[kid="
        + key.keyId()
        + ", alg="
        + key.algorithm()
        + ", source="
        + source
        + "]";
  }

  /** Signs raw bytes with Tink's RSA-SSA-PKCS1 primitive. */
  private record TinkSigningKey(
      KeyId keyId, SignatureAlgorithm algorithm, PublicKeySign signer, String source)
      implements SigningKey {
    @Override
    public byte[] sign(byte[] data) {
      Objects.requireNonNull(data, "data");
      try {
        return signer.sign(data);
      } catch (GeneralSecurityException | RuntimeException e) {
        throw new KeyException(
            Problem.SIGNING_FAILED,
            source,
            "Tink " + algorithm + " signing failed: " + e.getClass().getSimpleName(),
            e);
      }
    }

    @Override
    public String toString() {
      return "TinkSigningKey[kid=" + keyId + ", alg=" + algorithm + ", source=" + source + "]";
    }
  }
}
