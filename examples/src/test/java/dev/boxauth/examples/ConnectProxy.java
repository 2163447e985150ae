package dev.boxauth.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A corporate HTTP proxy in miniature, on loopback: it opens {@code CONNECT} tunnels to loopback
 * ports only, and counts them, so that the "every option" snippet's proxy setting is really used.
 */
final class ConnectProxy implements AutoCloseable {
  private final ServerSocket server;
  private final AtomicInteger tunnels = new AtomicInteger();

  ConnectProxy() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "connect-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String host() {
    return server.getInetAddress().getHostAddress();
  }

  int port() {
    return server.getLocalPort();
  }

  /** The tunnels opened so far. */
  int tunnels() {
    return tunnels.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> tunnel(client), "connect-proxy-tunnel");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void tunnel(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      String head = readHead(in);
      String[] request = head.lines().findFirst().orElse("").split(" ");
      if (request.length < 2 || !request[0].equals("CONNECT")) {
        client.getOutputStream().write(reply("405 Method Not Allowed"));
        return;
      }
      int port = Integer.parseInt(request[1].substring(request[1].lastIndexOf(':') + 1));
      try (Socket target = new Socket(InetAddress.getLoopbackAddress(), port)) {
        tunnels.incrementAndGet();
        client.getOutputStream().write(reply("200 Connection established"));
        Thread up = pump(in, target.getOutputStream());
        pump(target.getInputStream(), client.getOutputStream()).join();
        up.join();
      }
    } catch (IOException | RuntimeException e) {
      // A tunnel that fails ends; the client sees its connection closed.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread pump(InputStream from, OutputStream to) {
    Thread t =
        new Thread(
            () -> {
              try {
                from.transferTo(to);
              } catch (IOException e) {
                // One side closed.
              }
            },
            "connect-proxy-pump");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n") && head.length() < 8192) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private static byte[] reply(String status) {
    return ("HTTP/1.1 " + status + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
