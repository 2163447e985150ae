package dev.boxauth.contract;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.Restriction;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.port.AssertionSigner;
import dev.boxauth.port.KeySource;
import dev.boxauth.port.TokenReply;
import dev.boxauth.port.TokenStore;
import dev.boxauth.port.TokenTransport;
import dev.boxauth.service.InMemoryTokenStore;
import dev.boxauth.testing.FakeTokenTransport;
import dev.boxauth.testing.MutableClock;
import dev.boxauth.testing.MutableTicker;
import dev.boxauth.testing.SharedMemoryStore;
import dev.boxauth.testing.TestJwsSigner;
import dev.boxauth.testing.TestKeySource;
import dev.boxauth.testing.TestKeys;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;

/**
 * Runs each contract against this module's own implementations and test fakes, so the contracts are
 * known to pass for a correct implementation before adapters rely on them.
 */
class ContractSelfTest {

  @Nested
  class SharedStore extends TokenStoreContract {
    @Override
    protected TokenStore newStore(MutableTicker ticker) {
      return new SharedMemoryStore(ticker);
    }
  }

  @Nested
  class InMemoryStore extends TokenStoreContract {
    @Override
    protected TokenStore newStore(MutableTicker ticker) {
      return new InMemoryTokenStore(ticker);
    }
  }

  @Nested
  class TestKeys_ extends KeySourceContract {
    @Override
    protected KeySource keySource() {
      return new TestKeySource(TestKeys.rsa(), "kid-1", SignatureAlgorithm.RS256);
    }

    @Override
    protected PublicKey expectedPublicKey() {
      return TestKeys.rsa().getPublic();
    }

    @Override
    protected KeyId expectedKeyId() {
      return new KeyId("kid-1");
    }
  }

  @Nested
  class TestSigner extends AssertionSignerContract {
    @Override
    protected AssertionSigner signer(SignatureAlgorithm algorithm) {
      return new TestJwsSigner(new TestKeySource(TestKeys.rsa(), "kid-1", algorithm));
    }

    @Override
    protected RSAPublicKey publicKey() {
      return (RSAPublicKey) TestKeys.rsa().getPublic();
    }

    @Override
    protected KeyId keyId() {
      return new KeyId("kid-1");
    }
  }

  @Nested
  class FakeTransport extends TokenTransportContract {
    @Override
    protected Fixture open(MutableClock clock) {
      FakeTokenTransport fake = new FakeTokenTransport(clock);
      return new Fixture() {
        @Override
        public TokenTransport transport() {
          return fake;
        }

        @Override
        public void serverDate(Instant date) {
          fake.serverSkew(Duration.between(clock.instant(), date));
        }

        @Override
        public void issue(String token, long expiresInSeconds) {
          fake.thenIssue(token, Duration.ofSeconds(expiresInSeconds));
        }

        @Override
        public void issueRestricted(
            String token, long expiresIn, String scope, String objectType, String objectId) {
          fake.then(
              g ->
                  new TokenReply.Issued(
                      new AccessToken(
                          Secret.of(token),
                          "bearer",
                          clock.instant(),
                          clock.instant().plusSeconds(expiresIn),
                          List.of(
                              new Restriction(scope, new Restriction.Item(objectType, objectId)))),
                      fake.serverNow()));
        }

        @Override
        public void refuse(int status, String error, String description) {
          fake.thenRefuse(status, error, description);
        }

        @Override
        public void rateLimit(String retryAfter) {
          fake.thenRateLimit(retryAfter);
        }

        @Override
        public void fail(int status) {
          fake.thenFail(status);
        }

        @Override
        public void acceptRevoke() {}

        @Override
        public void refuseRevoke(int status, String error, String description) {
          fake.failRevoke(status, error, description);
        }
      };
    }
  }
}
