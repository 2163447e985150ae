package dev.boxauth.peer;

import com.box.sdk.BCPrivateKeyDecryptor;
import com.box.sdk.BoxDeveloperEditionAPIConnection;
import com.box.sdk.BoxUser;
import com.box.sdk.JWTEncryptionPreferences;
import java.security.PrivateKey;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Box SDK under the same JMH settings as boxauth's benchmarks, against the shared emulator
 * process ({@code -Dbench.emulator.dir}).
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SdkBenchmarks {

  /** One connection holding a fresh token, shared by all threads. */
  @State(Scope.Benchmark)
  public static class Connected {
    BoxDeveloperEditionAPIConnection api;

    /** Connects and gets the first token. */
    @Setup(Level.Trial)
    public void setUp() {
      SdkSetup setup = SdkSetup.of(null);
      api = setup.connection(setup.config(), null);
      api.getAccessToken();
    }
  }

  /** One connection pointed at the emulator's API, holding a fresh token. */
  @State(Scope.Benchmark)
  public static class ApiConnected {
    BoxDeveloperEditionAPIConnection api;

    /** Connects and makes one call. */
    @Setup(Level.Trial)
    public void setUp() {
      SdkSetup setup = SdkSetup.of(null);
      api = setup.connection(setup.config(), null);
      api.setBaseURL(setup.baseUrl + "/");
      BoxUser.getCurrentUser(api);
    }
  }

  /** The app's encrypted key, as the SDK holds it. */
  @State(Scope.Benchmark)
  public static class EncryptedKey {
    String pem;
    String passphrase;

    /** Reads the config. */
    @Setup(Level.Trial)
    public void setUp() {
      JWTEncryptionPreferences prefs = SdkSetup.of(null).config().getJWTEncryptionPreferences();
      pem = prefs.getPrivateKey();
      passphrase = prefs.getPrivateKeyPassword();
    }
  }

  /** Cached read: {@code getAccessToken()} on a fresh token, one thread. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(1)
  public String cached1(Connected c) {
    return c.api.getAccessToken();
  }

  /** Cached read, two threads on one connection. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(2)
  public String cached2(Connected c) {
    return c.api.getAccessToken();
  }

  /**
   * One API call on a cached token, {@code GET /2.0/users/me}: the same call as boxauth's {@code
   * BridgeBenchmark}.
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public BoxUser apiCall(ApiConnected c) {
    return BoxUser.getCurrentUser(c.api);
  }

  /** A full acquisition: {@code refresh()} signs a new assertion and asks the emulator. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public String acquire(Connected c) {
    c.api.refresh();
    return c.api.getAccessToken();
  }

  /**
   * What the SDK does before signing each assertion: decrypt the config's private key with
   * BouncyCastle.
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public PrivateKey decryptKey(EncryptedKey k) {
    return new BCPrivateKeyDecryptor().decryptPrivateKey(k.pem, k.passphrase);
  }
}
