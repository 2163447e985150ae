package dev.boxauth.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A value that must never be printed: a client secret, a passphrase, an access token, a signed
 * assertion.
 *
 * <p>{@link #toString()} prints {@code Secret[REDACTED]}; {@link #equals} compares in constant
 * time. The value comes out only through {@link #reveal()}, an explicit call that is easy to grep
 * for at the few places that must send it over the wire.
 *
 * <p>Immutable and thread-safe.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Wraps a secret value.
   *
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is empty
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a secret must not be empty");
    }
    return new Secret(value);
  }

  /** The secret itself. Call it only where the value must leave the process (a request body). */
  public String reveal() {
    return value;
  }

  /** Length in characters, which is safe to show (e.g. "a 40-character token"). */
  public int length() {
    return value.length();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    // Length only: a hash of the value would leak a little of it through hash-based structures.
    return value.length();
  }

  @Override
  public String toString() {
    return "Secret[REDACTED]";
  }
}
