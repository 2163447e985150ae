package dev.boxauth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The fuzzer finds what it must: untyped failures, slow inputs, secrets in messages and logs. */
class FuzzerTest {
  private static final List<byte[]> SEEDS =
      List.of(
          "{\"a\":\"b\"}".getBytes(StandardCharsets.UTF_8), new byte[] {0x30, 0x03, 0x02, 1, 5});

  /** A clock that moves {@code step} nanoseconds each time it is read: a run of fixed length. */
  private static Fuzzer fixedLength(String name, long stepNanos) {
    AtomicLong now = new AtomicLong();
    return Fuzzer.named(name).seeds(SEEDS).clock(() -> now.addAndGet(stepNanos));
  }

  @Test
  void run_targetThrowingAnUntypedException_isAFinding() {
    Fuzzer.Report report =
        fixedLength("self-untyped", 1_000_000)
            .allowed(IllegalStateException.class::isInstance)
            .target(
                in -> {
                  if (in.length > 3) {
                    throw new NullPointerException("boom");
                  }
                  throw new IllegalStateException("typed");
                })
            .run();

    assertThat(report.findings()).hasSize(1);
    assertThat(report.findings().get(0)).startsWith("threw java.lang.NullPointerException");
  }

  @Test
  void run_secretInACauseOrALogLine_isAFinding() {
    List<String> log = new ArrayList<>();
    Fuzzer.Report causes =
        fixedLength("self-cause", 1_000_000)
            .secrets(List.of("hunter2-secret"))
            .allowed(t -> true)
            .target(in -> new IllegalStateException("x", new RuntimeException("hunter2-secret")))
            .run();
    Fuzzer.Report logs =
        fixedLength("self-log", 1_000_000)
            .secrets(List.of("hunter2-secret"))
            .logs(() -> log, log::clear)
            .target(
                in -> {
                  log.add("token hunter2-secret");
                  return null;
                })
            .run();

    assertThat(causes.findings()).singleElement().asString().contains("a secret (hun...)");
    assertThat(logs.findings()).singleElement().asString().contains("in a log line");
  }

  @Test
  void run_inputOverTheTimeBound_isAFinding_andCleanRunsHaveNone() {
    Fuzzer.Report slow =
        fixedLength("self-slow", 100_000_000L).maxMillis(50).target(in -> null).run();
    Fuzzer.Report clean = fixedLength("self-clean", 1_000_000).target(in -> null).run();

    assertThat(slow.findings()).singleElement().asString().startsWith("took 100 ms");
    assertThat(clean.findings()).isEmpty();
    assertThat(clean.inputs()).isGreaterThan(100);
  }

  @Test
  void mutator_sameSeed_sameMutants_andTheyDifferFromTheSeeds() {
    Fuzzer.Mutator a = new Fuzzer.Mutator(new SplittableRandom(7), SEEDS, 1 << 16);
    Fuzzer.Mutator b = new Fuzzer.Mutator(new SplittableRandom(7), SEEDS, 1 << 16);
    int changed = 0;
    for (int i = 0; i < 200; i++) {
      byte[] x = a.next();
      assertThat(x).isEqualTo(b.next());
      if (!java.util.Arrays.equals(x, SEEDS.get(0)) && !java.util.Arrays.equals(x, SEEDS.get(1))) {
        changed++;
      }
    }
    assertThat(changed).isGreaterThan(150);
  }
}
