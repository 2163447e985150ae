package dev.boxauth.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigRecordsTest {
  private static final String PEM = Fixtures.text("rsa2048.pk8.pem");

  @Test
  void pemKeyConfig_toString_showsNeitherKeyNorPassphrase() {
    PemKeyConfig config =
        PemKeyConfig.fromPem(PEM, "kid-1")
            .withPassphrase(Fixtures.PASSPHRASE)
            .withAlgorithm(SignatureAlgorithm.RS512);

    assertThat(config.toString())
        .contains("kid-1", "RS512")
        .doesNotContain(Fixtures.PASSPHRASE, "PRIVATE KEY", Fixtures.keyMaterial(PEM).get(0));
    assertThat(config.source()).isEqualTo("PEM text");
  }

  @Test
  void pemKeyConfig_fromFile_namesTheFile_andDefaultsToRs256() {
    PemKeyConfig config = PemKeyConfig.fromFile(Path.of("/keys/box.pem"), "kid-1");

    assertThat(config.algorithm()).isEqualTo(SignatureAlgorithm.RS256);
    assertThat(config.passphrase()).isNull();
    assertThat(config.source()).isEqualTo("PEM file /keys/box.pem");
    assertThat(config.withPassphrase("").passphrase()).isNull();
  }

  @Test
  void pemKeyConfig_badValues_typedOrIllegal() {
    assertThatThrownBy(() -> PemKeyConfig.fromPem("  ", "kid"))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("privateKey"));
    assertThatThrownBy(() -> PemKeyConfig.fromPem(PEM, "has space"))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("keyId"));
    assertThatThrownBy(
            () -> new PemKeyConfig(new KeyId("k"), null, null, null, SignatureAlgorithm.RS256))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pkcs12KeyConfig_toString_showsNoPassword() {
    Pkcs12KeyConfig config =
        Pkcs12KeyConfig.of(Path.of("/keys/box.p12"), "kid-2", Fixtures.PASSPHRASE)
            .withKeyPassword("key-password-123")
            .withAlias("box-key");

    assertThat(config.toString())
        .contains("/keys/box.p12", "kid-2", "box-key")
        .doesNotContain(Fixtures.PASSPHRASE, "key-password-123");
  }

  @Test
  void tinkKeyConfig_toString_showsPathsOnly() {
    String json = BadInputCorpusTest.Tinks.cleartext("JWT_RS256_2048_F4");
    TinkKeyConfig clear = TinkKeyConfig.insecureCleartextJson(json);
    TinkKeyConfig encrypted =
        TinkKeyConfig.encrypted(Path.of("/keys/k.json"), Path.of("/keys/kek.json"));

    assertThat(clear.toString()).doesNotContain("primaryKeyId", "value");
    assertThat(clear.isCleartext()).isTrue();
    assertThat(encrypted.toString()).contains("/keys/k.json", "/keys/kek.json");
    assertThat(encrypted.isCleartext()).isFalse();
  }
}
