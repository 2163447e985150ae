package dev.boxauth.domain;

/**
 * The token endpoint could not be reached or gave an unusable reply: a network error, a timeout, a
 * 5xx, an HTML error page, an empty, truncated or oversized body, or a 200 without a token.
 */
public final class EndpointUnavailableException extends AuthException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final boolean transientFailure;

  /**
   * @param httpStatus the reply's status, or 0 if there was no reply
   * @param problem what happened, e.g. "HTTP 503 with an HTML body"; no secrets
   * @param transientFailure whether a retry may help
   * @param cause the IO or parse exception, if any
   */
  public EndpointUnavailableException(
      int httpStatus, String problem, boolean transientFailure, Throwable cause) {
    super(
        "Box's token endpoint failed: " + problem,
        transientFailure
            ? "this is usually temporary; check https://status.box.com and the network path (proxy, firewall, DNS)"
            : "check the base URL (it must be https://api.box.com or your emulator) and any proxy in between",
        cause);
    this.httpStatus = httpStatus;
    this.transientFailure = transientFailure;
  }

  /** The HTTP status, or 0 if no reply arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  @Override
  public boolean isTransient() {
    return transientFailure;
  }
}
