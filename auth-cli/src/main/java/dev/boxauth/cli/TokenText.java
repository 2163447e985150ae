package dev.boxauth.cli;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.Restriction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/** How the CLI shows things that must not be shown whole. */
final class TokenText {
  private TokenText() {}

  /**
   * A token as {@code sha256:1a2b3c4d (32 chars)}: enough to tell two tokens apart, useless for
   * calling Box.
   */
  static String token(AccessToken token) {
    return "sha256:" + fingerprint(token.value()) + " (" + token.secret().length() + " chars)";
  }

  /** The first 4 bytes of the value's SHA-256, in hex. */
  static String fingerprint(String value) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** For example {@code 68 min} or {@code 45 s}. */
  static String lifetime(Instant from, Instant to) {
    Duration left = Duration.between(from, to);
    return left.toMinutes() >= 2 ? left.toMinutes() + " min" : left.toSeconds() + " s";
  }

  /** For example {@code [item_preview on file 123]}. */
  static String restrictions(List<Restriction> restrictions) {
    return restrictions.stream()
        .map(
            r ->
                r.object() == null
                    ? r.scope()
                    : r.scope() + " on " + r.object().type() + " " + r.object().id())
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /** A signed duration in seconds with one decimal, e.g. {@code +300.0 s}. */
  static String offset(Duration offset) {
    return String.format("%+.1f s", offset.toMillis() / 1000.0);
  }
}
