package dev.boxauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The JUnit 5 extension, used as users use it, and run through the launcher for its lifecycle. */
@ExtendWith(BoxEmulatorExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BoxEmulatorExtensionTest {
  BoxEmulator emulator;
  EmulatedApp app;
  @BoxConfigJson String config;

  @Test
  @Order(1)
  void fieldsAndParameters_areTheClassesEmulatorAndApp(
      BoxEmulator e, EmulatedApp a, @BoxConfigJson String json) {
    assertThat(e).isSameAs(emulator);
    assertThat(a).isSameAs(app);
    assertThat(json).isEqualTo(app.configJson()).isEqualTo(config);
    assertThat(app.authMethod()).isEqualTo(EmulatedApp.AuthMethod.JWT);
    assertThat(emulator.isTls()).isFalse();
  }

  @Test
  @Order(2)
  void injectedApp_getsTokensFromTheInjectedEmulator() {
    Http.Reply reply =
        Http.post(emulator.tokenUrl(), Forge.jwtForm(app, Forge.assertion(app, Forge.claims(app))));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(emulator.introspect(reply.get("access_token")).isLive()).isTrue();
  }

  @Test
  @Order(3)
  void aTestThatLeavesFaultsAndSkewBehind() {
    emulator.faults().failNext(3, 503);
    emulator.clock().skew(Duration.ofHours(1));
    Http.post(emulator.tokenUrl(), Http.form());

    assertThat(emulator.tokenRequests()).isEqualTo(1);
  }

  @Test
  @Order(4)
  void nextTest_findsTheEmulatorReset() {
    assertThat(emulator.faults().pending()).isZero();
    assertThat(emulator.clock().skew()).isZero();
    assertThat(emulator.tokenRequests()).isZero();
  }

  @Nested
  class Inner {
    @Test
    void nestedClass_sharesTheOuterEmulator(BoxEmulator e, EmulatedApp a) {
      assertThat(e).isSameAs(emulator);
      assertThat(a).isSameAs(app);
    }
  }

  /** Run by the launcher below, not by Surefire (nested static classes are excluded). */
  @ExtendWith(BoxEmulatorExtension.class)
  static class PlainSample {
    static volatile BoxEmulator seen;

    @Test
    void one(BoxEmulator e) {
      seen = e;
    }

    @Test
    void two(BoxEmulator e) {
      assertThat(e).isSameAs(seen);
    }
  }

  static class TlsSample {
    @RegisterExtension static final BoxEmulatorExtension EMULATOR = BoxEmulatorExtension.tls();
    static volatile BoxEmulator seen;

    @Test
    void tokenOverTls(BoxEmulator e, EmulatedApp a) throws Exception {
      seen = e;
      Http.Reply reply =
          Http.post(
              TlsTest.trusting(e.trustStore()),
              e.tokenUrl(),
              Forge.jwtForm(a, Forge.assertion(a, Forge.claims(a))));
      assertThat(e.isTls()).isTrue();
      assertThat(reply.status()).isEqualTo(200);
    }
  }

  /** Static fields, set before {@code @BeforeAll}; a CCG app. */
  static class CcgStaticSample {
    @RegisterExtension static final BoxEmulatorExtension EMULATOR = BoxEmulatorExtension.ccg();
    static BoxEmulator emulator;
    static EmulatedApp app;
    static volatile BoxEmulator seenInBeforeAll;

    @BeforeAll
    static void before() {
      seenInBeforeAll = emulator;
    }

    @Test
    void staticFields_areTheClassesEmulatorAndCcgApp(BoxEmulator e, EmulatedApp a) {
      assertThat(seenInBeforeAll).isSameAs(e);
      assertThat(app).isSameAs(a);
      assertThat(a.authMethod()).isEqualTo(EmulatedApp.AuthMethod.CCG);
      Http.Reply reply = Http.post(e.tokenUrl(), Forge.ccgForm(a, "enterprise", a.enterpriseId()));
      assertThat(reply.status()).isEqualTo(200);
    }
  }

  private static TestExecutionSummary run(Class<?> testClass) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create(
            LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .build())
        .execute(
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
            listener);
    return listener.getSummary();
  }

  @Test
  @Order(5)
  void extension_startsOneEmulatorPerClassAndClosesItAfterwards() {
    TestExecutionSummary summary = run(PlainSample.class);

    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    assertThat(summary.getTotalFailureCount()).isZero();
    assertThat(PlainSample.seen).isNotNull().isNotSameAs(emulator);
    assertThat(PlainSample.seen.isClosed()).isTrue();
  }

  @Test
  @Order(6)
  void tlsExtension_servesHttps() {
    TestExecutionSummary summary = run(TlsSample.class);

    assertThat(summary.getTotalFailureCount()).isZero();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    assertThat(TlsSample.seen.isClosed()).isTrue();
  }

  @Test
  @Order(7)
  void ccgExtension_setsStaticFieldsBeforeBeforeAll_andClosesTheEmulator() {
    TestExecutionSummary summary = run(CcgStaticSample.class);

    assertThat(summary.getTotalFailureCount()).isZero();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    assertThat(CcgStaticSample.emulator).isNotSameAs(emulator);
    assertThat(CcgStaticSample.emulator.isClosed()).isTrue();
  }
}
