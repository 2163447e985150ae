package dev.boxauth.port;

import dev.boxauth.domain.AccessToken;
import java.time.Duration;
import java.util.Objects;

/**
 * A token read from a {@link TokenStore}, with how long it has left as the store measures it. The
 * reader re-anchors that remaining lifetime to its own clocks, so hosts whose wall clocks disagree
 * still agree on when a shared token expires.
 *
 * @param token the token; its instants are the writer's and are not used to judge its age
 * @param remaining how long it has left, by the store's own time; positive
 */
public record StoredToken(AccessToken token, Duration remaining) {
  /** Validates both parts. */
  public StoredToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(remaining, "remaining");
    if (remaining.isNegative() || remaining.isZero()) {
      throw new IllegalArgumentException("remaining must be positive, got " + remaining);
    }
  }
}
