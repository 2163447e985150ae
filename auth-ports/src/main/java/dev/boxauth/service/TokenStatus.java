package dev.boxauth.service;

import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.domain.GrantRejectedException;
import dev.boxauth.domain.KeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link TokenService} holds now, for health checks: computed from its cached state alone,
 * never by requesting a token. Carries no token values and no secrets.
 *
 * @param subjectsCached keys holding a usable token
 * @param soonestExpiry when the first of those expires (this host's clock), if any
 * @param lastFailure the last failed token request, if any
 * @param serverClockOffset Box's clock minus this host's, as learned; zero until learned
 * @param storeFailures token store operations that failed (and were bypassed) so far
 */
public record TokenStatus(
    int subjectsCached,
    Optional<Instant> soonestExpiry,
    Optional<Failure> lastFailure,
    Duration serverClockOffset,
    long storeFailures) {

  /** Validates the parts. */
  public TokenStatus {
    Objects.requireNonNull(soonestExpiry, "soonestExpiry");
    Objects.requireNonNull(lastFailure, "lastFailure");
    Objects.requireNonNull(serverClockOffset, "serverClockOffset");
  }

  /**
   * A failed token request, described without its message.
   *
   * @param type the exception's simple name, e.g. {@code GrantRejectedException}
   * @param reason its reason, e.g. {@code CLOCK_SKEW}, {@code WRONG_PASSPHRASE}, {@code HTTP 503}
   * @param at when it failed (this host's clock)
   */
  public record Failure(String type, String reason, Instant at) {
    /** Validates the parts. */
    public Failure {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(at, "at");
    }

    static Failure of(AuthException e, Instant at) {
      String reason;
      if (e instanceof GrantRejectedException g) {
        reason = g.reason().name();
      } else if (e instanceof KeyException k) {
        reason = k.problem().name();
      } else if (e instanceof EndpointUnavailableException u) {
        reason = u.httpStatus() == 0 ? "no reply" : "HTTP " + u.httpStatus();
      } else {
        reason = e.isTransient() ? "transient" : "permanent";
      }
      return new Failure(e.getClass().getSimpleName(), reason, at);
    }
  }
}
