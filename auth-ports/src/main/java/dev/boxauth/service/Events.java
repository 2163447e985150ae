package dev.boxauth.service;

import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenListener;

/** Hands events to the listener; a faulty listener never breaks token acquisition. */
final class Events {
  private final TokenListener listener;

  Events(TokenListener listener) {
    this.listener = listener;
  }

  void emit(TokenEvent event) {
    try {
      listener.on(event);
    } catch (RuntimeException ignored) {
      // A faulty listener must not break token acquisition.
    }
  }
}
