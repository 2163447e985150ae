package dev.boxauth;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a {@link BoxAuth} must release, closed once, in the order it was registered. A failing
 * close is logged (its class and message, never the resource's state) and does not keep the rest
 * open. Registering happens while the {@code BoxAuth} is built, on one thread; {@link #close()} is
 * thread-safe and idempotent.
 */
final class Closer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BoxAuth.class);

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Registers {@code resource} if it is {@link AutoCloseable} and not registered already. */
  void register(Object resource) {
    if (resource instanceof AutoCloseable closeable
        && resources.stream().noneMatch(r -> r == closeable)) {
      resources.add(closeable);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
