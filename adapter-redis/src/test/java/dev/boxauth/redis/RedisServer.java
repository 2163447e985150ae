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
  private final List<String> args;
  private final Path dir;
  private Process process;
  private RedisClient rawClient;
  private StatefulRedisConnection<byte[], byte[]> rawConnection;

  private RedisServer(int port, Path dir, List<String> args) {
    this.port = port;
    this.dir = dir;
    this.args = List.copyOf(args);
  }

  /** Starts a standalone server on a free port; {@code extraArgs} are more redis-server options. */
  static RedisServer start(String... extraArgs) throws IOException {
    int port = freePort();
    Path dir = Files.createTempDirectory("boxauth-redis-");
    List<String> args = new ArrayList<>(dataNodeArgs(port, dir));
    args.addAll(List.of(extraArgs));
    RedisServer server = new RedisServer(port, dir, args);
    server.startProcess();
    return server;
  }

  /** Starts a one-node Redis Cluster owning every slot, and waits until the cluster is up. */
  static RedisServer startCluster() throws IOException {
    RedisServer node = start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf");
    int[] slots = new int[16384];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = i;
    }
    node.raw().clusterAddSlots(slots);
    long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!node.raw().clusterInfo().contains("cluster_state:ok")) {
      if (System.nanoTime() > giveUpAt) {
        node.close();
        throw new IOException("the one-node cluster did not come up");
      }
      sleep(50);
    }
    return node;
  }

  /** Starts a Sentinel on a free port watching {@code master} under the name {@code mymaster}. */
  static RedisServer startSentinel(RedisServer master) throws IOException {
    int port = freePort();
    Path dir = Files.createTempDirectory("boxauth-sentinel-");
    Path conf = dir.resolve("sentinel.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "port " + port,
            "bind 127.0.0.1",
            "dir " + dir,
            "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 1",
            ""));
    RedisServer sentinel = new RedisServer(port, dir, List.of(conf.toString(), "--sentinel"));
    sentinel.startProcess();
    return sentinel;
  }

  private static List<String> dataNodeArgs(int port, Path dir) {
    return List.of(
        "--port", String.valueOf(port),
        "--bind", "127.0.0.1",
        "--save", "",
        "--appendonly", "no",
        "--dir", dir.toString());
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
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
    command.addAll(args);
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
      sleep(20);
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
    // The shell's own kill, so that no procps package is needed.
    Process kill = new ProcessBuilder("sh", "-c", "kill " + signal + " " + process.pid()).start();
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
