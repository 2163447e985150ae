package dev.boxauth.redis;

import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.GrantSource;
import dev.boxauth.port.Ticker;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenTransport;
import dev.boxauth.service.TokenPolicy;
import dev.boxauth.service.TokenService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One process of a fleet: its own Redis store (own connection) and its own token service, built
 * with the service's public constructor as Guice would.
 */
final class FleetMember implements AutoCloseable {
  final SharedTokenStore store;
  final TokenService service;
  final List<TokenEvent> events = new CopyOnWriteArrayList<>();

  FleetMember(
      RedisStoreConfig config,
      ClientCredentials client,
      TokenTransport transport,
      TokenPolicy policy,
      Clock clock) {
    this(config, client, transport, policy, clock, s -> s);
  }

  /** As above; the service sees the store through {@code view} (e.g. one that counts commands). */
  FleetMember(
      RedisStoreConfig config,
      ClientCredentials client,
      TokenTransport transport,
      TokenPolicy policy,
      Clock clock,
      java.util.function.UnaryOperator<dev.boxauth.port.TokenStore> view) {
    this.store = RedisTokenStoreModule.open(config);
    GrantSource grants =
        new GrantSource() {
          @Override
          public ClientCredentials client() {
            return client;
          }

          @Override
          public Grant grant(Subject subject, Instant serverNow) {
            return new Grant.ClientCredentialsGrant(client, subject);
          }
        };
    this.service =
        new TokenService(
            grants, transport, view.apply(store), events::add, clock, Ticker.SYSTEM, policy);
  }

  long count(Class<? extends TokenEvent> type) {
    return events.stream().filter(type::isInstance).count();
  }

  List<String> storeFailures() {
    return events.stream()
        .filter(TokenEvent.StoreFailed.class::isInstance)
        .map(e -> ((TokenEvent.StoreFailed) e).operation())
        .toList();
  }

  /** Waits until this member's store answers again (Lettuce reconnects by itself). */
  void awaitStoreReachable(Duration atMost) throws InterruptedException {
    long giveUpAt = System.nanoTime() + atMost.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < giveUpAt) {
      try {
        store.get(
            dev.boxauth.domain.TokenKey.of(
                new dev.boxauth.domain.ClientId("probe"), Subject.enterprise("1")));
        return;
      } catch (RuntimeException e) {
        last = e;
        Thread.sleep(50);
      }
    }
    throw new AssertionError("the store did not answer again within " + atMost, last);
  }

  @Override
  public void close() {
    service.close();
    store.close();
  }
}
