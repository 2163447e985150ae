package dev.boxauth.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;

/**
 * Caps every reply body at a byte limit: a declared Content-Length over the limit fails before a
 * byte is read, and an undeclared (chunked, gzipped) body fails as soon as the limit is passed. An
 * application interceptor, so the limit applies to the decompressed bytes, and Retrofit's own
 * buffering of error bodies is capped too.
 */
final class BodyCapInterceptor implements Interceptor {
  private final long maxBytes;

  BodyCapInterceptor(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    ResponseBody body = response.body();
    if (body.contentLength() > maxBytes) {
      response.close();
      throw new BodyTooLargeException(response.code(), response.headers(), maxBytes);
    }
    Source capped = new CappedSource(body.source(), maxBytes, response);
    return response
        .newBuilder()
        .body(ResponseBody.create(Okio.buffer(capped), body.contentType(), body.contentLength()))
        .build();
  }

  private static final class CappedSource extends ForwardingSource {
    private final long maxBytes;
    private final Response response;
    private long total;

    CappedSource(Source delegate, long maxBytes, Response response) {
      super(delegate);
      this.maxBytes = maxBytes;
      this.response = response;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      long n = super.read(sink, byteCount);
      if (n > 0) {
        total += n;
        if (total > maxBytes) {
          throw new BodyTooLargeException(response.code(), response.headers(), maxBytes);
        }
      }
      return n;
    }
  }
}
