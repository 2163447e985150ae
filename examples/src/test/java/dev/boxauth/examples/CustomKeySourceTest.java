package dev.boxauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.BoxAuth;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's custom key source: a JWT app whose key stays in a KMS. */
class CustomKeySourceTest {
  private final BoxEmulator emulator = BoxEmulator.start();

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void keySource_signsThroughTheKms_andBoxAcceptsTheAssertion() {
    EmulatedApp app = emulator.newJwtApp();
    Kms kms = new InMemoryKms();
    app.addPublicKey("a1b2c3d4", kms.publicKey());
    String clientId = app.clientId();
    String clientSecret = app.clientSecret();
    String enterpriseId = app.enterpriseId();

    // README: custom-key-source-builder
    BoxAuth auth = BoxAuth.builder()
        .clientCredentials(clientId, clientSecret)
        .keySource(new KmsKeySource(kms))
        .enterpriseId(enterpriseId)
        .baseUrl(emulator.baseUrl()) // build only
        .build();
    // With Guice: new KeySourceModule(new KmsKeySource(kms)) instead of a key module.
    // README: end

    try (auth) {
      assertThat(emulator.introspect(auth.enterprise().token().value()).isLive()).isTrue();
    }
  }
}
