package dev.boxauth.domain;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Validation and the wire form of OAuth scope sets. */
public final class Scopes {
  private static final SortedSet<String> NONE = Collections.unmodifiableSortedSet(new TreeSet<>());

  private Scopes() {}

  /**
   * Returns an immutable, sorted copy of {@code scopes} after checking each is a non-empty token
   * without spaces (RFC 6749 §3.3).
   */
  public static SortedSet<String> copyOf(Set<String> scopes, String name) {
    Objects.requireNonNull(scopes, name);
    if (scopes.isEmpty()) {
      return NONE;
    }
    TreeSet<String> sorted = new TreeSet<>();
    for (String s : scopes) {
      Objects.requireNonNull(s, name + " element");
      if (s.isEmpty() || s.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\')) {
        throw new IllegalArgumentException(
            name + " contains an invalid scope: '" + QuotedText.of(s, 80) + "'");
      }
      sorted.add(s);
    }
    return Collections.unmodifiableSortedSet(sorted);
  }

  /** The space-separated wire form of a scope set, in sorted order. */
  public static String join(Set<String> scopes) {
    return String.join(" ", new TreeSet<>(scopes));
  }
}
