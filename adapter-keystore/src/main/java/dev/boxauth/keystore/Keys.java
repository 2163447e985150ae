package dev.boxauth.keystore;

import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyException.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.List;

/** Checks every loaded key passes, and small helpers for key material hygiene. */
final class Keys {
  /** Box refuses nothing shorter, and neither do we. */
  static final int MIN_RSA_BITS = 2048;

  private static final long MAX_FILE_BYTES = 1 << 20;

  /** Advice for a key encrypted in a way the JDK can't decrypt. */
  static final String FIX_REENCRYPT =
      "re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -in OLD.pem"
          + " -out NEW.pem` (an ASCII passphrase)";

  /** Advice for a public key or certificate given where the private key belongs. */
  static final String FIX_PRIVATE_NOT_PUBLIC =
      "pass the private key file (BEGIN PRIVATE KEY, ENCRYPTED PRIVATE KEY or RSA PRIVATE KEY);"
          + " the public key and certificate are what Box holds";

  /** Advice for a Tink keyset that is not a Box signing keyset. */
  static final String FIX_TINK_KEYSET =
      "convert the app's PEM key with `boxauth keys to-tink` (KeyTools.encryptedTinkKeysetJson), which"
          + " writes an RSA JWT keyset whose kid is Box's key id";

  /** Algorithms recognised only to say clearly that Box can't use them. */
  private static final List<String> OTHER_ALGORITHMS =
      List.of("RSASSA-PSS", "EC", "DSA", "EdDSA", "XDH");

  private Keys() {}

  /**
   * The RSA key a PKCS#8 {@code PrivateKeyInfo} holds, checked by {@link #requireUsable}.
   *
   * @param decrypted whether {@code der} came out of a decryption (then garbage means a wrong
   *     passphrase rather than a damaged file)
   */
  static PrivateKey fromPkcs8(byte[] der, String source, boolean decrypted) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException rsaFailure;
    try {
      return requireUsable(KeyFactory.getInstance("RSA").generatePrivate(spec), source);
    } catch (GeneralSecurityException e) {
      rsaFailure = e;
    }
    for (String algorithm : OTHER_ALGORITHMS) {
      try {
        KeyFactory.getInstance(algorithm).generatePrivate(spec);
        throw unsupported(source, "it is " + article(algorithm) + " key, not an RSA key", null);
      } catch (GeneralSecurityException notThisOne) {
        // try the next algorithm
      }
    }
    if (decrypted) {
      throw new KeyException(
          Problem.WRONG_PASSPHRASE,
          source,
          "the decrypted bytes are not a private key (wrong passphrase or damaged key)",
          rsaFailure);
    }
    throw new KeyException(
        Problem.MALFORMED,
        source,
        "the PKCS#8 structure is not a readable private key",
        rsaFailure);
  }

  /**
   * Refuses anything but an RSA key of at least 2048 bits. Keys whose size can't be read (an HSM
   * key that is not an {@link RSAKey}) pass on their algorithm name alone.
   */
  static PrivateKey requireUsable(PrivateKey key, String source) {
    if (!"RSA".equalsIgnoreCase(key.getAlgorithm())) {
      throw unsupported(
          source, "it is " + article(key.getAlgorithm()) + " key, not an RSA key", null);
    }
    if (key instanceof RSAKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
      throw new KeyException(
          Problem.WEAK,
          source,
          "it is a "
              + rsa.getModulus().bitLength()
              + "-bit RSA key; at least "
              + MIN_RSA_BITS
              + " bits are required",
          null);
    }
    return key;
  }

  /** Reads a key file (keys and keysets are small: over 1 MiB is refused unread). */
  static String readSmallFile(Path file, String source) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new KeyException(
            Problem.MALFORMED, source, "the file is larger than 1 MiB: not a key", null);
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new KeyException(Problem.NOT_FOUND, source, "the file does not exist", e);
    } catch (IOException e) {
      throw new KeyException(
          Problem.NOT_FOUND,
          source,
          "the file can't be read as UTF-8 text (" + e.getClass().getSimpleName() + ")",
          e);
    }
  }

  static KeyException unsupported(String source, String detail, Throwable cause) {
    return new KeyException(Problem.UNSUPPORTED, source, detail, cause);
  }

  static KeyException unsupported(String source, String detail, String fix, Throwable cause) {
    return new KeyException(Problem.UNSUPPORTED, source, detail, fix, cause);
  }

  /** UTF-8 bytes of a passphrase without going through an immutable String. Clear the result. */
  static byte[] utf8(char[] chars) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return bytes;
  }

  /** Whether the JDK's PBE key factories accept the passphrase (they take printable ASCII only). */
  static boolean isPrintableAscii(char[] chars) {
    for (char c : chars) {
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  static void clear(char[] chars) {
    if (chars != null) {
      Arrays.fill(chars, '\0');
    }
  }

  static void clear(byte[] bytes) {
    if (bytes != null) {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static String article(String algorithm) {
    return switch (algorithm) {
      case "EC", "EdDSA", "RSA", "RSASSA-PSS", "XDH" -> "an " + algorithm;
      default -> "a " + algorithm;
    };
  }
}
