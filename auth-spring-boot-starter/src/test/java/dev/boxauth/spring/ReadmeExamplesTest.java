package dev.boxauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.BoxAuth;
import dev.boxauth.micrometer.BoxAuthMetrics;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The README's "With Spring Boot" Java blocks, run against the emulator: the service that takes the
 * SDK connection bean ({@link Reports}), and the meters without Spring. The examples module's
 * {@code ReadmeSnippetsTest} compares them with the README.
 */
class ReadmeExamplesTest {

  @Test
  void reportsService_callsBoxThroughTheSdkBean(@TempDir Path dir) throws Exception {
    try (BoxEmulator box = BoxEmulator.startTls()) {
      EmulatedApp app = box.newJwtApp();
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  BoxAuthAutoConfiguration.class, BoxAuthSdkAutoConfiguration.class))
          .withPropertyValues(
              "boxauth.config-file=" + TestFiles.configFile(dir, app),
              "boxauth.base-url=" + box.baseUrl(),
              "boxauth.http.trust-store=" + TestFiles.trustStore(dir, box, "trust-pass"),
              "boxauth.http.trust-store-password=trust-pass")
          .withUserConfiguration(Reports.class)
          .run(
              context -> {
                String login = context.getBean(Reports.class).me();

                assertThat(login).isNotBlank();
                assertThat(box.apiRequests()).isPositive();
                assertThat(box.tokenRequests()).isEqualTo(1); // the SDK minted nothing itself
              });
    }
  }

  @Test
  void metersWithoutSpring_countTheTokenRequest() throws Exception {
    Path config = Path.of("config.json");
    try (BoxEmulator emulator = BoxEmulator.start()) {
      Files.writeString(config, emulator.newJwtApp().configJson());
      MeterRegistry registry = new SimpleMeterRegistry();

      // README: micrometer
      BoxAuthMetrics metrics = new BoxAuthMetrics(BoxAuthMetrics.Grant.JWT);
      BoxAuth auth = BoxAuth.builder()
          .config(Path.of("config.json"))
          .baseUrl(emulator.baseUrl()) // build only
          .listener(metrics)
          .build();
      metrics.statusFrom(auth::status).bindTo(registry);   // any MeterRegistry
      // README: end

      try (auth) {
        auth.enterprise().token();
        assertThat(
                registry
                    .get("boxauth.token.requests")
                    .tags("grant", "jwt", "outcome", "success")
                    .functionCounter()
                    .count())
            .isEqualTo(1.0);
        assertThat(registry.get("boxauth.token.ttl").gauge().value()).isPositive();
      }
    } finally {
      Files.deleteIfExists(config);
    }
  }
}
