package dev.boxauth.domain;

import java.util.Locale;

/** The JWS algorithms Box accepts for assertions (RFC 7518 §3.3). */
public enum SignatureAlgorithm {
  RS256("SHA256withRSA"),
  RS384("SHA384withRSA"),
  RS512("SHA512withRSA");

  private final String jcaName;

  SignatureAlgorithm(String jcaName) {
    this.jcaName = jcaName;
  }

  /** The JCA {@code Signature} algorithm name, e.g. {@code SHA256withRSA}. */
  public String jcaName() {
    return jcaName;
  }

  /**
   * Parses a JWS {@code alg} name, case-insensitively.
   *
   * @throws ConfigurationException naming {@code field} when the name is not RS256, RS384 or RS512
   */
  public static SignatureAlgorithm parse(String name, String field) {
    if (name != null) {
      for (SignatureAlgorithm a : values()) {
        if (a.name().equals(name.trim().toUpperCase(Locale.ROOT))) {
          return a;
        }
      }
    }
    throw new ConfigurationException(
        field,
        "'" + QuotedText.of(name, 40) + "' is not a signature algorithm Box accepts",
        "use RS256, RS384 or RS512");
  }
}
