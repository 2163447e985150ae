package dev.boxauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import dev.boxauth.BoxAuth;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.keystore.KeyTools;
import dev.boxauth.redis.RedisStoreConfig;
import dev.boxauth.redis.RedisTokenStoreModule;
import dev.boxauth.redis.SharedTokenStore;
import dev.boxauth.redis.testing.RedisServer;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's fleet on Redis: two processes' worth of BoxAuth, one token request. */
class RedisFleetTest {
  private final BoxEmulator emulator = BoxEmulator.start();
  private final EmulatedApp app = emulator.newJwtApp();
  private final List<String> served = new ArrayList<>();

  @AfterEach
  void stop() {
    emulator.close();
    WorkingDirectory.delete("config.json");
    WorkingDirectory.delete("kek.json");
  }

  @Test
  void fleet_twoProcessesSharingRedis_makeOneTokenRequest() throws Exception {
    WorkingDirectory.write("config.json", app.configJson());
    WorkingDirectory.write(
        "kek.json", KeyTools.newKekKeysetJson()); // boxauth keys kek --out kek.json
    try (RedisServer redis = RedisServer.start()) {
      String redisUri = redis.uri();

      for (int process = 0; process < 2; process++) {
        // README: redis
        AeadConfig.register();
        Aead aead = TinkJsonProtoKeysetFormat               // the key `boxauth keys kek` wrote; in
            .parseKeyset(Files.readString(Path.of("kek.json")), InsecureSecretKeyAccess.get())
            .getPrimitive(RegistryConfiguration.get(), Aead.class);   // production, a KMS's Aead
        try (SharedTokenStore store = RedisTokenStoreModule.open(
                 RedisStoreConfig.builder().uri(redisUri).aead(aead).build());
             BoxAuth auth = BoxAuth.builder()
                 .config(Path.of("config.json"))
                 .baseUrl(emulator.baseUrl()) // build only
                 .tokenStore(store)                  // every process: one token request per lifetime
                 .build()) {
          serve(auth);
        }
        // README: end
      }

      assertThat(served).hasSize(2).containsOnly(served.get(0));
      assertThat(emulator.tokenRequests()).isEqualTo(1);
    }
  }

  private void serve(BoxAuth auth) {
    AccessToken token = auth.enterprise().token();
    assertThat(emulator.introspect(token.value()).isLive()).isTrue();
    served.add(token.value());
  }
}
