package dev.boxauth.port;

import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Subject;
import java.time.Instant;

/**
 * Makes the grant for a subject: a signed JWT assertion, or client credentials. Called once per
 * attempt, so each attempt gets a fresh {@code jti} and {@code exp}. Thread-safe.
 */
public interface GrantSource {

  /** The app's client id and secret. */
  ClientCredentials client();

  /**
   * A grant for one token request.
   *
   * @param subject whom the token acts for
   * @param serverNow the token server's current time as best known (this host's time corrected by
   *     the offset learned from the server's {@code Date} headers)
   * @throws dev.boxauth.domain.AuthException if the grant can't be made (e.g. the key fails)
   */
  Grant grant(Subject subject, Instant serverNow);
}
