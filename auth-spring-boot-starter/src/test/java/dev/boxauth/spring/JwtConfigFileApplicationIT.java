package dev.boxauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot application on a JWT app's config file, against the emulator over real HTTPS (the
 * Box SDK refuses plain HTTP) trusted through {@code boxauth.http.trust-store}.
 */
@SpringBootTest(
    classes = TestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class JwtConfigFileApplicationIT {
  private static BoxEmulator emulator;
  private static EmulatedApp app;
  @TempDir static Path dir;
  private static String configFile;
  private static String trustStore;

  @Value("${local.server.port}")
  int port;

  private Http http;

  @BeforeAll
  static void startEmulator() throws Exception {
    emulator = BoxEmulator.startTls();
    app = emulator.newJwtApp();
    configFile = TestFiles.configFile(dir, app);
    trustStore = TestFiles.trustStore(dir, emulator, "trust-pass");
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @DynamicPropertySource
  static void boxauth(DynamicPropertyRegistry registry) {
    registry.add("boxauth.config-file", () -> configFile);
    registry.add("boxauth.base-url", () -> emulator.baseUrl().toString());
    registry.add("boxauth.http.trust-store", () -> trustStore);
    registry.add("boxauth.http.trust-store-password", () -> "trust-pass");
  }

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @Test
  void boxCalls_thenHealthAndMetricsOverHttp_reportTheFlow() throws Exception {
    String login = http.get("/me/sdk", 200);
    String throughOkHttp = http.get("/me/okhttp", 200);

    assertThat(login).startsWith("AutomationUser_");
    assertThat(throughOkHttp).startsWith("200 ").contains(login);
    // Two calls, two clients, one cached token.
    assertThat(emulator.tokenRequests()).isEqualTo(1);

    Map<String, Object> boxauth = Http.at(http.json("/actuator/health"), "components", "boxauth");
    assertThat(boxauth).containsEntry("status", "UP");
    Map<String, Object> details = Http.at(boxauth, "details");
    assertThat(details).containsEntry("subjectsCached", 1).containsKey("soonestExpiry");
    assertThat(Http.at(details, "store"))
        .containsEntry("type", "memory")
        .containsEntry("failures", 0);

    assertThat(http.metric("boxauth.token.requests")).isEqualTo(emulator.tokenRequests());
    assertThat(http.metric("boxauth.token.requests", "grant:jwt", "outcome:success")).isEqualTo(1);
    assertThat(http.metric("boxauth.token.requests", "grant:jwt", "outcome:failure")).isZero();
    assertThat(http.metric("boxauth.token.request", "grant:jwt", "outcome:success")).isEqualTo(1);
    assertThat(http.metric("boxauth.token.ttl"))
        .isPositive()
        .isLessThanOrEqualTo(EmulatedApp.DEFAULT_TOKEN_LIFETIME.toSeconds());
  }

  @Test
  void livenessProbe_leavesBoxauthOut() throws Exception {
    String liveness = http.get("/actuator/health/liveness", 200);
    String all = http.get("/actuator/health", 200);

    assertThat(all).contains("boxauth");
    assertThat(liveness).doesNotContain("boxauth");
  }
}
