package dev.boxauth.testkit;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** PEM keys and self-signed certificates, with the JDK alone. */
final class KeyMaterial {
  private KeyMaterial() {}

  private static final String PBES2_OID = "1.2.840.113549.1.5.13";
  private static final String SHA256_WITH_RSA_OID = "1.2.840.113549.1.1.11";
  private static final String COMMON_NAME_OID = "2.5.4.3";
  private static final String SUBJECT_ALT_NAME_OID = "2.5.29.17";

  /** What {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes: PBKDF2-HMAC-SHA256, AES-256-CBC. */
  private static final String PBE_ALGORITHM = "PBEWithHmacSHA256AndAES_256";

  private static final int PBKDF2_ITERATIONS = 2048;

  private static final String PBKDF2_OID = "1.2.840.113549.1.5.12";
  private static final String DES_EDE3_CBC_OID = "1.2.840.113549.3.7";

  /**
   * The private key as an encrypted PKCS#8 PEM in the form found in real Box config files: PBES2
   * with PBKDF2-HMAC-SHA1 (the default PRF, so no PRF field), an 8-byte salt, 2048 iterations and
   * DES-EDE3-CBC. The JDK's PBES2 support cannot write (or read) DES-EDE3 parameters, so the key is
   * derived and encrypted with the primitives and the structure written here (RFC 8018 §6.2, §A.2,
   * §B.2.2).
   */
  static String consolePkcs8Pem(PrivateKey key, char[] passphrase) {
    try {
      byte[] salt = Ids.bytes(8);
      byte[] iv = Ids.bytes(8);
      SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1");
      byte[] derived =
          pbkdf2
              .generateSecret(new PBEKeySpec(passphrase, salt, PBKDF2_ITERATIONS, 24 * 8))
              .getEncoded();
      Cipher cipher = Cipher.getInstance("DESede/CBC/PKCS5Padding");
      cipher.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(derived, "DESede"), new IvParameterSpec(iv));
      byte[] encrypted = cipher.doFinal(key.getEncoded());
      byte[] der =
          DerWriter.sequence(
              DerWriter.sequence(
                  DerWriter.oid(PBES2_OID),
                  DerWriter.sequence(
                      DerWriter.sequence(
                          DerWriter.oid(PBKDF2_OID),
                          DerWriter.sequence(
                              DerWriter.octetString(salt), DerWriter.integer(PBKDF2_ITERATIONS))),
                      DerWriter.sequence(
                          DerWriter.oid(DES_EDE3_CBC_OID), DerWriter.octetString(iv)))),
              DerWriter.octetString(encrypted));
      return pem("ENCRYPTED PRIVATE KEY", der);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt a private key with PBES2/DES-EDE3-CBC", e);
    }
  }

  /**
   * The private key as an encrypted PKCS#8 PEM ({@code BEGIN ENCRYPTED PRIVATE KEY}), PBES2 with
   * PBKDF2-HMAC-SHA256 and AES-256-CBC, the form Box's console writes into the config file.
   */
  static String encryptedPkcs8Pem(PrivateKey key, char[] passphrase) {
    try {
      SecretKey pbeKey =
          SecretKeyFactory.getInstance(PBE_ALGORITHM).generateSecret(new PBEKeySpec(passphrase));
      Cipher cipher = Cipher.getInstance(PBE_ALGORITHM);
      cipher.init(
          Cipher.ENCRYPT_MODE,
          pbeKey,
          new PBEParameterSpec(
              Ids.bytes(16), PBKDF2_ITERATIONS, new IvParameterSpec(Ids.bytes(16))));
      byte[] encrypted = cipher.doFinal(key.getEncoded());
      // EncryptedPrivateKeyInfo(AlgorithmParameters, byte[]) cannot name PBES2 on JDK 17
      // ("unrecognized algorithm name"), so the outer structure is written here (RFC 5958 §3).
      byte[] der =
          DerWriter.sequence(
              DerWriter.sequence(DerWriter.oid(PBES2_OID), cipher.getParameters().getEncoded()),
              DerWriter.octetString(encrypted));
      new EncryptedPrivateKeyInfo(der); // parses back, or throws
      return pem("ENCRYPTED PRIVATE KEY", der);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot encrypt a private key with " + PBE_ALGORITHM, e);
    }
  }

  /** PEM with 64-character lines and a final newline (RFC 7468). */
  static String pem(String label, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  /**
   * A self-signed X.509 v3 certificate for {@code 127.0.0.1} and {@code localhost} (subject
   * alternative names), valid from a day ago for a year, signed SHA256withRSA (RFC 5280 §4.1).
   */
  static X509Certificate selfSignedCertificate(KeyPair pair, String commonName, Instant now) {
    byte[] algorithm = DerWriter.sequence(DerWriter.oid(SHA256_WITH_RSA_OID), DerWriter.nul());
    byte[] name =
        DerWriter.sequence(
            DerWriter.set(
                DerWriter.sequence(
                    DerWriter.oid(COMMON_NAME_OID), DerWriter.utf8String(commonName))));
    byte[] serial = Ids.bytes(16);
    serial[0] &= 0x7f; // positive
    serial[0] |= 0x01; // and never a redundant leading zero
    byte[] altNames =
        DerWriter.sequence(
            DerWriter.implicitPrimitive(7, new byte[] {127, 0, 0, 1}),
            DerWriter.implicitPrimitive(2, "localhost".getBytes(StandardCharsets.US_ASCII)));
    byte[] extensions =
        DerWriter.explicit(
            3,
            DerWriter.sequence(
                DerWriter.sequence(
                    DerWriter.oid(SUBJECT_ALT_NAME_OID), DerWriter.octetString(altNames))));
    byte[] tbs =
        DerWriter.sequence(
            DerWriter.explicit(0, DerWriter.integer(2)),
            DerWriter.integer(new BigInteger(serial)),
            algorithm,
            name,
            DerWriter.sequence(
                DerWriter.utcTime(now.minus(Duration.ofDays(1))),
                DerWriter.utcTime(now.plus(Duration.ofDays(365)))),
            name,
            pair.getPublic().getEncoded(),
            extensions);
    try {
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(pair.getPrivate());
      signer.update(tbs);
      byte[] der = DerWriter.sequence(tbs, algorithm, DerWriter.bitString(signer.sign()));
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
      cert.verify(pair.getPublic());
      return cert;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the emulator's TLS certificate", e);
    }
  }
}
