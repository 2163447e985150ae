package dev.boxauth.redis;

import dev.boxauth.port.TokenStore;

/**
 * A {@link TokenStore} shared by a fleet of processes, holding a connection that must be closed,
 * and counting what went wrong so that an operator can see an outage.
 *
 * <p>Its operations throw an unchecked exception when Redis is unreachable or slower than the
 * command timeout; the token service catches it, carries on without the store and emits {@code
 * TokenEvent.StoreFailed}. Thread-safe.
 */
public interface SharedTokenStore extends TokenStore, AutoCloseable {

  /**
   * Store operations that failed since the store was opened: Redis unreachable, slower than the
   * command timeout, or refusing the command (including lease releases, which never throw).
   */
  long failures();

  /**
   * Entries found in Redis but refused: not decryptable with this store's key, bound to another key
   * (a value copied between keys), or unreadable. Each was treated as absent.
   */
  long rejectedEntries();

  /** Closes the connection and releases the client's threads. Idempotent; never throws. */
  @Override
  void close();
}
