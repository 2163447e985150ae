package dev.boxauth.keystore;

import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyException.Problem;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
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
    Exception rsaFailure;
    try {
      PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(spec);
      return requireUsable(key, source);
    } catch (GeneralSecurityException | RuntimeException e) {
      if (e instanceof KeyException k) {
        throw k;
      }
      rsaFailure = e;
    }
    for (String algorithm : OTHER_ALGORITHMS) {
      boolean parsed;
      try {
        KeyFactory.getInstance(algorithm).generatePrivate(spec);
        parsed = true;
      } catch (GeneralSecurityException | RuntimeException notThisOne) {
        parsed = false; // try the next algorithm
      }
      if (parsed) {
        throw unsupported(source, "it is " + article(algorithm) + " key, not an RSA key", null);
      }
    }
    // The JDK's message describes the bytes it choked on: keep it out of the chain.
    if (decrypted) {
      throw new KeyException(
          Problem.WRONG_PASSPHRASE,
          source,
          "the decrypted bytes are not a private key (wrong passphrase or damaged key)",
          null);
    }
    throw new KeyException(
        Problem.MALFORMED,
        source,
        "the PKCS#8 structure is not a readable private key ("
            + rsaFailure.getClass().getSimpleName()
            + ")",
        null);
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

  /** Reads a key or keyset file: a regular file of at most 1 MiB of UTF-8 text. */
  static String readSmallFile(Path file, String source) {
    try {
      return BoundedFile.utf8(file);
    } catch (BoundedFile.Unreadable e) {
      throw unreadable(e, source);
    }
  }

  /** The typed error for a key file that {@link BoundedFile} could not read. */
  static KeyException unreadable(BoundedFile.Unreadable e, String source) {
    Problem problem =
        switch (e.kind) {
          case NOT_FOUND, NOT_A_REGULAR_FILE, IO -> Problem.NOT_FOUND;
          case TOO_LARGE, NOT_UTF8 -> Problem.MALFORMED;
        };
    String detail =
        e.kind == BoundedFile.Unreadable.Kind.TOO_LARGE
            ? e.getMessage() + ": not a key"
            : e.getMessage();
    return new KeyException(problem, source, detail, null);
  }

  /**
   * Refuses key text over {@link BoundedFile#MAX_BYTES} characters before any parsing: a key is a
   * few KiB, so more is not one, whatever it holds.
   */
  static void requireSmallText(String text, String source) {
    if (text.length() > BoundedFile.MAX_BYTES) {
      throw new KeyException(
          Problem.MALFORMED,
          source,
          "the text has "
              + text.length()
              + " characters, more than the "
              + BoundedFile.MAX_BYTES
              + " a key, key store or keyset can have",
          null);
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
