package dev.boxauth;

import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenListener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs token events through SLF4J (logger {@code dev.boxauth}). Events carry no token values, so
 * neither do the lines: routine work at DEBUG, retries and clock offsets at INFO, failures at WARN.
 * A failing token store is warned about at most every 30 s, since it fails on every operation
 * during an outage.
 */
final class Slf4jTokenListener implements TokenListener {
  private static final Logger LOG = LoggerFactory.getLogger("dev.boxauth");
  private static final long STORE_WARNING_INTERVAL_MILLIS = 30_000;

  private final AtomicLong lastStoreWarning = new AtomicLong(Long.MIN_VALUE / 2);

  @Override
  public void on(TokenEvent event) {
    if (event instanceof TokenEvent.Issued e) {
      LOG.debug(
          "{} token for {} in {} ms ({} {})",
          e.refreshAhead() ? "Refreshed" : "New",
          e.key(),
          e.latency().toMillis(),
          e.attempts(),
          e.attempts() == 1 ? "request" : "requests");
    } else if (event instanceof TokenEvent.Adopted e) {
      LOG.debug("Token for {} taken from the shared store", e.key());
    } else if (event instanceof TokenEvent.Failed e) {
      if (e.refreshAhead()) {
        LOG.warn(
            "Background refresh of the token for {} failed; the current token stays in use: {}",
            e.key(),
            e.error().getMessage());
      } else {
        LOG.warn("No token for {}: {}", e.key(), e.error().getMessage());
      }
    } else if (event instanceof TokenEvent.Retrying e) {
      LOG.info(
          "{}: attempt {} failed ({}); retrying in {} ms",
          e.operation(),
          e.attempt(),
          e.cause().getClass().getSimpleName(),
          e.delay().toMillis());
    } else if (event instanceof TokenEvent.Downscoped e) {
      LOG.debug("Downscoped token for {} in {} ms", e.scopes(), e.latency().toMillis());
    } else if (event instanceof TokenEvent.Invalidated e) {
      LOG.debug("Dropped the cached token for {}", e.key());
    } else if (event instanceof TokenEvent.Revoked e) {
      LOG.debug("Revoked a token cached under {}", e.cachedUnder());
    } else if (event instanceof TokenEvent.ClockOffsetLearned e) {
      logOffset(e.offset());
    } else if (event instanceof TokenEvent.ClockOffsetIgnored e) {
      LOG.warn(
          "A reply put Box's clock {} s away from this host's, beyond the {} h believed; it was"
              + " ignored. Check this host's clock (NTP) and any proxy rewriting Date headers",
          e.measured().toSeconds(),
          e.bound().toHours());
    } else if (event instanceof TokenEvent.StoreFailed e) {
      long now = System.currentTimeMillis();
      long last = lastStoreWarning.get();
      if (now - last >= STORE_WARNING_INTERVAL_MILLIS
          && lastStoreWarning.compareAndSet(last, now)) {
        LOG.warn(
            "Token store failed ({}: {}); carrying on without it",
            e.operation(),
            e.error().getClass().getSimpleName());
      } else {
        LOG.debug("Token store failed ({})", e.operation());
      }
    }
  }

  private static void logOffset(Duration offset) {
    long seconds = Math.round(Math.abs(offset.toMillis()) / 1000.0);
    String direction = offset.isNegative() ? "behind" : "ahead of";
    if (seconds >= 30) {
      LOG.warn(
          "Box's clock is {} s {} this host's; assertion expiry is adjusted for it, but sync this"
              + " host's clock with NTP",
          seconds,
          direction);
    } else {
      LOG.info(
          "Box's clock is {} s {} this host's; assertion expiry is adjusted", seconds, direction);
    }
  }
}
