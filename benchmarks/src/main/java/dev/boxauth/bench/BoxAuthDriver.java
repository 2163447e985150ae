package dev.boxauth.bench;

import dev.boxauth.BoxAuth;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.port.TokenSource;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * boxauth's side of the comparison: one scenario per JVM against the shared emulator process,
 * reported as one JSON line on standard output. The Box SDK's driver ({@code
 * benchmarks/peer-box-sdk}) runs the same scenarios the same way.
 *
 * <ul>
 *   <li>{@code first-token DIR}: a fresh JVM's first token, as an app would get it: {@code
 *       BoxAuth.builder().config(file).baseUrl(url).build().enterprise().token()}. Reports the time
 *       from JVM start and from {@code main}.
 *   <li>{@code stampede DIR N}: N threads ask one new (cold) {@code BoxAuth} for the enterprise
 *       token at once; reports the time until all have it and how many distinct tokens they got
 *       (the emulator counts the requests).
 *   <li>{@code one-token DIR SCENARIO}: one token from a new {@code BoxAuth}, whatever faults
 *       {@code compare.sh} set; reports the outcome and the time.
 * </ul>
 */
public final class BoxAuthDriver {
  static final String CLIENT = "boxauth";

  private BoxAuthDriver() {}

  /**
   * Runs one scenario.
   *
   * @param args the scenario, the emulator directory, and the scenario's argument
   */
  public static void main(String[] args) throws Exception {
    long mainStartNanos = System.nanoTime();
    if (args.length < 2) {
      System.err.println("usage: BoxAuthDriver first-token|stampede|one-token DIR [N|SCENARIO]");
      System.exit(2);
    }
    Path dir = Path.of(args[1]);
    URI baseUrl = URI.create(properties(dir).getProperty("baseUrl"));
    Path config = dir.resolve(EmulatorMain.CONFIG);
    JsonLine line =
        switch (args[0]) {
          case "first-token" -> firstToken(config, baseUrl, mainStartNanos);
          case "stampede" -> stampede(config, baseUrl, Integer.parseInt(args[2]));
          case "one-token" -> oneToken(config, baseUrl, args[2]);
          default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        };
    System.out.println(line);
    System.exit(0);
  }

  private static JsonLine firstToken(Path config, URI baseUrl, long mainStartNanos) {
    long t0 = System.nanoTime();
    BoxAuth auth = BoxAuth.builder().config(config).baseUrl(baseUrl).build();
    long built = System.nanoTime();
    AccessToken token = auth.enterprise().token();
    long done = System.nanoTime();
    long doneMillis = System.currentTimeMillis();
    // Read only now: the management classes are not part of getting a token.
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    auth.close();
    return JsonLine.of(CLIENT, "first-token")
        .put("outcome", token.value().isEmpty() ? "empty token" : "ok")
        .put("jvmToTokenMs", doneMillis - jvmStart)
        .put("mainToTokenMs", millis(done - mainStartNanos))
        .put("buildMs", millis(built - t0))
        .put("tokenMs", millis(done - built));
  }

  private static JsonLine stampede(Path config, URI baseUrl, int threads) throws Exception {
    try (BoxAuth auth = BoxAuth.builder().config(config).baseUrl(baseUrl).build()) {
      TokenSource source = auth.enterprise();
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(threads);
      AtomicInteger ok = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      Set<String> distinct = ConcurrentHashMap.newKeySet();
      for (int i = 0; i < threads; i++) {
        Thread t =
            new Thread(
                () -> {
                  ready.countDown();
                  try {
                    go.await();
                    distinct.add(source.token().value());
                    ok.incrementAndGet();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.incrementAndGet();
                  } catch (RuntimeException e) {
                    failed.incrementAndGet();
                  } finally {
                    done.countDown();
                  }
                });
        t.setDaemon(true);
        t.start();
      }
      ready.await();
      long t0 = System.nanoTime();
      go.countDown();
      done.await();
      long elapsed = System.nanoTime() - t0;
      return JsonLine.of(CLIENT, "stampede")
          .put("variant", "one BoxAuth, enterprise().token()")
          .put("threads", threads)
          .put("ok", ok.get())
          .put("failed", failed.get())
          .put("distinctTokens", distinct.size())
          .put("elapsedMs", millis(elapsed));
    }
  }

  private static JsonLine oneToken(Path config, URI baseUrl, String scenario) {
    JsonLine line = JsonLine.of(CLIENT, scenario);
    try (BoxAuth auth = BoxAuth.builder().config(config).baseUrl(baseUrl).build()) {
      long t0 = System.nanoTime();
      try {
        AccessToken token = auth.enterprise().token();
        line.put("outcome", token.value().isEmpty() ? "empty token" : "ok");
      } catch (RuntimeException e) {
        // boxauth's messages carry no secret; the class says which typed error it was.
        line.put("outcome", "failed: " + e.getClass().getSimpleName());
      }
      line.put("elapsedMs", millis(System.nanoTime() - t0));
      line.put("serverClockOffsetMs", auth.serverClockOffset().toMillis());
    }
    return line;
  }

  static Properties properties(Path dir) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(dir.resolve(EmulatorMain.PROPERTIES))) {
      p.load(in);
    }
    return p;
  }

  static double millis(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }
}
