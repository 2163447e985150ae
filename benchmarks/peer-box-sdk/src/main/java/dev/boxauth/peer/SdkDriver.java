package dev.boxauth.peer;

import com.box.sdk.BoxAPIException;
import com.box.sdk.BoxConfig;
import com.box.sdk.BoxDeveloperEditionAPIConnection;
import com.box.sdk.BoxUser;
import com.box.sdk.InMemoryLRUAccessTokenCache;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The Box Java SDK's side of the comparison: the same scenarios as boxauth's {@code BoxAuthDriver},
 * one per JVM, against the same emulator process; one JSON line on standard output.
 *
 * <ul>
 *   <li>{@code first-token DIR}: a fresh JVM's first token: config read, connection made, {@code
 *       getAccessToken()}.
 *   <li>{@code stampede DIR N shared}: N threads call {@code getAccessToken()} at once on one new
 *       connection that has no token yet.
 *   <li>{@code stampede DIR N per-thread}: N threads at once each do what the SDK documents for a
 *       token cache: {@code getAppEnterpriseConnection(config, cache)} with one shared {@code
 *       InMemoryLRUAccessTokenCache}, then {@code getAccessToken()}.
 *   <li>{@code one-token DIR SCENARIO}: one token from a new connection, under whatever faults
 *       compare.sh set.
 *   <li>{@code api-cold DIR N}: N threads at once on one new connection (no token yet), each {@code
 *       BoxUser.getCurrentUser(api).getInfo()} (compare-sdk.sh; boxauth's side is its
 *       BridgeDriver).
 *   <li>{@code api-401 DIR}: a warm connection; the emulator revokes the token of the next API call;
 *       the time and outcome of that call, and of what a user must write around it: catch the 401,
 *       {@code refresh()}, call again.
 * </ul>
 */
public final class SdkDriver {
  static final String CLIENT = "box-sdk";

  private SdkDriver() {}

  /** Runs one scenario. */
  public static void main(String[] args) throws Exception {
    long mainStartNanos = System.nanoTime();
    SdkSetup setup = SdkSetup.of(args[1]);
    JsonLine line =
        switch (args[0]) {
          case "first-token" -> firstToken(setup, mainStartNanos);
          case "stampede" -> stampede(setup, Integer.parseInt(args[2]), args[3]);
          case "one-token" -> oneToken(setup, args[2]);
          case "api-cold" -> apiCold(setup, Integer.parseInt(args[2]));
          case "api-401" -> api401(setup);
          default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        };
    System.out.println(line);
    System.exit(0);
  }

  private static JsonLine firstToken(SdkSetup setup, long mainStartNanos) {
    long t0 = System.nanoTime();
    BoxDeveloperEditionAPIConnection api = setup.connection(setup.config(), null);
    long built = System.nanoTime();
    String token = api.getAccessToken();
    long done = System.nanoTime();
    long doneMillis = System.currentTimeMillis();
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    return JsonLine.of(CLIENT, "first-token")
        .put("outcome", token == null || token.isEmpty() ? "no token" : "ok")
        .put("jvmToTokenMs", doneMillis - jvmStart)
        .put("mainToTokenMs", millis(done - mainStartNanos))
        .put("buildMs", millis(built - t0))
        .put("tokenMs", millis(done - built));
  }

  private static JsonLine stampede(SdkSetup setup, int threads, String variant) throws Exception {
    BoxConfig config = setup.config();
    Supplier<String> ask;
    String description;
    if (variant.equals("shared")) {
      BoxDeveloperEditionAPIConnection shared = setup.connection(config, null);
      ask = shared::getAccessToken;
      description = "one connection, getAccessToken()";
    } else if (variant.equals("per-thread")) {
      InMemoryLRUAccessTokenCache cache = new InMemoryLRUAccessTokenCache(100);
      ask =
          () -> {
            BoxDeveloperEditionAPIConnection api = setup.connection(config, cache);
            api.tryRestoreUsingAccessTokenCache();
            return api.getAccessToken();
          };
      description = "getAppEnterpriseConnection(config, sharedCache) per thread";
    } else {
      throw new IllegalArgumentException("unknown variant " + variant);
    }
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
                  distinct.add(ask.get());
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
    return JsonLine.of(CLIENT, "stampede-" + variant)
        .put("variant", description)
        .put("threads", threads)
        .put("ok", ok.get())
        .put("failed", failed.get())
        .put("distinctTokens", distinct.size())
        .put("elapsedMs", millis(elapsed));
  }

  private static JsonLine oneToken(SdkSetup setup, String scenario) {
    JsonLine line = JsonLine.of(CLIENT, scenario);
    BoxDeveloperEditionAPIConnection api = setup.connection(setup.config(), null);
    long t0 = System.nanoTime();
    try {
      String token = api.getAccessToken();
      line.put("outcome", token == null || token.isEmpty() ? "no token" : "ok");
    } catch (BoxAPIException e) {
      // The class and status only: the SDK's messages carry response bodies.
      line.put("outcome", "failed: " + e.getClass().getSimpleName() + " " + e.getResponseCode());
    } catch (RuntimeException e) {
      line.put("outcome", "failed: " + e.getClass().getSimpleName());
    }
    line.put("elapsedMs", millis(System.nanoTime() - t0));
    return line;
  }

  private static BoxDeveloperEditionAPIConnection apiConnection(SdkSetup setup) {
    BoxDeveloperEditionAPIConnection api = setup.connection(setup.config(), null);
    api.setBaseURL(setup.baseUrl + "/");
    return api;
  }

  private static JsonLine apiCold(SdkSetup setup, int threads) throws Exception {
    BoxDeveloperEditionAPIConnection api = apiConnection(setup);
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(threads);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    for (int i = 0; i < threads; i++) {
      Thread t =
          new Thread(
              () -> {
                ready.countDown();
                try {
                  go.await();
                  BoxUser.getCurrentUser(api).getInfo();
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
    return JsonLine.of(CLIENT, "api-cold")
        .put("threads", threads)
        .put("ok", ok.get())
        .put("failed", failed.get())
        .put("elapsedMs", millis(System.nanoTime() - t0));
  }

  private static JsonLine api401(SdkSetup setup) throws Exception {
    BoxDeveloperEditionAPIConnection api = apiConnection(setup);
    BoxUser.getCurrentUser(api); // warm: token, TLS connection, classes
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(setup.properties.getProperty("adminUrl") + "/reject-api?n=1"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("emulator admin reject-api: " + r.statusCode());
    }
    JsonLine line = JsonLine.of(CLIENT, "api-401");
    long t0 = System.nanoTime();
    try {
      BoxUser.getCurrentUser(api);
      line.put("outcome", "ok");
    } catch (BoxAPIException e) {
      line.put("outcome", "failed: " + e.getResponseCode());
    }
    line.put("elapsedMs", millis(System.nanoTime() - t0));
    // What an SDK user writes: catch the 401, refresh, call again.
    api.refresh();
    BoxUser.getCurrentUser(api);
    return line.put("manualRecoveryMs", millis(System.nanoTime() - t0));
  }

  static double millis(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }
}
