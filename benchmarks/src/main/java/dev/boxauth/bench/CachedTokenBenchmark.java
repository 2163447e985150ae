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
 * The hot path: {@code token()} on a fresh cached token (two field reads, one volatile, and one
 * ticker comparison, by design), against the floor: a method that only reads a volatile field and
 * compares the time with an expiry, the least any correct cache can do: {@code floor*} with {@code
 * System.currentTimeMillis()} (the table's floor since the first release), {@code floorNanos*} with
 * {@code System.nanoTime()} (the monotonic time boxauth's tokens age on since issue 11). All on one
 * shared source, with 1 and 2 threads.
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
    volatile Held heldNanos;

    /** Holds the same real token boxauth holds. */
    @Setup(Level.Trial)
    public void setUp(Cached cached) {
      AccessToken token = cached.source.token();
      held = new Held(token, token.expiresAt().toEpochMilli() - 60_000);
      heldNanos = new Held(token, System.nanoTime() + 30L * 60 * 1_000_000_000L);
    }

    AccessToken read() {
      Held h = held;
      if (System.currentTimeMillis() < h.usableUntilMillis) {
        return h.token;
      }
      throw new IllegalStateException("the floor's token expired during the benchmark");
    }

    AccessToken readNanos() {
      Held h = heldNanos;
      if (System.nanoTime() - h.usableUntilMillis < 0) {
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

  /** The floor on monotonic time, one thread. */
  @Benchmark
  @Threads(1)
  public AccessToken floorNanos1(Floor f) {
    return f.readNanos();
  }

  /** The floor on monotonic time, two threads. */
  @Benchmark
  @Threads(2)
  public AccessToken floorNanos2(Floor f) {
    return f.readNanos();
  }
}
