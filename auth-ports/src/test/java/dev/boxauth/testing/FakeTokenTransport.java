package dev.boxauth.testing;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.BoxErrors;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Secret;
import dev.boxauth.port.TokenReply;
import dev.boxauth.port.TokenTransport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scriptable in-memory token endpoint. Scripted replies are used in order; once they run out,
 * each request gets the {@link #otherwise} reply, by default a new token {@code token-N}. Replies
 * are built the way a wire transport would build them (errors classified by {@link BoxErrors}), so
 * the fake passes the same {@code TokenTransportContract} as the real transport. Thread-safe.
 */
public final class FakeTokenTransport implements TokenTransport {
  private final Clock clock;
  private final Deque<Function<Grant, TokenReply>> script = new ArrayDeque<>();
  private final List<Grant> grants = new CopyOnWriteArrayList<>();
  private final List<Secret> revoked = new CopyOnWriteArrayList<>();
  private final AtomicInteger issued = new AtomicInteger();
  private volatile Duration defaultLifetime = Duration.ofHours(1);
  private volatile Duration serverSkew = Duration.ZERO;
  private volatile Runnable onRequest = () -> {};
  private volatile TokenReply.Refused revokeFailure;
  private volatile Function<Grant, TokenReply> otherwise = g -> issueNext();

  public FakeTokenTransport(Clock clock) {
    this.clock = clock;
  }

  // ---- scripting ----

  /** Default lifetime of tokens issued when the script is empty. */
  public FakeTokenTransport lifetime(Duration lifetime) {
    this.defaultLifetime = lifetime;
    return this;
  }

  /** The server's clock is ahead of the test clock by {@code skew} (Date header and checks). */
  public FakeTokenTransport serverSkew(Duration skew) {
    this.serverSkew = skew;
    return this;
  }

  /** Runs on every request before the reply is made (e.g. to block, or to move the clock). */
  public FakeTokenTransport onRequest(Runnable hook) {
    this.onRequest = hook;
    return this;
  }

  /** Next reply: a token with this value and lifetime. */
  public synchronized FakeTokenTransport thenIssue(String value, Duration expiresIn) {
    script.add(g -> issue(value, expiresIn));
    return this;
  }

  /** Next reply: an error from Box. */
  public synchronized FakeTokenTransport thenRefuse(int status, String error, String description) {
    script.add(g -> refuse(status, error, description, null));
    return this;
  }

  /** Next reply: 429 with this {@code Retry-After} header value (null for none). */
  public synchronized FakeTokenTransport thenRateLimit(String retryAfter) {
    script.add(g -> refuse(429, null, null, retryAfter));
    return this;
  }

  /** Next reply: a 5xx. */
  public synchronized FakeTokenTransport thenFail(int status) {
    script.add(g -> refuse(status, null, null, null));
    return this;
  }

  /** Next reply: no reply at all (a dropped connection). */
  public synchronized FakeTokenTransport thenDrop() {
    script.add(
        g ->
            new TokenReply.Refused(
                new EndpointUnavailableException(0, "connection reset", true, null), null, false));
    return this;
  }

  /** Next reply: computed from the grant. */
  public synchronized FakeTokenTransport then(Function<Grant, TokenReply> reply) {
    script.add(reply);
    return this;
  }

  /** The reply once the script is used up; by default {@link #issueNext()}. */
  public FakeTokenTransport otherwise(Function<Grant, TokenReply> reply) {
    this.otherwise = reply;
    return this;
  }

  /** Makes revocation fail with this Box error. */
  public FakeTokenTransport failRevoke(int status, String error, String description) {
    this.revokeFailure = refuse(status, error, description, null);
    return this;
  }

  // ---- what happened ----

  /** Token requests so far. */
  public int requests() {
    return grants.size();
  }

  /** Every grant received, in order. */
  public List<Grant> grants() {
    return List.copyOf(grants);
  }

  /** Tokens revoked, in order. */
  public List<Secret> revoked() {
    return List.copyOf(revoked);
  }

  /** The server's current time. */
  public Instant serverNow() {
    return clock.instant().plus(serverSkew);
  }

  // ---- TokenTransport ----

  @Override
  public TokenReply exchange(Grant grant) {
    grants.add(grant);
    onRequest.run();
    Function<Grant, TokenReply> next;
    synchronized (this) {
      next = script.poll();
    }
    return next != null ? next.apply(grant) : otherwise.apply(grant);
  }

  @Override
  public void revoke(ClientCredentials client, Secret token) {
    TokenReply.Refused failure = revokeFailure;
    if (failure != null) {
      throw failure.error();
    }
    revoked.add(token);
  }

  // ---- replies as a wire transport would make them ----

  /** The next default token, {@code token-N}, living {@link #lifetime(Duration)}. */
  public TokenReply.Issued issueNext() {
    return issue("token-" + issued.incrementAndGet(), defaultLifetime);
  }

  /** A token reply stamped with the local clock, as a real transport stamps it. */
  public TokenReply.Issued issue(String value, Duration expiresIn) {
    return new TokenReply.Issued(
        AccessToken.bearer(value, clock.instant(), expiresIn), httpDate(serverNow()));
  }

  /**
   * An error reply, classified as a real transport classifies it: Box's own (JSON error body) when
   * it has an {@code error} code.
   */
  public TokenReply.Refused refuse(
      int status, String error, String description, String retryAfter) {
    Instant date = httpDate(serverNow());
    return new TokenReply.Refused(
        BoxErrors.classify(status, error, description, BoxErrors.parseRetryAfter(retryAfter, date)),
        date,
        error != null && !error.isEmpty());
  }

  /** A reply that is not Box's (a proxy's error page) with this {@code Date}. */
  public TokenReply.Refused proxyError(int status, Instant date) {
    return new TokenReply.Refused(
        new EndpointUnavailableException(
            status, "HTTP " + status + " with an HTML body", true, null),
        date,
        false);
  }

  /** HTTP dates have whole seconds. */
  private static Instant httpDate(Instant t) {
    return Instant.ofEpochSecond(t.getEpochSecond());
  }
}
