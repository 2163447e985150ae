package dev.boxauth.testkit;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Start-up times, measured by hand (not a test: timing assertions do not belong in unit tests).
 * Run: {@code java -cp target/classes:target/test-classes:<nimbus jar>
 * dev.boxauth.testkit.StartupProbe}.
 */
final class StartupProbe {
  private StartupProbe() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    long t0 = System.nanoTime();
    BoxEmulator.start().close();
    System.out.printf(
        "first start()+close() in a cold JVM: %.1f ms%n", (System.nanoTime() - t0) / 1e6);
    time("start()", n, () -> BoxEmulator.start());
    time("startTls()", n, () -> BoxEmulator.startTls());
    time(
        "start() + newJwtApp() + configJson() (pool, one app per start)",
        n,
        () -> {
          BoxEmulator e = BoxEmulator.start();
          e.newJwtApp().configJson();
          return e;
        });
    time(
        "startTls() + newJwtApp() (pool)",
        n,
        () -> {
          BoxEmulator e = BoxEmulator.startTls();
          e.newJwtApp();
          return e;
        });
    time(
        "RSA 2048 key generation alone (what the pool hides)",
        n,
        () -> {
          KeyPool.generate();
          return null;
        });
  }

  private static void time(String what, int n, Supplier<BoxEmulator> action) {
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      BoxEmulator e = action.get();
      ms[i] = (System.nanoTime() - t) / 1e6;
      if (e != null) {
        e.close();
      }
      sleep(300); // a test class's worth of work, during which the key pool refills
    }
    Arrays.sort(ms);
    System.out.printf(
        "%-66s median %7.2f ms  p90 %7.2f ms  max %7.2f ms%n",
        what, ms[n / 2], ms[(int) (n * 0.9)], ms[n - 1]);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
