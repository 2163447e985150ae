package dev.boxauth.bench;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.boxauth.BoxAuth;
import dev.boxauth.keystore.BoxAppConfig;
import dev.boxauth.keystore.KeyTools;
import java.net.URI;
import java.nio.file.Path;

/**
 * Where a fresh JVM's first boxauth token spends its time (not part of compare.sh; see
 * BENCHMARKS.md): each lap is timed when it first uses its classes, in the order an app meets them,
 * so a lap includes the class loading it causes. Then the real {@code BoxAuth} is built and asked
 * for a token. Prints one JSON line.
 *
 * <p>Usage, against an {@link EmulatorMain} directory (with the trust store properties that
 * compare.sh passes): {@code StartupLaps DIR}.
 */
public final class StartupLaps {
  private StartupLaps() {}

  /** Runs the laps once. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    URI baseUrl = URI.create(BoxAuthDriver.properties(dir).getProperty("baseUrl"));
    Path config = dir.resolve(EmulatorMain.CONFIG);
    JsonLine line = JsonLine.of(BoxAuthDriver.CLIENT, "startup-laps");
    long t = System.nanoTime();

    Guice.createInjector(Stage.PRODUCTION, binder -> binder.bind(String.class).toInstance("x"));
    t = lap(line, "emptyGuiceInjectorMs", t);
    BoxAppConfig app = BoxAppConfig.read(config);
    t = lap(line, "configReadMs", t);
    KeyTools.readPrivateKey(app);
    t = lap(line, "keyDecryptionMs", t);
    new okhttp3.OkHttpClient();
    t = lap(line, "okHttpClientMs", t);
    BoxAuth auth = BoxAuth.builder().config(config).baseUrl(baseUrl).build();
    t = lap(line, "restOfBuildMs", t);
    auth.enterprise().token();
    lap(line, "firstTokenMs", t);
    auth.close();
    System.out.println(line);
    System.exit(0);
  }

  private static long lap(JsonLine line, String name, long since) {
    long now = System.nanoTime();
    line.put(name, BoxAuthDriver.millis(now - since));
    return now;
  }
}
