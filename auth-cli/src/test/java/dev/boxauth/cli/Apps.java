package dev.boxauth.cli;

import dev.boxauth.testkit.EmulatedApp;
import dev.boxauth.testkit.EmulatedApp.KeyEncryption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Config files and secrets of emulated apps, for the CLI's tests. */
final class Apps {
  private Apps() {}

  /** The app's config as the Developer Console writes it (DES-EDE3 key), in a new file. */
  static Path config(Path dir, EmulatedApp app) throws IOException {
    return write(dir, app.keyId() + "_config.json", app.configJson(KeyEncryption.DES_EDE3_CBC));
  }

  static Path write(Path dir, String name, String json) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, json);
    return file;
  }

  /** The config JSON without {@code "publicKeyID": "...",}. */
  static String withoutPublicKeyId(EmulatedApp app) {
    String json = app.configJson(KeyEncryption.DES_EDE3_CBC);
    String cut = json.replaceFirst("\"publicKeyID\":\\s*\"[^\"]*\",", "");
    if (cut.equals(json)) {
      throw new IllegalStateException("no publicKeyID member to remove");
    }
    return cut;
  }

  /** The config JSON with another passphrase. */
  static String withPassphrase(EmulatedApp app, String passphrase) {
    String json = app.configJson(KeyEncryption.DES_EDE3_CBC);
    String swapped = json.replace("\"" + app.passphrase() + "\"", "\"" + passphrase + "\"");
    if (swapped.equals(json)) {
      throw new IllegalStateException("no passphrase member to replace");
    }
    return swapped;
  }

  /**
   * What must never be printed: the client secret, the passphrase, and every base64 line of the
   * private key (as stored in the config, and unencrypted).
   */
  static List<String> secrets(EmulatedApp app) {
    List<String> secrets = new ArrayList<>();
    secrets.add(app.clientSecret());
    if (app.authMethod() == EmulatedApp.AuthMethod.JWT) {
      secrets.add(app.passphrase());
      secrets.addAll(base64Lines(app.privateKeyPem(KeyEncryption.DES_EDE3_CBC)));
      secrets.addAll(base64Lines(app.privateKeyPem(KeyEncryption.AES_256_CBC)));
      secrets.addAll(
          base64Lines(
              Base64.getMimeEncoder().encodeToString(app.keyPair().getPrivate().getEncoded())));
    }
    return secrets;
  }

  static List<String> base64Lines(String text) {
    return text.lines()
        .map(String::strip)
        .filter(line -> line.length() >= 16 && !line.startsWith("-----"))
        .toList();
  }
}
