package dev.boxauth.testkit;

/**
 * The error codes and descriptions the emulator answers with. Those marked "Box" are Box's exact
 * texts (docs/token-endpoint.md, "Errors"); the others are the emulator's choice where Box is
 * undocumented (that page's "Inferred, not documented"), written in Box's style.
 */
final class BoxTexts {
  private BoxTexts() {}

  static final String AUDIENCE = "https://api.box.com/oauth2/token";
  static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  static final String CLIENT_CREDENTIALS = "client_credentials";
  static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

  /** Box. */
  static final String BAD_GRANT_TYPE = "Invalid grant_type parameter or parameter missing";

  /** Box. */
  static final String BAD_CLIENT = "The client credentials are invalid";

  /** Box (the code, invalid_request, is inferred). */
  static final String GRANT_TYPE_UNAUTHORIZED = "The grant type is unauthorized for this client_id";

  /** Box. */
  static final String NOT_AUTHORIZED = "This app is not authorized by the enterprise admin";

  /** Emulator's choice. */
  static final String BAD_ASSERTION = "The 'assertion' parameter is missing or is not a valid JWS";

  /** Box. */
  static final String BAD_KID = "\"kid\" invalid, unable to lookup correct key";

  /** Emulator's choice, by the doc's analogy with the other claims. */
  static final String BAD_ALG = "Please check the 'alg' claim.";

  /** Box (the exact quoting is not certain). */
  static final String BAD_SIGNATURE =
      "Signature verification error. The public key identified by 'kid' must correspond to the"
          + " private key used for signing.";

  /** Box. */
  static final String BAD_ISS = "Please check the 'iss' claim.";

  /** Emulator's choice (inferred). */
  static final String BAD_AUD = "Please check the 'aud' claim.";

  /** Box. */
  static final String EXPIRED =
      "Current date/time MUST be before the expiration date/time listed in the 'exp' claim";

  /** Box. */
  static final String EXP_TOO_FAR =
      "Please check the 'exp' claim. The 'exp' value exceeds the maximum value of 60 seconds"
          + " beyond the issue time.";

  /** Emulator's choice. */
  static final String BAD_IAT = "Please check the 'iat' claim.";

  /** Emulator's choice. */
  static final String BAD_NBF = "Please check the 'nbf' claim.";

  /** Box. */
  static final String BAD_JTI = "Please check the 'jti' claim. A unique 'jti' value is required.";

  /** Emulator's choice (inferred). */
  static final String BAD_SUB_TYPE = "Please check the 'box_sub_type' claim.";

  /** Box. */
  static final String BAD_SUB = "Please check the 'sub' claim. The 'sub' specified is invalid.";

  /** Box. */
  static final String NO_USER_TOKEN =
      "Cannot obtain user token based on the enterprise configuration for your app";

  /** Box. */
  static final String CCG_INVALID = "Grant credentials are invalid";

  /** Box. */
  static final String BAD_RESOURCE = "The target resource is invalid.";

  /** Emulator's choice (the 401 is from Box's OpenAPI description; the body is inferred). */
  static final String BAD_SUBJECT_TOKEN = "The access token is invalid";

  /** Emulator's choice. */
  static final String SCOPE_NOT_HELD =
      "The requested scope exceeds the scope granted to the subject token";
}
