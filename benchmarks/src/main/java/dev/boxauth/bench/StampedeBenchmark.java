package dev.boxauth.bench;

import dev.boxauth.BoxAuth;
import dev.boxauth.port.TokenSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cold stampede: {@code threads} threads, started and parked beforehand, ask a new {@code
 * BoxAuth} (empty cache, no connection yet) for the enterprise token at the same instant. Each
 * operation is one stampede, timed until every thread has its token; the token requests each
 * stampede caused are written to the results file ({@code bench.results}) as {@code jmh-stampede}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(1)
@State(Scope.Benchmark)
public class StampedeBenchmark {

  /** How many threads ask at once. */
  @Param({"256"})
  public int threads;

  private EmulatorTarget target;
  private final List<Long> requests = new ArrayList<>();
  private final List<Integer> failures = new ArrayList<>();
  private BoxAuth auth;
  private List<Thread> parked;
  private CountDownLatch go;
  private CountDownLatch done;
  private AtomicInteger failed;
  private long requestsBefore;

  /** The emulator, for the whole run. */
  @Setup(Level.Trial)
  public void open() {
    target = EmulatorTarget.open();
  }

  /** A cold client and the parked threads. */
  @Setup(Level.Iteration)
  public void arm() throws InterruptedException {
    auth = target.newBoxAuth();
    TokenSource source = auth.enterprise();
    CountDownLatch ready = new CountDownLatch(threads);
    go = new CountDownLatch(1);
    done = new CountDownLatch(threads);
    failed = new AtomicInteger();
    parked = new ArrayList<>(threads);
    for (int i = 0; i < threads; i++) {
      Thread t =
          new Thread(
              () -> {
                ready.countDown();
                try {
                  go.await();
                  source.token();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  failed.incrementAndGet();
                } catch (RuntimeException e) {
                  failed.incrementAndGet();
                } finally {
                  done.countDown();
                }
              });
      t.setDaemon(true);
      t.start();
      parked.add(t);
    }
    ready.await();
    requestsBefore = target.tokenRequests();
  }

  /** Releases the threads; returns when all have a token. */
  @Benchmark
  public int stampede() throws InterruptedException {
    go.countDown();
    done.await();
    return failed.get();
  }

  /** Counts the stampede's requests; closes the client. */
  @TearDown(Level.Iteration)
  public void disarm() throws InterruptedException {
    requests.add(target.tokenRequests() - requestsBefore);
    failures.add(failed.get());
    for (Thread t : parked) {
      t.join();
    }
    auth.close();
  }

  /** Reports the requests of every stampede (warm-up included). */
  @TearDown(Level.Trial)
  public void close() {
    ResultsFile.append(
        JsonLine.of(BoxAuthDriver.CLIENT, "jmh-stampede")
            .put("threads", threads)
            .put("target", target.describe())
            .put("requestsPerStampede", requests)
            .put("failuresPerStampede", failures));
    target.close();
  }
}
