package dev.boxauth.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The claims of a Box JWT assertion (RFC 7523 §3): {@code iss}, {@code sub}, {@code box_sub_type},
 * {@code aud}, {@code jti}, {@code exp}. Built by {@link AssertionPolicy}.
 *
 * @param issuer the app's client id ({@code iss})
 * @param subject the enterprise or user ({@code sub} and {@code box_sub_type})
 * @param audience always {@link #BOX_AUDIENCE} for Box
 * @param jti a unique id of 16 to 128 characters
 * @param expiresAt whole seconds ({@code exp})
 */
public record AssertionClaims(
    ClientId issuer, Subject subject, String audience, String jti, Instant expiresAt) {

  /** The audience Box requires, whatever host the request goes to. */
  public static final String BOX_AUDIENCE = "https://api.box.com/oauth2/token";

  /** Validates the claims. */
  public AssertionClaims {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (jti.length() < 16 || jti.length() > 128) {
      throw new IllegalArgumentException("jti must have 16 to 128 characters, got " + jti.length());
    }
    if (expiresAt.getNano() != 0) {
      throw new IllegalArgumentException("expiresAt must be whole seconds (a NumericDate)");
    }
  }

  /** {@code exp} as Unix seconds. */
  public long expEpochSecond() {
    return expiresAt.getEpochSecond();
  }
}
