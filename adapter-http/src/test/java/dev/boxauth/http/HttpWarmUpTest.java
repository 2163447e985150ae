package dev.boxauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.TokenReply;
import dev.boxauth.port.TokenTransport;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpWarmUpTest {
  private static final Grant GRANT =
      new Grant.ClientCredentialsGrant(
          ClientCredentials.of("client-1", "secret-1"), Subject.enterprise("42"));

  private final MockWebServer server = new MockWebServer();
  private final LinkedBlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();

  /** The warm-up's GET is answered once this opens. */
  private final CountDownLatch releaseWarmUp = new CountDownLatch(1);

  private final CountDownLatch warmUpArrived = new CountDownLatch(1);
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            requests.add(request);
            if (request.getMethod().equals("GET")) {
              warmUpArrived.countDown();
              releaseWarmUp.await();
              return MockBox.boxError(405, "method_not_allowed", "takes POST")
                  .setHeader("Allow", "POST")
                  .build();
            }
            return MockBox.token("T-1", 3600).build();
          }
        });
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    releaseWarmUp.countDown();
    for (AutoCloseable c : toClose) {
      c.close();
    }
    server.close();
  }

  private HttpTransportConfig config() {
    return HttpTransportConfig.builder().baseUrl(MockBox.baseUrl(server)).build();
  }

  private TokenTransport transportOf(HttpWarmUp warmUp) {
    TokenTransport transport =
        Guice.createInjector(
                warmUp.module(), binder -> binder.bind(Clock.class).toInstance(Clock.systemUTC()))
            .getInstance(TokenTransport.class);
    toClose.add((AutoCloseable) transport);
    toClose.add(warmUp);
    return transport;
  }

  /** Runs each task on a new daemon thread, and keeps the threads for joining. */
  private static final class Threads implements java.util.concurrent.Executor {
    final List<Thread> started = new ArrayList<>();

    @Override
    public void execute(Runnable task) {
      Thread t = new Thread(task, "warm-up-under-test");
      t.setDaemon(true);
      started.add(t);
      t.start();
    }

    void join() throws InterruptedException {
      for (Thread t : started) {
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(t.isAlive()).as("%s ended", t.getName()).isFalse();
      }
    }
  }

  @Test
  void start_opensTheConnectionWithAGet_andTheFirstRequestReusesIt() throws Exception {
    releaseWarmUp.countDown();
    HttpWarmUp warmUp = HttpWarmUp.start(config(), Runnable::run);

    TokenReply reply = transportOf(warmUp).exchange(GRANT);

    assertThat(reply).isInstanceOf(TokenReply.Issued.class);
    RecordedRequest warm = requests.take();
    RecordedRequest post = requests.take();
    assertThat(warm.getMethod()).isEqualTo("GET");
    assertThat(warm.getTarget()).isEqualTo("/oauth2/token");
    assertThat(warm.getHeaders().get("Authorization")).isNull();
    assertThat(warm.getBodySize()).isZero();
    assertThat(post.getMethod()).isEqualTo("POST");
    assertThat(post.getConnectionIndex()).isEqualTo(warm.getConnectionIndex());
  }

  @Test
  void firstRequest_whileTheWarmUpRuns_waitsForItAndReusesItsConnection() throws Exception {
    Threads threads = new Threads();
    HttpWarmUp warmUp = HttpWarmUp.start(config(), threads);
    TokenTransport transport = transportOf(warmUp);
    assertThat(warmUpArrived.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<TokenReply> reply = new CompletableFuture<>();
    Thread caller = new Thread(() -> reply.complete(transport.exchange(GRANT)));
    caller.setDaemon(true);
    caller.start();
    // Held at the gate (a timed wait); without it the request would go out on a new connection.
    while (caller.getState() != Thread.State.TIMED_WAITING && caller.isAlive()) {
      Thread.onSpinWait();
    }
    assertThat(reply).isNotDone();
    releaseWarmUp.countDown();

    assertThat(reply.get(10, TimeUnit.SECONDS)).isInstanceOf(TokenReply.Issued.class);
    RecordedRequest warm = requests.take();
    RecordedRequest post = requests.take();
    assertThat(post.getMethod()).isEqualTo("POST");
    assertThat(post.getConnectionIndex()).isEqualTo(warm.getConnectionIndex());
    threads.join();
  }

  @Test
  void start_unreachableEndpoint_isNoError_theFirstRequestReportsIt() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    HttpTransportConfig config =
        HttpTransportConfig.builder().baseUrl(URI.create("http://127.0.0.1:" + closedPort)).build();
    Threads threads = new Threads();

    HttpWarmUp warmUp = HttpWarmUp.start(config, threads);
    threads.join();
    TokenReply reply = transportOf(warmUp).exchange(GRANT);

    assertThat(reply)
        .isInstanceOfSatisfying(
            TokenReply.Refused.class,
            r ->
                assertThat(r.error())
                    .isInstanceOfSatisfying(
                        EndpointUnavailableException.class,
                        e -> assertThat(e.isTransient()).isTrue()));
  }

  @Test
  void close_whileTheWarmUpWaitsForItsReply_cancelsItAndItsThreadEnds() throws Exception {
    Threads threads = new Threads();
    HttpWarmUp warmUp = HttpWarmUp.start(config(), threads);
    assertThat(warmUpArrived.await(10, TimeUnit.SECONDS)).isTrue();

    warmUp.close();

    threads.join();
    assertThat(warmUp.client().connectionPool().connectionCount()).isZero();
  }

  @Test
  void close_beforeTheTaskRuns_sendsNothing() throws Exception {
    List<Runnable> tasks = new ArrayList<>();
    HttpWarmUp warmUp = HttpWarmUp.start(config(), tasks::add);

    warmUp.close();
    tasks.forEach(Runnable::run);

    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void connectionWarmUpOff_makesTheClientButSendsNothingBeforeTheFirstRequest() throws Exception {
    releaseWarmUp.countDown();
    HttpTransportConfig off = config().toBuilder().connectionWarmUp(false).build();
    HttpWarmUp warmUp = HttpWarmUp.start(off, Runnable::run);

    assertThat(warmUp.client()).isNotNull();
    assertThat(server.getRequestCount()).isZero();

    TokenReply reply = transportOf(warmUp).exchange(GRANT);

    assertThat(reply).isInstanceOf(TokenReply.Issued.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(requests.take().getMethod()).isEqualTo("POST");
  }
}
