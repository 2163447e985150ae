package dev.boxauth.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Holds a client's requests until its connection warm-up has ended (at most {@code maxWait}), so
 * that the first request reuses the warmed connection instead of opening a second one beside it.
 * The warm-up's own request, tagged with this gate, passes at once. The first application
 * interceptor of a warmed client.
 */
final class WarmUpGate implements Interceptor {
  private final CountDownLatch ended = new CountDownLatch(1);
  private final long maxWaitNanos;

  WarmUpGate(Duration maxWait) {
    this.maxWaitNanos = maxWait.toNanos();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    if (ended.getCount() > 0 && chain.request().tag(WarmUpGate.class) != this) {
      try {
        // Past maxWait the request goes ahead and connects on its own.
        ended.await(maxWaitNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while the connection warm-up ran");
      }
    }
    return chain.proceed(chain.request());
  }

  /** The warm-up is over, whatever its outcome: let every request through. */
  void open() {
    ended.countDown();
  }
}
