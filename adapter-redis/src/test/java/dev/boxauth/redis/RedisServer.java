package dev.boxauth.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process on a free loopback port, owned by the test: it can be
 * stopped, restarted on the same port, paused and resumed. No persistence. If {@code redis-server}
 * is not installed the test fails (it never skips): install it with {@code apt-get install -y
 * redis-server}, or point the system property {@code redis.server} at the binary.
 */
final class RedisServer implements AutoCloseable {
  private static final String BINARY = System.getProperty("redis.server", "redis-server");

  private final int port;
  private final List<String> extraArgs;
  private final Path dir;
  private Process process;
  private RedisClient rawClient;
  private StatefulRedisConnection<byte[], byte[]> rawConnection;

  private RedisServer(int port, List<String> extraArgs) throws IOException {
    this.port = port;
    this.extraArgs = List.copyOf(extraArgs);
    this.dir = Files.createTempDirectory("boxauth-redis-");
  }

  /** Starts a server on a free port. */
  static RedisServer start(String... extraArgs) throws IOException {
    RedisServer server = new RedisServer(freePort(), List.of(extraArgs));
    server.startProcess();
    return server;
  }

  int port() {
    return port;
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Kills the server at once (SIGKILL), as a crash would. */
  void stop() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** Starts it again on the same port, empty. */
  void restart() throws IOException {
    startProcess();
  }

  /** Freezes the process (SIGSTOP): connections stay open, nothing answers. */
  void pause() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** Thaws it (SIGCONT). */
  void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  /** Commands on a plain connection of the test's own, for looking at what the store wrote. */
  synchronized RedisCommands<byte[], byte[]> raw() {
    if (rawConnection == null) {
      rawClient = RedisClient.create(RedisURI.create(uri()));
      rawConnection = rawClient.connect(ByteArrayCodec.INSTANCE);
    }
    return rawConnection.sync();
  }

  @Override
  public synchronized void close() {
    if (rawConnection != null) {
      rawConnection.close();
      rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    stop();
  }

  private void startProcess() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(BINARY);
    command.addAll(
        List.of(
            "--port", String.valueOf(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", dir.toString()));
    command.addAll(extraArgs);
    Path log = dir.resolve("redis.log");
    Process started;
    try {
      started =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run '"
              + BINARY
              + "': the Redis tests need a local redis-server (apt-get install -y redis-server,"
              + " or -Dredis.server=/path/to/redis-server)",
          e);
    }
    process = started;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < giveUpAt) {
      if (!started.isAlive()) {
        throw new IOException(
            "redis-server exited with " + started.exitValue() + ": " + Files.readString(log));
      }
      if (answersPing()) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting redis-server", e);
      }
    }
    started.destroyForcibly();
    throw new IOException("redis-server did not answer within 15 s: " + Files.readString(log));
  }

  private boolean answersPing() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] reply = new byte[64];
      int n = in.read(reply);
      // "+PONG", or "-NOAUTH ..." from a server with a password: either way it is up.
      return n > 0 && (reply[0] == '+' || reply[0] == '-');
    } catch (IOException e) {
      return false;
    }
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill " + signal + " failed");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
