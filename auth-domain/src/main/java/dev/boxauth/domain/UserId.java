package dev.boxauth.domain;

/** A Box user id (an App User or a managed user): a string of digits. */
public record UserId(String value) {
  /** Validates the id. */
  public UserId {
    Identifiers.requireBoxId(value, "userId");
  }

  @Override
  public String toString() {
    return value;
  }
}
