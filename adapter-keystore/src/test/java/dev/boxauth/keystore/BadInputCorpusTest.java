package dev.boxauth.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyException.Problem;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed corpus of bad keys, passphrases, configs, key stores and keysets. Each case must
 * fail with a typed {@link AuthException} (a {@link KeyException} with the expected problem or a
 * {@link ConfigurationException} naming the expected field) whose message names the cause and the
 * file or field, and no message or toString in the whole cause chain may contain the passphrase,
 * the client secret or any piece of the key.
 */
class BadInputCorpusTest {
  private static final String WRONG = "not-the-passphrase-9z";

  /** One bad input. {@code expected} is a {@link Problem} or a ConfigurationException field. */
  record Case(
      String name,
      ThrowingCallable action,
      Object expected,
      List<String> mentions,
      List<String> secrets) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> corpus() {
    List<Case> cases = new ArrayList<>();
    // ---- PEM files and text --------------------------------------------------------------
    for (String f :
        List.of(
            "rsa2048.pbes2-aes256-sha256.pem",
            "rsa2048.pbes2-des3-sha1.pem",
            "rsa2048.pbes1-sha1-3des.pem",
            "rsa2048.pkcs1-aes256.pem",
            "rsa2048.pkcs1-des3.pem")) {
      cases.add(
          pemFile(
              "wrong passphrase: " + f, f, WRONG, Problem.WRONG_PASSPHRASE, "passphrase is wrong"));
    }
    cases.add(
        pemFile(
            "missing passphrase: encrypted PKCS#8",
            "rsa2048.pbes2-aes256-sha256.pem",
            null,
            Problem.PASSPHRASE_REQUIRED,
            "no passphrase"));
    cases.add(
        pemFile(
            "missing passphrase: legacy-encrypted PKCS#1",
            "rsa2048.pkcs1-aes128.pem",
            null,
            Problem.PASSPHRASE_REQUIRED,
            "Proc-Type"));
    cases.add(
        pemFile(
            "public key instead of private key",
            "rsa2048.pub.pem",
            null,
            Problem.UNSUPPORTED,
            "public key"));
    cases.add(
        pemFile(
            "certificate instead of private key",
            "rsa2048.cert.pem",
            null,
            Problem.UNSUPPORTED,
            "certificate"));
    cases.add(pemFile("EC key, PKCS#8", "ec-p256.pk8.pem", null, Problem.UNSUPPORTED, "EC key"));
    cases.add(pemFile("EC key, SEC1", "ec-p256.sec1.pem", null, Problem.UNSUPPORTED, "EC key"));
    cases.add(pemFile("DSA key", "dsa2048.pk8.pem", null, Problem.UNSUPPORTED, "DSA key"));
    cases.add(pemFile("Ed25519 key", "ed25519.pk8.pem", null, Problem.UNSUPPORTED, "EdDSA key"));
    cases.add(
        pemFile("RSA-PSS key", "rsapss2048.pk8.pem", null, Problem.UNSUPPORTED, "RSASSA-PSS"));
    cases.add(pemFile("RSA 1024 bits", "rsa1024.pk8.pem", null, Problem.WEAK, "1024-bit"));
    cases.add(
        pemFile(
            "PBES2 with scrypt (JDK lacks it)",
            "rsa2048.scrypt.pem",
            Fixtures.PASSPHRASE,
            Problem.UNSUPPORTED,
            "scrypt"));
    cases.add(
        pemFile(
            "non-ASCII passphrase for PBES1 (the JDK's PBES1 takes ASCII only)",
            "rsa2048.pbes1-sha1-3des.pem",
            "pässwörd-ü",
            Problem.UNSUPPORTED,
            "non-ASCII"));
    cases.add(
        pemFile(
            "wrong non-ASCII passphrase for PBES2",
            "rsa2048.pbes2-aes256-sha256.pem",
            "pässwörd-ü",
            Problem.WRONG_PASSPHRASE,
            "passphrase is wrong"));
    cases.add(
        new Case(
            "PEM file does not exist",
            () ->
                KeyTools.keySource(
                    PemKeyConfig.builder()
                        .file(Path.of("/nonexistent/key.pem"))
                        .keyId("kid")
                        .build()),
            Problem.NOT_FOUND,
            List.of("/nonexistent/key.pem", "does not exist"),
            List.of()));

    String pk8 = Fixtures.text("rsa2048.pk8.pem");
    cases.add(
        pemText(
            "truncated PEM: END line missing",
            pk8.substring(0, pk8.length() / 2),
            Problem.MALFORMED,
            "truncated",
            pk8));
    cases.add(
        pemText(
            "truncated PEM: body lines missing",
            dropMiddleLines(pk8),
            Problem.MALFORMED,
            "PKCS#8",
            pk8));
    cases.add(
        pemText(
            "bad base64",
            pk8.replaceFirst("\n(.{10})", "\n$1*"),
            Problem.MALFORMED,
            "base64",
            pk8));
    cases.add(
        pemText(
            "unknown PEM label",
            pk8.replace("PRIVATE KEY", "SECRET THING"),
            Problem.MALFORMED,
            "unknown PEM label 'SECRET THING'",
            pk8));
    cases.add(
        pemText("not PEM at all", "this is not a key", Problem.MALFORMED, "no '-----BEGIN", pk8));
    cases.add(
        pemText(
            "empty PEM block",
            "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----",
            Problem.MALFORMED,
            "empty",
            pk8));
    String legacy = Fixtures.text("rsa2048.pkcs1-aes256.pem");
    cases.add(
        pemText(
            "legacy PEM cipher not supported",
            legacy.replace("AES-256-CBC", "BF-CBC"),
            Problem.UNSUPPORTED,
            "BF-CBC",
            legacy));
    cases.add(
        pemText(
            "legacy PEM without DEK-Info",
            legacy.replaceAll("DEK-Info: .*\n", ""),
            Problem.MALFORMED,
            "DEK-Info",
            legacy));

    // ---- config JSON ---------------------------------------------------------------------
    String enc = Fixtures.text("rsa2048.pbes2-aes256-sha256.pem");
    String good = Fixtures.configJson(enc, Fixtures.PASSPHRASE);
    cases.add(json("config: empty", "", "config", "empty"));
    cases.add(json("config: whitespace only", "  \n ", "config", "empty"));
    cases.add(json("config: not JSON", "client_id=abc", "config", "not valid JSON"));
    cases.add(json("config: an array", "[" + good + "]", "config", "must be a JSON object"));
    cases.add(json("config: a string", "\"" + Fixtures.CLIENT_SECRET + "\"", "config", "a string"));
    cases.add(
        json(
            "config: truncated inside a string",
            good.substring(0, good.length() / 2),
            "config",
            "not valid JSON (near boxAppSettings.appAuth.privateKey)"));
    cases.add(
        json(
            "config: truncated between members", "{\"boxAppSettings\": {", "config", "ends early"));
    cases.add(json("config: text after the object", good + "{}", "config", "more text"));
    cases.add(
        json(
            "config: missing boxAppSettings",
            "{\"enterpriseID\":\"1\"}",
            "boxAppSettings",
            "is missing"));
    cases.add(
        json(
            "config: missing clientID",
            remove(good, "clientID"),
            "boxAppSettings.clientID",
            "is missing"));
    cases.add(
        json(
            "config: missing clientSecret",
            remove(good, "clientSecret"),
            "boxAppSettings.clientSecret",
            "is missing"));
    cases.add(
        json(
            "config: missing appAuth",
            "{\"boxAppSettings\":{\"clientID\":\"a\",\"clientSecret\":\""
                + Fixtures.CLIENT_SECRET
                + "\"}}",
            "boxAppSettings.appAuth",
            "is missing"));
    cases.add(
        json(
            "config: missing publicKeyID",
            remove(good, "publicKeyID"),
            "boxAppSettings.appAuth.publicKeyID",
            "is missing"));
    cases.add(
        json(
            "config: null publicKeyID",
            good.replace("\"" + Fixtures.KEY_ID + "\"", "null"),
            "boxAppSettings.appAuth.publicKeyID",
            "is null"));
    cases.add(
        json(
            "config: missing privateKey",
            remove(good, "privateKey"),
            "boxAppSettings.appAuth.privateKey",
            "is missing"));
    cases.add(
        json(
            "config: clientID is a number",
            good.replace("\"clientid123\"", "12345"),
            "boxAppSettings.clientID",
            "must be a JSON string, but is a number"));
    cases.add(
        json(
            "config: clientSecret is a number",
            good.replace("\"" + Fixtures.CLIENT_SECRET + "\"", "98765432123"),
            "boxAppSettings.clientSecret",
            "a number"));
    cases.add(
        json(
            "config: appAuth is a string",
            good.replaceFirst("\"appAuth\": \\{", "\"appAuth\": \"x\", \"other\": {"),
            "boxAppSettings.appAuth",
            "must be a JSON object, but is a string"));
    cases.add(
        json(
            "config: privateKey is an array",
            good.replaceFirst("\"privateKey\": \"[^\"]*\"", "\"privateKey\": [1]"),
            "boxAppSettings.appAuth.privateKey",
            "an array"));
    cases.add(
        json(
            "config: passphrase is a boolean",
            good.replace("\"" + Fixtures.PASSPHRASE + "\"", "true"),
            "boxAppSettings.appAuth.passphrase",
            "a boolean"));
    cases.add(
        json(
            "config: enterpriseID is a number",
            good.replace("\"1234567\"", "1234567"),
            "enterpriseID",
            "a number"));
    cases.add(
        json(
            "config: enterpriseID not digits",
            good.replace("\"1234567\"", "\"acme\""),
            "enterpriseID",
            "digits"));
    cases.add(
        json(
            "config: clientSecret twice",
            good.replace(
                "\"clientID\"",
                "\"clientSecret\": \"other-" + Fixtures.CLIENT_SECRET + "\", \"clientID\""),
            "boxAppSettings.clientSecret",
            "appears twice"));
    cases.add(
        new Case(
            "config: null passphrase for an encrypted key",
            () ->
                KeyTools.keySource(
                    BoxAppConfig.parse(Fixtures.configJson(enc, null)), SignatureAlgorithm.RS256),
            Problem.PASSPHRASE_REQUIRED,
            List.of("boxAppSettings.appAuth.privateKey", "passphrase"),
            secretsOf(enc)));
    cases.add(
        new Case(
            "config: wrong passphrase",
            () ->
                KeyTools.keySource(
                    BoxAppConfig.parse(Fixtures.configJson(enc, WRONG)), SignatureAlgorithm.RS256),
            Problem.WRONG_PASSPHRASE,
            List.of("boxAppSettings.appAuth.privateKey", "config JSON"),
            secretsOf(enc)));
    cases.add(
        new Case(
            "config file does not exist",
            () -> BoxAppConfig.read(Path.of("/nonexistent/config.json")),
            "config file",
            List.of("/nonexistent/config.json", "does not exist"),
            List.of()));
    cases.add(
        new Case(
            "builder: no publicKeyId",
            () ->
                BoxAppConfig.builder()
                    .clientId("abc")
                    .clientSecret(Fixtures.CLIENT_SECRET)
                    .privateKey(pk8)
                    .build(),
            "publicKeyId",
            List.of("is missing"),
            secretsOf(pk8)));

    // ---- PKCS#12 ---------------------------------------------------------------------------
    cases.add(
        p12(
            "PKCS#12: wrong store password",
            Pkcs12KeyConfig.builder()
                .file(Fixtures.path("rsa2048.p12"))
                .keyId("kid")
                .storePassword(WRONG)
                .build(),
            Problem.WRONG_PASSPHRASE,
            "store password is wrong"));
    cases.add(
        p12(
            "PKCS#12: wrong key password",
            Pkcs12KeyConfig.builder()
                .file(Fixtures.path("rsa2048.p12"))
                .keyId("kid")
                .storePassword(Fixtures.PASSPHRASE)
                .keyPassword(WRONG)
                .build(),
            Problem.WRONG_PASSPHRASE,
            "key password is wrong"));
    cases.add(
        p12(
            "PKCS#12: no private key",
            Pkcs12KeyConfig.builder()
                .file(Fixtures.path("cert-only.p12"))
                .keyId("kid")
                .storePassword(Fixtures.PASSPHRASE)
                .build(),
            Problem.NOT_FOUND,
            "no private key"));
    cases.add(
        p12(
            "PKCS#12: unknown alias",
            Pkcs12KeyConfig.builder()
                .file(Fixtures.path("rsa2048.p12"))
                .keyId("kid")
                .storePassword(Fixtures.PASSPHRASE)
                .alias("nope")
                .build(),
            Problem.NOT_FOUND,
            "alias 'nope'"));
    cases.add(
        p12(
            "PKCS#12: EC key",
            Pkcs12KeyConfig.builder()
                .file(Fixtures.path("ec.p12"))
                .keyId("kid")
                .storePassword(Fixtures.PASSPHRASE)
                .build(),
            Problem.UNSUPPORTED,
            "EC key"));
    cases.add(
        p12(
            "PKCS#12: a PEM file",
            Pkcs12KeyConfig.builder()
                .file(Fixtures.path("rsa2048.pk8.pem"))
                .keyId("kid")
                .storePassword(Fixtures.PASSPHRASE)
                .build(),
            Problem.MALFORMED,
            "not a readable PKCS#12"));
    cases.add(
        p12(
            "PKCS#12: missing file",
            Pkcs12KeyConfig.builder()
                .file(Path.of("/nonexistent/k.p12"))
                .keyId("kid")
                .storePassword(Fixtures.PASSPHRASE)
                .build(),
            Problem.NOT_FOUND,
            "does not exist"));

    // ---- Tink keysets ------------------------------------------------------------------------
    cases.add(
        tink(
            "Tink: an AEAD keyset",
            TinkKeyConfig.builder()
                .keysetJson(Tinks.aeadKeysetJson())
                .insecureCleartext(true)
                .build(),
            Problem.UNSUPPORTED,
            "AesGcmKey"));
    cases.add(
        tink(
            "Tink: a JWT ES256 keyset",
            TinkKeyConfig.builder()
                .keysetJson(Tinks.cleartext("JWT_ES256"))
                .insecureCleartext(true)
                .build(),
            Problem.UNSUPPORTED,
            "JwtEcdsaPrivateKey"));
    cases.add(
        tink(
            "Tink: RS256 keyset without custom kid",
            TinkKeyConfig.builder()
                .keysetJson(Tinks.cleartext("JWT_RS256_2048_F4"))
                .insecureCleartext(true)
                .build(),
            Problem.UNSUPPORTED,
            "no custom kid"));
    cases.add(
        tink(
            "Tink: encrypted under another KEK",
            TinkKeyConfig.builder()
                .keysetJson(Tinks.encryptedBoxKeyset(Tinks.kek()))
                .kek(Tinks.kek())
                .build(),
            Problem.WRONG_PASSPHRASE,
            "can't be decrypted"));
    cases.add(
        tink(
            "Tink: cleartext keyset where an encrypted one is configured",
            TinkKeyConfig.builder()
                .keysetJson(Tinks.cleartext("JWT_RS256_2048_F4"))
                .kek(Tinks.kek())
                .build(),
            Problem.MALFORMED,
            "cleartext keyset"));
    cases.add(
        tink(
            "Tink: encrypted keyset configured as cleartext",
            TinkKeyConfig.builder()
                .keysetJson(Tinks.encryptedBoxKeyset(Tinks.kek()))
                .insecureCleartext(true)
                .build(),
            Problem.MALFORMED,
            "no key-encryption key"));
    cases.add(
        tink(
            "Tink: not JSON",
            TinkKeyConfig.builder().keysetJson("not a keyset").insecureCleartext(true).build(),
            Problem.MALFORMED,
            "not a Tink keyset"));
    cases.add(
        new Case(
            "Tink: KEK file holds a signature keyset",
            () -> {
              Path kekFile = Files.createTempFile("kek", ".json");
              try {
                Files.writeString(kekFile, Tinks.cleartext("JWT_RS256_2048_F4"));
                TinkKeyConfig.builder()
                    .keysetFile(Fixtures.path("rsa2048.pk8.pem"))
                    .kekFile(kekFile)
                    .build()
                    .load();
              } finally {
                Files.delete(kekFile);
              }
            },
            Problem.UNSUPPORTED,
            List.of("key-encryption keyset", "not an AEAD keyset"),
            List.of()));
    cases.add(
        new Case(
            "Tink: keyset file does not exist",
            () ->
                TinkKeyConfig.builder()
                    .keysetFile(Path.of("/nonexistent/keyset.json"))
                    .insecureCleartext(true)
                    .build()
                    .load(),
            Problem.NOT_FOUND,
            List.of("/nonexistent/keyset.json"),
            List.of()));

    return cases.stream().map(c -> Arguments.of(c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void badInput_failsTyped_namingTheCause_withoutSecrets(Case c) {
    Throwable thrown = catchThrowable(c.action());

    assertThat(thrown).as(c.name()).isInstanceOf(AuthException.class);
    if (c.expected() instanceof Problem problem) {
      assertThat(thrown).isInstanceOf(KeyException.class);
      assertThat(((KeyException) thrown).problem()).as(c.name()).isEqualTo(problem);
    } else {
      assertThat(thrown).isInstanceOf(ConfigurationException.class);
      assertThat(((ConfigurationException) thrown).field()).as(c.name()).isEqualTo(c.expected());
      assertThat(thrown.getMessage()).contains((String) c.expected());
    }
    for (String mention : c.mentions()) {
      assertThat(thrown.getMessage()).as(c.name()).contains(mention);
    }
    assertThat(((AuthException) thrown).fix()).isNotBlank();
    List<String> secrets = new ArrayList<>(c.secrets());
    secrets.addAll(List.of(Fixtures.PASSPHRASE, Fixtures.CLIENT_SECRET, WRONG, "pässwörd"));
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      for (String secret : secrets) {
        assertThat(String.valueOf(t.getMessage())).as(c.name()).doesNotContain(secret);
        assertThat(t.toString()).as(c.name()).doesNotContain(secret);
      }
    }
  }

  @Test
  void corpus_hasAtLeast25Cases() {
    assertThat(corpus().count()).isGreaterThanOrEqualTo(25);
  }

  // ---- case builders -------------------------------------------------------------------------

  private static Case pemFile(
      String name, String fixture, String passphrase, Problem problem, String mention) {
    PemKeyConfig.Builder config =
        PemKeyConfig.builder().file(Fixtures.path(fixture)).keyId(Fixtures.KEY_ID);
    if (passphrase != null) {
      config.passphrase(passphrase);
    }
    PemKeyConfig built = config.build();
    return new Case(
        name,
        () -> KeyTools.keySource(built),
        problem,
        List.of(fixture, mention),
        secretsOf(Fixtures.text(fixture)));
  }

  private static Case pemText(
      String name, String text, Problem problem, String mention, String original) {
    return new Case(
        name,
        () ->
            KeyTools.keySource(
                PemKeyConfig.builder()
                    .pem(text)
                    .keyId(Fixtures.KEY_ID)
                    .passphrase(Fixtures.PASSPHRASE)
                    .build()),
        problem,
        List.of("PEM text", mention),
        secretsOf(original));
  }

  private static Case json(String name, String json, String field, String mention) {
    return new Case(
        name,
        () -> BoxAppConfig.parse(json),
        field,
        List.of(mention),
        secretsOf(Fixtures.text("rsa2048.pbes2-aes256-sha256.pem")));
  }

  private static Case p12(String name, Pkcs12KeyConfig config, Problem problem, String mention) {
    return new Case(
        name,
        () -> KeyTools.keySource(config),
        problem,
        List.of(config.file().getFileName().toString(), mention),
        secretsOf(Fixtures.text("rsa2048.pk8.pem")));
  }

  private static Case tink(String name, TinkKeyConfig config, Problem problem, String mention) {
    return new Case(name, config::load, problem, List.of("Tink keyset", mention), Tinks.material());
  }

  private static List<String> secretsOf(String pem) {
    return Fixtures.keyMaterial(pem);
  }

  private static String remove(String json, String member) {
    return json.replaceFirst("\\s*\"" + member + "\": (\"[^\"]*\"|null),?", "");
  }

  private static String dropMiddleLines(String pem) {
    String[] lines = pem.split("\n");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      if (i < 3 || i > lines.length / 2) {
        b.append(lines[i]).append('\n');
      }
    }
    return b.toString();
  }

  /** Tink keysets for the corpus, made once per run. */
  static final class Tinks {
    private static final List<String> MATERIAL = new ArrayList<>();

    static synchronized String cleartext(String template) {
      try {
        TinkKeysets.register();
        return remember(
            TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(KeyTemplates.get(template)),
                InsecureSecretKeyAccess.get()));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    static synchronized String aeadKeysetJson() {
      try {
        TinkKeysets.register();
        return remember(
            TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM),
                InsecureSecretKeyAccess.get()));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    static Aead kek() {
      return TinkKeysets.kekFromJson(aeadKeysetJson(), "test KEK");
    }

    static synchronized String encryptedBoxKeyset(Aead kek) {
      try {
        KeysetHandle keyset =
            KeyTools.toTinkKeyset(
                TestKeys.rsa().getPrivate(), new KeyId("kid-t"), SignatureAlgorithm.RS256);
        return remember(
            TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, kek, new byte[0]));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    static synchronized List<String> material() {
      return List.copyOf(MATERIAL);
    }

    private static String remember(String json) {
      Matcher m = Pattern.compile("\"(value|encryptedKeyset)\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
      while (m.find()) {
        String v = m.group(2);
        for (int i = 0; i + 12 <= v.length(); i += 12) {
          MATERIAL.add(v.substring(i, i + 12));
        }
      }
      return json;
    }
  }
}
