package dev.boxauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.boxauth.BoxAuth;
import dev.boxauth.BoxAuthModule;
import dev.boxauth.JwtGrantModule;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.Subject;
import dev.boxauth.http.HttpTransportConfig;
import dev.boxauth.http.HttpTransportModule;
import dev.boxauth.keystore.BoxAppConfig;
import dev.boxauth.keystore.BoxConfigKeyModule;
import dev.boxauth.service.TokenService;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import dev.boxauth.testkit.TokenInfo;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's quick start, and how to point each entry point at the emulator. */
class QuickStartTest {
  private final BoxEmulator emulator = BoxEmulator.start();
  private final EmulatedApp app = emulator.newJwtApp();

  @AfterEach
  void stop() {
    emulator.close();
    WorkingDirectory.delete("config.json");
  }

  @Test
  void quickStart_getsEnterpriseUserAndDownscopedTokens_andRevokes() {
    WorkingDirectory.write("config.json", app.configJson());
    String userId = app.newAppUser();

    // README: quick-start
    BoxAuth auth = BoxAuth.builder()
        .config(Path.of("config.json"))              // the Developer Console's file
        .baseUrl(emulator.baseUrl()) // build only
        .build();
    AccessToken t = auth.enterprise().token();     // the Service Account's token: cached, refreshed
    AccessToken u = auth.user(userId).token();     // a user's token (an App User, or a managed user)
    AccessToken d = auth.downscope(t, Set.of("item_preview"), "https://api.box.com/2.0/files/123");
    auth.revoke(d);                                 // at Box, and out of the cache
    // README: end

    try (auth) {
      assertThat(emulator.introspect(t.value()).subjectId()).isEqualTo(app.enterpriseId());
      assertThat(emulator.introspect(u.value()).subjectId()).isEqualTo(userId);
      assertThat(emulator.introspect(d.value()).state()).isEqualTo(TokenInfo.State.REVOKED);
      assertThat(d.restrictedTo()).isNotEmpty();
      assertThat(auth.enterprise().token()).isSameAs(t);
    }
  }

  @Test
  void pointAtTheEmulator_builderAndGuiceTransport_getTokensFromIt() {
    WorkingDirectory.write("config.json", app.configJson());

    // README: point-at-emulator
    BoxAuth auth = BoxAuth.builder()                 // BoxAuth.fromConfigFile(path) is short for
        .config(Path.of("config.json"))              //   builder().config(path).build()
        .baseUrl(emulator.baseUrl())                 // the emulator instead of https://api.box.com
        .build();
    HttpTransportModule transport = new HttpTransportModule(   // the Guice stack's transport
        HttpTransportConfig.builder().baseUrl(emulator.baseUrl()).build());
    // README: end

    BoxAppConfig config = BoxAppConfig.read(Path.of("config.json"));
    Injector injector =
        Guice.createInjector(
            new BoxAuthModule(),
            new JwtGrantModule(config.clientCredentials()),
            new BoxConfigKeyModule(config),
            transport);
    try (auth;
        TokenService service = injector.getInstance(TokenService.class)) {
      AccessToken fromBuilder = auth.enterprise().token();
      AccessToken fromGuice = service.source(Subject.enterprise(app.enterpriseId())).token();

      assertThat(emulator.introspect(fromBuilder.value()).isLive()).isTrue();
      assertThat(emulator.introspect(fromGuice.value()).isLive()).isTrue();
    }
  }
}
