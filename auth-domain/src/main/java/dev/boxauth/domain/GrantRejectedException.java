package dev.boxauth.domain;

import java.util.Objects;

/**
 * Box refused the grant: its {@code error} / {@code error_description} classified into a {@link
 * Reason} so code can act on it without matching strings.
 */
public final class GrantRejectedException extends AuthException {
  private static final long serialVersionUID = 1L;

  /** Why Box refused, as far as its reply tells. */
  public enum Reason {
    /** {@code exp} is in the past or too far ahead by the server's clock: the clocks disagree. */
    CLOCK_SKEW(
        "the assertion's exp does not fit the server's clock",
        "sync this host's clock with NTP; boxauth also corrects for the offset the server reports",
        true),
    /** The {@code jti} was seen before. */
    JTI_REUSED(
        "the assertion's jti was already used",
        "each attempt needs a new jti; boxauth makes one per attempt, so a custom signer or a replayed request is at fault",
        true),
    /** The {@code kid} names no public key of this app. */
    UNKNOWN_KEY_ID(
        "Box knows no public key with this key id for the app",
        "use the publicKeyID shown in the Developer Console (Configuration, Add and Manage Public Keys)",
        false),
    /** The signature does not verify with the key named by {@code kid}. */
    SIGNATURE_MISMATCH(
        "the signature does not match the public key Box holds for this key id",
        "the private key and publicKeyID belong to different key pairs; pair them, or upload this key's public part",
        false),
    /** The {@code sub} is unknown, not a string, or not reachable by this app. */
    INVALID_SUBJECT(
        "Box rejected the subject (sub)",
        "check the enterprise id or user id; a user must be an App User of this app or a managed user it may act for",
        false),
    /** The {@code iss} is not the client id. */
    INVALID_ISSUER(
        "Box rejected the issuer (iss)",
        "iss must be the app's client id (boxAppSettings.clientID)",
        false),
    /** Another assertion claim was refused. */
    INVALID_CLAIM(
        "Box rejected a claim of the assertion",
        "the description names the claim; a custom signer may be producing bad claims",
        false),
    /** The enterprise admin has not authorized (or re-authorized) the app. */
    APP_NOT_AUTHORIZED(
        "the app is not authorized in this enterprise",
        "an enterprise admin must authorize the app (Admin Console, Apps, Custom Apps Manager), and re-authorize it after each configuration change",
        false),
    /** {@code box_sub_type=user} while the app may not make user tokens for that user. */
    USER_TOKENS_NOT_ENABLED(
        "the app may not get a token for this user",
        "enable 'Generate user access tokens' (and App + Enterprise Access for managed users), then have the admin re-authorize the app",
        false),
    /** CCG: wrong secret, a subject the app may not use, or the app not authorized. */
    CCG_CREDENTIALS_INVALID(
        "Box refused the client credentials grant",
        "check the client secret, that the subject is allowed by the app's access level, that user tokens are enabled for a user subject, and that the admin authorized the app",
        false),
    /** The app may not use this grant type (e.g. a JWT grant on an OAuth 2.0 app). */
    GRANT_TYPE_NOT_ALLOWED(
        "the app may not use this grant type",
        "use the authentication method the app was created with (JWT or Client Credentials) in the Developer Console",
        false),
    /** Downscoping: the resource or shared link is invalid or not reachable by the parent token. */
    INVALID_RESOURCE(
        "the downscope target is invalid or not accessible to the parent token",
        "use the full API URL of an item the parent token's user can access, e.g. https://api.box.com/2.0/files/123",
        false),
    /**
     * Downscoping: the subject token is invalid, revoked, or lacks a requested scope (HTTP 401).
     */
    SUBJECT_TOKEN_REJECTED(
        "Box refused the token to downscope",
        "downscope a live token that holds every requested scope",
        false),
    /** A malformed request: missing or unknown grant_type, often a wrong host. */
    INVALID_REQUEST(
        "Box found the token request malformed",
        "send token requests to https://api.box.com (not www.box.com or app.box.com)",
        false),
    /** A reply boxauth does not recognize. */
    UNRECOGNIZED(
        "Box refused the token request",
        "the description says why; check the app's configuration in the Developer Console",
        false);

    private final String summary;
    private final String fix;
    private final boolean retryable;

    Reason(String summary, String fix, boolean retryable) {
      this.summary = summary;
      this.fix = fix;
      this.retryable = retryable;
    }

    /** One-line explanation. */
    public String summary() {
      return summary;
    }

    /** What to do. */
    public String fix() {
      return fix;
    }
  }

  private final Reason reason;
  private final int httpStatus;
  private final String boxError;
  private final String boxDescription;

  /**
   * @param reason the classification
   * @param httpStatus the reply's status
   * @param boxError Box's {@code error} code, or empty
   * @param boxDescription Box's {@code error_description}, or empty
   */
  public GrantRejectedException(
      Reason reason, int httpStatus, String boxError, String boxDescription) {
    super(
        Objects.requireNonNull(reason, "reason").summary()
            + " (HTTP "
            + httpStatus
            + (isEmpty(boxError) ? "" : " " + QuotedText.ofReply(boxError))
            + (isEmpty(boxDescription) ? "" : ": '" + QuotedText.ofReply(boxDescription) + "'")
            + ")",
        reason.fix(),
        null);
    this.reason = reason;
    this.httpStatus = httpStatus;
    this.boxError = boxError == null ? "" : boxError;
    this.boxDescription = boxDescription == null ? "" : boxDescription;
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }

  /** The classification. */
  public Reason reason() {
    return reason;
  }

  /** The HTTP status, usually 400. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Box's {@code error} code, e.g. {@code invalid_grant}; empty if none. */
  public String boxError() {
    return boxError;
  }

  /** Box's {@code error_description}; empty if none. */
  public String boxDescription() {
    return boxDescription;
  }

  @Override
  public boolean isTransient() {
    return reason.retryable;
  }
}
