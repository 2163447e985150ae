package dev.boxauth.bench;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.boxauth.BoxAuth;
import dev.boxauth.keystore.BoxAppConfig;
import dev.boxauth.keystore.KeyTools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Where a fresh JVM's first boxauth token spends its time: one lap per JVM, each a piece of the
 * cold work timed alone, from its first use in that JVM (so it includes the class loading and
 * interpretation it causes), then the real {@code BoxAuth.build()} and first {@code token()}, in
 * which those pieces overlap. compare.sh runs every lap in fresh JVMs and the table reports their
 * medians. Prints one JSON line.
 *
 * <p>Usage, against an {@link EmulatorMain} directory (with the trust store properties that
 * compare.sh passes): {@code StartupLaps LAP DIR}, LAP one of {@link Lap}'s names in lower case.
 */
public final class StartupLaps {
  private StartupLaps() {}

  /** The laps; their labels are the table's. */
  enum Lap {
    GUICE("an empty Guice injector (Stage.PRODUCTION), alone"),
    CONFIG("the config JSON read (Moshi), alone"),
    KEY("the key decryption (PBKDF2 + DES-EDE3), alone"),
    OKHTTP("an OkHttp 5 client (Kotlin stdlib, platform TLS trust), alone"),
    CONNECT("a first HTTPS request on a made client (TCP + TLS handshake), alone"),
    SIGN("the first RSA signature (JCA SHA256withRSA), alone"),
    BUILD("`BoxAuth.builder()…build()`, all of the above overlapped"),
    TOKEN("… then the first `token()`"),
    JDK_CLIENT("for comparison, the JDK's HttpClient (which boxauth doesn't use), alone"),
    JDK_CONNECT("for comparison, a first HTTPS request on a made JDK HttpClient, alone");

    final String label;

    Lap(String label) {
      this.label = label;
    }
  }

  /** Runs one lap. */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println(
          "usage: StartupLaps "
              + Arrays.stream(Lap.values())
                  .map(l -> l.name().toLowerCase())
                  .collect(Collectors.joining("|"))
              + " DIR");
      System.exit(2);
    }
    Lap lap = Lap.valueOf(args[0].toUpperCase());
    Path dir = Path.of(args[1]);
    URI baseUrl = URI.create(BoxAuthDriver.properties(dir).getProperty("baseUrl"));
    Path config = dir.resolve(EmulatorMain.CONFIG);
    long t = System.nanoTime();
    switch (lap) {
      case GUICE ->
          Guice.createInjector(Stage.PRODUCTION, b -> b.bind(String.class).toInstance("x"));
      case CONFIG -> BoxAppConfig.read(config);
      case KEY -> {
        BoxAppConfig app = BoxAppConfig.read(config);
        t = System.nanoTime();
        KeyTools.readPrivateKey(app);
      }
      case OKHTTP -> new OkHttpClient();
      case CONNECT -> {
        OkHttpClient client = new OkHttpClient();
        t = System.nanoTime();
        Request get = new Request.Builder().url(baseUrl + "/oauth2/token").build();
        try (Response r = client.newCall(get).execute()) {
          r.body().bytes();
        }
      }
      case JDK_CLIENT -> HttpClient.newHttpClient();
      case JDK_CONNECT -> {
        HttpClient client = HttpClient.newHttpClient();
        t = System.nanoTime();
        client.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/oauth2/token")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
      }
      case SIGN -> {
        PrivateKey key = KeyTools.readPrivateKey(BoxAppConfig.read(config));
        t = System.nanoTime();
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update("header.claims".getBytes(StandardCharsets.US_ASCII));
        rsa.sign();
      }
      case BUILD, TOKEN -> {
        BoxAuth auth = BoxAuth.builder().config(config).baseUrl(baseUrl).build();
        if (lap == Lap.TOKEN) {
          t = System.nanoTime();
          auth.enterprise().token();
        }
      }
    }
    double ms = BoxAuthDriver.millis(System.nanoTime() - t);
    System.out.println(
        JsonLine.of(BoxAuthDriver.CLIENT, "startup-lap")
            .put("lap", lap.name().toLowerCase())
            .put("label", lap.label)
            .put("ms", ms));
    System.exit(0);
  }
}
