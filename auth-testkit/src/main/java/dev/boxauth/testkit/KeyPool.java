package dev.boxauth.testkit;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * 2048-bit RSA key pairs, pre-generated on one low-priority daemon thread so that an app can be
 * registered without waiting for key generation (the main cost of starting an emulator). Each key
 * pair is handed out once: apps never share a key.
 *
 * <p>Thread-safe.
 */
final class KeyPool {
  private KeyPool() {}

  /** Enough for a test class that makes a few apps; small, because 2 cores may be shared. */
  private static final int TARGET = 3;

  private static final ConcurrentLinkedQueue<KeyPair> READY = new ConcurrentLinkedQueue<>();
  private static final AtomicBoolean FILLING = new AtomicBoolean();

  /** A key pair nobody else got. */
  static KeyPair take() {
    KeyPair pair = READY.poll();
    warm();
    return pair != null ? pair : generate();
  }

  /** Starts filling the pool in the background if it is not full. */
  static void warm() {
    if (READY.size() >= TARGET || !FILLING.compareAndSet(false, true)) {
      return;
    }
    Thread filler =
        new Thread(
            () -> {
              try {
                while (READY.size() < TARGET) {
                  READY.add(generate());
                }
              } finally {
                FILLING.set(false);
              }
            },
            "box-emulator-keygen");
    filler.setDaemon(true);
    filler.setPriority(Thread.MIN_PRIORITY);
    filler.start();
  }

  /**
   * The key of the emulators' TLS certificates, one per JVM: it is no app's key, and each emulator
   * still gets its own certificate (own serial and subject name).
   */
  static KeyPair tlsKey() {
    return TlsKeyHolder.KEY;
  }

  private static final class TlsKeyHolder {
    static final KeyPair KEY = take();
  }

  static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no RSA key pair generator", e);
    }
  }
}
