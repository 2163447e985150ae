package dev.boxauth.http;

import java.io.IOException;
import java.time.Instant;

/** A reply body passed the size cap; thrown from inside OkHttp, so it is an IOException. */
final class BodyTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Instant serverDate;

  BodyTooLargeException(int status, Instant serverDate, long limit) {
    super("the HTTP " + status + " reply body is larger than the limit of " + limit + " bytes");
    this.status = status;
    this.serverDate = serverDate;
  }

  int status() {
    return status;
  }

  /** The reply's Date, or null. */
  Instant serverDate() {
    return serverDate;
  }
}
