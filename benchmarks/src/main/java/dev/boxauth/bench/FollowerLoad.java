package dev.boxauth.bench;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.Subject;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.port.GrantSource;
import dev.boxauth.port.Lease;
import dev.boxauth.port.StoredToken;
import dev.boxauth.port.Ticker;
import dev.boxauth.port.TokenReply;
import dev.boxauth.port.TokenStore;
import dev.boxauth.port.TokenTransport;
import dev.boxauth.service.TokenPolicy;
import dev.boxauth.service.TokenService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Store commands made by one waiting follower: another process holds the key's lease for the whole
 * run and never stores a token; the follower's {@code token()} waits (deadline 31 s, real time) and
 * every store operation it makes (one Redis round trip each) is counted over the first 30 s.
 *
 * <pre>
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) \
 *   dev.boxauth.bench.FollowerLoad
 * </pre>
 */
public final class FollowerLoad {
  private FollowerLoad() {}

  public static void main(String[] args) {
    ClientCredentials client = ClientCredentials.of("app", "secret");
    AtomicInteger in30s = new AtomicInteger();
    long start = System.nanoTime();
    long window = Duration.ofSeconds(30).toNanos();
    TokenStore heldElsewhere =
        new TokenStore() {
          private void count() {
            if (System.nanoTime() - start < window) {
              in30s.incrementAndGet();
            }
          }

          @Override
          public Optional<StoredToken> get(TokenKey key) {
            count();
            return Optional.empty();
          }

          @Override
          public void put(TokenKey key, AccessToken token, Duration remaining) {
            count();
          }

          @Override
          public void remove(TokenKey key, AccessToken token) {
            count();
          }

          @Override
          public void remove(TokenKey key) {
            count();
          }

          @Override
          public Optional<Lease> tryLease(TokenKey key, Duration ttl) {
            count();
            return Optional.empty();
          }
        };
    TokenTransport neverCalled =
        new TokenTransport() {
          @Override
          public TokenReply exchange(Grant grant) {
            throw new IllegalStateException("a follower must not request");
          }

          @Override
          public void revoke(ClientCredentials c, Secret token) {}
        };
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
    try (TokenService follower =
        new TokenService(
            grants,
            neverCalled,
            heldElsewhere,
            e -> {},
            Clock.systemUTC(),
            Ticker.SYSTEM,
            TokenPolicy.builder().deadline(Duration.ofSeconds(31)).build())) {
      String outcome;
      try {
        follower.source(Subject.enterprise("42")).token();
        outcome = "token";
      } catch (AuthException e) {
        outcome = e.getClass().getSimpleName();
      }
      System.out.printf(
          "{\"storeCommandsIn30s\":%d,\"outcome\":\"%s\",\"elapsedMs\":%d}%n",
          in30s.get(), outcome, (System.nanoTime() - start) / 1_000_000);
    }
  }
}
