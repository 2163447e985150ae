package dev.boxauth.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns an error reply of Box's token or revoke endpoint into the typed {@link AuthException} it
 * means. Box distinguishes most {@code invalid_grant} causes only in {@code error_description}, so
 * this is the one place in boxauth that matches on those texts (see docs/token-endpoint.md,
 * "Errors"). Transports call it; they handle unreadable bodies themselves.
 */
public final class BoxErrors {
  private BoxErrors() {}

  /**
   * Classifies an error reply.
   *
   * @param httpStatus the status, 400 to 599
   * @param error Box's {@code error}, or null/empty if the body had none
   * @param description Box's {@code error_description}, or null/empty
   * @param retryAfter the parsed {@code Retry-After}, or {@link Duration#ZERO}
   */
  public static AuthException classify(
      int httpStatus, String error, String description, Duration retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter");
    String code = error == null ? "" : error.trim();
    String text = description == null ? "" : description;
    if (httpStatus == 429) {
      return new RateLimitedException(retryAfter);
    }
    if (httpStatus >= 500) {
      return new EndpointUnavailableException(
          httpStatus,
          "HTTP " + httpStatus + (code.isEmpty() ? "" : " " + QuotedText.ofReply(code)),
          true,
          null);
    }
    if (code.equals("invalid_client")) {
      return new ClientRejectedException(httpStatus, text);
    }
    if (code.isEmpty()) {
      if (httpStatus == 401) {
        return new GrantRejectedException(
            GrantRejectedException.Reason.SUBJECT_TOKEN_REJECTED, httpStatus, code, text);
      }
      return new EndpointUnavailableException(
          httpStatus,
          "HTTP " + httpStatus + " without a Box error code; this is not Box's token endpoint",
          httpStatus == 408,
          null);
    }
    return new GrantRejectedException(reason(httpStatus, code, text), httpStatus, code, text);
  }

  /** Box never asks for more; a bigger value is a broken proxy, not a plan. */
  private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

  /**
   * Parses a {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
   *
   * @param header the header value, or null
   * @param serverNow the reply's {@code Date}, or this host's time; an HTTP-date is relative to it
   * @return the wait, clamped to 0..10 min; zero if the header is absent or unreadable
   */
  public static Duration parseRetryAfter(String header, Instant serverNow) {
    Objects.requireNonNull(serverNow, "serverNow");
    if (header == null || header.isBlank()) {
      return Duration.ZERO;
    }
    String v = header.trim();
    if (v.isEmpty()) {
      return Duration.ZERO; // only control characters, which isBlank() does not count as blank
    }
    Duration wait;
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      wait = v.length() > 9 ? MAX_RETRY_AFTER : Duration.ofSeconds(Long.parseLong(v));
    } else {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        wait = Duration.between(serverNow, at);
      } catch (DateTimeParseException e) {
        return Duration.ZERO;
      }
    }
    if (wait.isNegative()) {
      return Duration.ZERO;
    }
    return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
  }

  private static GrantRejectedException.Reason reason(int status, String code, String text) {
    String t = text.toLowerCase(Locale.ROOT);
    switch (code) {
      case "unauthorized_client":
        return t.contains("grant type")
            ? GrantRejectedException.Reason.GRANT_TYPE_NOT_ALLOWED
            : GrantRejectedException.Reason.APP_NOT_AUTHORIZED;
      case "invalid_resource":
        return GrantRejectedException.Reason.INVALID_RESOURCE;
      case "invalid_request":
        if (t.contains("cannot obtain user token")) {
          return GrantRejectedException.Reason.USER_TOKENS_NOT_ENABLED;
        }
        if (t.contains("grant type is unauthorized")) {
          return GrantRejectedException.Reason.GRANT_TYPE_NOT_ALLOWED;
        }
        return GrantRejectedException.Reason.INVALID_REQUEST;
      case "invalid_grant":
        return invalidGrant(t);
      default:
        return status == 401
            ? GrantRejectedException.Reason.SUBJECT_TOKEN_REJECTED
            : GrantRejectedException.Reason.UNRECOGNIZED;
    }
  }

  private static GrantRejectedException.Reason invalidGrant(String t) {
    // Any exp complaint is a clock disagreement: exp in the past means this host is behind, exp
    // "beyond 60 seconds" means it is ahead.
    if (t.contains("'exp'") || t.contains("expiration date")) {
      return GrantRejectedException.Reason.CLOCK_SKEW;
    }
    if (t.contains("'jti'")) {
      return GrantRejectedException.Reason.JTI_REUSED;
    }
    if (t.contains("kid") && t.contains("lookup")) {
      return GrantRejectedException.Reason.UNKNOWN_KEY_ID;
    }
    if (t.contains("signature")) {
      return GrantRejectedException.Reason.SIGNATURE_MISMATCH;
    }
    if (t.contains("'sub'")) {
      return GrantRejectedException.Reason.INVALID_SUBJECT;
    }
    if (t.contains("'iss'")) {
      return GrantRejectedException.Reason.INVALID_ISSUER;
    }
    if (t.contains("grant credentials are invalid")) {
      return GrantRejectedException.Reason.CCG_CREDENTIALS_INVALID;
    }
    if (t.contains("claim")) {
      return GrantRejectedException.Reason.INVALID_CLAIM;
    }
    return GrantRejectedException.Reason.UNRECOGNIZED;
  }
}
