package dev.boxauth.domain;

/**
 * The id Box assigned to an uploaded public key ({@code publicKeyID} in the config file); sent as
 * the JWS header {@code kid}.
 */
public record KeyId(String value) {
  /** Validates the id. */
  public KeyId {
    Identifiers.requireToken(value, "keyId");
  }

  @Override
  public String toString() {
    return value;
  }
}
