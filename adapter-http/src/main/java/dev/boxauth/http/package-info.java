/**
 * The token endpoint transport over Retrofit, OkHttp and Moshi.
 *
 * <p>Public surface: {@link dev.boxauth.http.HttpTransportModule} (binds {@code TokenTransport};
 * needs a {@code java.time.Clock} binding; the bound transport is {@code AutoCloseable}), its
 * configuration {@link dev.boxauth.http.HttpTransportConfig}, and {@link
 * dev.boxauth.http.BoxAuthInterceptor} for authorizing the user's own Box API calls. Everything
 * else is package-private.
 *
 * <p>Security: only {@code https://} is spoken, except to loopback hosts; redirects are not
 * followed (they would carry the client secret elsewhere); logging shows method, path, status and
 * latency only; reply bodies are capped in size.
 */
package dev.boxauth.http;
