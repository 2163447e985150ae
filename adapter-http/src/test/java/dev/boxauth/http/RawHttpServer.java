package dev.boxauth.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that answers each request with the next raw bytes queued, exactly as given:
 * replies no real server library would send (a lying Content-Length, a broken status line). Keeps
 * connections alive, so a client that reuses a poisoned connection shows it. Counts connections.
 */
final class RawHttpServer implements AutoCloseable {
  private final ServerSocket server;
  private final BlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Socket> open = new ArrayList<>();
  private final boolean closeAfterEachReply;
  private volatile byte[] always;

  RawHttpServer() {
    this(false);
  }

  /**
   * @param closeAfterEachReply end each connection after its reply, so that a reply shorter than it
   *     claims ends at once instead of waiting for bytes that never come
   */
  RawHttpServer(boolean closeAfterEachReply) {
    this.closeAfterEachReply = closeAfterEachReply;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "raw-http-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  void enqueue(byte[] reply) {
    replies.add(reply);
  }

  /**
   * Answers every request from now on with {@code reply}, queue or not: a request that never
   * arrived (or one that arrives late) can't take another input's reply.
   */
  void answerEveryRequestWith(byte[] reply) {
    always = reply;
  }

  int connections() {
    return connections.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        connections.incrementAndGet();
        synchronized (open) {
          open.add(s);
        }
        Thread t = new Thread(() -> serve(s), "raw-http-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (readRequest(in)) {
        byte[] fixed = always;
        byte[] reply = fixed != null ? fixed : replies.take();
        out.write(reply);
        out.flush();
        if (closeAfterEachReply) {
          return;
        }
      }
    } catch (IOException | InterruptedException e) {
      // the client went away, or the server closes
    }
  }

  /** Reads one request's head and body; false at end of stream. */
  private static boolean readRequest(InputStream in) throws IOException {
    int contentLength = 0;
    while (true) {
      String line = line(in);
      if (line == null) {
        return false;
      }
      if (line.isEmpty()) {
        break;
      }
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        contentLength = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(contentLength);
    return true;
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (open) {
      for (Socket s : open) {
        s.close();
      }
    }
  }
}
