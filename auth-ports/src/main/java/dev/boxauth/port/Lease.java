package dev.boxauth.port;

import java.time.Duration;

/**
 * The right to request the token for one key, held while requesting it so that processes sharing a
 * {@link TokenStore} make one token request between them. Its holder renews it before each attempt
 * and each wait, and closes it when done; should the holder die, it lapses after its time-to-live.
 */
public interface Lease extends AutoCloseable {

  /** A lease that guards nothing, for stores that only one process uses: always held. */
  Lease LOCAL =
      new Lease() {
        @Override
        public boolean renew(Duration ttl) {
          return true;
        }

        @Override
        public void close() {}

        @Override
        public String toString() {
          return "Lease.LOCAL";
        }
      };

  /**
   * Extends the lease to {@code ttl} from now, if this process still holds it.
   *
   * @return true if it is still held (and now lives {@code ttl} more); false if it lapsed and may
   *     belong to another process, which then requests the token
   * @throws RuntimeException if the store fails (the token service then carries on as if held)
   */
  boolean renew(Duration ttl);

  /** Releases the lease if it is still held by this process; never throws. */
  @Override
  void close();
}
