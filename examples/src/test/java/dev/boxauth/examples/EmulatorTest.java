package dev.boxauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.BoxAuth;
import dev.boxauth.testkit.BoxEmulator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's emulator section, as written. */
class EmulatorTest {

  @Test
  void emulator_rateLimitsTwice_thenIssuesALiveToken() {
    // README: emulator
    try (BoxEmulator emulator = BoxEmulator.start();   // startTls() for HTTPS: trust emulator.trustStore()
         BoxAuth auth = BoxAuth.builder()              //   with HttpTransportConfig.builder().trustStore(...)
             .configJson(emulator.newJwtApp().configJson())   // a fresh app: key, enterprise, config JSON
             .baseUrl(emulator.baseUrl())
             .build()) {
      emulator.faults().rateLimitNext(2, Duration.ofSeconds(1));  // also failNext, dropNext, delay...
      String token = auth.enterprise().token().value();
      assertThat(emulator.introspect(token).isLive()).isTrue();
      assertThat(emulator.tokenRequests()).isEqualTo(3);           // two 429s, then the token
    }
    // README: end
  }
}
