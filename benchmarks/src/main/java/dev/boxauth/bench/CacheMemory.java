package dev.boxauth.bench;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Subject;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.GrantSource;
import dev.boxauth.port.Ticker;
import dev.boxauth.port.TokenReply;
import dev.boxauth.port.TokenStore;
import dev.boxauth.port.TokenTransport;
import dev.boxauth.service.InMemoryTokenStore;
import dev.boxauth.service.TokenPolicy;
import dev.boxauth.service.TokenService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Heap retained by the token cache: N distinct subjects each holding a live token, then N more
 * after the first N expired (they must be evicted). Not JMH: heap after full GCs, measured with
 * {@code Runtime}, in a JVM of its own. Tokens are 32 characters like Box's; user ids 8 digits.
 *
 * <pre>
 * java -Xmx3g -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) \
 *   dev.boxauth.bench.CacheMemory 1000000 [memory|none]
 * </pre>
 *
 * Prints JSON: bytes per live subject in all; of that, what the token and the subject weigh alone
 * (what any cache must hold: measured by holding the same objects in an array); the cache's own
 * overhead; and bytes per evicted subject.
 */
public final class CacheMemory {
  private static final ClientCredentials CLIENT = ClientCredentials.of("app", "secret");

  private CacheMemory() {}

  /** A ticker the program moves, so expiry needs no waiting. */
  private static final class ManualTicker implements Ticker {
    final AtomicLong nanos = new AtomicLong();

    @Override
    public long nanos() {
      return nanos.get();
    }
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    boolean memoryStore = args.length < 2 || args[1].equals("memory");
    Clock clock = Clock.systemUTC();
    ManualTicker ticker = new ManualTicker();
    SecureRandom random = new SecureRandom();
    TokenTransport box =
        new TokenTransport() {
          @Override
          public TokenReply exchange(Grant grant) {
            return new TokenReply.Issued(
                AccessToken.bearer(box32(random), clock.instant(), Duration.ofHours(1)), null);
          }

          @Override
          public void revoke(ClientCredentials client, dev.boxauth.domain.Secret token) {}
        };
    GrantSource grants =
        new GrantSource() {
          @Override
          public ClientCredentials client() {
            return CLIENT;
          }

          @Override
          public Grant grant(Subject subject, java.time.Instant serverNow) {
            return new Grant.ClientCredentialsGrant(CLIENT, subject);
          }
        };
    TokenStore store = memoryStore ? new InMemoryTokenStore(ticker) : new NoStore();
    TokenService service =
        new TokenService(grants, box, store, e -> {}, clock, ticker, TokenPolicy.defaults());

    long base = usedAfterGc();
    for (int i = 0; i < n; i++) {
      service.source(Subject.user(String.valueOf(10_000_000 + i))).token();
    }
    long live = usedAfterGc();

    // What any cache must hold: the token (as the transport made it) and the key of its subject.
    Object[] payload = new Object[2 * n];
    long beforePayload = usedAfterGc();
    for (int i = 0; i < n; i++) {
      payload[2 * i] = AccessToken.bearer(box32(random), clock.instant(), Duration.ofHours(1));
      payload[2 * i + 1] = TokenKey.of(CLIENT.id(), Subject.user(String.valueOf(30_000_000 + i)));
    }
    long withPayload = usedAfterGc();
    long payloadBytes = withPayload - beforePayload - (16L + 4L * 2 * n); // minus the array
    payload = null;

    ticker.nanos.addAndGet(Duration.ofHours(2).toNanos()); // the first n expire
    for (int i = 0; i < n; i++) {
      service.source(Subject.user(String.valueOf(20_000_000 + i))).token();
    }
    long afterTurnover = usedAfterGc();
    service.close();

    double perLive = (double) (live - base) / n;
    double perPayload = (double) payloadBytes / n;
    double perEvicted = (double) (afterTurnover - live) / n;
    System.out.printf(
        "{\"subjects\":%d,\"store\":\"%s\",\"heapAfterLiveMB\":%.1f,\"bytesPerLiveSubject\":%.1f,"
            + "\"tokenAndKeyBytes\":%.1f,\"cacheOverheadBytes\":%.1f,"
            + "\"heapAfterTurnoverMB\":%.1f,\"bytesPerEvictedSubject\":%.1f}%n",
        n,
        memoryStore ? "memory" : "none",
        (live - base) / 1e6,
        perLive,
        perPayload,
        perLive - perPayload,
        (afterTurnover - base) / 1e6,
        perEvicted);
  }

  private static String box32(SecureRandom random) {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b); // 32 characters
  }

  private static long usedAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  /** A store that keeps nothing: the service's own cache alone. */
  private static final class NoStore implements TokenStore {
    @Override
    public java.util.Optional<dev.boxauth.port.StoredToken> get(TokenKey key) {
      return java.util.Optional.empty();
    }

    @Override
    public void put(TokenKey key, AccessToken token, Duration remaining) {}

    @Override
    public void remove(TokenKey key, AccessToken token) {}

    @Override
    public void remove(TokenKey key) {}
  }
}
