package dev.boxauth.testkit;

/** A refused token request: Box's status, error code and description. Carries no stack trace. */
final class Rejection extends Exception {
  private static final long serialVersionUID = 1L;

  final int status;
  final String error;
  final String description;

  Rejection(int status, String error, String description) {
    super(error + ": " + description, null, false, false);
    this.status = status;
    this.error = error;
    this.description = description;
  }

  static Rejection invalidGrant(String description) {
    return new Rejection(400, "invalid_grant", description);
  }

  RawResponse toResponse() {
    return RawResponse.oauthError(status, error, description);
  }
}
