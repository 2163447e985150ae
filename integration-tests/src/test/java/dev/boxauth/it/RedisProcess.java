package dev.boxauth.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} process of the test's own on a free loopback port, without persistence. If
 * {@code redis-server} is not installed, {@link #start()} throws, so the test fails rather than
 * skips: install it ({@code apt-get install -y redis-server}) or point the system property {@code
 * redis.server} at the binary.
 */
final class RedisProcess implements AutoCloseable {
  private static final String BINARY = System.getProperty("redis.server", "redis-server");

  private final int port;
  private final Process process;

  private RedisProcess(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  static RedisProcess start() throws IOException, InterruptedException {
    int port = freePort();
    Path dir = Files.createTempDirectory("boxauth-it-redis-");
    Path log = dir.resolve("redis.log");
    List<String> command =
        List.of(
            BINARY,
            "--port",
            String.valueOf(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            dir.toString());
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run '"
              + BINARY
              + "': the fleet test needs a local redis-server (apt-get install -y redis-server,"
              + " or -Dredis.server=/path/to/redis-server)",
          e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < giveUpAt) {
      if (!process.isAlive()) {
        throw new IOException(
            "redis-server exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      if (answersPing(port)) {
        return new RedisProcess(port, process);
      }
      Thread.sleep(20);
    }
    process.destroyForcibly();
    throw new IOException("redis-server did not answer within 15 s: " + Files.readString(log));
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private static boolean answersPing(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] reply = new byte[16];
      int n = in.read(reply);
      return n > 0 && reply[0] == '+';
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
