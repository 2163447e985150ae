package dev.boxauth.domain;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Makes the claims of each assertion: a fresh 256-bit {@code jti} every time (so a retry after a
 * 429 is never a replay) and an {@code exp} a short lifetime after the <em>server's</em> current
 * time, which the caller estimates from the clock offset it has learned.
 *
 * <p>Box refuses an {@code exp} more than 60 s past its own clock, so the lifetime is at most 60 s;
 * the default of 30 s leaves room for an offset estimate that is off by a few seconds.
 *
 * <p>Thread-safe.
 */
public final class AssertionPolicy {
  /** Box's limit on {@code exp} minus issue time. */
  public static final Duration MAX_LIFETIME = Duration.ofSeconds(60);

  /** What the official SDKs use, well inside Box's limit. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(30);

  private static final int JTI_BYTES = 32;

  private final Duration lifetime;
  private final SecureRandom random;

  /**
   * @param lifetime how long after the server's now each assertion expires: 5 to 60 s
   * @param random the source of {@code jti} bits
   */
  public AssertionPolicy(Duration lifetime, SecureRandom random) {
    Objects.requireNonNull(lifetime, "lifetime");
    if (lifetime.compareTo(Duration.ofSeconds(5)) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw new IllegalArgumentException(
          "assertion lifetime must be between 5 s and 60 s, got " + lifetime);
    }
    this.lifetime = lifetime;
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The default policy: 30 s lifetime, a new {@link SecureRandom}. */
  public static AssertionPolicy defaults() {
    return new AssertionPolicy(DEFAULT_LIFETIME, new SecureRandom());
  }

  /** The configured lifetime. */
  public Duration lifetime() {
    return lifetime;
  }

  /**
   * Claims for one assertion.
   *
   * @param serverNow the token server's current time as best known (local time plus the learned
   *     offset)
   */
  public AssertionClaims claims(ClientId issuer, Subject subject, Instant serverNow) {
    Objects.requireNonNull(serverNow, "serverNow");
    // Round down so exp - serverNow never exceeds the lifetime.
    Instant exp = Instant.ofEpochSecond(serverNow.plus(lifetime).getEpochSecond());
    return new AssertionClaims(issuer, subject, AssertionClaims.BOX_AUDIENCE, newJti(), exp);
  }

  private String newJti() {
    byte[] bytes = new byte[JTI_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
