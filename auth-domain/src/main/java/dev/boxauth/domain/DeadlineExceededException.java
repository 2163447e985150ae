package dev.boxauth.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * No token within the overall deadline, or the wait was interrupted. The cause is the last failure,
 * when there was one.
 */
public final class DeadlineExceededException extends AuthException {
  private static final long serialVersionUID = 1L;

  private final Duration deadline;
  private final int attempts;

  /**
   * @param what e.g. "no token for enterprise 42"
   * @param deadline the overall deadline that passed
   * @param attempts token requests made
   * @param lastFailure the last error, or null
   */
  public DeadlineExceededException(
      String what, Duration deadline, int attempts, AuthException lastFailure) {
    super(
        Objects.requireNonNull(what, "what")
            + " within "
            + deadline.toMillis()
            + " ms"
            + (attempts == 0
                ? ""
                : " after " + attempts + (attempts == 1 ? " attempt" : " attempts"))
            + (lastFailure == null ? "" : "; last failure: " + lastFailure.getMessage()),
        "raise the token deadline if the network is slow, or see the last failure",
        lastFailure);
    this.deadline = deadline;
    this.attempts = attempts;
  }

  /** The deadline that passed. */
  public Duration deadline() {
    return deadline;
  }

  /** How many token requests were made. */
  public int attempts() {
    return attempts;
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
