package dev.boxauth.port;

/**
 * The right to mint the token for one key, held while minting so that processes sharing a {@link
 * TokenStore} make one token request between them. Closing releases it; it also lapses by itself
 * after its time-to-live, should the holder die.
 */
public interface Lease extends AutoCloseable {

  /** A lease that guards nothing: for stores that only one process uses. */
  Lease LOCAL = () -> {};

  /** Releases the lease if it is still held by this process; never throws. */
  @Override
  void close();
}
