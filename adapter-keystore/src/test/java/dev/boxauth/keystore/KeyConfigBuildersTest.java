package dev.boxauth.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The key configs' builders: what {@code build()} refuses, what it defaults, what it prints. */
class KeyConfigBuildersTest {
  private static final String PEM = Fixtures.text("rsa2048.pk8.pem");
  private static final Path P12 = Path.of("/keys/box.p12");

  /** Asserts {@code call} throws a ConfigurationException naming {@code field}, with a fix. */
  private static void refused(ThrowingCallable call, String field, String problem, String fix) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.getMessage()).contains(field + ": " + problem);
              assertThat(e.fix()).contains(fix);
            });
  }

  @Nested
  class Pem {
    @Test
    void build_fileAndKeyId_defaultsToRs256WithoutPassphrase() {
      PemKeyConfig config =
          PemKeyConfig.builder().file(Path.of("/keys/box.pem")).keyId("kid-1").build();

      assertThat(config.keyId()).isEqualTo(new KeyId("kid-1"));
      assertThat(config.file()).isEqualTo(Path.of("/keys/box.pem"));
      assertThat(config.pem()).isNull();
      assertThat(config.algorithm()).isEqualTo(SignatureAlgorithm.RS256);
      assertThat(config.passphrase()).isNull();
      assertThat(config.source()).isEqualTo("PEM file /keys/box.pem");
    }

    @Test
    void passphrase_empty_meansNone() {
      PemKeyConfig config = PemKeyConfig.builder().pem(PEM).keyId("k").passphrase("").build();

      assertThat(config.passphrase()).isNull();
      assertThat(config.source()).isEqualTo("PEM text");
    }

    @Test
    void build_withoutFileOrPem_namesFile() {
      refused(
          () -> PemKeyConfig.builder().keyId("k").build(),
          "file",
          "neither a PEM file nor PEM text is set",
          "set exactly one: file(path) for a PEM file or pem(text) for PEM text");
    }

    @Test
    void build_withFileAndPem_namesPem() {
      refused(
          () -> PemKeyConfig.builder().file(Path.of("k.pem")).pem(PEM).keyId("k").build(),
          "pem",
          "is set together with file",
          "set exactly one");
    }

    @Test
    void build_blankPem_namesPem() {
      refused(
          () -> PemKeyConfig.builder().pem("  ").keyId("k").build(),
          "pem",
          "the PEM text is empty",
          "pass the PEM key");
    }

    @Test
    void build_withoutKeyId_namesKeyId() {
      refused(
          () -> PemKeyConfig.builder().pem(PEM).build(),
          "keyId",
          "is missing",
          "the key id Box shows beside the public key");
    }

    @Test
    void build_invalidKeyId_namesKeyId() {
      refused(
          () -> PemKeyConfig.builder().pem(PEM).keyId("has space").build(),
          "keyId",
          "",
          "use the key id Box shows beside the public key");
    }

    @Test
    void setters_null_throwNullPointerException() {
      PemKeyConfig.Builder b = PemKeyConfig.builder();

      assertThatThrownBy(() -> b.file(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.pem(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.keyId(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.passphrase(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.algorithm(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toString_showsNeitherKeyNorPassphrase() {
      PemKeyConfig config =
          PemKeyConfig.builder()
              .pem(PEM)
              .keyId("kid-1")
              .passphrase(Fixtures.PASSPHRASE)
              .algorithm(SignatureAlgorithm.RS512)
              .build();

      assertThat(config.toString())
          .contains("kid-1", "RS512", "passphrase=REDACTED")
          .doesNotContain(Fixtures.PASSPHRASE, "PRIVATE KEY", Fixtures.keyMaterial(PEM).get(0));
    }

    @Test
    void toBuilder_roundTrips_andChangesOnlyWhatIsSet() {
      PemKeyConfig config =
          PemKeyConfig.builder()
              .pem(PEM)
              .keyId("kid-1")
              .passphrase(Fixtures.PASSPHRASE)
              .algorithm(SignatureAlgorithm.RS384)
              .build();

      PemKeyConfig other = config.toBuilder().algorithm(SignatureAlgorithm.RS512).build();

      assertThat(config.toBuilder().build()).isEqualTo(config).hasSameHashCodeAs(config);
      assertThat(other).isNotEqualTo(config);
      assertThat(other.algorithm()).isEqualTo(SignatureAlgorithm.RS512);
      assertThat(other.passphrase()).isEqualTo(config.passphrase());
      assertThat(other.pem()).isEqualTo(config.pem());
    }
  }

  @Nested
  class Pkcs12 {
    @Test
    void build_fileAndKeyId_defaults() {
      Pkcs12KeyConfig config = Pkcs12KeyConfig.builder().file(P12).keyId("kid-2").build();

      assertThat(config.file()).isEqualTo(P12);
      assertThat(config.keyId()).isEqualTo(new KeyId("kid-2"));
      assertThat(config.storePassword()).isNull();
      assertThat(config.keyPassword()).isNull();
      assertThat(config.alias()).isNull();
      assertThat(config.algorithm()).isEqualTo(SignatureAlgorithm.RS256);
    }

    @Test
    void passwords_empty_meanNone() {
      Pkcs12KeyConfig config =
          Pkcs12KeyConfig.builder().file(P12).keyId("k").storePassword("").keyPassword("").build();

      assertThat(config.storePassword()).isNull();
      assertThat(config.keyPassword()).isNull();
    }

    @Test
    void build_withoutFile_namesFile() {
      refused(
          () -> Pkcs12KeyConfig.builder().keyId("k").build(),
          "file",
          "is missing",
          "set file(path) to the .p12 or .pfx file");
    }

    @Test
    void build_withoutOrInvalidKeyId_namesKeyId() {
      refused(
          () -> Pkcs12KeyConfig.builder().file(P12).build(),
          "keyId",
          "is missing",
          "the key id Box shows");
      refused(
          () -> Pkcs12KeyConfig.builder().file(P12).keyId("").build(),
          "keyId",
          "",
          "the key id Box shows");
    }

    @Test
    void build_blankAlias_namesAlias() {
      refused(
          () -> Pkcs12KeyConfig.builder().file(P12).keyId("k").alias(" ").build(),
          "alias",
          "is blank",
          "keytool -list shows it");
    }

    @Test
    void setters_null_throwNullPointerException() {
      Pkcs12KeyConfig.Builder b = Pkcs12KeyConfig.builder();

      assertThatThrownBy(() -> b.file(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.keyId(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.storePassword(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.keyPassword(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.alias(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.algorithm(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toString_showsNoPassword() {
      Pkcs12KeyConfig config =
          Pkcs12KeyConfig.builder()
              .file(P12)
              .keyId("kid-2")
              .storePassword(Fixtures.PASSPHRASE)
              .keyPassword("key-password-123")
              .alias("box-key")
              .build();

      assertThat(config.toString())
          .contains("/keys/box.p12", "kid-2", "box-key", "storePassword=REDACTED")
          .doesNotContain(Fixtures.PASSPHRASE, "key-password-123");
    }

    @Test
    void toBuilder_roundTrips_andChangesOnlyWhatIsSet() {
      Pkcs12KeyConfig config =
          Pkcs12KeyConfig.builder()
              .file(P12)
              .keyId("kid-2")
              .storePassword(Fixtures.PASSPHRASE)
              .keyPassword("key-password-123")
              .alias("box-key")
              .algorithm(SignatureAlgorithm.RS384)
              .build();

      Pkcs12KeyConfig other = config.toBuilder().alias("other").build();

      assertThat(config.toBuilder().build()).isEqualTo(config).hasSameHashCodeAs(config);
      assertThat(other).isNotEqualTo(config);
      assertThat(other.alias()).isEqualTo("other");
      assertThat(other.keyPassword()).isEqualTo(config.keyPassword());
      assertThat(other.algorithm()).isEqualTo(SignatureAlgorithm.RS384);
    }
  }

  @Nested
  class Tink {
    private final Path keyset = Path.of("/keys/k.json");
    private final Path kekFile = Path.of("/keys/kek.json");

    @Test
    void build_keysetAndKek_isEncrypted() {
      assertThat(TinkKeyConfig.builder().keysetFile(keyset).kekFile(kekFile).build().isCleartext())
          .isFalse();
      assertThat(
              TinkKeyConfig.builder()
                  .keysetJson("{}")
                  .kek(BadInputCorpusTest.Tinks.kek())
                  .build()
                  .isCleartext())
          .isFalse();
    }

    @Test
    void build_withoutKeyset_namesKeysetFile() {
      refused(
          () -> TinkKeyConfig.builder().kekFile(kekFile).build(),
          "keysetFile",
          "no keyset is set",
          "set exactly one: keysetFile(path) or keysetJson(text)");
    }

    @Test
    void build_withKeysetFileAndJson_namesKeysetJson() {
      refused(
          () ->
              TinkKeyConfig.builder().keysetFile(keyset).keysetJson("{}").kekFile(kekFile).build(),
          "keysetJson",
          "is set together with keysetFile",
          "set exactly one");
    }

    @Test
    void build_withoutKek_namesKekFile() {
      refused(
          () -> TinkKeyConfig.builder().keysetFile(keyset).build(),
          "kekFile",
          "no key-encryption key is set",
          "insecureCleartext(true) in tests only");
    }

    @Test
    void build_withKekFileAndKek_namesKek() {
      Aead kek = BadInputCorpusTest.Tinks.kek();

      refused(
          () -> TinkKeyConfig.builder().keysetFile(keyset).kekFile(kekFile).kek(kek).build(),
          "kek",
          "is set together with kekFile",
          "set exactly one: kekFile(path) or kek(aead)");
    }

    @Test
    void build_cleartextWithKek_namesTheKek() {
      refused(
          () ->
              TinkKeyConfig.builder()
                  .keysetFile(keyset)
                  .kekFile(kekFile)
                  .insecureCleartext(true)
                  .build(),
          "kekFile",
          "is set for a keyset marked insecureCleartext",
          "drop the key-encryption key");
    }

    @Test
    void build_cleartextWithAssociatedData_namesAssociatedData() {
      refused(
          () ->
              TinkKeyConfig.builder()
                  .keysetFile(keyset)
                  .insecureCleartext(true)
                  .associatedData(new byte[] {1})
                  .build(),
          "associatedData",
          "is set for a keyset marked insecureCleartext",
          "only an encrypted keyset");
    }

    @Test
    void setters_null_throwNullPointerException() {
      TinkKeyConfig.Builder b = TinkKeyConfig.builder();

      assertThatThrownBy(() -> b.keysetFile(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.keysetJson(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.kekFile(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.kek(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.associatedData(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toString_showsPathsOnly() {
      String json = BadInputCorpusTest.Tinks.cleartext("JWT_RS256_2048_F4");
      TinkKeyConfig clear =
          TinkKeyConfig.builder().keysetJson(json).insecureCleartext(true).build();
      TinkKeyConfig encrypted = TinkKeyConfig.builder().keysetFile(keyset).kekFile(kekFile).build();

      assertThat(clear.toString()).doesNotContain("primaryKeyId", "value");
      assertThat(clear.isCleartext()).isTrue();
      assertThat(encrypted.toString()).contains("/keys/k.json", "/keys/kek.json");
    }

    @Test
    void toBuilder_roundTrips_andCopiesAssociatedData() {
      byte[] ad = {1, 2, 3};
      TinkKeyConfig config =
          TinkKeyConfig.builder()
              .keysetJson("{}")
              .kek(BadInputCorpusTest.Tinks.kek())
              .associatedData(ad)
              .build();
      ad[0] = 9;
      TinkKeyConfig clear =
          TinkKeyConfig.builder().keysetFile(keyset).insecureCleartext(true).build();

      assertThat(config.toBuilder().build()).isEqualTo(config).hasSameHashCodeAs(config);
      assertThat(config.toBuilder().associatedData(new byte[] {1, 2, 3}).build()).isEqualTo(config);
      assertThat(config.toBuilder().associatedData(ad).build()).isNotEqualTo(config);
      assertThat(clear.toBuilder().build()).isEqualTo(clear);
    }
  }
}
