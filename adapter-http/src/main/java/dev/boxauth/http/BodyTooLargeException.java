package dev.boxauth.http;

import java.io.IOException;
import java.time.Instant;
import okhttp3.Headers;

/** A reply body passed the size cap; thrown from inside OkHttp, so it is an IOException. */
final class BodyTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Headers headers;

  BodyTooLargeException(int status, Headers headers, long limit) {
    super("the HTTP " + status + " reply body is larger than the limit of " + limit + " bytes");
    this.status = status;
    this.headers = headers;
  }

  int status() {
    return status;
  }

  /** The reply's headers. */
  Headers headers() {
    return headers;
  }

  /** The reply's Date, or null. */
  Instant serverDate() {
    return headers.getInstant("Date");
  }
}
