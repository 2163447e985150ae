package dev.boxauth.spring;

import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.keystore.BoxAppConfig;
import dev.boxauth.keystore.KeyTools;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The files an operator points {@code boxauth.*} at, written for an emulated app. */
final class TestFiles {
  private TestFiles() {}

  /** The Developer Console's config file for {@code app}; returns the property value. */
  static String configFile(Path dir, EmulatedApp app) throws IOException {
    return write(dir, app.enterpriseId() + "_" + app.keyId() + "_config.json", app.configJson());
  }

  /** The app's encrypted PEM key (its passphrase is {@code app.passphrase()}). */
  static String pem(Path dir, EmulatedApp app) throws IOException {
    return write(dir, "private_key.pem", app.privateKeyPem());
  }

  /** A new key-encryption keyset, as {@code boxauth keys kek} writes it. */
  static String kek(Path dir) throws IOException {
    return write(dir, "kek.json", KeyTools.newKekKeysetJson());
  }

  /** The app's key as a Tink keyset encrypted under the keyset at {@code kek}. */
  static String tinkKeyset(Path dir, EmulatedApp app, String kek) throws IOException {
    String json =
        KeyTools.encryptedTinkKeysetJson(
            BoxAppConfig.parse(app.configJson()), SignatureAlgorithm.RS256, path(kek));
    return write(dir, "keyset.json", json);
  }

  /** The emulator's TLS certificate in a PKCS#12 trust store protected by {@code password}. */
  static String trustStore(Path dir, BoxEmulator emulator, String password)
      throws IOException, GeneralSecurityException {
    KeyStore source = emulator.trustStore();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    for (String alias : java.util.Collections.list(source.aliases())) {
      store.setCertificateEntry(alias, source.getCertificate(alias));
    }
    Path file = dir.resolve("truststore.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password.toCharArray());
    }
    return "file:" + file;
  }

  /**
   * A PKCS#12 key store with a new RSA key, made by the JDK's {@code keytool} as an operator would;
   * register its public key with the emulator to use it.
   */
  static Path pkcs12(Path dir, String alias, String password)
      throws IOException, InterruptedException {
    Path file = dir.resolve("key.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p =
        new ProcessBuilder(
                List.of(
                    keytool.toString(),
                    "-genkeypair",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    file.toString(),
                    "-storepass",
                    password,
                    "-keypass",
                    password,
                    "-alias",
                    alias,
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-dname",
                    "CN=boxauth spring test",
                    "-validity",
                    "2"))
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    return file;
  }

  /** Writes {@code text} to {@code dir/name}; returns {@code file:<path>}. */
  static String write(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return "file:" + file;
  }

  /** The path of a {@code file:} property value. */
  static Path path(String fileProperty) {
    return Path.of(fileProperty.substring("file:".length()));
  }
}
