package dev.boxauth.port;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AuthException;
import java.time.Instant;
import java.util.Objects;

/**
 * What the token endpoint answered: a token or a typed error, and the server's {@code Date} either
 * way, from which the caller learns the clock offset.
 */
public sealed interface TokenReply {

  /** The reply's {@code Date} header, or null if there was no reply or no parseable header. */
  Instant serverDate();

  /**
   * The server issued a token.
   *
   * @param token the token, its expiry computed on this host's clock
   * @param serverDate the reply's {@code Date}, or null
   */
  record Issued(AccessToken token, Instant serverDate) implements TokenReply {
    /** Validates the token. */
    public Issued {
      Objects.requireNonNull(token, "token");
    }
  }

  /**
   * The request failed.
   *
   * @param error what went wrong, typed
   * @param serverDate the reply's {@code Date}, or null (always null without a reply)
   */
  record Refused(AuthException error, Instant serverDate) implements TokenReply {
    /** Validates the error. */
    public Refused {
      Objects.requireNonNull(error, "error");
    }
  }
}
