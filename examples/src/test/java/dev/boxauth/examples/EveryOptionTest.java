package dev.boxauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.Aead;
import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;
import dev.boxauth.BoxAuth;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.http.HttpTransportConfig;
import dev.boxauth.port.Ticker;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenListener;
import dev.boxauth.redis.RedisStoreConfig;
import dev.boxauth.redis.RedisTokenStoreModule;
import dev.boxauth.redis.SharedTokenStore;
import dev.boxauth.redis.testing.RedisServer;
import dev.boxauth.service.TokenPolicy;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import java.net.URI;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's "every option" builder, run over HTTPS through a proxy, with a Redis store; and the
 * Client Credentials Grant.
 */
class EveryOptionTest {
  private final BoxEmulator emulator = BoxEmulator.startTls();

  /** A stand-in for the user's metrics library. */
  static final class Metrics {
    final List<TokenEvent> recorded = new CopyOnWriteArrayList<>();

    void record(TokenEvent event) {
      recorded.add(event);
    }
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void everyOption_jwtAppOverHttpsThroughAProxy_sharesItsTokenInRedis() throws Exception {
    EmulatedApp app = emulator.newJwtApp();
    String configJson = app.configJson();
    String enterpriseId = app.enterpriseId();
    KeyStore corpCa = emulator.trustStore();
    Aead aead = Tinks.newAead();
    Metrics metrics = new Metrics();
    List<TokenEvent> seenByModule = new CopyOnWriteArrayList<>();
    Module extraBindings =
        binder ->
            Multibinder.newSetBinder(binder, TokenListener.class)
                .addBinding()
                .toInstance(seenByModule::add);
    try (RedisServer redis = RedisServer.start();
        ConnectProxy proxy = new ConnectProxy()) {
      String redisUri = redis.uri();
      String proxyHost = proxy.host();
      int proxyPort = proxy.port();

      // README: every-option
      try (SharedTokenStore store = RedisTokenStoreModule.open(
               RedisStoreConfig.builder().uri(redisUri).aead(aead).build());
           BoxAuth auth = BoxAuth.builder()
               .configJson(configJson)                       // or .config(path), .config(BoxAppConfig)
               .enterpriseId(enterpriseId)                   // overrides the config's; or .userId(id)
               .baseUrl(URI.create("https://api.box.com"))   // the default; plain http only on loopback
               .baseUrl(emulator.baseUrl()) // build only
               .http(HttpTransportConfig.builder()           // timeouts, proxy, a private CA to trust
                   .callTimeout(Duration.ofSeconds(15)).httpProxy(proxyHost, proxyPort).trustStore(corpCa).build())
               .policy(TokenPolicy.builder().deadline(Duration.ofSeconds(20)).build())  // build() validates
               .tokenStore(store)                            // a fleet's shared store; yours to close
               .algorithm(SignatureAlgorithm.RS384)          // the assertion's signature; default RS256
               .clock(Clock.systemUTC())                     // the defaults; tests pass fakes
               .ticker(Ticker.SYSTEM)
               .listener(event -> metrics.record(event))     // SLF4J logging stays on
               .module(extraBindings)                        // any Guice module: adds or overrides bindings
               .build()) {
        serve(auth);                                         // your app, for as long as it runs
      }
      // README: end

      assertThat(proxy.tunnels()).isPositive();
      assertThat(redis.raw().dbsize()).isPositive();
      assertThat(metrics.recorded).anyMatch(e -> e instanceof TokenEvent.Issued);
      assertThat(seenByModule).anyMatch(e -> e instanceof TokenEvent.Issued);
      assertThat(emulator.tokenRequests()).isEqualTo(1);
    }
  }

  private void serve(BoxAuth auth) {
    AccessToken token = auth.enterprise().token();
    assertThat(emulator.introspect(token.value()).isLive()).isTrue();
  }

  @Test
  void clientCredentialsGrant_getsAServiceAccountToken() {
    EmulatedApp app = emulator.newCcgApp();
    String clientId = app.clientId();
    String clientSecret = app.clientSecret();
    String enterpriseId = app.enterpriseId();

    // README: ccg
    BoxAuth ccg = BoxAuth.builder()
        .clientCredentials(clientId, clientSecret)    // Developer Console: OAuth 2.0 Credentials
        .enterpriseId(enterpriseId)                    // its Service Account; or .userId(userId)
        .baseUrl(emulator.baseUrl()).http(HttpTransportConfig.builder().trustStore(emulator.trustStore()).build()) // build only
        .build();
    // README: end

    try (ccg) {
      AccessToken token = ccg.enterprise().token();
      assertThat(emulator.introspect(token.value()).clientId()).isEqualTo(clientId);
    }
  }
}
