package dev.boxauth.spring;

import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenListener;

/**
 * Whether the last token request that ended (for any subject) got a token, for the health
 * contributor: with no usable token cached, a failure last means Box can't be reached or refuses
 * the app, while a success last means tokens merely lapsed while idle. Thread-safe.
 */
final class LastTokenRequest implements TokenListener {
  /** The last request's outcome: null until one ends. */
  private volatile Boolean succeeded;

  @Override
  public void on(TokenEvent event) {
    if (event instanceof TokenEvent.Issued || event instanceof TokenEvent.Adopted) {
      succeeded = Boolean.TRUE;
    } else if (event instanceof TokenEvent.Failed) {
      succeeded = Boolean.FALSE;
    }
  }

  /** True if the last request that ended failed. */
  boolean failed() {
    return Boolean.FALSE.equals(succeeded);
  }
}
