package dev.boxauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.Fault;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

  @Test
  void demo_onTheEmbeddedEmulator_passesEveryStepExitsZeroAndPrintsNoSecret() {
    DemoCommand demo = new DemoCommand();

    Cli.Result result = Cli.run(Cli.with(demo), "demo");

    assertThat(result.code()).as(result.out()).isZero();
    assertThat(result.out())
        .contains("All 9 steps passed")
        .doesNotContain("FAIL")
        .contains("restricted_to: [item_preview on file 123]")
        .contains("learned offset +")
        .contains("learned offset -")
        .contains("3 token requests")
        .contains("the emulator saw 1 token request");
    assertThat(result.outLines().stream().filter(l -> l.contains(" PASS "))).hasSize(9);
    assertThat(result.err()).doesNotContain("\tat ");
    // Tokens (full, downscoped, CCG), two client secrets, the passphrase, every key line.
    assertThat(demo.secretsHandled).hasSizeGreaterThan(15);
    assertThat(demo.secretsHandled).allSatisfy(s -> assertThat(result.all()).doesNotContain(s));
  }

  @Test
  void demo_whenTheEndpointRefusesEverything_failsTheStepsSaysWhyAndExitsFive() {
    DemoCommand demo = new DemoCommand();
    // Every token request: 429 asking for a minute, beyond the 30 s deadline, so each step fails
    // at once with the typed error.
    demo.emulators =
        () -> {
          BoxEmulator emulator = BoxEmulator.start();
          emulator.faults().script((n, grant) -> Fault.rateLimit(Duration.ofMinutes(1)));
          return emulator;
        };

    Cli.Result result = Cli.run(Cli.with(demo), "demo");

    assertThat(result.code()).isEqualTo(ExitCodes.DEMO_FAILED);
    assertThat(result.out())
        .containsPattern(" 1\\. App config, as the Developer Console writes it +PASS")
        .containsPattern(" 2\\. Enterprise token \\(Service Account\\) +FAIL")
        .contains("FAIL: DeadlineExceededException")
        .contains("steps FAILED");
  }
}
