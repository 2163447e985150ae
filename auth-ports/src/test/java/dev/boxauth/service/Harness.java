package dev.boxauth.service;

import dev.boxauth.domain.AssertionClaims;
import dev.boxauth.domain.AssertionPolicy;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.GrantSource;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenStore;
import dev.boxauth.testing.FakeTokenTransport;
import dev.boxauth.testing.MutableClock;
import dev.boxauth.testing.MutableTicker;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * A TokenService wired to fakes: a wall clock and a ticker moved by hand ({@link #advance} moves
 * both, as real time does; {@link #stepWall} moves the wall clock alone, as NTP or an operator
 * does), a scriptable transport, recorded waits (a wait moves both).
 */
final class Harness implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final ClientCredentials CLIENT = ClientCredentials.of("client1", "client-secret-value");
  static final Subject ENTERPRISE = Subject.enterprise("42");

  final MutableClock clock = new MutableClock(T0);
  final MutableTicker ticker = new MutableTicker();
  final FakeTokenTransport transport = new FakeTokenTransport(clock);
  final RecordingGrants grants = new RecordingGrants();
  final List<TokenEvent> events = new CopyOnWriteArrayList<>();
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final ManualExecutor manualExecutor = new ManualExecutor();
  TokenStore store = new InMemoryTokenStore(ticker);
  TokenPolicy policy = TokenPolicy.defaults();
  double random = 0.5;
  Executor executor = Runnable::run;
  private TokenService service;

  /** The service, built on first use from the current settings. */
  TokenService service() {
    if (service == null) {
      service =
          new TokenService(
              grants,
              transport,
              store,
              events::add,
              clock,
              ticker,
              policy,
              d -> {
                sleeps.add(d);
                advance(d);
              },
              executor,
              () -> random);
    }
    return service;
  }

  /** Real time passes: the wall clock and the ticker move together. */
  void advance(Duration d) {
    clock.advance(d);
    ticker.advance(d);
  }

  /** The wall clock alone jumps, by {@code d} (negative: back). */
  void stepWall(Duration d) {
    clock.advance(d);
  }

  <T extends TokenEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The claims of the assertion a JWT grant carries. */
  AssertionClaims claimsOf(Grant grant) {
    return grants.claims.get(((Grant.JwtBearer) grant).assertion().reveal());
  }

  @Override
  public void close() {
    if (service != null) {
      service.close();
    }
  }

  /** A JWT grant source that keeps the claims of every assertion it makes. */
  static final class RecordingGrants implements GrantSource {
    final AssertionPolicy policy = new AssertionPolicy(Duration.ofSeconds(30), new SecureRandom());
    final Map<String, AssertionClaims> claims = new ConcurrentHashMap<>();
    final List<AssertionClaims> made = new CopyOnWriteArrayList<>();

    @Override
    public ClientCredentials client() {
      return CLIENT;
    }

    @Override
    public Grant grant(Subject subject, Instant serverNow) {
      AssertionClaims c = policy.claims(CLIENT.id(), subject, serverNow);
      String assertion = "assertion." + c.jti();
      claims.put(assertion, c);
      made.add(c);
      return new Grant.JwtBearer(CLIENT, Secret.of(assertion));
    }
  }

  /** Holds submitted tasks until the test runs them. */
  static final class ManualExecutor implements Executor {
    private final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
      tasks.add(task);
    }

    synchronized int pending() {
      return tasks.size();
    }

    void runAll() {
      Runnable next;
      while ((next = poll()) != null) {
        next.run();
      }
    }

    private synchronized Runnable poll() {
      return tasks.poll();
    }
  }
}
