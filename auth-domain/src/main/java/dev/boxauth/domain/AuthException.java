package dev.boxauth.domain;

/**
 * Every failure boxauth reports. The subtypes are exhaustive, so a {@code switch} over them needs
 * no default; each message says what went wrong and what to do next, and never contains a secret, a
 * token, an assertion or key material.
 *
 * <p>Unchecked: most callers can do nothing but report it. Library exceptions (IO, JSON, JCA) are
 * kept as the cause.
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

  /**
   * Server text goes into messages; keep it short and printable so a hostile reply can't flood
   * logs.
   */
  static String sanitize(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(text.length(), 200));
    for (int i = 0; i < text.length() && b.length() < 200; i++) {
      char c = text.charAt(i);
      b.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (text.length() > 200) {
      b.append("...");
    }
    return b.toString();
  }
}
