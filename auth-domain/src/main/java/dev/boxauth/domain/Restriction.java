package dev.boxauth.domain;

import java.util.Objects;

/**
 * One {@code restricted_to} entry of a downscoped token: a scope, and the item it applies to.
 *
 * @param scope e.g. {@code item_preview}
 * @param object the item, or {@code null} when Box names no single item for this scope
 */
public record Restriction(String scope, Item object) {
  /** Validates the scope. */
  public Restriction {
    Objects.requireNonNull(scope, "scope");
    if (scope.isBlank()) {
      throw new IllegalArgumentException("scope must not be blank");
    }
  }

  /**
   * A Box item named in a restriction.
   *
   * @param type {@code file}, {@code folder}, ...
   * @param id the item id
   */
  public record Item(String type, String id) {
    /** Validates the parts. */
    public Item {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(id, "id");
    }
  }
}
