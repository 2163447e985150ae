package dev.boxauth.domain;

/** A Box enterprise id: a string of digits, never {@code 0} (Box rejects it as a subject). */
public record EnterpriseId(String value) {
  /** Validates the id. */
  public EnterpriseId {
    Identifiers.requireBoxId(value, "enterpriseId");
  }

  @Override
  public String toString() {
    return value;
  }
}
