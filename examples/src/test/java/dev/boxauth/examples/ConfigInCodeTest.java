package dev.boxauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.BoxAuth;
import dev.boxauth.keystore.BoxAppConfig;
import dev.boxauth.keystore.KeyTools;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's JWT app built in code, with a key pair {@code boxauth keys generate} wrote. */
class ConfigInCodeTest {
  private final BoxEmulator emulator = BoxEmulator.start();

  @AfterEach
  void stop() {
    emulator.close();
    WorkingDirectory.delete("keys");
  }

  @Test
  void configInCode_withAGeneratedKeyPair_getsAToken() throws Exception {
    EmulatedApp app = emulator.newJwtApp();
    String clientId = app.clientId();
    String clientSecret = app.clientSecret();
    String enterpriseId = app.enterpriseId();
    // What `boxauth keys generate --out keys/` writes, and the public key added in the console.
    KeyPair pair = KeyTools.generateRsaKeyPair(2048);
    char[] passphrase = "generated-passphrase-0123456789".toCharArray();
    WorkingDirectory.write(
        "keys/private_key.pem", KeyTools.encryptedPrivateKeyPem(pair.getPrivate(), passphrase));
    WorkingDirectory.write("keys/private_key.passphrase", new String(passphrase) + "\n");
    app.addPublicKey("a1b2c3d4", pair.getPublic());

    // README: config-in-code
    BoxAppConfig config = BoxAppConfig.builder()             // an app whose key you made yourself
        .clientId(clientId).clientSecret(clientSecret)
        .publicKeyId("a1b2c3d4")                             // the id Box showed for your public key
        .privateKey(Files.readString(Path.of("keys/private_key.pem")))
        .passphrase(Files.readString(Path.of("keys/private_key.passphrase")).strip())
        .enterpriseId(enterpriseId)
        .build();                                            // checks every value
    BoxAuth auth = BoxAuth.builder()
        .config(config)
        .baseUrl(emulator.baseUrl()) // build only
        .build();
    // README: end

    try (auth) {
      assertThat(emulator.introspect(auth.enterprise().token().value()).isLive()).isTrue();
    }
  }
}
