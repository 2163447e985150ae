package dev.boxauth.cli;

import dev.boxauth.testkit.BoxEmulator;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code boxauth demo}: the whole library at work against the built-in emulator. */
@Command(
    name = "demo",
    description = {
      "Starts an emulator of Box's token endpoint on 127.0.0.1, creates a JWT app and its config"
          + " file (as the Developer Console writes it), and walks through: enterprise token, user"
          + " token, Client Credentials Grant, downscoping, revocation, recovery from a skewed"
          + " server clock and from rate limits, and 100 concurrent callers served by one token"
          + " request.",
      "Each step checks its own claim and prints PASS or FAIL; the exit code is 0 only if all"
          + " pass. No Box account, no network; tokens and secrets are shown as fingerprints only."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /**
   * Every secret the demo handled (tokens, client secrets, key material), for tests to look for.
   */
  final Set<String> secretsHandled = ConcurrentHashMap.newKeySet();

  /** Starts the emulator the demo runs against. */
  Supplier<BoxEmulator> emulators = BoxEmulator::start;

  @Override
  public Integer call() throws Exception {
    boolean allPassed = new Demo(spec.commandLine().getOut(), secretsHandled::add, emulators).run();
    return allPassed ? ExitCodes.OK : ExitCodes.DEMO_FAILED;
  }
}
