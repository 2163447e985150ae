package dev.boxauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The emulator's HTTP/1.1 server, spoken to over a raw socket. */
class HttpCoreTest {
  @RegisterExtension static final BoxEmulatorExtension EMULATOR = BoxEmulatorExtension.ccg();

  private static BoxEmulator emulator;
  private static EmulatedApp app;

  /** A response read off the socket: status line, headers, and exactly the bytes received. */
  record Raw(String statusLine, Map<String, String> headers, byte[] body) {
    int contentLength() {
      return Integer.parseInt(headers.get("content-length"));
    }
  }

  private static Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", emulator.baseUrl().getPort());
    s.setSoTimeout(20_000);
    return s;
  }

  private static String formBody() {
    return Http.encode(Forge.ccgForm(app, "enterprise", app.enterpriseId()));
  }

  private static String request(String body, String... extraHeaders) {
    StringBuilder sb = new StringBuilder("POST /oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    sb.append("Content-Type: application/x-www-form-urlencoded\r\n");
    for (String h : extraHeaders) {
      sb.append(h).append("\r\n");
    }
    if (body != null) {
      sb.append("Content-Length: ")
          .append(body.getBytes(StandardCharsets.UTF_8).length)
          .append("\r\n");
    }
    return sb.append("\r\n").append(body == null ? "" : body).toString();
  }

  private static void send(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Reads one response; the body up to Content-Length or the end of the stream. */
  private static Raw read(InputStream in) throws IOException {
    String status = line(in);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
    }
    int length =
        headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length")) : 0;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int i = 0; i < length; i++) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      body.write(b);
    }
    return new Raw(status, headers, body.toByteArray());
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("end of stream after '" + sb + "'");
      }
      if (b != '\r') {
        sb.append((char) b);
      }
    }
    return sb.toString();
  }

  @Test
  void keepAlive_servesSeveralRequestsOnOneConnection() throws IOException {
    try (Socket s = connect()) {
      send(s, request(formBody()) + request(formBody()));
      Raw first = read(s.getInputStream());
      Raw second = read(s.getInputStream());

      assertThat(first.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(second.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(first.headers()).doesNotContainKey("connection");
    }
  }

  @Test
  void chunkedRequestBody_isRead() throws IOException {
    String body = formBody();
    String chunked =
        Integer.toHexString(10)
            + "\r\n"
            + body.substring(0, 10)
            + "\r\n"
            + Integer.toHexString(body.length() - 10)
            + ";ext=1\r\n"
            + body.substring(10)
            + "\r\n"
            + "0\r\n\r\n";
    try (Socket s = connect()) {
      send(s, request(null, "Transfer-Encoding: chunked") + chunked);

      assertThat(read(s.getInputStream()).statusLine()).isEqualTo("HTTP/1.1 200 OK");
    }
  }

  @Test
  void expectContinue_isAnsweredBeforeTheBody() throws IOException {
    String body = formBody();
    try (Socket s = connect()) {
      String head = request(body, "Expect: 100-continue");
      send(s, head.substring(0, head.length() - body.length()));
      Raw interim = read(s.getInputStream());
      send(s, body);
      Raw fin = read(s.getInputStream());

      assertThat(interim.statusLine()).isEqualTo("HTTP/1.1 100 Continue");
      assertThat(fin.statusLine()).isEqualTo("HTTP/1.1 200 OK");
    }
  }

  @Test
  void connectionClose_isHonoured() throws IOException {
    try (Socket s = connect()) {
      send(s, request(formBody(), "Connection: close"));
      Raw reply = read(s.getInputStream());

      assertThat(reply.headers()).containsEntry("connection", "close");
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void malformedRequestLine_gets400AndClose() throws IOException {
    try (Socket s = connect()) {
      send(s, "HELLO\r\n\r\n");
      Raw reply = read(s.getInputStream());

      assertThat(reply.statusLine()).startsWith("HTTP/1.1 400");
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void headers_carryImfFixdateCacheControlAndLength() throws IOException {
    try (Socket s = connect()) {
      send(s, request(formBody()));
      Raw reply = read(s.getInputStream());

      assertThat(reply.headers().get("date"))
          .matches(
              "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2}"
                  + " GMT");
      assertThat(reply.headers())
          .containsEntry("cache-control", "no-store")
          .containsEntry("pragma", "no-cache")
          .containsEntry("content-type", "application/json");
      assertThat(reply.body()).hasSize(reply.contentLength());
    }
  }

  @Test
  void truncatedFault_sendsLessThanContentLengthThenCloses() throws IOException {
    emulator.faults().truncateNext(1);
    try (Socket s = connect()) {
      send(s, request(formBody()));
      Raw reply = read(s.getInputStream());

      assertThat(reply.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(reply.body().length).isPositive().isLessThan(reply.contentLength());
      assertThat(new String(reply.body(), StandardCharsets.UTF_8)).startsWith("{\"access_token\":");
    }
  }

  @Test
  void dropFault_closesWithoutAnyByte() throws IOException {
    emulator.faults().dropNext(1);
    try (Socket s = connect()) {
      send(s, request(formBody()));

      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void close_endsOpenConnectionsAndReleasesTheServerSocket() throws IOException {
    BoxEmulator other = BoxEmulator.start();
    int port = other.baseUrl().getPort();
    try (Socket idle = new Socket("127.0.0.1", port)) {
      idle.setSoTimeout(20_000);
      send(idle, "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(read(idle.getInputStream()).statusLine()).startsWith("HTTP/1.1 404");

      other.close();
      other.close(); // idempotent

      assertThat(idle.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(other.isClosed()).isTrue();
  }

  @Test
  void head_getsTheHeadersOfTheReplyButNoBody() throws IOException {
    try (Socket s = connect()) {
      send(
          s, "HEAD /oauth2/token HTTP/1.1\r\nHost: x\r\n\r\nGET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
      InputStream in = s.getInputStream();
      assertThat(line(in)).isEqualTo("HTTP/1.1 405 Method Not Allowed");
      String contentLength = null;
      for (String l = line(in); !l.isEmpty(); l = line(in)) {
        if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          contentLength = l.substring("content-length:".length()).trim();
        }
      }
      assertThat(contentLength).as("the length a GET's body would have").isNotEqualTo("0");

      // No body follows: the next bytes on the connection are the next reply's.
      assertThat(read(in).statusLine()).isEqualTo("HTTP/1.1 404 Not Found");
    }
  }
}
