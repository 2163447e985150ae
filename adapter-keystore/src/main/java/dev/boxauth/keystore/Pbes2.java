package dev.boxauth.keystore;

import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyException.Problem;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts a PBES2 {@code EncryptedPrivateKeyInfo} (RFC 8018 §6.2, RFC 5958 §3): PBKDF2 with any
 * HMAC-SHA PRF, then AES-CBC or DES-EDE3-CBC.
 *
 * <p>Why not {@code javax.crypto.EncryptedPrivateKeyInfo}: the JDK parses PBES2 parameters only for
 * AES, while the Box Developer Console writes PBKDF2-HMAC-SHA1 with DES-EDE3-CBC, and it accepts
 * only ASCII passphrases. So the parameters are read here, with a small bounds-checked DER reader;
 * every cryptographic step (PBKDF2, the cipher) is the JDK's.
 */
final class Pbes2 {
  private static final String PBES2 = "1.2.840.113549.1.5.13";
  private static final String PBKDF2 = "1.2.840.113549.1.5.12";
  private static final String SCRYPT = "1.3.6.1.4.1.11591.4.11";
  private static final String HMAC_SHA1 = "1.2.840.113549.2.7";

  private Pbes2() {}

  /** The cipher a PBES2 encryption scheme OID names. */
  private record Scheme(String transformation, String keyAlgorithm, int keyBytes, int ivBytes) {
    static Scheme of(String oid) {
      return switch (oid) {
        case "1.2.840.113549.3.7" -> new Scheme("DESede/CBC/PKCS5Padding", "DESede", 24, 8);
        case "2.16.840.1.101.3.4.1.2" -> new Scheme("AES/CBC/PKCS5Padding", "AES", 16, 16);
        case "2.16.840.1.101.3.4.1.22" -> new Scheme("AES/CBC/PKCS5Padding", "AES", 24, 16);
        case "2.16.840.1.101.3.4.1.42" -> new Scheme("AES/CBC/PKCS5Padding", "AES", 32, 16);
        default -> null;
      };
    }
  }

  private static String prfName(String oid) {
    return switch (oid) {
      case HMAC_SHA1 -> "HmacSHA1";
      case "1.2.840.113549.2.8" -> "HmacSHA224";
      case "1.2.840.113549.2.9" -> "HmacSHA256";
      case "1.2.840.113549.2.10" -> "HmacSHA384";
      case "1.2.840.113549.2.11" -> "HmacSHA512";
      default -> null;
    };
  }

  /** True if {@code der} is an EncryptedPrivateKeyInfo whose scheme is PBES2. */
  static boolean isPbes2(byte[] der) {
    try {
      DerReader.Reader info = new DerReader.Reader(der).sequence();
      return PBES2.equals(info.sequence().oid());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The PKCS#8 {@code PrivateKeyInfo} inside; the caller clears it after use.
   *
   * @throws KeyException MALFORMED, UNSUPPORTED (scrypt, an unknown PRF or cipher, more iterations
   *     than {@link PbeIterations#MAX}) or WRONG_PASSPHRASE
   */
  static byte[] decrypt(byte[] der, char[] passphrase, String source) {
    PbeIterations.check(der, "encrypted key", source);
    Scheme scheme;
    String prf;
    byte[] salt;
    int iterations;
    byte[] iv;
    byte[] encrypted;
    try {
      DerReader.Reader info = new DerReader.Reader(der).sequence();
      DerReader.Reader algorithm = info.sequence();
      algorithm.oid(); // PBES2, checked by isPbes2
      DerReader.Reader params = algorithm.sequence();
      DerReader.Reader kdf = params.sequence();
      String kdfOid = kdf.oid();
      if (SCRYPT.equals(kdfOid)) {
        throw Keys.unsupported(
            source, "it is encrypted with scrypt, which the JDK lacks", Keys.FIX_REENCRYPT, null);
      }
      if (!PBKDF2.equals(kdfOid)) {
        throw Keys.unsupported(
            source,
            "its PBES2 key derivation " + kdfOid + " is not PBKDF2",
            Keys.FIX_REENCRYPT,
            null);
      }
      DerReader.Reader pbkdf2 = kdf.sequence();
      salt = pbkdf2.octets();
      BigInteger count = pbkdf2.integer();
      int keyLength = -1;
      if (pbkdf2.hasMore() && pbkdf2.peekTag() == DerReader.INTEGER) {
        keyLength = pbkdf2.integer().intValueExact();
      }
      String prfOid = pbkdf2.hasMore() ? pbkdf2.sequence().oid() : HMAC_SHA1;
      DerReader.Reader cipher = params.sequence();
      String cipherOid = cipher.oid();
      iv = cipher.octets();
      encrypted = info.octets();

      prf = prfName(prfOid);
      if (prf == null) {
        throw Keys.unsupported(
            source,
            "its PBKDF2 PRF " + prfOid + " is not an HMAC-SHA the JDK offers",
            Keys.FIX_REENCRYPT,
            null);
      }
      scheme = Scheme.of(cipherOid);
      if (scheme == null) {
        throw Keys.unsupported(
            source,
            "its PBES2 cipher " + cipherOid + " is not AES-CBC or DES-EDE3-CBC",
            Keys.FIX_REENCRYPT,
            null);
      }
      if (count.signum() <= 0 || count.bitLength() > 31) {
        throw new KeyException(
            Problem.MALFORMED, source, "its PBKDF2 iteration count is out of range", null);
      }
      if (salt.length == 0) {
        throw new KeyException(Problem.MALFORMED, source, "its PBKDF2 salt is empty", null);
      }
      iterations = count.intValue();
      if ((keyLength != -1 && keyLength != scheme.keyBytes()) || iv.length != scheme.ivBytes()) {
        throw new KeyException(
            Problem.MALFORMED, source, "its PBES2 key length or IV does not fit its cipher", null);
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new KeyException(
          Problem.MALFORMED, source, "the encrypted PKCS#8 structure is damaged", null);
    }
    return run(scheme, prf, salt, iterations, iv, encrypted, passphrase, source);
  }

  private static byte[] run(
      Scheme scheme,
      String prf,
      byte[] salt,
      int iterations,
      byte[] iv,
      byte[] encrypted,
      char[] passphrase,
      String source) {
    PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, scheme.keyBytes() * 8);
    byte[] keyBytes = null;
    try {
      keyBytes = SecretKeyFactory.getInstance("PBKDF2With" + prf).generateSecret(spec).getEncoded();
      Cipher cipher = Cipher.getInstance(scheme.transformation());
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(keyBytes, scheme.keyAlgorithm()),
          new IvParameterSpec(iv));
      return cipher.doFinal(encrypted);
    } catch (BadPaddingException e) {
      throw new KeyException(
          Problem.WRONG_PASSPHRASE,
          source,
          "decryption failed (PBES2, PBKDF2-"
              + prf
              + ", "
              + scheme.keyAlgorithm()
              + "-CBC): the"
              + " passphrase is wrong or the key is damaged",
          null);
    } catch (NoSuchAlgorithmException e) {
      throw Keys.unsupported(
          source,
          "this JDK has no PBKDF2With" + prf + " or " + scheme.transformation(),
          Keys.FIX_REENCRYPT,
          e);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new KeyException(
          Problem.MALFORMED,
          source,
          "the encrypted key could not be decrypted (" + e.getClass().getSimpleName() + ")",
          null);
    } finally {
      spec.clearPassword();
      if (keyBytes != null) {
        Arrays.fill(keyBytes, (byte) 0);
      }
    }
  }
}
