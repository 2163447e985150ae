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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot path: {@code token()} on a fresh cached token (one volatile read and one clock
 * comparison, by design), against the floor: a method that only reads a volatile field and compares
 * {@code System.currentTimeMillis()} with an epoch-millis expiry, the least any correct cache can
 * do. Both on one shared source, with 1 and 2 threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CachedTokenBenchmark {

  /** One BoxAuth holding a fresh enterprise token, shared by all threads. */
  @State(Scope.Benchmark)
  public static class Cached {
    EmulatorTarget target;
    BoxAuth auth;
    TokenSource source;

    /** Gets the first token (the one every benchmark call then reads). */
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
  }

  /** The floor: a volatile field holding the token and its expiry in epoch millis. */
  @State(Scope.Benchmark)
  public static class Floor {
    /** What the floor caches. */
    record Held(AccessToken token, long usableUntilMillis) {}

    volatile Held held;

    /** Holds the same real token boxauth holds. */
    @Setup(Level.Trial)
    public void setUp(Cached cached) {
      AccessToken token = cached.source.token();
      held = new Held(token, token.expiresAt().toEpochMilli() - 60_000);
    }

    AccessToken read() {
      Held h = held;
      if (System.currentTimeMillis() < h.usableUntilMillis) {
        return h.token;
      }
      throw new IllegalStateException("the floor's token expired during the benchmark");
    }
  }

  /** boxauth, one thread. */
  @Benchmark
  @Threads(1)
  public AccessToken boxauth1(Cached s) {
    return s.source.token();
  }

  /** boxauth, two threads on the same source. */
  @Benchmark
  @Threads(2)
  public AccessToken boxauth2(Cached s) {
    return s.source.token();
  }

  /** The floor, one thread. */
  @Benchmark
  @Threads(1)
  public AccessToken floor1(Floor f) {
    return f.read();
  }

  /** The floor, two threads. */
  @Benchmark
  @Threads(2)
  public AccessToken floor2(Floor f) {
    return f.read();
  }
}
