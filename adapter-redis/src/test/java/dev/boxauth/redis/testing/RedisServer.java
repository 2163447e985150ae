package dev.boxauth.redis.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} process on a free loopback port, owned by the test: it can be killed,
 * restarted on the same port, paused and resumed; standalone, as a one-node cluster or as a
 * Sentinel. No persistence; its working directory is deleted on {@link #close()}.
 *
 * <p>The tests never skip for want of Redis: the binary comes through Maven (embedded-redis), and
 * {@code -Dredis.server=/path/to/redis-server} (or {@code BOXAUTH_REDIS_SERVER}) runs another one.
 * Which binary runs, and why, is decided once per JVM and printed.
 *
 * <p>Shared with other modules through adapter-redis's test-jar. Not thread-safe, except {@link
 * #raw()} and {@link #close()}.
 */
public final class RedisServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

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

  /**
   * Starts a standalone server on a free port and waits until it answers.
   *
   * @param extraArgs more {@code redis-server} options, e.g. {@code "--requirepass", "pw"}
   * @throws IOException if no binary can run, or the server does not come up (its log is quoted)
   */
  public static RedisServer start(String... extraArgs) throws IOException {
    int port = freePort();
    Path dir = Files.createTempDirectory("boxauth-redis-");
    List<String> args = new ArrayList<>(dataNodeArgs(port, dir));
    args.addAll(List.of(extraArgs));
    RedisServer server = new RedisServer(port, dir, args);
    server.startOrCleanUp();
    return server;
  }

  /**
   * Starts a one-node Redis Cluster owning every slot, and waits until the cluster is up.
   *
   * @throws IOException as {@link #start}, or if the cluster does not reach {@code ok}
   */
  public static RedisServer startCluster() throws IOException {
    RedisServer node = start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf");
    int[] slots = new int[16384];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = i;
    }
    node.raw().clusterAddSlots(slots);
    long giveUpAt = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!node.raw().clusterInfo().contains("cluster_state:ok")) {
      if (System.nanoTime() > giveUpAt) {
        node.close();
        throw new IOException("the one-node cluster did not come up");
      }
      pollPause();
    }
    return node;
  }

  /**
   * Starts a Sentinel on a free port watching {@code master} under the name {@code mymaster}.
   *
   * @throws IOException as {@link #start}
   */
  public static RedisServer startSentinel(RedisServer master) throws IOException {
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
    sentinel.startOrCleanUp();
    return sentinel;
  }

  /** The {@code redis-server} version the tests run against, e.g. {@code 6.2.11}. */
  public static String version() throws IOException {
    return RedisBinary.get().version;
  }

  private static List<String> dataNodeArgs(int port, Path dir) {
    return List.of(
        "--port", String.valueOf(port),
        "--bind", "127.0.0.1",
        "--save", "",
        "--appendonly", "no",
        "--dir", dir.toString());
  }

  /** The loopback port it listens on (the same across {@link #restart()}). */
  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Kills the server at once (SIGKILL), as a crash would. Does nothing if it is not running. */
  public void stop() {
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

  /**
   * Starts it again on the same port, empty, and waits until it answers.
   *
   * @throws IOException as {@link #start}
   */
  public void restart() throws IOException {
    startProcess();
  }

  /** Freezes the process (SIGSTOP): connections stay open, nothing answers. */
  public void pause() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** Thaws it (SIGCONT). */
  public void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  /** Commands on a plain connection of the test's own, for looking at what the store wrote. */
  public synchronized RedisCommands<byte[], byte[]> raw() {
    if (rawConnection == null) {
      rawClient = RedisClient.create(RedisURI.create(uri()));
      rawConnection = rawClient.connect(ByteArrayCodec.INSTANCE);
    }
    return rawConnection.sync();
  }

  /** Closes the raw connection, kills the server and deletes its working directory. */
  @Override
  public synchronized void close() {
    if (rawConnection != null) {
      rawConnection.close();
      rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      rawConnection = null;
    }
    stop();
    deleteRecursively(dir);
  }

  private void startOrCleanUp() throws IOException {
    try {
      startProcess();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void startProcess() throws IOException {
    RedisBinary binary = RedisBinary.get();
    List<String> command = new ArrayList<>();
    command.add(binary.path.toString());
    command.addAll(args);
    Path log = dir.resolve("redis.log");
    Process started =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    process = started;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    long giveUpAt = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < giveUpAt) {
      if (!started.isAlive()) {
        throw new IOException(
            "redis-server exited with " + started.exitValue() + ": " + Files.readString(log));
      }
      if (answersPing()) {
        return;
      }
      pollPause();
    }
    started.destroyForcibly();
    throw new IOException(
        "redis-server did not answer within " + START_TIMEOUT + ": " + Files.readString(log));
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

  /** Between two polls of a process that is starting up (nothing to wait on but its port). */
  private static void pollPause() throws IOException {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(RedisServer::deleteQuietly);
    } catch (IOException | UncheckedIOException e) {
      // Best effort: a temporary directory left behind is not a test failure.
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // As above.
    }
  }
}
