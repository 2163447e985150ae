package dev.boxauth.bench;

import com.box.sdk.BoxAPIConnection;
import com.box.sdk.BoxUser;
import dev.boxauth.BoxAuth;
import dev.boxauth.boxsdk.BoxAuthAPIConnection;
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
 * The bridge's cost per API call on a cached token: {@code BoxUser.getCurrentUser(api)} (one {@code
 * GET /2.0/users/me} over HTTPS loopback to the shared emulator process) through {@link
 * BoxAuthAPIConnection}, against the same call through a plain {@code BoxAPIConnection(token)}
 * holding the same token, in the same JVM on the same OkHttp: the difference is the bridge. The
 * peer's {@code SdkBenchmarks.apiCall} makes the call with the SDK's own JWT connection.
 *
 * <p>Needs {@code -Dbench.emulator.dir} (the SDK speaks HTTPS only).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BridgeBenchmark {

  /** A warm bridge and a plain connection with the bridge's token. */
  @State(Scope.Benchmark)
  public static class Connections {
    EmulatorTarget target;
    BoxAuth auth;
    BoxAuthAPIConnection bridge;
    BoxAPIConnection plain;

    /** Connects both and makes one call each. */
    @Setup(Level.Trial)
    public void setUp() {
      target = EmulatorTarget.open();
      auth = target.newBoxAuth();
      bridge = new BoxAuthAPIConnection(auth.enterprise());
      bridge.setBaseURL(target.baseUrl() + "/");
      plain = new BoxAPIConnection(auth.enterprise().token().value());
      plain.setBaseURL(target.baseUrl() + "/");
      BoxUser.getCurrentUser(bridge);
      BoxUser.getCurrentUser(plain);
    }

    /** Releases the HTTP clients. */
    @TearDown(Level.Trial)
    public void tearDown() {
      auth.close();
      target.close();
    }
  }

  /** One API call through the bridge. */
  @Benchmark
  public BoxUser bridge(Connections c) {
    return BoxUser.getCurrentUser(c.bridge);
  }

  /** The same call with the token fixed in a plain SDK connection: the floor. */
  @Benchmark
  public BoxUser plainToken(Connections c) {
    return BoxUser.getCurrentUser(c.plain);
  }
}
