package dev.boxauth.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One Lettuce connection (standalone, Sentinel or Cluster), opened on first use rather than at
 * construction, so that a process starts even while Redis is down.
 *
 * <p>Once open, Lettuce reconnects by itself after any outage; meanwhile commands are rejected at
 * once instead of queueing (standalone and Sentinel), or queue for at most the command timeout
 * (Cluster, whose node connections open lazily). Until the first connection succeeds, a failed
 * attempt is retried at most once per {@link #RETRY_CONNECT}, and callers in between fail at once.
 * Thread-safe.
 */
final class RedisConnection implements AutoCloseable {
  static final Duration RETRY_CONNECT = Duration.ofSeconds(1);
  // After an outage, Lettuce retries every 20 ms, doubling up to 1 s: Redis is used again soon.
  private static final Delay RECONNECT_DELAY =
      Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS);

  private record Open(
      StatefulConnection<byte[], byte[]> connection,
      RedisClusterCommands<byte[], byte[]> commands) {}

  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final Supplier<CompletableFuture<Open>> opener;
  private final Duration waitForConnect;
  private final LongSupplier nanoTime;
  private final Object lock = new Object();
  private volatile CompletableFuture<Open> current;
  private volatile long failedAt;
  private volatile boolean closed;

  RedisConnection(RedisStoreConfig config, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.waitForConnect = config.connectTimeout().plus(config.commandTimeout());
    this.resources =
        DefaultClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(2)
            .reconnectDelay(RECONNECT_DELAY)
            .build();
    SocketOptions socket =
        SocketOptions.builder().connectTimeout(config.connectTimeout()).keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(config.commandTimeout());
    Duration commandTimeout = config.commandTimeout();
    List<RedisURI> uris = config.redisUris();
    if (config.cluster()) {
      RedisClusterClient cluster = RedisClusterClient.create(resources, uris);
      cluster.setOptions(
          ClusterClientOptions.builder()
              .autoReconnect(true)
              // Node connections open lazily, so rejecting commands while disconnected would
              // reject the first command to each node. Queued commands still expire after the
              // command timeout.
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
              .requestQueueSize(10_000)
              .socketOptions(socket)
              .timeoutOptions(timeouts)
              // Lettuce 7 enables every adaptive refresh trigger by default; add a periodic one
              // so that a failover nobody was redirected by is noticed too.
              .topologyRefreshOptions(
                  ClusterTopologyRefreshOptions.builder()
                      .enablePeriodicRefresh(Duration.ofMinutes(1))
                      .build())
              .build());
      this.client = cluster;
      // The async connect needs the topology first (the sync one loads it itself).
      this.opener =
          () ->
              cluster
                  .refreshPartitionsAsync()
                  .toCompletableFuture()
                  .thenCompose(loaded -> cluster.connectAsync(ByteArrayCodec.INSTANCE))
                  .thenApply(
                      c -> {
                        c.setTimeout(commandTimeout);
                        return new Open(c, c.sync());
                      });
    } else {
      RedisClient single = RedisClient.create(resources);
      single.setOptions(
          ClientOptions.builder()
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .socketOptions(socket)
              .timeoutOptions(timeouts)
              .build());
      RedisURI uri = uris.get(0);
      this.client = single;
      this.opener =
          () ->
              single
                  .connectAsync(ByteArrayCodec.INSTANCE, uri)
                  .toCompletableFuture()
                  .thenApply(
                      c -> {
                        c.setTimeout(commandTimeout);
                        return new Open(c, c.sync());
                      });
    }
  }

  /**
   * The commands of the open connection, opening it first if need be.
   *
   * @throws RedisStoreException if the store is closed or no connection can be had now
   */
  RedisClusterCommands<byte[], byte[]> commands() {
    if (closed) {
      throw new RedisStoreException("the store is closed", null);
    }
    CompletableFuture<Open> attempt = attempt();
    try {
      return attempt.get(waitForConnect.toMillis(), TimeUnit.MILLISECONDS).commands();
    } catch (TimeoutException e) {
      throw new RedisStoreException(
          "no connection within " + waitForConnect.toMillis() + " ms (still trying)", null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new RedisStoreException("cannot connect: " + RedisTokenStore.describe(cause), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisStoreException("interrupted while connecting", e);
    }
  }

  /** The connection attempt to wait on: the current one, or a new one if the last one failed. */
  private CompletableFuture<Open> attempt() {
    CompletableFuture<Open> f = current;
    if (f != null && !mayRetry(f)) {
      return f;
    }
    synchronized (lock) {
      f = current;
      if (f == null || mayRetry(f)) {
        CompletableFuture<Open> started;
        try {
          started = opener.get();
        } catch (RuntimeException e) {
          started = CompletableFuture.failedFuture(e);
        }
        // Dependent future: whoever sees it failed also sees failedAt set.
        f =
            started.whenComplete(
                (open, error) -> {
                  if (error != null) {
                    failedAt = nanoTime.getAsLong();
                  }
                });
        current = f;
      }
      return f;
    }
  }

  private boolean mayRetry(CompletableFuture<Open> f) {
    return f.isCompletedExceptionally()
        && nanoTime.getAsLong() - failedAt >= RETRY_CONNECT.toNanos();
  }

  /** Closes the connection and shuts the client and its threads down; never throws. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    CompletableFuture<Open> f = current;
    try {
      if (f != null && f.isDone() && !f.isCompletedExceptionally()) {
        f.join().connection().close();
      }
    } catch (RuntimeException ignored) {
      // Shutting the client down below closes whatever is left.
    }
    try {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } catch (RuntimeException ignored) {
      // Best effort: the threads are daemons.
    }
    try {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    } catch (RuntimeException ignored) {
      // Best effort.
    }
  }
}
