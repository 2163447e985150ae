package dev.boxauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;

/** The metadata IDEs read, generated from BoxAuthProperties at compile time. */
class ConfigurationMetadataTest {

  private static Map<String, Object> metadata() throws Exception {
    try (InputStream in =
        ConfigurationMetadataTest.class
            .getClassLoader()
            .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata").isNotNull();
      return JsonParserFactory.getJsonParser()
          .parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> byName(
      Map<String, Object> metadata, String kind) {
    return ((List<Map<String, Object>>) metadata.get(kind))
        .stream().collect(Collectors.toMap(p -> (String) p.get("name"), p -> p));
  }

  @Test
  void metadata_describesEveryPropertyTheStarterReads() throws Exception {
    Map<String, Map<String, Object>> properties = byName(metadata(), "properties");

    assertThat(properties)
        .containsKeys(
            "boxauth.config-file",
            "boxauth.client-id",
            "boxauth.client-secret",
            "boxauth.enterprise-id",
            "boxauth.user-id",
            "boxauth.base-url",
            "boxauth.key.pem",
            "boxauth.key.pkcs12",
            "boxauth.key.tink-keyset",
            "boxauth.key.tink-kek",
            "boxauth.key.id",
            "boxauth.key.passphrase",
            "boxauth.http.connect-timeout",
            "boxauth.http.read-timeout",
            "boxauth.http.call-timeout",
            "boxauth.http.proxy.host",
            "boxauth.http.proxy.port",
            "boxauth.http.trust-store",
            "boxauth.http.connection-warm-up",
            "boxauth.policy.refresh-margin",
            "boxauth.policy.expiry-margin",
            "boxauth.policy.deadline",
            "boxauth.policy.max-attempts",
            "boxauth.store.type",
            "boxauth.store.redis.uri",
            "boxauth.store.redis.aead-keyset");
    properties.forEach(
        (name, property) -> assertThat((String) property.get("description")).as(name).isNotBlank());
    assertThat(properties.get("boxauth.base-url"))
        .containsEntry("defaultValue", "https://api.box.com");
    assertThat(properties.get("boxauth.policy.deadline")).containsEntry("defaultValue", "30s");
    assertThat(properties.get("boxauth.http.connection-warm-up"))
        .containsEntry("defaultValue", true);
  }

  @Test
  void metadata_hintsTheStoreTypes() throws Exception {
    Map<String, Map<String, Object>> hints = byName(metadata(), "hints");

    assertThat(hints.get("boxauth.store.type").get("values").toString())
        .contains("memory")
        .contains("redis");
  }
}
