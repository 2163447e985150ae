package dev.boxauth.service;

import static dev.boxauth.service.Harness.ENTERPRISE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.StoredToken;
import dev.boxauth.port.TokenSource;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, finding 1: a dropped token never comes back. Dropping records a tombstone first, then
 * clears the local entry, then removes the token from the store; a caller that runs in between
 * (forced here from inside the store call, on another thread) must not get the dropped token back,
 * from the store or from a flight that lands late. On the first release the caller in the gap
 * adopted the rejected token from the store ({@code token-1} again).
 */
class DroppedTokenTest {
  private final Harness h = new Harness();
  private final ExecutorService elsewhere = Executors.newSingleThreadExecutor();

  @AfterEach
  void tearDown() {
    elsewhere.shutdownNow();
    h.close();
  }

  /** Runs {@code call} on another thread and waits for it: another caller, at this very point. */
  private <T> T elsewhere(Callable<T> call) {
    try {
      return elsewhere.submit(call).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void invalidateRejected_callerBeforeTheStoreRemovesIt_neverGetsTheRejectedToken() {
    AtomicReference<AccessToken> inTheGap = new AtomicReference<>();
    TokenSource[] source = new TokenSource[1];
    h.store =
        new ForwardingStore(h.store) {
          @Override
          public void remove(TokenKey key, AccessToken token) {
            inTheGap.set(elsewhere(() -> source[0].token()));
            super.remove(key, token);
          }
        };
    source[0] = h.service().source(ENTERPRISE);
    AccessToken rejected = source[0].token();

    source[0].invalidate(rejected);

    assertThat(inTheGap.get().value()).isNotEqualTo(rejected.value());
    assertThat(source[0].token().value()).isNotEqualTo(rejected.value());
    assertThat(h.transport.requests()).isEqualTo(2);
  }

  @Test
  void invalidate_callerBeforeTheStoreRemovesIt_neverGetsTheDroppedToken() {
    AtomicReference<AccessToken> inTheGap = new AtomicReference<>();
    TokenSource[] source = new TokenSource[1];
    h.store =
        new ForwardingStore(h.store) {
          @Override
          public void remove(TokenKey key) {
            inTheGap.set(elsewhere(() -> source[0].token()));
            super.remove(key);
          }
        };
    source[0] = h.service().source(ENTERPRISE);
    AccessToken dropped = source[0].token();

    source[0].invalidate();

    assertThat(inTheGap.get().value()).isNotEqualTo(dropped.value());
  }

  @Test
  void revoke_callerBeforeTheStoreRemovesIt_neverGetsTheRevokedToken() {
    AtomicReference<AccessToken> inTheGap = new AtomicReference<>();
    TokenSource[] source = new TokenSource[1];
    h.store =
        new ForwardingStore(h.store) {
          @Override
          public void remove(TokenKey key, AccessToken token) {
            inTheGap.set(elsewhere(() -> source[0].token()));
            super.remove(key, token);
          }
        };
    source[0] = h.service().source(ENTERPRISE);
    AccessToken revoked = source[0].token();

    h.service().revoke(revoked);

    assertThat(inTheGap.get().value()).isNotEqualTo(revoked.value());
    assertThat(h.transport.revoked()).containsExactly(revoked.secret());
  }

  @Test
  void invalidateRejected_whenTheStoreCannotRemoveIt_neverAdoptsItBack() {
    h.store =
        new ForwardingStore(h.store) {
          @Override
          public void remove(TokenKey key, AccessToken token) {
            throw new IllegalStateException("store down for removals");
          }
        };
    TokenSource source = h.service().source(ENTERPRISE);
    AccessToken rejected = source.token();

    source.invalidate(rejected);

    assertThat(source.token().value()).isNotEqualTo(rejected.value());
  }

  @Test
  void flight_adoptingATokenDroppedWhileInFlight_isRefusedAndTheCallerStartsOver() {
    // Another process stored a token; while this process's flight reads it from the store, a
    // caller here drops that very token (a 401 for it).
    TokenKey key = TokenKey.of(Harness.CLIENT.id(), ENTERPRISE);
    AccessToken theirs = AccessToken.bearer("theirs", h.clock.instant(), Duration.ofHours(1));
    h.store.put(key, theirs, Duration.ofHours(1));
    TokenSource[] source = new TokenSource[1];
    boolean[] dropped = {false};
    h.store =
        new ForwardingStore(h.store) {
          @Override
          public Optional<StoredToken> get(TokenKey k) {
            Optional<StoredToken> found = super.get(k);
            if (!dropped[0] && found.isPresent()) {
              dropped[0] = true;
              elsewhere(
                  () -> {
                    source[0].invalidate(theirs);
                    return null;
                  });
            }
            return found;
          }
        };
    source[0] = h.service().source(ENTERPRISE);

    AccessToken got = source[0].token();

    assertThat(got.value()).isNotEqualTo("theirs");
    assertThat(h.transport.requests()).isEqualTo(1);
  }

  @Test
  void revoke_tokenFromAnotherSourceOfTheSameSubject_dropsTheSharedEntry() {
    AccessToken token = h.service().source(ENTERPRISE).token();

    h.service().revoke(token);

    assertThat(h.service().source(ENTERPRISE).token().value()).isNotEqualTo(token.value());
    assertThat(token.cacheKey()).contains(TokenKey.of(Harness.CLIENT.id(), ENTERPRISE));
  }
}
