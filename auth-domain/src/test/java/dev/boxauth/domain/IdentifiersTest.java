package dev.boxauth.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

  @Test
  void boxIds_acceptDigits() {
    assertThat(new EnterpriseId("1234567").value()).isEqualTo("1234567");
    assertThat(new UserId("42").value()).isEqualTo("42");
    assertThat(Subject.user("42")).isEqualTo(Subject.user("42"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0", "000", "12a", " 12", "-1", "1.5"})
  void enterpriseId_whenNotAPositiveDigitString_throwsNamingField(String bad) {
    assertThatThrownBy(() -> new EnterpriseId(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("enterpriseId");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "tab\there", "a/b"})
  void clientId_whenMalformed_throwsNamingField(String bad) {
    assertThatThrownBy(() -> new ClientId(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clientId");
  }

  @Test
  void keyId_rejectsWhitespace() {
    assertThatThrownBy(() -> new KeyId("ab cd")).hasMessageContaining("keyId");
    assertThat(new KeyId("a1b2c3d4").toString()).isEqualTo("a1b2c3d4");
  }

  @Test
  void subjects_knowTheirWireTypes() {
    assertThat(Subject.enterprise("9").wireType()).isEqualTo("enterprise");
    assertThat(Subject.user("9").wireType()).isEqualTo("user");
    assertThat(Subject.enterprise("9")).isNotEqualTo(Subject.user("9"));
  }

  @Test
  void signatureAlgorithm_parse_acceptsKnownNamesAndNamesFieldOtherwise() {
    assertThat(SignatureAlgorithm.parse("rs384", "alg")).isEqualTo(SignatureAlgorithm.RS384);
    assertThatThrownBy(() -> SignatureAlgorithm.parse("HS256", "boxAppSettings.appAuth.alg"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("boxAppSettings.appAuth.alg")
        .hasMessageContaining("RS256");
  }
}
