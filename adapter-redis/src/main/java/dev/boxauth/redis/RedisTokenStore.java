package dev.boxauth.redis;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.Lease;
import dev.boxauth.port.StoredToken;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
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
 *       AEAD and bound to that key (see {@link TokenSealer}), with a Redis TTL of the remaining
 *       lifetime the writer measured ({@code PX}). A read returns the token and its {@code PTTL} in
 *       one round trip (a Lua script): the remaining lifetime by Redis's clock, which every reader
 *       re-anchors to its own. No host's wall clock is compared with another's.
 *   <li>{@link #remove(TokenKey, AccessToken)} reads, decrypts and compares, then deletes with a
 *       Lua compare-and-delete on the exact bytes it read, so a newer token written meanwhile by
 *       another process survives (ciphertexts are randomized, so the comparison can't be done in
 *       Redis).
 *   <li>{@link #tryLease} is {@code SET <prefix>lease:<key> <128 random bits> NX PX ttl}: one
 *       process in the fleet mints, the others watch the store. Renewing is a compare-and-{@code
 *       PEXPIRE} on that random value, releasing a compare-and-delete, so a holder whose lease
 *       lapsed never extends or frees a later holder's.
 *   <li>{@link #holdOff} keeps Box's {@code Retry-After} under {@code <prefix>holdoff:<key>} with
 *       that TTL (never shortening a longer one); {@link #holdOffRemaining} is its {@code PTTL}.
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
  // KEYS[1] = the key, ARGV[1] = the value we expect there, ARGV[2] = the new TTL in ms.
  private static final byte[] COMPARE_AND_PEXPIRE =
      ("if redis.call('GET', KEYS[1]) == ARGV[1] then"
              + " return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0")
          .getBytes(StandardCharsets.UTF_8);
  // KEYS[1] = the token key: its value and remaining TTL in ms, or nil.
  private static final byte[] GET_WITH_PTTL =
      ("local v = redis.call('GET', KEYS[1]) if not v then return false end"
              + " return {v, redis.call('PTTL', KEYS[1])}")
          .getBytes(StandardCharsets.UTF_8);
  // KEYS[1] = the hold-off key, ARGV[1] = its TTL in ms; a longer hold-off already there stays.
  private static final byte[] EXTEND_HOLD_OFF =
      ("if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then"
              + " redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end return 1")
          .getBytes(StandardCharsets.UTF_8);
  private static final int LEASE_VALUE_BYTES = 16;

  private final RedisConnection redis;
  private final TokenSealer sealer;
  private final String prefix;
  private final String location;
  private final StoreHealth health;
  private final SecureRandom random = new SecureRandom();

  RedisTokenStore(RedisStoreConfig config) {
    this(config, System::nanoTime, StoreHealth.INTERVAL);
  }

  /** For tests: a chosen time source and interval for the rate-limited warnings. */
  RedisTokenStore(RedisStoreConfig config, LongSupplier nanoTime, Duration warnInterval) {
    Objects.requireNonNull(config, "config");
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
  public Optional<StoredToken> get(TokenKey key) {
    Objects.requireNonNull(key, "key");
    List<Object> reply =
        run(
            "get",
            c -> c.eval(GET_WITH_PTTL, ScriptOutputType.MULTI, new byte[][] {tokenKey(key)}));
    if (reply == null || reply.size() != 2 || !(reply.get(0) instanceof byte[] stored)) {
      return Optional.empty();
    }
    AccessToken token = open(key, stored);
    long pttl = reply.get(1) instanceof Long ms ? ms : -1;
    if (token == null || pttl <= 0) {
      // Refused (counted), or written without a TTL (not by this library): nothing to serve.
      return Optional.empty();
    }
    return Optional.of(new StoredToken(token, Duration.ofMillis(pttl)));
  }

  @Override
  public void put(TokenKey key, AccessToken token, Duration remaining) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(remaining, "remaining");
    byte[] redisKey = tokenKey(key);
    long ttlMillis = remaining.toMillis();
    if (ttlMillis <= 0) {
      // No time left: it replaces the old token, and is itself never served.
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

  @Override
  public void holdOff(TokenKey key, Duration wait) {
    Objects.requireNonNull(key, "key");
    long millis = Objects.requireNonNull(wait, "wait").toMillis();
    if (millis <= 0) {
      return;
    }
    run(
        "holdOff",
        c ->
            c.eval(
                EXTEND_HOLD_OFF,
                ScriptOutputType.INTEGER,
                new byte[][] {holdOffKey(key)},
                String.valueOf(millis).getBytes(StandardCharsets.US_ASCII)));
  }

  @Override
  public Duration holdOffRemaining(TokenKey key) {
    Objects.requireNonNull(key, "key");
    Long pttl = run("holdOff", c -> c.pttl(holdOffKey(key)));
    return pttl == null || pttl <= 0 ? Duration.ZERO : Duration.ofMillis(pttl);
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
    public boolean renew(Duration ttl) {
      long millis = Objects.requireNonNull(ttl, "ttl").toMillis();
      if (millis <= 0) {
        throw new IllegalArgumentException("ttl must be at least 1 ms, got " + ttl);
      }
      if (released.get()) {
        return false;
      }
      Long renewed =
          run(
              "renew",
              c ->
                  c.eval(
                      COMPARE_AND_PEXPIRE,
                      ScriptOutputType.INTEGER,
                      new byte[][] {redisKey},
                      owner,
                      String.valueOf(millis).getBytes(StandardCharsets.US_ASCII)));
      return renewed != null && renewed == 1L;
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

  private byte[] holdOffKey(TokenKey key) {
    return (prefix + "holdoff:" + key.canonical()).getBytes(StandardCharsets.UTF_8);
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
    if (message.length() > 200) {
      message = message.substring(0, 200) + "...";
    }
    message = message.replaceAll("\\p{Cntrl}", " ");
    return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }
}
