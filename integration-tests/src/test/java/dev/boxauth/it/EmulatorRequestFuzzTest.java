package dev.boxauth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import dev.boxauth.testing.Fuzzer;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The emulator's HTTP parser and token endpoint under mutated raw requests (issue 12, "keep it
 * found"), over a real socket: every request gets a 2xx or a 4xx (or, cut short, the connection
 * closed without a reply), never a 5xx, within a second, and no reply carries the app's client
 * secret. The emulator shares no code with boxauth; only this test borrows the fuzzer.
 */
class EmulatorRequestFuzzTest {
  private static final Pattern STATUS = Pattern.compile("(?m)^HTTP/1\\.1 (\\d{3}) ");

  @Test
  void rawRequests_mutated_get2xxOr4xx_fastWithoutLeakingTheSecret() throws Exception {
    try (BoxEmulator emulator = BoxEmulator.start()) {
      EmulatedApp ccg = emulator.newCcgApp();
      EmulatedApp jwt = emulator.newJwtApp();
      int port = emulator.baseUrl().getPort();

      Fuzzer.Report report =
          Fuzzer.named("emulator-http")
              .seeds(seeds(ccg, jwt))
              .secrets(List.of(ccg.clientSecret(), jwt.clientSecret(), jwt.passphrase()))
              .allowed(t -> false)
              .maxLength(256 * 1024)
              .target(
                  request -> {
                    String reply = send(port, request);
                    Matcher m = STATUS.matcher(reply);
                    while (m.find()) {
                      int status = Integer.parseInt(m.group(1));
                      if (status >= 500 || status < 100) {
                        return new AssertionError("HTTP " + status + ": " + firstLine(reply));
                      }
                    }
                    for (String secret : List.of(ccg.clientSecret(), jwt.clientSecret())) {
                      if (reply.contains(secret)) {
                        return new AssertionError("the reply holds a client secret");
                      }
                    }
                    return null;
                  })
              .run();

      assertThat(report.findings()).as(report.toString()).isEmpty();
    }
  }

  /** Sends the bytes, half-closes, and reads every reply until the server closes. */
  private static String send(int port, byte[] request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request);
        out.flush();
        s.shutdownOutput();
      } catch (SocketException e) {
        // The server refused early and closed: its reply, if any, is still readable.
      }
      InputStream in = s.getInputStream();
      try {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      } catch (SocketException e) {
        return ""; // reset after a refusal
      }
    }
  }

  private static String firstLine(String reply) {
    int end = reply.indexOf('\r');
    return end < 0 ? reply : reply.substring(0, end);
  }

  private static List<byte[]> seeds(EmulatedApp ccg, EmulatedApp jwt) throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(
        post(
            "/oauth2/token",
            form(
                "grant_type", "client_credentials",
                "client_id", ccg.clientId(),
                "client_secret", ccg.clientSecret(),
                "box_subject_type", "enterprise",
                "box_subject_id", ccg.enterpriseId())));
    seeds.add(
        post(
            "/oauth2/token",
            form(
                "grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "assertion", assertion(jwt),
                "client_id", jwt.clientId(),
                "client_secret", jwt.clientSecret())));
    seeds.add(
        post(
            "/oauth2/token",
            form(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", "abc",
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "scope", "item_preview",
                "resource", "https://api.box.com/2.0/files/123")));
    seeds.add(
        post(
            "/oauth2/revoke",
            form("client_id", ccg.clientId(), "client_secret", ccg.clientSecret(), "token", "x")));
    String body =
        form(
            "grant_type", "client_credentials",
            "client_id", ccg.clientId(),
            "client_secret", ccg.clientSecret(),
            "box_subject_type", "enterprise",
            "box_subject_id", ccg.enterpriseId());
    seeds.add(
        ("POST /oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type:"
                + " application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(body.length())
                + "\r\n"
                + body
                + "\r\n0\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    // The emulator's own regression inputs, when run inside the reactor.
    Path regressions = Path.of("..", "auth-testkit", "src", "test", "resources", "regressions");
    if (Files.isDirectory(regressions)) {
      try (Stream<Path> files = Files.list(regressions)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".http")).sorted().toList()) {
          seeds.add(Files.readAllBytes(f));
        }
      }
    }
    return seeds;
  }

  private static byte[] post(String path, String body) {
    return ("POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: "
            + body.length()
            + "\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static String form(String... namesAndValues) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (b.length() > 0) {
        b.append('&');
      }
      b.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  private static String assertion(EmulatedApp app) throws Exception {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", app.clientId());
    claims.put("sub", app.enterpriseId());
    claims.put("box_sub_type", "enterprise");
    claims.put("aud", "https://api.box.com/oauth2/token");
    claims.put("jti", "fuzz-jti-0123456789abcdef");
    claims.put("exp", Instant.now().getEpochSecond() + 30);
    JWSObject jws =
        new JWSObject(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(app.keyId()).build(),
            new Payload(claims));
    jws.sign(new RSASSASigner(app.keyPair().getPrivate()));
    return jws.serialize();
  }
}
