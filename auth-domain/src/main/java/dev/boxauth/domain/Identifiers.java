package dev.boxauth.domain;

import java.util.Objects;

/**
 * Shared checks for identifier records. Messages name the parameter and what is wrong, never the
 * value: a damaged or hand-edited config can hold a secret (or key text) where an id belongs.
 */
final class Identifiers {
  private static final int MAX_LENGTH = 256;

  private Identifiers() {}

  /** Non-blank, printable, no whitespace, at most 256 characters. */
  static void requireToken(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          name + " must have 1 to " + MAX_LENGTH + " characters, got " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw new IllegalArgumentException(
            name + " must not contain whitespace or control characters");
      }
    }
  }

  /** Box ids are decimal digits; {@code 0} is never a valid id. */
  static void requireBoxId(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isEmpty() || value.length() > 32) {
      throw new IllegalArgumentException(
          name + " must have 1 to 32 digits, got " + value.length() + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException(
            name + " must be a Box id made of digits, but has other characters");
      }
    }
    if (value.chars().allMatch(c -> c == '0')) {
      throw new IllegalArgumentException(name + " must not be 0");
    }
  }
}
