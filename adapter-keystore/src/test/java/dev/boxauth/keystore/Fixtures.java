package dev.boxauth.keystore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The OpenSSL-made key files in {@code src/test/resources/fixtures} (see the README there) and the
 * secrets no message may ever show.
 */
final class Fixtures {
  /** The passphrase / password of every encrypted fixture. */
  static final String PASSPHRASE = "fixture-Passphrase-7q";

  /** A client secret for config JSON tests. */
  static final String CLIENT_SECRET = "clientSecret-Fixture-0a1b2c3d4e5f";

  /** The key id used in configs. */
  static final String KEY_ID = "kid4fixture";

  private Fixtures() {}

  static Path path(String name) {
    try {
      return Path.of(
          Objects.requireNonNull(Fixtures.class.getResource("/fixtures/" + name), name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(String name) {
    try {
      return Files.readString(path(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The public half of every rsa2048.* fixture. */
  static RSAPublicKey publicKey() {
    try {
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA")
              .generatePublic(new X509EncodedKeySpec(der(text("rsa2048.pub.pem"))));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean matches(java.security.PrivateKey key, PublicKey expected) {
    return ((java.security.interfaces.RSAKey) key)
        .getModulus()
        .equals(((RSAPublicKey) expected).getModulus());
  }

  /** The DER inside a PEM text (the first block, headers skipped). */
  static byte[] der(String pem) {
    StringBuilder b = new StringBuilder();
    for (String line : pem.split("\r?\n")) {
      if (!line.startsWith("-----") && !line.contains(":") && !line.isBlank()) {
        b.append(line.strip());
      }
    }
    return Base64.getDecoder().decode(b.toString());
  }

  /**
   * Pieces of a key text that must never appear in a message: every 12-character run of each base64
   * line (headers and armour skipped).
   */
  static List<String> keyMaterial(String pem) {
    List<String> pieces = new ArrayList<>();
    for (String line : pem.split("\r?\n")) {
      if (line.startsWith("-----") || line.contains(":") || line.length() < 12) {
        continue;
      }
      for (int i = 0; i + 12 <= line.length(); i += 12) {
        pieces.add(line.substring(i, i + 12));
      }
    }
    return pieces;
  }

  /** A config JSON document as the Box console writes it. */
  static String configJson(String pem, String passphrase) {
    return "{\n"
        + "  \"boxAppSettings\": {\n"
        + "    \"clientID\": \"clientid123\",\n"
        + "    \"clientSecret\": \""
        + CLIENT_SECRET
        + "\",\n"
        + "    \"appAuth\": {\n"
        + "      \"publicKeyID\": \""
        + KEY_ID
        + "\",\n"
        + "      \"privateKey\": \""
        + jsonEscape(pem)
        + "\",\n"
        + "      \"passphrase\": "
        + (passphrase == null ? "null" : "\"" + passphrase + "\"")
        + "\n"
        + "    }\n"
        + "  },\n"
        + "  \"enterpriseID\": \"1234567\"\n"
        + "}\n";
  }

  static String jsonEscape(String text) {
    return text.replace("\\", "\\\\")
        .replace("\"", "\\\"")
        .replace("\r", "\\r")
        .replace("\n", "\\n");
  }
}
