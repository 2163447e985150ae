package dev.boxauth.service;

import static dev.boxauth.service.Harness.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientRejectedException;
import dev.boxauth.domain.DownscopeTarget;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Subject;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.Lease;
import dev.boxauth.port.StoredToken;
import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenSource;
import dev.boxauth.port.TokenStore;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenServiceLifecycleTest {
  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void invalidate_makesNextCallFetchNewToken() {
    TokenSource source = h.service().source(ENTERPRISE);
    AccessToken old = source.token();

    source.invalidate();

    assertThat(source.token()).isNotEqualTo(old);
    assertThat(h.transport.requests()).isEqualTo(2);
    assertThat(h.store.get(TokenKey.of(Harness.CLIENT.id(), ENTERPRISE))).isPresent();
  }

  @Test
  void invalidateRejected_whenTokenAlreadyReplaced_keepsNewer() {
    TokenSource source = h.service().source(ENTERPRISE);
    AccessToken rejected = source.token();
    source.invalidate(rejected);
    AccessToken newer = source.token();

    source.invalidate(rejected); // a late 401 for the old token

    assertThat(source.token()).isSameAs(newer);
    assertThat(h.transport.requests()).isEqualTo(2);
  }

  @Test
  void revoke_callsBoxAndDropsCachedToken() {
    TokenSource source = h.service().source(ENTERPRISE);
    AccessToken token = source.token();

    h.service().revoke(token);

    assertThat(h.transport.revoked()).containsExactly(token.secret());
    assertThat(source.token()).isNotEqualTo(token);
    assertThat(h.events(TokenEvent.Revoked.class))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.cachedUnder())
                    .containsExactly(TokenKey.of(Harness.CLIENT.id(), ENTERPRISE)));
  }

  @Test
  void revoke_whenBoxRefuses_throwsTypedAndStillNeverServesTheToken() {
    TokenSource source = h.service().source(ENTERPRISE);
    AccessToken token = source.token();
    h.transport.failRevoke(400, "invalid_client", "The client credentials are invalid");

    assertThatThrownBy(() -> h.service().revoke(token)).isInstanceOf(ClientRejectedException.class);
    assertThat(source.token().value()).isNotEqualTo(token.value());
  }

  @Test
  void downscope_sendsTokenExchangeAndIsNotCached() {
    AccessToken parent = h.service().source(ENTERPRISE).token();
    DownscopeTarget file = DownscopeTarget.resource("https://api.box.com/2.0/files/123");

    AccessToken a = h.service().downscope(parent, Set.of("item_preview"), file);
    AccessToken b = h.service().downscope(parent, Set.of("item_preview"), file);

    assertThat(a).isNotEqualTo(b);
    assertThat(h.transport.grants().get(1))
        .isInstanceOfSatisfying(
            Grant.TokenExchange.class,
            g -> {
              assertThat(g.subjectToken()).isEqualTo(parent.secret());
              assertThat(g.scopes()).containsExactly("item_preview");
              assertThat(g.target()).isEqualTo(file);
            });
    assertThat(h.events(TokenEvent.Downscoped.class)).hasSize(2);
  }

  @Test
  void downscope_retriesRateLimits() {
    AccessToken parent = h.service().source(ENTERPRISE).token();
    h.transport.thenRateLimit("1");

    h.service().downscope(parent, Set.of("item_preview"), DownscopeTarget.none());

    assertThat(h.transport.requests()).isEqualTo(3);
  }

  @Test
  void token_whenStoreFails_keepsServingAndReportsIt() {
    h.store = new FailingStore();

    AccessToken token = h.service().source(ENTERPRISE).token();
    h.service().source(ENTERPRISE).invalidate();
    AccessToken next = h.service().source(ENTERPRISE).token();

    assertThat(token).isNotNull();
    assertThat(next).isNotEqualTo(token);
    assertThat(h.events(TokenEvent.StoreFailed.class))
        .extracting(TokenEvent.StoreFailed::operation)
        .contains("get", "lease", "put", "remove");
  }

  @Test
  void token_whenStoreHoldsFreshTokenFromAnotherProcess_adoptsItWithoutRequest() {
    AccessToken shared =
        AccessToken.bearer("from-another-process", h.clock.instant(), Duration.ofHours(1));
    h.store.put(TokenKey.of(Harness.CLIENT.id(), ENTERPRISE), shared, Duration.ofMinutes(50));

    AccessToken adopted = h.service().source(ENTERPRISE).token();

    assertThat(adopted.value()).isEqualTo(shared.value());
    // Re-anchored: it expires when the store said, by this host's clock.
    assertThat(adopted.expiresAt()).isEqualTo(h.clock.instant().plus(Duration.ofMinutes(50)));
    assertThat(h.transport.requests()).isZero();
    assertThat(h.events(TokenEvent.Adopted.class)).hasSize(1);
  }

  @Test
  void token_whenStoreHoldsStaleToken_mintsInstead() {
    AccessToken stale = AccessToken.bearer("stale", h.clock.instant(), Duration.ofHours(1));
    h.store.put(TokenKey.of(Harness.CLIENT.id(), ENTERPRISE), stale, Duration.ofMinutes(2));

    assertThat(h.service().source(ENTERPRISE).token().value()).isNotEqualTo(stale.value());
    assertThat(h.transport.requests()).isEqualTo(1);
  }

  @Test
  void token_whenAnotherProcessHoldsLease_waitsForItsTokenInStore() {
    TokenKey key = TokenKey.of(Harness.CLIENT.id(), ENTERPRISE);
    AccessToken theirs = AccessToken.bearer("minted-elsewhere", Harness.T0, Duration.ofHours(1));
    InMemoryTokenStore inner = new InMemoryTokenStore(h.ticker);
    int[] polls = {0};
    h.store =
        new ForwardingStore(inner) {
          @Override
          public Optional<Lease> tryLease(TokenKey k, Duration ttl) {
            return Optional.empty(); // always held elsewhere
          }

          @Override
          public Optional<StoredToken> get(TokenKey k) {
            if (++polls[0] == 4) {
              inner.put(key, theirs, Duration.ofHours(1)); // the other process finishes
            }
            return inner.get(k);
          }
        };

    assertThat(h.service().source(ENTERPRISE).token().value()).isEqualTo(theirs.value());
    assertThat(h.transport.requests()).isZero();
  }

  @Test
  void token_whenLeaseHolderNeverDelivers_mintsOnceItsLeaseLapses() {
    // Another process took the lease and died: it lapses 10 s later.
    java.time.Instant lapses = h.clock.instant().plusSeconds(10);
    h.store =
        new ForwardingStore(new InMemoryTokenStore(h.ticker)) {
          @Override
          public Optional<Lease> tryLease(TokenKey k, Duration ttl) {
            return h.clock.instant().isBefore(lapses) ? Optional.empty() : Optional.of(Lease.LOCAL);
          }
        };

    AccessToken token = h.service().source(ENTERPRISE).token();

    assertThat(token).isNotNull();
    assertThat(h.transport.requests()).isEqualTo(1);
    // Followers back off up to 2 s (jitter 0.5 here: exactly 2 s): the lease is taken within one
    // such wait of its lapsing.
    assertThat(h.sleeps.stream().mapToLong(Duration::toMillis).sum()).isBetween(10_000L, 12_000L);
  }

  @Test
  void token_whenLeaseHolderReleasesWithoutToken_nextProcessTriesAtOnce() {
    // The holder was refused and released its lease after two polls.
    int[] leaseCalls = {0};
    h.store =
        new ForwardingStore(new InMemoryTokenStore(h.ticker)) {
          @Override
          public Optional<Lease> tryLease(TokenKey k, Duration ttl) {
            return ++leaseCalls[0] <= 2 ? Optional.empty() : Optional.of(Lease.LOCAL);
          }
        };
    h.transport.thenRefuse(400, "invalid_client", "The client credentials are invalid");

    assertThatThrownBy(() -> h.service().source(ENTERPRISE).token())
        .isInstanceOf(ClientRejectedException.class);
    assertThat(h.sleeps).hasSize(2);
  }

  @Test
  void token_whenLeaseNeverFrees_failsAtDeadlineNamingTheOtherProcess() {
    h.policy = TokenPolicy.builder().deadline(Duration.ofSeconds(3)).build();
    h.store =
        new ForwardingStore(new InMemoryTokenStore(h.ticker)) {
          @Override
          public Optional<Lease> tryLease(TokenKey k, Duration ttl) {
            return Optional.empty();
          }
        };

    assertThatThrownBy(() -> h.service().source(ENTERPRISE).token())
        .isInstanceOf(dev.boxauth.domain.DeadlineExceededException.class)
        .hasMessageContaining("another process");
    assertThat(h.transport.requests()).isZero();
    assertThat(h.sleeps.stream().mapToLong(Duration::toMillis).sum()).isLessThanOrEqualTo(3_000L);
  }

  @Test
  void listener_whenThrowing_doesNotBreakTokens() {
    TokenService service =
        new TokenService(
            h.grants,
            h.transport,
            h.store,
            e -> {
              throw new IllegalStateException("listener bug");
            },
            h.clock,
            h.ticker,
            TokenPolicy.defaults());
    try {
      assertThat(service.source(ENTERPRISE).token()).isNotNull();
    } finally {
      service.close();
    }
  }

  @Test
  void close_stopsBackgroundRefreshButKeepsServingUsableToken() {
    TokenService service =
        new TokenService(
            h.grants, h.transport, h.store, e -> {}, h.clock, h.ticker, TokenPolicy.defaults());
    TokenSource source = service.source(Subject.user("5"));
    AccessToken token = source.token();
    service.close();
    h.advance(Duration.ofMinutes(56));

    assertThat(source.token()).isSameAs(token);
  }

  /** A store whose every operation fails, like Redis during an outage. */
  private static final class FailingStore implements TokenStore {
    @Override
    public Optional<StoredToken> get(TokenKey key) {
      throw new IllegalStateException("store down");
    }

    @Override
    public void put(TokenKey key, AccessToken token, Duration remaining) {
      throw new IllegalStateException("store down");
    }

    @Override
    public void remove(TokenKey key, AccessToken token) {
      throw new IllegalStateException("store down");
    }

    @Override
    public void remove(TokenKey key) {
      throw new IllegalStateException("store down");
    }

    @Override
    public Optional<Lease> tryLease(TokenKey key, Duration ttl) {
      throw new IllegalStateException("store down");
    }

    @Override
    public void holdOff(TokenKey key, Duration wait) {
      throw new IllegalStateException("store down");
    }

    @Override
    public Duration holdOffRemaining(TokenKey key) {
      throw new IllegalStateException("store down");
    }
  }
}
