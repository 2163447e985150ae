package dev.boxauth.domain;

/**
 * Every failure boxauth reports. The subtypes are exhaustive, so a {@code switch} over them needs
 * no default; each message says what went wrong and what to do next, and never contains a secret, a
 * token, an assertion or key material.
 *
 * <p>Unchecked: most callers can do nothing but report it. A library exception is kept as the cause
 * only where it can't carry input bytes: a JSON parser's or a network error's message may quote a
 * secret or what a server sent, so those are described, never chained. Text from outside is quoted
 * through {@link QuotedText}.
 */
public abstract sealed class AuthException extends RuntimeException
    permits ConfigurationException,
        KeyException,
        GrantRejectedException,
        ClientRejectedException,
        RateLimitedException,
        EndpointUnavailableException,
        DeadlineExceededException {

  private static final long serialVersionUID = 1L;

  private final String fix;

  AuthException(String problem, String fix, Throwable cause) {
    super(problem + (fix.isEmpty() ? "" : ". " + fix), cause);
    this.fix = fix;
  }

  /** What the user can do about it. */
  public String fix() {
    return fix;
  }

  /**
   * True when the same request may succeed later (rate limits, outages, clock skew, a reused {@code
   * jti}); false when something must be changed first.
   */
  public abstract boolean isTransient();
}
