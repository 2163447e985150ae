package dev.boxauth.port;

/**
 * Receives {@link TokenEvent}s: the observability port. Called synchronously on the thread that did
 * the work, so keep it quick; exceptions it throws are ignored. Thread-safe.
 */
@FunctionalInterface
public interface TokenListener {

  /** A listener that does nothing. */
  TokenListener NONE = event -> {};

  /** Handles one event. */
  void on(TokenEvent event);
}
