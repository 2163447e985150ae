package dev.boxauth.micrometer;

import dev.boxauth.port.TokenEvent;
import dev.boxauth.port.TokenListener;
import dev.boxauth.service.TokenStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * boxauth's token events as Micrometer meters: a {@link TokenListener} to hand to boxauth and a
 * {@link MeterBinder} to bind to any registry. Needs no framework:
 *
 * <pre>{@code
 * BoxAuthMetrics metrics = new BoxAuthMetrics(BoxAuthMetrics.Grant.JWT);
 * BoxAuth auth = BoxAuth.builder().config(path).listener(metrics).build();
 * metrics.statusFrom(auth::status).bindTo(registry);
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code boxauth.token.requests}</td><td>counter</td><td>{@code grant}, {@code outcome}
 *       </td><td>requests sent to Box's token endpoint, retries included: {@code outcome} is
 *       {@code success} or {@code failure}</td></tr>
 *   <tr><td>{@code boxauth.token.request}</td><td>timer</td><td>{@code grant}, {@code outcome}
 *       </td><td>the time to get a token, retries and waits included</td></tr>
 *   <tr><td>{@code boxauth.token.ttl}</td><td>gauge, seconds</td><td></td><td>until the soonest
 *       cached token expires; NaN while none is cached</td></tr>
 *   <tr><td>{@code boxauth.clock.offset}</td><td>gauge, seconds</td><td></td><td>Box's clock
 *       minus this host's, as learned from Box's replies</td></tr>
 *   <tr><td>{@code boxauth.store.failures}</td><td>counter</td><td></td><td>token store
 *       operations that failed (e.g. Redis unreachable) and were bypassed</td></tr>
 * </table>
 *
 * <p>{@code grant} is the app's grant ({@code jwt} or {@code client_credentials}), or {@code
 * token_exchange} for downscoping. No tag names a user, an enterprise or a client, so the number of
 * series stays fixed however many users the app acts for. A downscope that fails after all its
 * attempts is not counted: boxauth reports no event for it.
 *
 * <p>Counters count from construction, so requests made before a registry is bound (at start-up)
 * are not lost; the timer records from binding on. The gauges read {@link #statusFrom(Supplier)}
 * when scraped: cached state only, never a token request. Thread-safe; binding to several
 * registries is allowed.
 */
public final class BoxAuthMetrics implements TokenListener, MeterBinder {

  /** The app's grant, the value of the {@code grant} tag for its token requests. */
  public enum Grant {
    /** A JWT app: assertions signed with the app's key. */
    JWT("jwt"),
    /** A Client Credentials Grant app. */
    CLIENT_CREDENTIALS("client_credentials");

    private final String tag;

    Grant(String tag) {
      this.tag = tag;
    }

    /** The tag value, e.g. {@code jwt}. */
    public String tag() {
      return tag;
    }
  }

  static final String TOKEN_EXCHANGE = "token_exchange";
  private static final int APP = 0;
  private static final int EXCHANGE = 1;
  private static final int SUCCESS = 0;
  private static final int FAILURE = 1;
  private static final String[] OUTCOMES = {"success", "failure"};

  private final String[] grants;
  private final Clock clock;
  private final LongAdder[][] requests = {
    {new LongAdder(), new LongAdder()}, {new LongAdder(), new LongAdder()}
  };
  private final LongAdder storeFailures = new LongAdder();
  private final List<Timer[][]> timers = new CopyOnWriteArrayList<>();
  private volatile Supplier<TokenStatus> status;

  /** Metrics for an app using {@code grant}, on the system clock. */
  public BoxAuthMetrics(Grant grant) {
    this(grant, Clock.systemUTC());
  }

  /**
   * Metrics for an app using {@code grant}.
   *
   * @param clock this host's wall clock, the one boxauth reports expiry instants on
   */
  public BoxAuthMetrics(Grant grant, Clock clock) {
    this.grants = new String[] {Objects.requireNonNull(grant, "grant").tag(), TOKEN_EXCHANGE};
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Where the gauges read cached state, typically {@code auth::status}; called on each scrape, it
   * must not block. Until it is set, or while it throws, the gauges read NaN.
   *
   * @return this
   */
  public BoxAuthMetrics statusFrom(Supplier<TokenStatus> status) {
    this.status = Objects.requireNonNull(status, "status");
    return this;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Timer[][] bound = new Timer[2][2];
    for (int g = 0; g < 2; g++) {
      for (int o = 0; o < 2; o++) {
        FunctionCounter.builder("boxauth.token.requests", requests[g][o], LongAdder::sum)
            .description("Requests sent to Box's token endpoint, retries included")
            .tags("grant", grants[g], "outcome", OUTCOMES[o])
            .register(registry);
        bound[g][o] =
            Timer.builder("boxauth.token.request")
                .description("Time to get a token from Box, retries and waits included")
                .tags("grant", grants[g], "outcome", OUTCOMES[o])
                .register(registry);
      }
    }
    FunctionCounter.builder("boxauth.store.failures", storeFailures, LongAdder::sum)
        .description("Token store operations that failed and were bypassed")
        .register(registry);
    Gauge.builder("boxauth.token.ttl", this, BoxAuthMetrics::ttlSeconds)
        .description("Seconds until the soonest cached token expires; NaN while none is cached")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
    Gauge.builder("boxauth.clock.offset", this, BoxAuthMetrics::clockOffsetSeconds)
        .description("Box's clock minus this host's, in seconds, as learned from Box's replies")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
    timers.add(bound);
  }

  @Override
  public void on(TokenEvent event) {
    if (event instanceof TokenEvent.Issued issued) {
      succeeded(APP, issued.attempts(), issued.latency());
    } else if (event instanceof TokenEvent.Failed failed) {
      requests[APP][FAILURE].add(failed.attempts());
      record(APP, FAILURE, failed.latency());
    } else if (event instanceof TokenEvent.Downscoped downscoped) {
      succeeded(EXCHANGE, downscoped.attempts(), downscoped.latency());
    } else if (event instanceof TokenEvent.StoreFailed) {
      storeFailures.increment();
    }
  }

  /** The last attempt succeeded; every attempt before it failed. */
  private void succeeded(int grant, int attempts, Duration latency) {
    requests[grant][SUCCESS].increment();
    requests[grant][FAILURE].add(Math.max(0, attempts - 1));
    record(grant, SUCCESS, latency);
  }

  private void record(int grant, int outcome, Duration latency) {
    for (Timer[][] bound : timers) {
      bound[grant][outcome].record(latency);
    }
  }

  double ttlSeconds() {
    return currentStatus()
        .flatMap(TokenStatus::soonestExpiry)
        .map(expiry -> Duration.between(clock.instant(), expiry).toMillis() / 1000.0)
        .orElse(Double.NaN);
  }

  double clockOffsetSeconds() {
    return currentStatus().map(s -> s.serverClockOffset().toMillis() / 1000.0).orElse(Double.NaN);
  }

  private Optional<TokenStatus> currentStatus() {
    Supplier<TokenStatus> source = status;
    if (source == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(source.get());
    } catch (RuntimeException e) {
      // A scrape must never fail: e.g. the BoxAuth it reads is not built yet, or is closed.
      return Optional.empty();
    }
  }
}
