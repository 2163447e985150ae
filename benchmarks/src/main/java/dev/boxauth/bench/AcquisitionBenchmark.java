package dev.boxauth.bench;

import dev.boxauth.BoxAuth;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.port.TokenSource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full token acquisition over loopback, one thread: {@code invalidate()} then {@code token()}, so
 * every operation signs a new assertion, sends it, and parses Box's reply (the emulator verifies
 * the signature). Sampled, for p50 and p99. Against the shared emulator process (HTTPS) when {@code
 * bench.emulator.dir} is set, else an emulator in this JVM (plain HTTP).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class AcquisitionBenchmark {
  private EmulatorTarget target;
  private BoxAuth auth;
  private TokenSource source;

  /** One client; its first token (and connection) before the clock starts. */
  @Setup(Level.Trial)
  public void setUp() {
    target = EmulatorTarget.open();
    auth = target.newBoxAuth();
    source = auth.enterprise();
    source.token();
  }

  /** Releases the client and the emulator. */
  @TearDown(Level.Trial)
  public void tearDown() {
    auth.close();
    target.close();
  }

  /** Drop the cached token, get a new one. */
  @Benchmark
  public AccessToken acquire() {
    source.invalidate();
    return source.token();
  }
}
