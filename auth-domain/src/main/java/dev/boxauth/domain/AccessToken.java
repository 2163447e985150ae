package dev.boxauth.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A Box access token. Immutable and thread-safe; {@link #toString()} never shows the token.
 *
 * <p>{@link #expiresAt()} is on this host's clock: the moment the request was sent plus the
 * server's {@code expires_in}, or, for a token taken from a shared store, the moment it was read
 * plus the lifetime the store said it had left. Either way it is right even when this host's clock
 * is off.
 *
 * <p>A token served by a token cache knows the {@link TokenKey} it is cached under ({@link
 * #cacheKey()}), so that revoking or invalidating it finds its cache entry directly. The key takes
 * no part in equality.
 */
public final class AccessToken {
  private final Secret value;
  private final String tokenType;
  private final Instant issuedAt;
  private final Instant expiresAt;
  private final List<Restriction> restrictedTo;
  private final TokenKey cacheKey;

  /**
   * @param value the token
   * @param tokenType {@code bearer} (stored in lower case)
   * @param issuedAt when the request that got it was sent, on this host's clock
   * @param expiresAt {@code issuedAt} plus the server's {@code expires_in}; after {@code issuedAt}
   * @param restrictedTo the downscope restrictions; empty for a full token
   */
  public AccessToken(
      Secret value,
      String tokenType,
      Instant issuedAt,
      Instant expiresAt,
      List<Restriction> restrictedTo) {
    this.value = Objects.requireNonNull(value, "value");
    this.tokenType = Objects.requireNonNull(tokenType, "tokenType").toLowerCase(Locale.ROOT);
    this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    this.restrictedTo = List.copyOf(Objects.requireNonNull(restrictedTo, "restrictedTo"));
    this.cacheKey = null;
    if (!expiresAt.isAfter(issuedAt)) {
      throw new IllegalArgumentException("expiresAt must be after issuedAt");
    }
  }

  private AccessToken(AccessToken t, Instant issuedAt, Instant expiresAt, TokenKey cacheKey) {
    this.value = t.value;
    this.tokenType = t.tokenType;
    this.issuedAt = issuedAt;
    this.expiresAt = expiresAt;
    this.restrictedTo = t.restrictedTo;
    this.cacheKey = cacheKey;
  }

  /** A full-scope bearer token issued at {@code issuedAt} that lives {@code expiresIn}. */
  public static AccessToken bearer(String value, Instant issuedAt, Duration expiresIn) {
    return new AccessToken(
        Secret.of(value), "bearer", issuedAt, issuedAt.plus(expiresIn), List.of());
  }

  /** The token itself, for an {@code Authorization: Bearer} header. */
  public String value() {
    return value.reveal();
  }

  /** The token as a {@link Secret}, for passing on without revealing it. */
  public Secret secret() {
    return value;
  }

  /** {@code bearer}. */
  public String tokenType() {
    return tokenType;
  }

  /** When the request that obtained it was sent (this host's clock). */
  public Instant issuedAt() {
    return issuedAt;
  }

  /** When Box stops accepting it (this host's clock). */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** Its lifetime as Box granted it. */
  public Duration lifetime() {
    return Duration.between(issuedAt, expiresAt);
  }

  /** The scope/item restrictions of a downscoped token; empty for a full token. */
  public List<Restriction> restrictedTo() {
    return restrictedTo;
  }

  /** The key of the cache that served this token, if a cache did. */
  public Optional<TokenKey> cacheKey() {
    return Optional.ofNullable(cacheKey);
  }

  /** This token as served under {@code key} by a token cache: equal to this one. */
  public AccessToken withCacheKey(TokenKey key) {
    return new AccessToken(this, issuedAt, expiresAt, Objects.requireNonNull(key, "key"));
  }

  /**
   * This token expiring at {@code expiresAt} on this host's clock, with the same lifetime ({@code
   * issuedAt} moves with it) and cache key: for a token whose remaining lifetime was measured by
   * someone else's clock. Not equal to this one unless the instants match; the value is the same.
   */
  public AccessToken withExpiry(Instant expiresAt) {
    Objects.requireNonNull(expiresAt, "expiresAt");
    Duration shift = Duration.between(this.expiresAt, expiresAt);
    return new AccessToken(this, issuedAt.plus(shift), expiresAt, cacheKey);
  }

  /** True if the token is still valid {@code margin} after {@code now}. */
  public boolean isUsableAt(Instant now, Duration margin) {
    return now.plus(margin).isBefore(expiresAt);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccessToken other
        && value.equals(other.value)
        && tokenType.equals(other.tokenType)
        && issuedAt.equals(other.issuedAt)
        && expiresAt.equals(other.expiresAt)
        && restrictedTo.equals(other.restrictedTo);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, expiresAt);
  }

  @Override
  public String toString() {
    return "AccessToken[type="
        + tokenType
        + ", expiresAt="
        + expiresAt
        + (restrictedTo.isEmpty() ? "" : ", restrictedTo=" + restrictedTo)
        + ", value=REDACTED]";
  }
}
