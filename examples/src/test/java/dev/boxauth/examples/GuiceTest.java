package dev.boxauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.Aead;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.boxauth.BoxAuthModule;
import dev.boxauth.JwtGrantModule;
import dev.boxauth.ccg.CcgModule;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.Subject;
import dev.boxauth.http.HttpTransportConfig;
import dev.boxauth.http.HttpTransportModule;
import dev.boxauth.keystore.BoxAppConfig;
import dev.boxauth.keystore.BoxConfigKeyModule;
import dev.boxauth.port.TokenSource;
import dev.boxauth.port.TokenTransport;
import dev.boxauth.redis.RedisStoreConfig;
import dev.boxauth.redis.RedisTokenStoreModule;
import dev.boxauth.redis.testing.RedisServer;
import dev.boxauth.service.TokenService;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's Guice stacks: a JWT app with a Redis store, and a CCG app. */
class GuiceTest {
  private final BoxEmulator emulator = BoxEmulator.start();

  @AfterEach
  void stop() {
    emulator.close();
    WorkingDirectory.delete("config.json");
  }

  @Test
  void guice_jwtAppWithRedis_servesTokensAndClosesWhatItOpened() throws Exception {
    EmulatedApp app = emulator.newJwtApp();
    WorkingDirectory.write("config.json", app.configJson());
    Aead aead = Tinks.newAead();
    try (RedisServer redis = RedisServer.start()) {
      String redisUri = redis.uri();

      // README: guice
      BoxAppConfig config = BoxAppConfig.read(Path.of("config.json"));
      HttpTransportConfig http = HttpTransportConfig.builder()   // https://api.box.com by default
          .baseUrl(emulator.baseUrl()) // build only
          .callTimeout(Duration.ofSeconds(15))
          .build();
      Injector injector = Guice.createInjector(
          new BoxAuthModule(),                               // TokenService, defaults, SLF4J events
          new JwtGrantModule(config.clientCredentials()),   // or new CcgModule(credentials)
          new BoxConfigKeyModule(config),                   // or Pem/Pkcs12/Tink/KeySourceModule
          new HttpTransportModule(http),                    // Retrofit + OkHttp to the token endpoint
          new RedisTokenStoreModule(                        // optional: a fleet's store
              RedisStoreConfig.builder().uri(redisUri).aead(aead).build()));
      TokenService service = injector.getInstance(TokenService.class);
      TokenSource tokens = service.source(config.defaultSubject().orElseThrow());
      serve(tokens);                                        // your app, for as long as it runs

      service.close();                                      // at shutdown, what BoxAuth.close() does
      if (injector.getInstance(TokenTransport.class) instanceof AutoCloseable transport) {
        transport.close();                                  // the HTTP client
      }
      for (AutoCloseable c : injector.getInstance(Key.get(new TypeLiteral<Set<AutoCloseable>>() {}))) {
        c.close();                                          // what the modules opened: Redis
      }
      // README: end

      assertThat(redis.raw().dbsize()).isPositive();
      assertThat(emulator.tokenRequests()).isEqualTo(1);
    }
  }

  private void serve(TokenSource tokens) {
    AccessToken token = tokens.token();
    assertThat(emulator.introspect(token.value()).isLive()).isTrue();
  }

  @Test
  void guice_ccgApp_usesClientCredentialsAndAnEnterpriseSubject() {
    EmulatedApp app = emulator.newCcgApp();
    String clientId = app.clientId();
    String clientSecret = app.clientSecret();
    String enterpriseId = app.enterpriseId();
    HttpTransportConfig http = HttpTransportConfig.builder().baseUrl(emulator.baseUrl()).build();

    // README: guice-ccg
    ClientCredentials credentials = ClientCredentials.of(clientId, clientSecret);   // validated
    Injector injector = Guice.createInjector(
        new BoxAuthModule(), new CcgModule(credentials), new HttpTransportModule(http));
    TokenSource tokens = injector.getInstance(TokenService.class)
        .source(Subject.enterprise(enterpriseId));         // or Subject.user(userId)
    // README: end

    try (TokenService service = injector.getInstance(TokenService.class)) {
      assertThat(emulator.introspect(tokens.token().value()).clientId()).isEqualTo(clientId);
      assertThat(service).isNotNull();
    }
  }
}
