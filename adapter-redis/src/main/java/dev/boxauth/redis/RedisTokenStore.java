package dev.boxauth.redis;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.QuotedText;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.Lease;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The fleet's token store on Redis.
 *
 * <ul>
 *   <li>A token lives under {@code <prefix>token:<key canonical form>}, encrypted with the user's
 *       AEAD and bound to that key (see {@link TokenSealer}), with a Redis TTL of its remaining
 *       lifetime by the injected clock; reads check the expiry by that clock too.
 *   <li>{@link #remove(TokenKey, AccessToken)} reads, decrypts and compares, then deletes with a
 *       Lua compare-and-delete on the exact bytes it read, so a newer token written meanwhile by
 *       another process survives (ciphertexts are randomized, so the comparison can't be done in
 *       Redis).
 *   <li>{@link #tryLease} is {@code SET <prefix>lease:<key> <128 random bits> NX PX ttl}: one
 *       process in the fleet mints, the others watch the store. Releasing deletes the lease only
 *       while it still holds our random value, so a holder whose lease lapsed never frees a later
 *       holder's.
 * </ul>
 *
 * <p>Every failure (Redis down, slower than the command timeout, refusing a command) is counted,
 * logged at most once per 30 s, and thrown as an unchecked exception for the token service to
 * absorb. Thread-safe.
 */
final class RedisTokenStore implements SharedTokenStore {
  // KEYS[1] = the key, ARGV[1] = the exact value we expect there.
  private static final byte[] COMPARE_AND_DELETE =
      ("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end"
              + " return 0")
          .getBytes(StandardCharsets.UTF_8);
  private static final int LEASE_VALUE_BYTES = 16;

  private final RedisConnection redis;
  private final TokenSealer sealer;
  private final Clock clock;
  private final String prefix;
  private final String location;
  private final StoreHealth health;
  private final SecureRandom random = new SecureRandom();

  RedisTokenStore(RedisStoreConfig config, Clock clock) {
    this(config, clock, System::nanoTime, StoreHealth.INTERVAL);
  }

  /** For tests: a chosen time source and interval for the rate-limited warnings. */
  RedisTokenStore(
      RedisStoreConfig config, Clock clock, LongSupplier nanoTime, Duration warnInterval) {
    Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sealer = new TokenSealer(config.aead());
    this.prefix = config.keyPrefix();
    this.location = location(config);
    this.health = new StoreHealth(location, nanoTime, warnInterval);
    this.redis = new RedisConnection(config, nanoTime);
  }

  private static String location(RedisStoreConfig config) {
    List<String> shown = new ArrayList<>();
    for (var uri : config.redisUris()) {
      shown.add(RedisStoreConfig.redacted(uri));
    }
    return shown.size() == 1 ? shown.get(0) : shown.toString();
  }

  // ---- TokenStore ----

  @Override
  public Optional<AccessToken> get(TokenKey key) {
    Objects.requireNonNull(key, "key");
    byte[] stored = run("get", c -> c.get(tokenKey(key)));
    if (stored == null) {
      return Optional.empty();
    }
    AccessToken token = open(key, stored);
    if (token == null || !clock.instant().isBefore(token.expiresAt())) {
      return Optional.empty();
    }
    return Optional.of(token);
  }

  @Override
  public void put(TokenKey key, AccessToken token) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(token, "token");
    byte[] redisKey = tokenKey(key);
    long ttlMillis = Duration.between(clock.instant(), token.expiresAt()).toMillis();
    if (ttlMillis <= 0) {
      // Already expired: it replaces the old token, and is itself never served.
      run("put", c -> c.del(redisKey));
      return;
    }
    byte[] sealed;
    try {
      sealed = sealer.seal(key, token);
    } catch (GeneralSecurityException e) {
      RedisStoreException failure =
          new RedisStoreException(
              "put failed: encrypting the token failed (" + e.getClass().getSimpleName() + ")", e);
      health.failed("put", failure);
      throw failure;
    }
    run("put", c -> c.set(redisKey, sealed, SetArgs.Builder.px(ttlMillis)));
  }

  @Override
  public void remove(TokenKey key, AccessToken token) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(token, "token");
    byte[] redisKey = tokenKey(key);
    byte[] stored = run("remove", c -> c.get(redisKey));
    if (stored == null) {
      return;
    }
    AccessToken current = open(key, stored);
    if (current != null && current.secret().equals(token.secret())) {
      run("remove", c -> compareAndDelete(c, redisKey, stored));
    }
  }

  @Override
  public void remove(TokenKey key) {
    Objects.requireNonNull(key, "key");
    run("remove", c -> c.del(tokenKey(key)));
  }

  @Override
  public Optional<Lease> tryLease(TokenKey key, Duration ttl) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(ttl, "ttl");
    long ttlMillis = ttl.toMillis();
    if (ttlMillis <= 0) {
      throw new IllegalArgumentException("ttl must be at least 1 ms, got " + ttl);
    }
    byte[] redisKey = leaseKey(key);
    byte[] owner = new byte[LEASE_VALUE_BYTES];
    random.nextBytes(owner);
    String reply = run("lease", c -> c.set(redisKey, owner, SetArgs.Builder.nx().px(ttlMillis)));
    return "OK".equals(reply) ? Optional.of(new RedisLease(redisKey, owner)) : Optional.empty();
  }

  // ---- SharedTokenStore ----

  @Override
  public long failures() {
    return health.failures();
  }

  @Override
  public long rejectedEntries() {
    return health.rejected();
  }

  @Override
  public void close() {
    redis.close();
  }

  @Override
  public String toString() {
    return "RedisTokenStore[" + location + ", keyPrefix=" + prefix + "]";
  }

  // ---- internals ----

  /** The lease on one key: ours while Redis holds our random value under it. */
  private final class RedisLease implements Lease {
    private final byte[] redisKey;
    private final byte[] owner;
    private final AtomicBoolean released = new AtomicBoolean();

    RedisLease(byte[] redisKey, byte[] owner) {
      this.redisKey = redisKey;
      this.owner = owner;
    }

    @Override
    public void close() {
      if (!released.compareAndSet(false, true)) {
        return;
      }
      try {
        run("release", c -> compareAndDelete(c, redisKey, owner));
      } catch (RuntimeException counted) {
        // Counted and logged by run(); the lease lapses by its TTL.
      }
    }

    @Override
    public String toString() {
      return "RedisLease[" + new String(redisKey, StandardCharsets.UTF_8) + "]";
    }
  }

  private static Long compareAndDelete(
      RedisClusterCommands<byte[], byte[]> c, byte[] redisKey, byte[] expected) {
    return c.eval(COMPARE_AND_DELETE, ScriptOutputType.INTEGER, new byte[][] {redisKey}, expected);
  }

  private AccessToken open(TokenKey key, byte[] stored) {
    try {
      return sealer.open(key, stored);
    } catch (TokenSealer.Rejected e) {
      health.rejected(key, e.getMessage());
      return null;
    }
  }

  private <T> T run(String operation, Function<RedisClusterCommands<byte[], byte[]>, T> command) {
    T result;
    try {
      result = command.apply(redis.commands());
    } catch (RedisStoreException e) {
      RedisStoreException failure =
          new RedisStoreException(operation + " failed: " + e.getMessage(), e.getCause());
      health.failed(operation, failure);
      throw failure;
    } catch (RuntimeException e) {
      RedisStoreException failure =
          new RedisStoreException(operation + " failed: " + describe(e), e);
      health.failed(operation, failure);
      throw failure;
    }
    health.succeeded();
    return result;
  }

  private byte[] tokenKey(TokenKey key) {
    return (prefix + "token:" + key.canonical()).getBytes(StandardCharsets.UTF_8);
  }

  private byte[] leaseKey(TokenKey key) {
    return (prefix + "lease:" + key.canonical()).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A short, printable account of a client exception: its type and message, and its root cause's.
   */
  static String describe(Throwable e) {
    if (e == null) {
      return "unknown failure";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? line(e) : line(e) + " (caused by " + line(root) + ")";
  }

  private static String line(Throwable e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    message = QuotedText.of(message);
    return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }
}
