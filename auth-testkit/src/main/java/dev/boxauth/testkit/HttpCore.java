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
import java.nio.charset.StandardCharsets;
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
  private static final int IDLE_TIMEOUT_MILLIS = 300_000;
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
      s.setSoTimeout(IDLE_TIMEOUT_MILLIS);
      s.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = new BufferedOutputStream(s.getOutputStream());
      while (!closed) {
        RawRequest request;
        try {
          request = read(in, out);
        } catch (BadRequest e) {
          write(out, RawResponse.json(e.status, boxError(e.status, e.getMessage())), false);
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
        } catch (RuntimeException e) {
          response =
              RawResponse.json(
                  500, boxError(500, "the emulator failed: " + e.getClass().getSimpleName()));
        }
        if (response.drop) {
          return;
        }
        boolean keepAlive = keepAlive(request) && !response.truncate && !closed;
        write(out, response, keepAlive);
        if (!keepAlive) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // The client went away, a TLS handshake failed, or the emulator is closing.
    } finally {
      open.remove(s);
    }
  }

  private static boolean keepAlive(RawRequest r) {
    String connection = r.header("connection");
    return connection == null || !connection.toLowerCase(Locale.ROOT).contains("close");
  }

  private void write(OutputStream out, RawResponse r, boolean keepAlive) throws IOException {
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
    out.write(r.body, 0, r.truncate ? r.body.length / 2 : r.body.length);
    out.flush();
  }

  /** Reads one request; null at a clean end of stream before a request starts. */
  private static RawRequest read(InputStream in, OutputStream out) throws IOException {
    String requestLine;
    do {
      requestLine = readLine(in, true);
      if (requestLine == null) {
        return null;
      }
    } while (requestLine.isEmpty()); // RFC 9112 §2.2: ignore empty lines before a request
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new BadRequest(400, "malformed request line");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int n = 0; ; n++) {
      String line = readLine(in, false);
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || n >= MAX_HEADERS) {
        throw new BadRequest(400, "malformed header");
      }
      headers
          .computeIfAbsent(
              line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    RawRequest head = new RawRequest(parts[0], pathOf(parts[1]), headers, new byte[0]);
    String expect = head.header("expect");
    if (expect != null && expect.equalsIgnoreCase("100-continue")) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
    String te = head.header("transfer-encoding");
    byte[] body;
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      body = readChunked(in);
    } else {
      String cl = head.header("content-length");
      long length;
      try {
        length = cl == null ? 0 : Long.parseLong(cl.trim());
      } catch (NumberFormatException e) {
        throw new BadRequest(400, "malformed Content-Length");
      }
      if (length < 0 || length > MAX_BODY) {
        throw new BadRequest(413, "request body too large");
      }
      body = in.readNBytes((int) length);
      if (body.length != length) {
        throw new EOFException();
      }
    }
    return new RawRequest(parts[0], head.path(), headers, body);
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
      int size;
      try {
        size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new BadRequest(400, "malformed chunk size");
      }
      if (size < 0 || body.size() + (long) size > MAX_BODY) {
        throw new BadRequest(413, "request body too large");
      }
      if (size == 0) {
        while (!readLine(in, false).isEmpty()) {
          // trailer fields are ignored
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
    return Json.object()
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
