package dev.boxauth.bench;

import com.box.sdk.BoxAPIException;
import com.box.sdk.BoxUser;
import dev.boxauth.BoxAuth;
import dev.boxauth.boxsdk.BoxAuthAPIConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Box SDK on boxauth's tokens ({@link BoxAuthAPIConnection}), one scenario per JVM against the
 * shared emulator process ({@code benchmarks/compare-sdk.sh}); the peer's {@code SdkDriver} runs
 * the same scenarios with the SDK's own {@code BoxDeveloperEditionAPIConnection}. One JSON line on
 * standard output.
 *
 * <ul>
 *   <li>{@code api-cold DIR N}: N threads at once on one new connection (no token yet), each {@code
 *       BoxUser.getCurrentUser(api).getInfo()}; the time until all are done (the emulator counts
 *       the token requests).
 *   <li>{@code api-401 DIR}: a warm connection; the emulator then revokes the token of the next API
 *       call behind the client's back; the time of the one {@code getCurrentUser} call that meets
 *       the 401, and its outcome.
 * </ul>
 */
public final class BridgeDriver {
  static final String CLIENT = "bridge";

  private BridgeDriver() {}

  /**
   * Runs one scenario.
   *
   * @param args the scenario, the emulator directory, and N for {@code api-cold}
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: BridgeDriver api-cold|api-401 DIR [N]");
      System.exit(2);
    }
    Path dir = Path.of(args[1]);
    Properties p = BoxAuthDriver.properties(dir);
    URI baseUrl = URI.create(p.getProperty("baseUrl"));
    URI adminUrl = URI.create(p.getProperty("adminUrl"));
    try (BoxAuth auth =
        BoxAuth.builder().config(dir.resolve(EmulatorMain.CONFIG)).baseUrl(baseUrl).build()) {
      BoxAuthAPIConnection api = new BoxAuthAPIConnection(auth.enterprise());
      api.setBaseURL(baseUrl + "/");
      JsonLine line =
          switch (args[0]) {
            case "api-cold" -> apiCold(api, Integer.parseInt(args[2]));
            case "api-401" -> api401(api, adminUrl);
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
          };
      System.out.println(line);
    }
    System.exit(0);
  }

  static JsonLine apiCold(com.box.sdk.BoxAPIConnection api, int threads) throws Exception {
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
        .put("elapsedMs", BoxAuthDriver.millis(System.nanoTime() - t0));
  }

  static JsonLine api401(com.box.sdk.BoxAPIConnection api, URI adminUrl) throws Exception {
    BoxUser.getCurrentUser(api); // warm: token, TLS connection, classes
    admin(adminUrl, "/reject-api?n=1");
    JsonLine line = JsonLine.of(CLIENT, "api-401");
    long t0 = System.nanoTime();
    try {
      BoxUser.getCurrentUser(api);
      line.put("outcome", "ok");
    } catch (BoxAPIException e) {
      line.put("outcome", "failed: " + e.getResponseCode());
    }
    return line.put("elapsedMs", BoxAuthDriver.millis(System.nanoTime() - t0));
  }

  static void admin(URI adminUrl, String command) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(adminUrl + command)).build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("emulator admin " + command + ": " + r.statusCode());
    }
  }
}
