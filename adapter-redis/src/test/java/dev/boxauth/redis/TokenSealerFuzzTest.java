package dev.boxauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.Aead;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientId;
import dev.boxauth.domain.Restriction;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.Subject;
import dev.boxauth.domain.TokenKey;
import dev.boxauth.testing.Fuzzer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Redis token codec through {@link TokenSealer}'s API under mutated input (issue 12, "keep it
 * found"): a value read from Redis is a token or a {@link TokenSealer.Rejected} (which the store
 * reads as absent), within a second, and no refusal quotes the token. Two targets: the sealed bytes
 * as Redis holds them (the AEAD refuses nearly every mutant), and mutated plaintexts sealed with
 * the right key, so that the decoder behind the AEAD is reached.
 */
class TokenSealerFuzzTest {
  private static final TokenKey KEY = TokenKey.of(new ClientId("app"), Subject.enterprise("42"));
  private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.123456789Z");
  private static final String VALUE = "tokenValue-4f3e2d1c0b9a8877";

  private final Aead aead = TestAead.shared();
  private final TokenSealer sealer = new TokenSealer(aead);

  private static List<AccessToken> tokens() {
    return List.of(
        AccessToken.bearer(VALUE, T0, Duration.ofHours(1)),
        new AccessToken(
            Secret.of(VALUE),
            "bearer",
            T0,
            T0.plus(Duration.ofMinutes(30)),
            List.of(
                new Restriction("item_preview", new Restriction.Item("file", "123")),
                new Restriction("item_upload", null))));
  }

  @Test
  void sealedValues_mutated_openAsTokensOrRejected_fastAndSilent() throws Exception {
    List<byte[]> seeds =
        List.of(sealer.seal(KEY, tokens().get(0)), sealer.seal(KEY, tokens().get(1)));

    assertNoFindings(
        Fuzzer.named("redis-sealed")
            .measureCpuTime()
            .seeds(seeds)
            .secrets(List.of(VALUE))
            .allowed(TokenSealer.Rejected.class::isInstance)
            .target(
                value -> {
                  sealer.open(KEY, value);
                  return null;
                }));
  }

  @Test
  void plaintexts_mutated_thenSealed_openAsTokensOrRejected_fastAndSilent() {
    List<byte[]> seeds = tokens().stream().map(TokenSealer::encode).toList();

    assertNoFindings(
        Fuzzer.named("redis-codec")
            .measureCpuTime()
            .seeds(seeds)
            .secrets(List.of(VALUE))
            .allowed(TokenSealer.Rejected.class::isInstance)
            .target(
                plain -> {
                  sealer.open(KEY, aead.encrypt(plain, TokenSealer.associatedData(KEY)));
                  return null;
                }));
  }

  private static void assertNoFindings(Fuzzer fuzzer) {
    Fuzzer.Report report = fuzzer.run();
    assertThat(report.findings()).as(report.toString()).isEmpty();
  }
}
