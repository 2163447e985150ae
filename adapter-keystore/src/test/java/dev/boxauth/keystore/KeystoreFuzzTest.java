package dev.boxauth.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.testing.Fuzzer;
import dev.boxauth.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key and config decoders under mutated input (issue 12, "keep it found"): only typed {@link
 * AuthException}s, each input well under a second, no passphrase, client secret or piece of a key
 * in any message, cause or {@code toString}. The budget per target is {@code
 * -Dboxauth.fuzz.seconds} (see {@link Fuzzer}). The keystore adapter logs nothing, so there are no
 * log lines to check here.
 */
class KeystoreFuzzTest {
  private static final List<String> PEM_FIXTURES =
      List.of(
          "rsa2048.pk8.pem",
          "rsa2048.pkcs1.pem",
          "rsa2048.pbes2-aes256-sha256.pem",
          "rsa2048.pbes2-des3-sha1.pem",
          "rsa2048.pbes1-sha1-3des.pem",
          "rsa2048.pkcs1-aes128.pem",
          "rsa2048.pkcs1-des3.pem",
          "rsa2048.scrypt.pem",
          "rsa2048.cert.pem",
          "ec-p256.sec1.pem",
          "rsa1024.pk8.pem");

  @TempDir Path dir;

  @Test
  void pemText_mutated_failsTypedFastAndSilent() {
    List<byte[]> seeds = new ArrayList<>();
    for (String f : PEM_FIXTURES) {
      seeds.add(Fixtures.text(f).getBytes(StandardCharsets.UTF_8));
    }
    seeds.add(bytes(RegressionInputsTest.path("pbes2-empty-salt.pem")));
    seeds.add(bytes(RegressionInputsTest.path("pem-label-with-control-characters.pem")));

    assertNoFindings(
        Fuzzer.named("pem")
            .measureCpuTime()
            .seeds(seeds)
            .secrets(keySecrets())
            .allowed(AuthException.class::isInstance)
            .target(
                in -> {
                  KeyTools.readPrivateKey(text(in), Fixtures.PASSPHRASE.toCharArray());
                  return null;
                }));
  }

  @Test
  void pkcs8Der_mutated_failsTypedFastAndSilent() {
    List<byte[]> seeds = new ArrayList<>();
    for (String f :
        List.of(
            "rsa2048.pk8.pem",
            "rsa2048.pbes2-aes256-sha256.pem",
            "rsa2048.pbes2-aes128-sha1.pem",
            "rsa2048.pbes2-des3-sha1.pem",
            "rsa2048.pbes2-aes256-sha512.pem",
            "rsa2048.pbes1-sha1-3des.pem",
            "rsa2048.scrypt.pem")) {
      seeds.add(Fixtures.der(Fixtures.text(f)));
    }

    assertNoFindings(
        Fuzzer.named("pkcs8-der")
            .measureCpuTime()
            .seeds(seeds)
            .secrets(keySecrets())
            .allowed(AuthException.class::isInstance)
            .target(
                der -> {
                  // Encrypted or not, by the first byte of the algorithm: both decoders get DER.
                  String label =
                      der.length > 6 && der[4] == 0x30 ? "ENCRYPTED PRIVATE KEY" : "PRIVATE KEY";
                  KeyTools.readPrivateKey(pem(label, der), Fixtures.PASSPHRASE.toCharArray());
                  return null;
                }));
  }

  @Test
  void configJson_mutated_failsTypedFastAndSilent() {
    String pk8 = Fixtures.text("rsa2048.pk8.pem");
    String enc = Fixtures.text("rsa2048.pbes2-des3-sha1.pem");
    List<byte[]> seeds =
        List.of(
            Fixtures.configJson(pk8, null).getBytes(StandardCharsets.UTF_8),
            Fixtures.configJson(enc, Fixtures.PASSPHRASE).getBytes(StandardCharsets.UTF_8),
            Fixtures.configJson(enc, Fixtures.PASSPHRASE)
                .replace("\"1234567\"", "null, \"userID\": \"42\"")
                .getBytes(StandardCharsets.UTF_8),
            bytes(RegressionInputsTest.path("config-value-in-name-slot.json")),
            bytes(RegressionInputsTest.path("config-bad-unicode-escape.json")));

    assertNoFindings(
        Fuzzer.named("config-json")
            .measureCpuTime()
            .seeds(seeds)
            .secrets(keySecrets())
            .allowed(AuthException.class::isInstance)
            .target(
                in -> {
                  KeyTools.readPrivateKey(BoxAppConfig.parse(text(in)));
                  return null;
                }));
  }

  @Test
  void pkcs12_mutated_failsTypedFastAndSilent() {
    List<byte[]> seeds = new ArrayList<>();
    for (String f : List.of("rsa2048.p12", "rsa2048.legacy.p12", "cert-only.p12", "ec.p12")) {
      seeds.add(bytes(Fixtures.path(f)));
    }
    seeds.add(bytes(RegressionInputsTest.path("pkcs12-19-bytes.p12")));
    Path file = dir.resolve("fuzz.p12");

    assertNoFindings(
        Fuzzer.named("pkcs12")
            .measureCpuTime()
            .seeds(seeds)
            .secrets(keySecrets())
            .allowed(AuthException.class::isInstance)
            .target(
                in -> {
                  Files.write(file, in);
                  KeyTools.keySource(
                      Pkcs12KeyConfig.builder()
                          .file(file)
                          .keyId("kid")
                          .storePassword(Fixtures.PASSPHRASE)
                          .build());
                  return null;
                }));
  }

  @Test
  void tinkKeyset_mutated_failsTypedFastAndSilent() throws Exception {
    TinkKeysets.register();
    KeysetHandle box =
        KeyTools.toTinkKeyset(
            TestKeys.rsa().getPrivate(), new KeyId("kid-fuzz"), SignatureAlgorithm.RS256);
    String kekJson = KeyTools.newKekKeysetJson();
    Aead kek = TinkKeysets.kekFromJson(kekJson, "test KEK");
    String cleartext =
        TinkJsonProtoKeysetFormat.serializeKeyset(box, InsecureSecretKeyAccess.get());
    String encrypted = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(box, kek, new byte[0]);
    List<byte[]> seeds = new ArrayList<>();
    for (String json : List.of(cleartext, encrypted, kekJson)) {
      seeds.add(json.getBytes(StandardCharsets.UTF_8));
    }
    for (String f :
        List.of(
            "tink-no-enabled-primary.json",
            "tink-kid-with-whitespace.json",
            "tink-kid-300-characters.json")) {
      seeds.add(bytes(RegressionInputsTest.path(f)));
    }
    List<String> secrets = new ArrayList<>(keySecrets());
    secrets.addAll(pieces(cleartext));
    secrets.addAll(pieces(kekJson));

    assertNoFindings(
        Fuzzer.named("tink-keyset")
            .measureCpuTime()
            .seeds(seeds)
            .secrets(secrets)
            .allowed(AuthException.class::isInstance)
            .target(
                in -> {
                  String json = text(in);
                  TinkKeyConfig config =
                      json.contains("encryptedKeyset")
                          ? TinkKeyConfig.builder().keysetJson(json).kek(kek).build()
                          : TinkKeyConfig.builder()
                              .keysetJson(json)
                              .insecureCleartext(true)
                              .build();
                  config.load();
                  return null;
                }));
  }

  private static void assertNoFindings(Fuzzer fuzzer) {
    Fuzzer.Report report = fuzzer.run();
    assertThat(report.findings()).as(report.toString()).isEmpty();
    assertThat(report.inputs()).isPositive();
  }

  /** The fixture passphrase, the config's client secret and 12-character pieces of every key. */
  private static List<String> keySecrets() {
    List<String> secrets = new ArrayList<>(List.of(Fixtures.PASSPHRASE, Fixtures.CLIENT_SECRET));
    for (String f : PEM_FIXTURES) {
      if (!f.contains("cert")) {
        secrets.addAll(Fixtures.keyMaterial(Fixtures.text(f)));
      }
    }
    return secrets;
  }

  /** 12-character pieces of a keyset's "value" and "encryptedKeyset" strings. */
  private static List<String> pieces(String json) {
    List<String> out = new ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"(value|encryptedKeyset)\"\\s*:\\s*\"([^\"]+)\"")
            .matcher(json);
    while (m.find()) {
      for (int i = 0; i + 12 <= m.group(2).length(); i += 12) {
        out.add(m.group(2).substring(i, i + 12));
      }
    }
    return out;
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  private static String text(byte[] in) {
    return new String(in, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
