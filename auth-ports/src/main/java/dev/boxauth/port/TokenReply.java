package dev.boxauth.port;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.AuthException;
import java.time.Instant;
import java.util.Objects;

/**
 * What the token endpoint answered: a token or a typed error, the reply's {@code Date}, and whether
 * the reply is Box's own. The caller learns Box's clock offset only from Box's own replies (a
 * token, or Box's JSON error body): a proxy's or load balancer's error page may carry any {@code
 * Date}.
 */
public sealed interface TokenReply {

  /** The reply's {@code Date} header, or null if there was no reply or no parseable header. */
  Instant serverDate();

  /** True if Box itself sent the reply: a token, or an error in Box's JSON error format. */
  boolean fromBox();

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

    /** A token reply is always Box's. */
    @Override
    public boolean fromBox() {
      return true;
    }
  }

  /**
   * The request failed.
   *
   * @param error what went wrong, typed
   * @param serverDate the reply's {@code Date}, or null (always null without a reply)
   * @param fromBox true if the reply carried Box's JSON error body ({@code error}, {@code
   *     error_description}); false for a proxy's page, a bare status, or no reply at all
   */
  record Refused(AuthException error, Instant serverDate, boolean fromBox) implements TokenReply {
    /** Validates the error. */
    public Refused {
      Objects.requireNonNull(error, "error");
    }
  }
}
