package dev.boxauth.keystore;

import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyException.Problem;
import dev.boxauth.domain.QuotedText;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.DestroyFailedException;

/**
 * Reads an RSA private key from PEM text with the JDK alone (no BouncyCastle):
 *
 * <ul>
 *   <li>{@code BEGIN PRIVATE KEY}: PKCS#8 (RFC 5208), through {@code KeyFactory};
 *   <li>{@code BEGIN ENCRYPTED PRIVATE KEY}: PKCS#8 {@code EncryptedPrivateKeyInfo} with PBES2
 *       (PBKDF2 with HMAC-SHA1..512, then AES-CBC or DES-EDE3-CBC, the Box console's form; see
 *       {@link Pbes2}) or PBES1 (e.g. PBE-SHA1-3DES);
 *   <li>{@code BEGIN RSA PRIVATE KEY}: PKCS#1, wrapped into PKCS#8 by {@link DerReader}, plain or
 *       with OpenSSL's legacy {@code Proc-Type: 4,ENCRYPTED} / {@code DEK-Info} header
 *       (AES-128/192/256 and DES-EDE3 in CBC mode, key from {@code EVP_BytesToKey} with MD5).
 * </ul>
 *
 * CRLF line ends, surrounding whitespace, a UTF-8 byte order mark and JSON-escaped {@code \n}
 * sequences are accepted. Every failure is a {@link KeyException} naming the source, never the key
 * or the passphrase. Stateless and thread-safe.
 */
final class PemDecoder {
  private static final String BEGIN = "-----BEGIN ";
  private static final String DASHES = "-----";
  private static final int MAX_LABEL = 64;
  private static final Pattern LABEL_SHAPE =
      Pattern.compile("[A-Z0-9]{1,11}( [A-Z0-9]{1,11}){0,5}");

  private PemDecoder() {}

  /** One PEM block: its label, its RFC 1421 headers and its base64 body. */
  private record Block(String label, Map<String, String> headers, String body) {}

  /**
   * Decodes the first private key in {@code text}.
   *
   * @param passphrase the passphrase for an encrypted key, or null; not modified (the caller clears
   *     it); ignored for an unencrypted key
   * @param source where the text came from, for messages (a file name or config field)
   */
  static PrivateKey decode(String text, char[] passphrase, String source) {
    Keys.requireSmallText(text, source);
    Block block = firstKeyBlock(normalize(text), source);
    byte[] der = base64(block, source);
    try {
      return switch (block.label()) {
        case "PRIVATE KEY" -> Keys.fromPkcs8(der, source, false);
        case "ENCRYPTED PRIVATE KEY" -> decryptPkcs8(der, passphrase, source);
        case "RSA PRIVATE KEY" -> pkcs1(block, der, passphrase, source);
        default -> throw new IllegalStateException("unreachable: " + block.label());
      };
    } finally {
      Keys.clear(der);
    }
  }

  private static String normalize(String text) {
    String s = text;
    if (s.startsWith("\uFEFF")) {
      s = s.substring(1);
    }
    // A PEM pasted from a JSON string or an environment variable may keep "\n" as two characters;
    // base64 never contains a backslash, so turning them back into newlines is safe.
    s = s.replace("\\r\\n", "\n").replace("\\n", "\n");
    return s.replace("\r\n", "\n").replace('\r', '\n').strip();
  }

  /**
   * The first private-key block, else the error for the first block there is. One pass from left to
   * right: a block ends at the next {@code -----} after its BEGIN line (base64 and RFC 1421 headers
   * never hold five dashes), so a text of a million BEGIN lines costs one scan, not a million.
   */
  private static Block firstKeyBlock(String text, String source) {
    Block first = null;
    int pos = 0;
    while (true) {
      int begin = text.indexOf(BEGIN, pos);
      if (begin < 0) {
        break;
      }
      int labelStart = begin + BEGIN.length();
      int labelEnd = labelEnd(text, labelStart);
      if (labelEnd < 0) {
        pos = labelStart; // not a BEGIN line after all, e.g. "-----BEGIN -----"
        continue;
      }
      String label = text.substring(labelStart, labelEnd).strip();
      int bodyStart = labelEnd + DASHES.length();
      String end = "-----END " + label + "-----";
      int endAt = text.indexOf(DASHES, bodyStart);
      if (endAt < 0 || !text.startsWith(end, endAt)) {
        throw new KeyException(
            Problem.MALFORMED,
            source,
            "the PEM block '"
                + shown(label)
                + "' is truncated: no '-----END "
                + shown(label)
                + "-----' line after its BEGIN line",
            null);
      }
      Block block = block(label, text.substring(bodyStart, endAt));
      if (isPrivateKeyLabel(label)) {
        return block;
      }
      if (first == null) {
        first = block;
      }
      pos = endAt + end.length();
    }
    if (first == null) {
      throw new KeyException(
          Problem.MALFORMED,
          source,
          "no '-----BEGIN ...-----' line: the text is not a PEM key",
          null);
    }
    throw notAPrivateKey(first.label(), source);
  }

  /**
   * A label as messages show it: only one shaped like RFC 7468's (a few short upper-case words,
   * "ENCRYPTED PRIVATE KEY"); anything else may be key text run together with an armour line.
   */
  private static String shown(String label) {
    return LABEL_SHAPE.matcher(label).matches()
        ? label
        : "(a label not shown: it may hold key text)";
  }

  /** Where the label after a BEGIN ends (its closing dashes), or -1 if it is no label. */
  private static int labelEnd(String text, int labelStart) {
    int limit = Math.min(text.length(), labelStart + MAX_LABEL + 1);
    for (int i = labelStart; i < limit; i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        return -1;
      }
      if (c == '-') {
        return i > labelStart && text.startsWith(DASHES, i) ? i : -1;
      }
    }
    return -1;
  }

  private static boolean isPrivateKeyLabel(String label) {
    return label.equals("PRIVATE KEY")
        || label.equals("ENCRYPTED PRIVATE KEY")
        || label.equals("RSA PRIVATE KEY");
  }

  private static KeyException notAPrivateKey(String label, String source) {
    String printable = shown(label);
    return switch (label) {
      case "PUBLIC KEY", "RSA PUBLIC KEY" ->
          Keys.unsupported(
              source,
              "it holds a public key (" + printable + "); the private key is needed",
              Keys.FIX_PRIVATE_NOT_PUBLIC,
              null);
      case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE" ->
          Keys.unsupported(
              source,
              "it holds a certificate; the private key is needed",
              Keys.FIX_PRIVATE_NOT_PUBLIC,
              null);
      case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST" ->
          Keys.unsupported(
              source,
              "it holds a certificate request; the private key is needed",
              Keys.FIX_PRIVATE_NOT_PUBLIC,
              null);
      case "EC PRIVATE KEY" -> Keys.unsupported(source, "it is an EC key, not an RSA key", null);
      case "DSA PRIVATE KEY" -> Keys.unsupported(source, "it is a DSA key, not an RSA key", null);
      case "OPENSSH PRIVATE KEY" ->
          Keys.unsupported(
              source,
              "it is in OpenSSH's own format",
              "convert it to PKCS#8 with `ssh-keygen -p -m PKCS8 -f FILE` (an RSA key only)",
              null);
      default ->
          new KeyException(
              Problem.MALFORMED,
              source,
              "unknown PEM label '"
                  + printable
                  + "'; expected PRIVATE KEY, ENCRYPTED PRIVATE KEY or RSA PRIVATE KEY",
              null);
    };
  }

  private static Block block(String label, String inner) {
    Map<String, String> headers = new LinkedHashMap<>();
    List<String> body = new ArrayList<>();
    boolean inHeaders = true;
    for (String raw : inner.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue; // blank lines: around the block, or RFC 1421's separator after the headers
      }
      int colon = line.indexOf(':');
      if (inHeaders && colon > 0) {
        headers.put(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
        continue;
      }
      inHeaders = false;
      body.add(line);
    }
    return new Block(label, headers, String.join("", body));
  }

  private static byte[] base64(Block block, String source) {
    String body = block.body().replaceAll("\\s", "");
    if (body.isEmpty()) {
      throw new KeyException(
          Problem.MALFORMED, source, "the PEM block '" + shown(block.label()) + "' is empty", null);
    }
    try {
      return Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      // The JDK's message may quote a character of the key text: keep it out of the chain.
      throw new KeyException(
          Problem.MALFORMED,
          source,
          "the base64 text of the '"
              + shown(block.label())
              + "' block is damaged (bad character or length)",
          null);
    }
  }

  // ---- encrypted PKCS#8 ---------------------------------------------------------------------

  private static PrivateKey decryptPkcs8(byte[] der, char[] passphrase, String source) {
    if (passphrase == null || passphrase.length == 0) {
      throw new KeyException(
          Problem.PASSPHRASE_REQUIRED,
          source,
          "the key is encrypted (BEGIN ENCRYPTED PRIVATE KEY) and no passphrase was given",
          null);
    }
    if (Pbes2.isPbes2(der)) {
      byte[] plain = Pbes2.decrypt(der, passphrase, source);
      try {
        return Keys.fromPkcs8(plain, source, true);
      } finally {
        Keys.clear(plain);
      }
    }
    PbeIterations.check(der, "encrypted key", source);
    EncryptedPrivateKeyInfo info;
    try {
      info = new EncryptedPrivateKeyInfo(der);
    } catch (IOException | RuntimeException e) {
      throw new KeyException(
          Problem.MALFORMED, source, "the encrypted PKCS#8 structure is damaged", null);
    }
    String algorithm = QuotedText.of(info.getAlgName(), 64);
    if (!Keys.isPrintableAscii(passphrase)) {
      throw Keys.unsupported(
          source,
          "the passphrase has non-ASCII or control characters, which the JDK's password-based"
              + " encryption ("
              + algorithm
              + ") cannot use",
          Keys.FIX_REENCRYPT,
          null);
    }
    SecretKey key = null;
    PBEKeySpec spec = new PBEKeySpec(passphrase);
    try {
      key = SecretKeyFactory.getInstance(info.getAlgName()).generateSecret(spec);
      Cipher cipher = Cipher.getInstance(info.getAlgName());
      cipher.init(Cipher.DECRYPT_MODE, key, info.getAlgParameters());
      PKCS8EncodedKeySpec keySpec = info.getKeySpec(cipher);
      byte[] plain = keySpec.getEncoded();
      try {
        return Keys.fromPkcs8(plain, source, true);
      } finally {
        Keys.clear(plain);
      }
    } catch (NoSuchAlgorithmException e) {
      throw Keys.unsupported(
          source,
          "this JDK has no " + algorithm + " for the key's encryption",
          Keys.FIX_REENCRYPT,
          null);
    } catch (GeneralSecurityException e) {
      // InvalidKeySpecException or BadPaddingException: what a wrong passphrase gives.
      throw new KeyException(
          Problem.WRONG_PASSPHRASE,
          source,
          "decryption failed (" + algorithm + "): the passphrase is wrong or the key is damaged",
          null);
    } catch (RuntimeException e) {
      if (e instanceof KeyException k) {
        throw k;
      }
      throw new KeyException(
          Problem.MALFORMED,
          source,
          "the encrypted key can't be decrypted ("
              + algorithm
              + ", "
              + e.getClass().getSimpleName()
              + ")",
          null);
    } finally {
      spec.clearPassword();
      destroy(key);
    }
  }

  // ---- PKCS#1 -------------------------------------------------------------------------------

  private static PrivateKey pkcs1(Block block, byte[] der, char[] passphrase, String source) {
    String procType = block.headers().get("proc-type");
    if (procType == null || !procType.toUpperCase(Locale.ROOT).contains("ENCRYPTED")) {
      byte[] pkcs8 = DerReader.pkcs1ToPkcs8(der);
      try {
        return Keys.fromPkcs8(pkcs8, source, false);
      } finally {
        Keys.clear(pkcs8);
      }
    }
    if (passphrase == null || passphrase.length == 0) {
      throw new KeyException(
          Problem.PASSPHRASE_REQUIRED,
          source,
          "the key is encrypted (Proc-Type: 4,ENCRYPTED) and no passphrase was given",
          null);
    }
    byte[] plain = decryptLegacy(block.headers().get("dek-info"), der, passphrase, source);
    byte[] pkcs8 = DerReader.pkcs1ToPkcs8(plain);
    try {
      return Keys.fromPkcs8(pkcs8, source, true);
    } finally {
      Keys.clear(plain);
      Keys.clear(pkcs8);
    }
  }

  /** OpenSSL's traditional PEM encryption: {@code DEK-Info: CIPHER,HEXIV}. */
  private static byte[] decryptLegacy(
      String dekInfo, byte[] encrypted, char[] passphrase, String source) {
    if (dekInfo == null || dekInfo.indexOf(',') < 0) {
      throw new KeyException(
          Problem.MALFORMED,
          source,
          "the key says it is encrypted but has no valid DEK-Info header",
          null);
    }
    String cipherName = dekInfo.substring(0, dekInfo.indexOf(',')).strip().toUpperCase(Locale.ROOT);
    String transformation;
    String keyAlgorithm;
    int keyLength;
    int ivLength;
    switch (cipherName) {
      case "AES-128-CBC" -> {
        transformation = "AES/CBC/PKCS5Padding";
        keyAlgorithm = "AES";
        keyLength = 16;
        ivLength = 16;
      }
      case "AES-192-CBC" -> {
        transformation = "AES/CBC/PKCS5Padding";
        keyAlgorithm = "AES";
        keyLength = 24;
        ivLength = 16;
      }
      case "AES-256-CBC" -> {
        transformation = "AES/CBC/PKCS5Padding";
        keyAlgorithm = "AES";
        keyLength = 32;
        ivLength = 16;
      }
      case "DES-EDE3-CBC" -> {
        transformation = "DESede/CBC/PKCS5Padding";
        keyAlgorithm = "DESede";
        keyLength = 24;
        ivLength = 8;
      }
      default ->
          throw Keys.unsupported(
              source,
              "its legacy encryption '"
                  + (cipherName.matches("[A-Z0-9-]{1,24}") ? cipherName : "(not shown)")
                  + "' is not supported (AES-128/192/256-CBC and DES-EDE3-CBC are)",
              Keys.FIX_REENCRYPT,
              null);
    }
    byte[] iv;
    try {
      iv = HexFormat.of().parseHex(dekInfo.substring(dekInfo.indexOf(',') + 1).strip());
    } catch (IllegalArgumentException e) {
      throw new KeyException(Problem.MALFORMED, source, "the DEK-Info IV is not hex", null);
    }
    if (iv.length != ivLength) {
      throw new KeyException(
          Problem.MALFORMED,
          source,
          "the DEK-Info IV has " + iv.length + " bytes; " + cipherName + " needs " + ivLength,
          null);
    }
    byte[] password = Keys.utf8(passphrase);
    byte[] keyBytes = evpBytesToKey(password, iv, keyLength);
    Keys.clear(password);
    try {
      Cipher cipher = Cipher.getInstance(transformation);
      cipher.init(
          Cipher.DECRYPT_MODE, new SecretKeySpec(keyBytes, keyAlgorithm), new IvParameterSpec(iv));
      return cipher.doFinal(encrypted);
    } catch (BadPaddingException e) {
      throw new KeyException(
          Problem.WRONG_PASSPHRASE,
          source,
          "decryption failed (" + cipherName + "): the passphrase is wrong or the key is damaged",
          null);
    } catch (GeneralSecurityException e) {
      throw new KeyException(
          Problem.MALFORMED,
          source,
          "the legacy-encrypted key can't be decrypted (" + cipherName + ")",
          null);
    } finally {
      Keys.clear(keyBytes);
    }
  }

  /**
   * OpenSSL's {@code EVP_BytesToKey} with MD5, one iteration and the IV's first 8 bytes as salt:
   * {@code D_i = MD5(D_(i-1) || password || salt)}, concatenated until {@code length} bytes.
   */
  static byte[] evpBytesToKey(byte[] password, byte[] iv, int length) {
    MessageDigest md5;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
    byte[] key = new byte[length];
    byte[] previous = new byte[0];
    int filled = 0;
    while (filled < length) {
      md5.update(previous);
      md5.update(password);
      md5.update(iv, 0, 8);
      Keys.clear(previous);
      previous = md5.digest();
      int n = Math.min(previous.length, length - filled);
      System.arraycopy(previous, 0, key, filled, n);
      filled += n;
    }
    Keys.clear(previous);
    return key;
  }

  private static void destroy(SecretKey key) {
    if (key != null && !key.isDestroyed()) {
      try {
        key.destroy();
      } catch (DestroyFailedException e) {
        // Not every provider's key can be destroyed; the passphrase copy was cleared anyway.
      }
    }
  }
}
