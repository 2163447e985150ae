package dev.boxauth.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.util.Base64;

/** Key material for the benchmarks. */
final class BenchmarkKeys {
  /** A PKCS#12 file (OpenSSL 3 defaults: AES-256-CBC, PBKDF2) holding a 2048-bit RSA key. */
  static final String PKCS12_RESOURCE = "rsa2048.p12";

  /** The password of {@link #PKCS12_RESOURCE}: a published test fixture's, protecting nothing. */
  static final String PKCS12_PASSWORD = "fixture-Passphrase-7q";

  /** The key id the benchmarks sign with (the emulator is not asked to verify these). */
  static final String KEY_ID = "bench-key-1";

  private BenchmarkKeys() {}

  /** The key as unencrypted PKCS#8 PEM. */
  static String pkcs8Pem(PrivateKey key) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
  }

  /** Copies the PKCS#12 fixture to a new temporary file. */
  static Path pkcs12File() {
    try (InputStream in = BenchmarkKeys.class.getResourceAsStream(PKCS12_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + PKCS12_RESOURCE);
      }
      Path file = Files.createTempFile("bench-", ".p12");
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
