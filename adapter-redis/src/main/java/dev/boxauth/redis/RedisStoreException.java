package dev.boxauth.redis;

/**
 * A Redis store operation failed: Redis unreachable, slower than the command timeout, refusing the
 * command, or the store closed. The token service catches it and carries on without the store. The
 * message names the operation and the client's reason; never a token or a password.
 */
final class RedisStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RedisStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
