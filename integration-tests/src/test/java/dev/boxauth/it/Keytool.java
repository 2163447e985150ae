package dev.boxauth.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** PKCS#12 key stores made by the JDK's own {@code keytool}, as an operator would make them. */
final class Keytool {
  private Keytool() {}

  /**
   * Runs {@code keytool -genkeypair -storetype PKCS12} for a new 2048-bit RSA key with a
   * self-signed certificate under {@code alias}, store and key protected by {@code password}.
   */
  static Path genkeypair(Path file, String alias, String password)
      throws IOException, InterruptedException {
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
                    "-sigalg",
                    "SHA256withRSA",
                    "-dname",
                    "CN=boxauth integration test",
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

  /** Loads a PKCS#12 file. */
  static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password.toCharArray());
    }
    return store;
  }

  /** The public key of the certificate under {@code alias}. */
  static PublicKey publicKey(Path file, String password, String alias)
      throws IOException, GeneralSecurityException {
    return load(file, password).getCertificate(alias).getPublicKey();
  }
}
