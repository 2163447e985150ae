package dev.boxauth.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.EnterpriseId;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.Subject;
import dev.boxauth.domain.UserId;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoxAppConfigTest {
  private static final String PEM = Fixtures.text("rsa2048.pbes2-aes256-sha256.pem");

  @Test
  void parse_consoleConfig_readsEveryField() {
    BoxAppConfig config = BoxAppConfig.parse(Fixtures.configJson(PEM, Fixtures.PASSPHRASE));

    assertThat(config.clientCredentials().id().value()).isEqualTo("clientid123");
    assertThat(config.clientCredentials().secret().value().reveal())
        .isEqualTo(Fixtures.CLIENT_SECRET);
    assertThat(config.keyId()).isEqualTo(new KeyId(Fixtures.KEY_ID));
    assertThat(config.enterpriseId()).contains(new EnterpriseId("1234567"));
    assertThat(config.userId()).isEmpty();
    assertThat(config.defaultSubject()).contains(Subject.enterprise("1234567"));
    assertThat(config.passphrase()).isPresent();
    assertThat(config.passphrase().get().reveal()).isEqualTo(Fixtures.PASSPHRASE);
    assertThat(config.privateKeyPem().reveal()).isEqualTo(PEM);
    assertThat(config.source()).isEqualTo("config JSON");
  }

  @Test
  void parse_escapedNewlinesInPrivateKey_decodeToTheKey() {
    BoxAppConfig config = BoxAppConfig.parse(Fixtures.configJson(PEM, Fixtures.PASSPHRASE));

    assertThat(Fixtures.matches(KeyTools.readPrivateKey(config), Fixtures.publicKey())).isTrue();
  }

  @Test
  void parse_unknownMembersAndWebhooks_areIgnored() {
    String json =
        Fixtures.configJson(PEM, Fixtures.PASSPHRASE)
            .replace(
                "\"enterpriseID\"",
                "\"webhooks\": {\"primaryKey\": \"p\", \"secondaryKey\": \"s\"}, \"extra\": [1,"
                    + " {\"a\": null}], \"flag\": true, \"n\": 1.5e3, \"enterpriseID\"");

    assertThat(BoxAppConfig.parse(json).enterpriseId()).contains(new EnterpriseId("1234567"));
  }

  @Test
  void parse_userIdWithNullEnterprise_defaultSubjectIsTheUser() {
    String json =
        Fixtures.configJson(PEM, Fixtures.PASSPHRASE)
            .replace(
                "\"enterpriseID\": \"1234567\"", "\"enterpriseID\": null, \"userID\": \"777\"");

    BoxAppConfig config = BoxAppConfig.parse(json);

    assertThat(config.enterpriseId()).isEmpty();
    assertThat(config.userId()).contains(new UserId("777"));
    assertThat(config.defaultSubject()).contains(Subject.user("777"));
  }

  @Test
  void parse_enterpriseAndUser_enterpriseIsTheDefaultSubject() {
    String json =
        Fixtures.configJson(PEM, Fixtures.PASSPHRASE)
            .replace(
                "\"enterpriseID\": \"1234567\"", "\"enterpriseID\": \"55\", \"userID\": \"777\"");

    BoxAppConfig config = BoxAppConfig.parse(json);

    assertThat(config.defaultSubject()).contains(Subject.enterprise("55"));
    assertThat(config.userId()).contains(new UserId("777"));
  }

  @Test
  void parse_noEnterpriseNoUser_hasNoDefaultSubject() {
    String json =
        Fixtures.configJson(PEM, Fixtures.PASSPHRASE)
            .replace(",\n  \"enterpriseID\": \"1234567\"", "");

    assertThat(BoxAppConfig.parse(json).defaultSubject()).isEmpty();
  }

  @Test
  void parse_nullOrEmptyPassphrase_meansNone() {
    String unencrypted = Fixtures.text("rsa2048.pk8.pem");

    assertThat(BoxAppConfig.parse(Fixtures.configJson(unencrypted, null)).passphrase()).isEmpty();
    assertThat(BoxAppConfig.parse(Fixtures.configJson(unencrypted, "")).passphrase()).isEmpty();
  }

  @Test
  void parse_byteOrderMark_accepted() {
    assertThat(BoxAppConfig.parse("\uFEFF" + Fixtures.configJson(PEM, null)).keyId().value())
        .isEqualTo(Fixtures.KEY_ID);
  }

  @Test
  void toString_showsNoSecret() {
    BoxAppConfig config = BoxAppConfig.parse(Fixtures.configJson(PEM, Fixtures.PASSPHRASE));

    assertThat(config.toString())
        .contains("clientid123", Fixtures.KEY_ID, "1234567", "REDACTED")
        .doesNotContain(Fixtures.CLIENT_SECRET, Fixtures.PASSPHRASE, "PRIVATE KEY")
        .doesNotContain(Fixtures.keyMaterial(PEM).get(3));
  }

  @Test
  void read_file_namesTheFileAsSource(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("1234567_kid_config.json");
    Files.writeString(file, Fixtures.configJson(PEM, Fixtures.PASSPHRASE));

    BoxAppConfig config = BoxAppConfig.read(file);

    assertThat(config.source()).isEqualTo(file.toString());
    assertThat(Fixtures.matches(KeyTools.readPrivateKey(config), Fixtures.publicKey())).isTrue();
  }

  @Test
  void read_fileWithWrongPassphrase_errorNamesFileAndField(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, Fixtures.configJson(PEM, "wrong-passphrase"));
    BoxAppConfig config = BoxAppConfig.read(file);

    assertThatThrownBy(() -> KeyTools.readPrivateKey(config))
        .hasMessageContaining("boxAppSettings.appAuth.privateKey in config file " + file)
        .hasMessageNotContaining("wrong-passphrase");
  }

  @Test
  void read_fileTooLarge_refusedUnread(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("big.json");
    Files.writeString(file, " ".repeat(BoxConfigParser.MAX_CHARS + 1));

    assertThatThrownBy(() -> BoxAppConfig.read(file))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("larger than 1 MiB");
  }

  @Test
  void read_readerTooLarge_refused() {
    assertThatThrownBy(
            () -> BoxAppConfig.read(new StringReader(" ".repeat(BoxConfigParser.MAX_CHARS + 10))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("larger than 1 MiB");
  }

  @Test
  void read_reader_parsesTheSameConfig() {
    BoxAppConfig config =
        BoxAppConfig.read(new StringReader(Fixtures.configJson(PEM, Fixtures.PASSPHRASE)));

    assertThat(config.keyId().value()).isEqualTo(Fixtures.KEY_ID);
  }

  @Test
  void builder_separateValues_buildTheConfig() {
    BoxAppConfig config =
        BoxAppConfig.builder()
            .clientId("clientid123")
            .clientSecret(Fixtures.CLIENT_SECRET)
            .publicKeyId("uploaded-key-1")
            .privateKey(PEM)
            .passphrase(Fixtures.PASSPHRASE)
            .userId("777")
            .build();

    assertThat(config.defaultSubject()).contains(Subject.user("777"));
    assertThat(config.source()).isEqualTo("builder");
    assertThat(Fixtures.matches(KeyTools.readPrivateKey(config), Fixtures.publicKey())).isTrue();
    assertThat(config.toString()).doesNotContain(Fixtures.CLIENT_SECRET, Fixtures.PASSPHRASE);
  }

  @Test
  void builder_invalidEnterpriseId_namesTheField() {
    BoxAppConfig.Builder builder =
        BoxAppConfig.builder()
            .clientId("c")
            .clientSecret("s")
            .publicKeyId("k")
            .privateKey(PEM)
            .enterpriseId("0");

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("enterpriseId"));
  }

  @Test
  void builder_missingSecret_namesTheField() {
    assertThatThrownBy(
            () -> BoxAppConfig.builder().clientId("c").publicKeyId("k").privateKey(PEM).build())
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("clientSecret"));
  }
}
