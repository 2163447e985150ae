package dev.boxauth.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP/1.1 server on a loopback socket (plain or TLS), one worker thread per connection,
 * with keep-alive.
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver}: it overwrites any {@code Date} header with
 * the JVM's own time, and the emulator's {@code Date} must follow its (skewable) clock, since that
 * is how clients learn the server's time. Owning the socket also makes the network faults exact:
 * close without a reply, or send half a body.
 *
 * <p>Thread-safe; {@link #close()} stops accepting, closes every connection and interrupts the
 * workers (so delayed replies end at once).
 */
final class HttpCore implements AutoCloseable {

  /** Answers one request; runs on the connection's worker thread and may block. */
  interface Handler {
    RawResponse handle(RawRequest request) throws InterruptedException;
  }

  /** The emulators' HTTP-date: IMF-fixdate (RFC 9110 §5.6.7), always two-digit days. */
  static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private static final int BACKLOG = 1024;
  private static final int MAX_WORKERS = 2048;

  /** How long a kept-alive connection may sit idle between requests. */
  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(15);

  /** How long a client may take to send one whole request, from its first byte. */
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final int MAX_LINE = 16 * 1024;
  private static final int MAX_HEADERS = 200;
  private static final int MAX_BODY = 1024 * 1024;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ServerSocket server;
  private final Supplier<Instant> clock;
  private final Handler handler;
  private final ExecutorService workers;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private volatile Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
  private volatile Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

  private HttpCore(ServerSocket server, Supplier<Instant> clock, Handler handler) {
    this.server = server;
    this.clock = clock;
    this.handler = handler;
    this.workers =
        new ThreadPoolExecutor(
            0,
            MAX_WORKERS,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "box-emulator-worker-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Binds a free port on 127.0.0.1 and starts accepting.
   *
   * @param tls the server's TLS context, or null for plain HTTP
   */
  static HttpCore start(SSLContext tls, Supplier<Instant> clock, Handler handler)
      throws IOException {
    InetAddress loopback = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    ServerSocket socket =
        tls == null
            ? new ServerSocket(0, BACKLOG, loopback)
            : tls.getServerSocketFactory().createServerSocket(0, BACKLOG, loopback);
    HttpCore core = new HttpCore(socket, clock, handler);
    Thread acceptor = new Thread(core::acceptLoop, "box-emulator-accept-" + socket.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    return core;
  }

  int port() {
    return server.getLocalPort();
  }

  /** Sets the idle and request timeouts of connections accepted from now on. */
  void timeouts(Duration idle, Duration request) {
    this.idleTimeout = idle;
    this.requestTimeout = request;
  }

  boolean isClosed() {
    return server.isClosed();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    for (Socket s : open) {
      closeQuietly(s);
    }
    workers.shutdownNow();
    try {
      workers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      open.add(s);
      try {
        workers.execute(() -> serve(s));
      } catch (RejectedExecutionException e) {
        open.remove(s);
        closeQuietly(s);
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setTcpNoDelay(true);
      TimedInput timed = new TimedInput(s, idleTimeout, requestTimeout);
      InputStream in = new BufferedInputStream(timed);
      OutputStream out = new BufferedOutputStream(s.getOutputStream());
      while (!closed) {
        RawRequest request;
        timed.awaitRequest();
        try {
          request = read(in, out);
        } catch (BadRequest e) {
          write(out, RawResponse.json(e.status, boxError(e.status, e.getMessage())), false, true);
          return;
        }
        if (request == null) {
          return;
        }
        RawResponse response;
        try {
          response = handler.handle(request);
        } catch (InterruptedException e) {
          return; // closing: drop the connection
        } catch (RuntimeException | StackOverflowError e) {
          response =
              RawResponse.json(
                  500, boxError(500, "the emulator failed: " + e.getClass().getSimpleName()));
        }
        if (response.drop) {
          return;
        }
        boolean keepAlive = keepAlive(request) && !response.truncate && !closed;
        write(out, response, keepAlive, !"HEAD".equals(request.method()));
        if (!keepAlive) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // The client went away or was too slow, a TLS handshake failed, or the emulator is closing.
    } finally {
      open.remove(s);
    }
  }

  /**
   * The socket's input with two clocks: a request must arrive whole within the request timeout of
   * its first byte, and a kept-alive connection may idle between requests for the idle timeout. A
   * client that trickles a byte at a time (or never finishes) holds a worker no longer than that.
   */
  private static final class TimedInput extends InputStream {
    private final Socket socket;
    private final InputStream in;
    private final long idleMillis;
    private final long requestMillis;
    private long deadline = Long.MAX_VALUE;

    TimedInput(Socket socket, Duration idle, Duration request) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.idleMillis = Math.max(1, idle.toMillis());
      this.requestMillis = Math.max(1, request.toMillis());
    }

    /** Between requests: the idle clock runs until the next request's first bytes arrive. */
    void awaitRequest() {
      deadline = Long.MAX_VALUE;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      long timeout = idleMillis;
      if (deadline != Long.MAX_VALUE) {
        long left = deadline - System.nanoTime() / 1_000_000;
        if (left <= 0) {
          throw new SocketTimeoutException("request not received in time");
        }
        timeout = Math.min(timeout, left);
      }
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout));
      int n = in.read(b, off, len);
      if (n > 0 && deadline == Long.MAX_VALUE) {
        deadline = System.nanoTime() / 1_000_000 + requestMillis; // a request's first bytes
      }
      return n;
    }
  }

  private static boolean keepAlive(RawRequest r) {
    String connection = r.header("connection");
    return connection == null || !connection.toLowerCase(Locale.ROOT).contains("close");
  }

  /**
   * Writes a reply. A reply to HEAD has the headers a GET would get, Content-Length included, and
   * no body (RFC 9110 §9.3.2): a body there would be read as the start of the next reply.
   */
  private void write(OutputStream out, RawResponse r, boolean keepAlive, boolean withBody)
      throws IOException {
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ").append(r.status).append(' ').append(reason(r.status)).append("\r\n");
    head.append("Date: ").append(HTTP_DATE.format(clock.get())).append("\r\n");
    for (Map.Entry<String, String> h : r.headers.entrySet()) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    head.append("Content-Length: ").append(r.body.length).append("\r\n");
    head.append("Cache-Control: no-store\r\n");
    head.append("Pragma: no-cache\r\n");
    if (!keepAlive) {
      head.append("Connection: close\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (withBody) {
      out.write(r.body, 0, r.truncate ? r.body.length / 2 : r.body.length);
    }
    out.flush();
  }

  /**
   * Reads one request; null at a clean end of stream before a request starts. What RFC 9112 tells a
   * server to refuse is a 400 (and the connection closes): whitespace before a header's colon
   * (§5.1), obsolete line folding (§5.2), Content-Length together with Transfer-Encoding, a
   * Transfer-Encoding other than chunked, and a Content-Length that is not one plain number (§6.1,
   * §6.3), bad chunk sizes (§7.1).
   */
  private static RawRequest read(InputStream in, OutputStream out) throws IOException {
    String requestLine;
    do {
      requestLine = readLine(in, true);
      if (requestLine == null) {
        return null;
      }
    } while (requestLine.isEmpty()); // RFC 9112 §2.2: ignore empty lines before a request
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3
        || parts[0].isEmpty()
        || parts[1].isEmpty()
        || !parts[2].matches("HTTP/1\\.[01]")) {
      throw new BadRequest(400, "malformed request line");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int n = 0; ; n++) {
      String line = readLine(in, false);
      if (line.isEmpty()) {
        break;
      }
      if (n >= MAX_HEADERS) {
        throw new BadRequest(431, "too many header fields");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new BadRequest(400, "malformed header");
      }
      char first = line.charAt(0);
      if (first == ' ' || first == '\t') {
        throw new BadRequest(400, "obsolete line folding");
      }
      String name = line.substring(0, colon);
      if (!isToken(name)) {
        throw new BadRequest(400, "malformed header name (no whitespace before the colon)");
      }
      headers
          .computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).strip());
    }
    RawRequest head = new RawRequest(parts[0], pathOf(parts[1]), headers, new byte[0]);
    List<String> te = headers.get("transfer-encoding");
    List<String> cl = headers.get("content-length");
    if (te != null && cl != null) {
      throw new BadRequest(400, "Content-Length and Transfer-Encoding together");
    }
    if (te != null && (te.size() != 1 || !te.get(0).equalsIgnoreCase("chunked"))) {
      throw new BadRequest(400, "unsupported Transfer-Encoding (only chunked is)");
    }
    if (cl != null && cl.size() != 1) {
      throw new BadRequest(400, "more than one Content-Length");
    }
    long length = 0;
    if (cl != null) {
      String value = cl.get(0);
      if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(HttpCore::isDigit)) {
        throw new BadRequest(400, "malformed Content-Length");
      }
      length = Long.parseLong(value);
      if (length > MAX_BODY) {
        throw new BadRequest(413, "request body too large");
      }
    }
    String expect = head.header("expect");
    if (expect != null && expect.equalsIgnoreCase("100-continue")) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
    byte[] body;
    if (te != null) {
      body = readChunked(in);
    } else {
      body = in.readNBytes((int) length);
      if (body.length != length) {
        throw new EOFException();
      }
    }
    return new RawRequest(parts[0], head.path(), headers, body);
  }

  /** RFC 9110 §5.6.2 token characters: a header name has no spaces, controls or separators. */
  private static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static String pathOf(String target) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    if (path.startsWith("http://") || path.startsWith("https://")) {
      int slash = path.indexOf('/', path.indexOf("//") + 2);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    return path;
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in, false);
      int semi = sizeLine.indexOf(';');
      String hex = semi < 0 ? sizeLine : sizeLine.substring(0, semi);
      // chunk-size = 1*HEXDIG: no sign, no spaces, and small enough to mean something.
      if (hex.isEmpty() || hex.length() > 7 || !hex.chars().allMatch(HttpCore::isHexDigit)) {
        throw new BadRequest(400, "malformed chunk size");
      }
      int size = Integer.parseInt(hex, 16);
      if (body.size() + (long) size > MAX_BODY) {
        throw new BadRequest(413, "request body too large");
      }
      if (size == 0) {
        for (int n = 0; !readLine(in, false).isEmpty(); n++) {
          if (n >= MAX_HEADERS) {
            throw new BadRequest(431, "too many trailer fields");
          }
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes(size);
      if (chunk.length != size) {
        throw new EOFException();
      }
      body.writeBytes(chunk);
      if (!readLine(in, false).isEmpty()) {
        throw new BadRequest(400, "malformed chunk");
      }
    }
  }

  private static boolean isHexDigit(int c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** A CRLF- (or LF-) terminated line; null at end of stream only if {@code eofOk}. */
  private static String readLine(InputStream in, boolean eofOk) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int b;
      try {
        b = in.read();
      } catch (SocketException e) {
        if (eofOk && sb.length() == 0) {
          return null;
        }
        throw e;
      }
      if (b < 0) {
        if (eofOk && sb.length() == 0) {
          return null;
        }
        throw new EOFException();
      }
      if (b == '\n') {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        return sb.toString();
      }
      if (sb.length() >= MAX_LINE) {
        throw new BadRequest(431, "header line too long");
      }
      sb.append((char) b);
    }
  }

  /** Box's general API error body, used where the token endpoint's OAuth body does not apply. */
  static String boxError(int status, String message) {
    return JsonWriter.object()
        .put("type", "error")
        .put("status", status)
        .put("code", code(status))
        .put("message", message)
        .put("request_id", Ids.numeric(12))
        .toString();
  }

  private static String code(int status) {
    switch (status) {
      case 404:
        return "not_found";
      case 405:
        return "method_not_allowed";
      case 413:
        return "request_entity_too_large";
      case 429:
        return "rate_limit_exceeded";
      case 500:
        return "internal_server_error";
      case 502:
        return "bad_gateway";
      case 503:
        return "unavailable";
      case 504:
        return "gateway_timeout";
      default:
        return status >= 500 ? "server_error" : "bad_request";
    }
  }

  static String reason(int status) {
    switch (status) {
      case 200:
        return "OK";
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 413:
        return "Payload Too Large";
      case 429:
        return "Too Many Requests";
      case 431:
        return "Request Header Fields Too Large";
      case 500:
        return "Internal Server Error";
      case 502:
        return "Bad Gateway";
      case 503:
        return "Service Unavailable";
      case 504:
        return "Gateway Timeout";
      default:
        return "Status " + status;
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // already closed or broken: nothing left to release
    }
  }

  /** A request the server cannot read; answered, then the connection closes. */
  private static final class BadRequest extends IOException {
    private static final long serialVersionUID = 1L;
    final int status;

    BadRequest(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
