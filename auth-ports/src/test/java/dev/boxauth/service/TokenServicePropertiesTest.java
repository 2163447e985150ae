package dev.boxauth.service;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AssertionClaims;
import dev.boxauth.domain.AssertionPolicy;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.GrantSource;
import dev.boxauth.port.TokenReply;
import dev.boxauth.port.TokenSource;
import dev.boxauth.port.TokenTransport;
import dev.boxauth.testing.FakeTokenTransport;
import dev.boxauth.testing.MutableClock;
import dev.boxauth.testing.MutableTicker;
import dev.boxauth.testing.SharedMemoryStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import org.assertj.core.api.Assertions;

/**
 * Stateful properties of the token service (jqwik action chains): two hosts (token services with
 * their own wall clocks and refresh queues) share one store with real leases and one fake Box.
 * Random chains interleave: single callers and bursts of concurrent callers (the first request held
 * until the others wait on it, then answered, failed or interrupted), true time passing, each
 * host's wall clock stepping either way, Box's clock stepping, scripted failures (429 with
 * Retry-After, 5xx, dropped connections), invalidations, revocations, queued refreshes running, and
 * {@code close()}.
 *
 * <p>Invariants, checked on every result and after every action: nobody receives a token expired by
 * true time, or one dropped ({@code invalidate(t)}, {@code revoke(t)}) on that host before the call
 * began; a burst of callers makes one request plus the ones its failures force; all requests stay
 * within one per key per lifetime (per host, twice over, for slack) plus what failures and drops
 * force; no call outlives the deadline (fake time); only {@link AuthException}s escape; a closed
 * host sends nothing.
 *
 * <p>Budget: {@code boxauth.properties.tries} (Maven property, 40 in {@code mvn verify}); a long
 * campaign: {@code mvn -pl auth-ports -am test -Dtest=TokenServicePropertiesTest
 * -Dboxauth.properties.tries=100000}.
 */
class TokenServicePropertiesTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final ClientCredentials CLIENT = ClientCredentials.of("client1", "secret-value");
  private static final Subject SUBJECT = Subject.enterprise("42");
  private static final Duration LIFETIME = Duration.ofHours(1);
  private static final TokenPolicy POLICY = TokenPolicy.defaults();

  @Property(shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
  void tokenService_underRandomInterleavings_keepsItsPromises(
      @ForAll("chains") ActionChain<World> chain) {
    chain.withInvariant("promises", World::check).run().close();
  }

  @Provide
  Arbitrary<ActionChain<World>> chains() {
    Arbitrary<Integer> host = Arbitraries.integers().between(0, World.HOSTS - 1);
    return ActionChain.<World>startWith(World::new)
        .withAction(6, independent(host.map(h -> mutate("call(" + h + ")", w -> w.call(h)))))
        .withAction(
            3,
            independent(
                net.jqwik.api.Combinators.combine(
                        host, Arbitraries.integers().between(2, 4), Arbitraries.of(First.values()))
                    .as(
                        (h, k, first) ->
                            mutate(
                                "burst(" + h + ", " + k + ", " + first + ")",
                                w -> w.burst(h, k, first)))))
        .withAction(
            4,
            independent(
                Arbitraries.of(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(20),
                        Duration.ofMinutes(50))
                    .map(d -> mutate("advance(" + d + ")", w -> w.advance(d)))))
        .withAction(
            2,
            independent(
                net.jqwik.api.Combinators.combine(
                        host,
                        Arbitraries.of(
                            Duration.ofMinutes(1),
                            Duration.ofMinutes(-1),
                            Duration.ofMinutes(40),
                            Duration.ofMinutes(-40),
                            Duration.ofHours(3),
                            Duration.ofHours(-3)))
                    .as((h, d) -> mutate("stepWall(" + h + ", " + d + ")", w -> w.stepWall(h, d)))))
        .withAction(
            1,
            independent(
                Arbitraries.of(Duration.ZERO, Duration.ofMinutes(3), Duration.ofMinutes(-10))
                    .map(d -> mutate("boxClock(" + d + ")", w -> w.boxClock(d)))))
        .withAction(
            3,
            independent(
                Arbitraries.of(Failure.values())
                    .map(f -> mutate("fail(" + f + ")", w -> w.fail(f)))))
        .withAction(
            2, independent(host.map(h -> mutate("invalidate(" + h + ")", w -> w.invalidate(h)))))
        .withAction(
            1,
            independent(host.map(h -> mutate("invalidateAll(" + h + ")", w -> w.invalidateAll(h)))))
        .withAction(1, independent(host.map(h -> mutate("revoke(" + h + ")", w -> w.revoke(h)))))
        .withAction(
            2, independent(host.map(h -> mutate("refreshes(" + h + ")", w -> w.runRefreshes(h)))))
        .withAction(
            1,
            (Action.Independent<World>)
                () -> host.map(h -> mutate("close(" + h + ")", w -> w.close(h))))
        .withMaxTransformations(30);
  }

  private static Action.Independent<World> independent(Arbitrary<Transformer<World>> t) {
    return () -> t;
  }

  private static Transformer<World> mutate(String what, java.util.function.Consumer<World> f) {
    return Transformer.mutate(what, f);
  }

  /** How the first request of a burst ends. */
  enum First {
    ANSWERED,
    REFUSED_503,
    INTERRUPTED
  }

  /** A failure scripted for the next request. */
  enum Failure {
    RATE_LIMITED_1S,
    RATE_LIMITED_5S,
    RATE_LIMITED_40S,
    SERVER_ERROR,
    DROPPED
  }

  /** Two hosts, one store, one Box, fake time; and what was observed. */
  static final class World implements AutoCloseable {
    static final int HOSTS = 2;

    final MutableClock truth = new MutableClock(T0);
    final MutableTicker ticker = new MutableTicker();
    final SharedMemoryStore store = new SharedMemoryStore(ticker);
    final Box box = new Box(this);
    final Map<String, Instant> trueExpiry = new ConcurrentHashMap<>();
    final Map<String, AssertionClaims> claims = new ConcurrentHashMap<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    final Host[] hosts = new Host[HOSTS];
    final ExecutorService threads = Executors.newCachedThreadPool();
    volatile int actionIndex;
    int forced;
    volatile Burst burst;

    World() {
      for (int i = 0; i < HOSTS; i++) {
        hosts[i] = new Host(this, i);
      }
    }

    void advance(Duration d) {
      truth.advance(d);
      ticker.advance(d);
    }

    // ---- actions ----

    void call(int h) {
      actionIndex++;
      hosts[h].call();
    }

    void burst(int h, int k, First first) {
      actionIndex++;
      Host host = hosts[h];
      int before = box.requests.get();
      Burst b = new Burst(k, first);
      burst = b;
      List<Future<Object>> calls = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        calls.add(threads.submit(() -> b.finish(host.call())));
      }
      for (Future<Object> f : calls) {
        try {
          f.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
          violations.add("a burst caller hung or died: " + e);
        }
      }
      burst = null;
      int requests = box.requests.get() - before;
      // One request, plus one for each that was refused (each refusal forces a retry).
      int allowed = 1 + b.refusals.get();
      if (requests > allowed) {
        violations.add(
            "a burst of " + k + " callers made " + requests + " requests, allowed " + allowed);
      }
    }

    void stepWall(int h, Duration d) {
      hosts[h].wallOffset.updateAndGet(o -> o.plus(d));
    }

    void boxClock(Duration skew) {
      box.fake.serverSkew(skew);
    }

    void fail(Failure f) {
      synchronized (box.script) {
        box.script.add(f);
      }
    }

    void invalidate(int h) {
      actionIndex++;
      Host host = hosts[h];
      AccessToken last = host.last;
      if (last != null) {
        host.droppedAt.putIfAbsent(last.value(), actionIndex);
        host.source.invalidate(last);
        forced++;
      }
    }

    void invalidateAll(int h) {
      actionIndex++;
      hosts[h].source.invalidate();
      forced++;
    }

    void revoke(int h) {
      actionIndex++;
      Host host = hosts[h];
      AccessToken last = host.last;
      if (last != null) {
        host.droppedAt.putIfAbsent(last.value(), actionIndex);
        try {
          host.service.revoke(last);
        } catch (AuthException typed) {
          // fine: the token is dropped here all the same
        }
        forced++;
      }
    }

    void runRefreshes(int h) {
      actionIndex++;
      hosts[h].refreshes.runAll();
    }

    void close(int h) {
      hosts[h].service.close();
      hosts[h].closedAtRequests = hosts[h].requests.get();
    }

    // ---- invariants ----

    void check() {
      Assertions.assertThat(violations).as("violations").isEmpty();
      // Each host needs at most one token per lifetime (the fleet shares, but a host whose token
      // is stale when the other's lands may take its own) and one per drop; every refusal Box
      // made (scripted, skew, interrupted) cost one request more.
      long lifetimes = Duration.between(T0, truth.instant()).toMinutes() / 50;
      long allowed = 2 * (1 + lifetimes) + 2L * forced + box.refusals.get();
      Assertions.assertThat(box.requests.get())
          .as(
              "requests after %d lifetimes, %d drops, %d refusals",
              lifetimes, forced, box.refusals.get())
          .isLessThanOrEqualTo((int) allowed);
      for (Host h : hosts) {
        if (h.closedAtRequests >= 0) {
          Assertions.assertThat(h.requests.get())
              .as("requests by host %d after close()", h.id)
              .isEqualTo(h.closedAtRequests);
        }
      }
    }

    @Override
    public void close() {
      threads.shutdownNow();
      for (Host h : hosts) {
        h.service.close();
      }
    }
  }

  /** The callers of one burst: the first request waits until the others wait on it or are done. */
  static final class Burst {
    final int callers;
    final First first;
    final AtomicInteger waiting = new AtomicInteger();
    final AtomicInteger finished = new AtomicInteger();
    final AtomicInteger refusals = new AtomicInteger();
    private final AtomicReference<Boolean> firstTaken = new AtomicReference<>(false);

    Burst(int callers, First first) {
      this.callers = callers;
      this.first = first;
    }

    boolean takeFirst() {
      return firstTaken.compareAndSet(false, true);
    }

    synchronized void changed() {
      notifyAll();
    }

    Object finish(Object result) {
      finished.incrementAndGet();
      changed();
      return result;
    }

    synchronized boolean awaitOthers() throws InterruptedException {
      long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (waiting.get() + finished.get() < callers - 1) {
        long left = giveUpAt - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }
  }

  /** One process: its own token service, wall clock, refresh queue and grant source. */
  static final class Host {
    final World world;
    final int id;
    final AtomicReference<Duration> wallOffset = new AtomicReference<>(Duration.ZERO);
    final Harness.ManualExecutor refreshes = new Harness.ManualExecutor();
    final AtomicInteger requests = new AtomicInteger();
    final Map<String, Integer> droppedAt = new ConcurrentHashMap<>();
    final TokenService service;
    final TokenSource source;
    volatile AccessToken last;
    volatile int closedAtRequests = -1;

    Host(World world, int id) {
      this.world = world;
      this.id = id;
      Clock wall =
          new Clock() {
            @Override
            public Instant instant() {
              return world.truth.instant().plus(wallOffset.get());
            }

            @Override
            public ZoneId getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
              return this;
            }
          };
      Sleeper sleeper =
          new Sleeper() {
            @Override
            public void sleep(Duration d) throws InterruptedException {
              if (Thread.interrupted()) {
                throw new InterruptedException();
              }
              world.advance(d);
            }

            @Override
            public <T> T await(CompletableFuture<T> result, long timeoutNanos)
                throws InterruptedException, ExecutionException, TimeoutException {
              Burst b = world.burst;
              if (b != null) {
                b.waiting.incrementAndGet();
                b.changed();
              }
              try {
                // Fake time does not pass while waiting: wait for the flight, in real time.
                return result.get(30, TimeUnit.SECONDS);
              } finally {
                if (b != null) {
                  b.waiting.decrementAndGet();
                }
              }
            }
          };
      this.service =
          new TokenService(
              new Grants(world, this),
              world.box,
              world.store,
              e -> {},
              wall,
              world.ticker,
              POLICY,
              sleeper,
              refreshes,
              () -> 0.5);
      this.source = service.source(SUBJECT);
    }

    Object call() {
      int started = world.actionIndex;
      long t0 = world.ticker.nanos();
      try {
        AccessToken t = source.token();
        Instant now = world.truth.instant();
        Instant expiry = world.trueExpiry.get(t.value());
        if (expiry == null || !now.isBefore(expiry)) {
          world.violations.add(
              "host " + id + " got a token expired by true time (expiry " + expiry + ")");
        }
        Integer dropped = droppedAt.get(t.value());
        if (dropped != null && dropped <= started) {
          world.violations.add("host " + id + " got a token dropped at action " + dropped);
        }
        checkDeadline(t0);
        last = t;
        return t;
      } catch (AuthException typed) {
        checkDeadline(t0);
        return typed;
      } catch (Throwable untyped) {
        world.violations.add("host " + id + ": untyped " + untyped);
        return untyped;
      }
    }

    private void checkDeadline(long t0) {
      long took = world.ticker.nanos() - t0;
      if (took > POLICY.deadline().toNanos()) {
        world.violations.add(
            "host " + id + ": a call took " + Duration.ofNanos(took) + " of fake time");
      }
    }
  }

  /** JWT-like grants whose claims the fake Box checks; counts each host's attempts. */
  static final class Grants implements GrantSource {
    private final World world;
    private final Host host;
    private final AssertionPolicy policy =
        new AssertionPolicy(Duration.ofSeconds(30), new SecureRandom());

    Grants(World world, Host host) {
      this.world = world;
      this.host = host;
    }

    @Override
    public ClientCredentials client() {
      return CLIENT;
    }

    @Override
    public Grant grant(Subject subject, Instant serverNow) {
      AssertionClaims c = policy.claims(CLIENT.id(), subject, serverNow);
      String assertion = "assertion." + c.jti();
      world.claims.put(assertion, c);
      host.requests.incrementAndGet();
      return new Grant.JwtBearer(CLIENT, Secret.of(assertion));
    }
  }

  /** Box: checks exp against its own clock, issues hour-long tokens, plays scripted failures. */
  static final class Box implements TokenTransport {
    private static final String EXP =
        "Current date/time MUST be before the expiration date/time listed in the 'exp' claim";
    final World world;
    final FakeTokenTransport fake;
    final Deque<Failure> script = new ArrayDeque<>();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger refusals = new AtomicInteger();

    Box(World world) {
      this.world = world;
      this.fake = new FakeTokenTransport(world.truth).lifetime(LIFETIME);
    }

    @Override
    public TokenReply exchange(Grant grant) {
      requests.incrementAndGet();
      TokenReply reply = reply(grant);
      if (reply instanceof TokenReply.Refused) {
        refusals.incrementAndGet();
        Burst b = world.burst;
        if (b != null) {
          b.refusals.incrementAndGet();
        }
      }
      return reply;
    }

    private TokenReply reply(Grant grant) {
      Burst b = world.burst;
      if (b != null && b.takeFirst()) {
        try {
          if (!b.awaitOthers()) {
            world.violations.add("a burst's callers neither waited nor finished");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        switch (b.first) {
          case INTERRUPTED -> {
            Thread.currentThread().interrupt(); // as OkHttp leaves it
            return new TokenReply.Refused(
                new EndpointUnavailableException(0, "interrupted", true, null), null, false);
          }
          case REFUSED_503 -> {
            return fake.refuse(503, null, null, null);
          }
          case ANSWERED -> {}
        }
      }
      Failure f;
      synchronized (script) {
        f = script.poll();
      }
      if (f != null) {
        return switch (f) {
          case RATE_LIMITED_1S -> fake.refuse(429, null, null, "1");
          case RATE_LIMITED_5S -> fake.refuse(429, null, null, "5");
          case RATE_LIMITED_40S -> fake.refuse(429, null, null, "40");
          case SERVER_ERROR -> fake.refuse(503, null, null, null);
          case DROPPED ->
              new TokenReply.Refused(
                  new EndpointUnavailableException(0, "connection reset", true, null), null, false);
        };
      }
      AssertionClaims c = world.claims.get(((Grant.JwtBearer) grant).assertion().reveal());
      Instant serverNow = fake.serverNow();
      if (!c.expiresAt().isAfter(serverNow) || c.expiresAt().isAfter(serverNow.plusSeconds(60))) {
        return fake.refuse(400, "invalid_grant", EXP, null);
      }
      TokenReply.Issued issued = fake.issueNext();
      world.trueExpiry.put(issued.token().value(), world.truth.instant().plus(LIFETIME));
      return issued;
    }

    @Override
    public void revoke(ClientCredentials client, Secret token) {
      fake.revoke(client, token);
    }
  }
}
