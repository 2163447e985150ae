package dev.boxauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A Spring Boot application on a Client Credentials Grant app, over real HTTP. */
@SpringBootTest(
    classes = TestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class CcgApplicationIT {
  private static BoxEmulator emulator;
  private static EmulatedApp app;

  @Value("${local.server.port}")
  int port;

  private Http http;

  @BeforeAll
  static void startEmulator() {
    emulator = BoxEmulator.start();
    app = emulator.newCcgApp();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @DynamicPropertySource
  static void boxauth(DynamicPropertyRegistry registry) {
    registry.add("boxauth.base-url", () -> emulator.baseUrl().toString());
    registry.add("boxauth.client-id", () -> app.clientId());
    registry.add("boxauth.client-secret", () -> app.clientSecret());
    registry.add("boxauth.enterprise-id", () -> app.enterpriseId());
  }

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @Test
  void boxCalls_thenHealthAndMetricsOverHttp_reportTheFlow() throws Exception {
    emulator.faults().failNext(1, 503);

    String throughOkHttp = http.get("/me/okhttp", 200);

    assertThat(throughOkHttp).startsWith("200 ");
    // One 503, then the token: both requests are counted, by outcome.
    assertThat(emulator.tokenRequests()).isEqualTo(2);
    assertThat(http.metric("boxauth.token.requests")).isEqualTo(emulator.tokenRequests());
    assertThat(http.metric("boxauth.token.requests", "grant:client_credentials", "outcome:failure"))
        .isEqualTo(1);
    assertThat(http.metric("boxauth.token.requests", "grant:client_credentials", "outcome:success"))
        .isEqualTo(1);
    Map<String, Object> boxauth = Http.at(http.json("/actuator/health"), "components", "boxauth");
    assertThat(boxauth).containsEntry("status", "UP");
    assertThat(Http.at(boxauth, "details")).containsEntry("subjectsCached", 1);
  }

  @Test
  void envAndConfigprops_showTheSettingsButNeverTheSecret() throws Exception {
    String env = http.get("/actuator/env", 200);
    String secretProperty = http.get("/actuator/env/boxauth.client-secret", 200);
    String configprops = http.get("/actuator/configprops", 200);

    // Values are shown (show-values=always), so it is the sanitizer that hides the secret.
    assertThat(env).contains(app.clientId()).doesNotContain(app.clientSecret());
    assertThat(secretProperty).contains("******").doesNotContain(app.clientSecret());
    assertThat(configprops)
        .contains("boxauth")
        .contains(app.clientId())
        .doesNotContain(app.clientSecret());
  }
}
