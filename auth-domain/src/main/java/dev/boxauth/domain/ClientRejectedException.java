package dev.boxauth.domain;

/** Box refused the client id / secret pair ({@code invalid_client}). */
public final class ClientRejectedException extends AuthException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;

  /**
   * @param httpStatus the reply's status (400 today, 401 in the past)
   * @param boxDescription Box's {@code error_description}, or empty
   */
  public ClientRejectedException(int httpStatus, String boxDescription) {
    super(
        "Box refused the client credentials (HTTP "
            + httpStatus
            + " invalid_client"
            + (boxDescription == null || boxDescription.isEmpty()
                ? ""
                : ": '" + QuotedText.ofReply(boxDescription) + "'")
            + ")",
        "check boxAppSettings.clientID and clientSecret against the Developer Console; a reset secret invalidates the old one",
        null);
    this.httpStatus = httpStatus;
  }

  /** The HTTP status. */
  public int httpStatus() {
    return httpStatus;
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
