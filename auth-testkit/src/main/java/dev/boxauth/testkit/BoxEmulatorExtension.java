package dev.boxauth.testkit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * A JUnit 5 extension that runs one {@link BoxEmulator} per test class, registers one app in it (a
 * JWT app with a freshly generated key, unless {@link #ccg()}), and injects them into tests.
 *
 * <pre>{@code
 * @ExtendWith(BoxEmulatorExtension.class)
 * class MyBoxClientTest {
 *   BoxEmulator emulator;          // fields of these types are filled in
 *   EmulatedApp app;
 *
 *   @Test
 *   void token_forServiceAccount_isLive(@BoxConfigJson String config) {
 *     MyClient client = MyClient.fromConfig(config, emulator.baseUrl());
 *     String token = client.enterpriseToken();
 *     assertThat(emulator.introspect(token).isLive()).isTrue();
 *   }
 *
 *   @Test
 *   void token_whenRateLimited_retries(BoxEmulator emulator, EmulatedApp app) {  // or parameters
 *     emulator.faults().rateLimitNext(1, Duration.ofSeconds(1));
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>For HTTPS register it with {@code @RegisterExtension static final BoxEmulatorExtension
 * EMULATOR = BoxEmulatorExtension.tls();} and trust {@link BoxEmulator#trustStore()}; for a Client
 * Credentials Grant app instead of a JWT app, with {@link #ccg()}.
 *
 * <p>Injected: parameters (of constructors, test, lifecycle and {@code @BeforeAll} methods) and
 * non-final fields of type {@link BoxEmulator} or {@link EmulatedApp}, and {@code String}s
 * annotated {@link BoxConfigJson}. Instance fields are set on each test instance; static fields
 * once, before the class's {@code @BeforeAll} methods, so static helpers can use them. The emulator
 * starts on first use in a test class (shared with its {@code @Nested} classes) and closes after
 * the class. Before each test it is {@link BoxEmulator#reset() reset}: no faults, no clock skew,
 * counters at zero; apps, users and tokens stay.
 */
public final class BoxEmulatorExtension
    implements BeforeAllCallback, BeforeEachCallback, ParameterResolver, TestInstancePostProcessor {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(BoxEmulatorExtension.class);

  private final boolean tls;
  private final EmulatedApp.AuthMethod appMethod;

  /** Plain HTTP and a JWT app; the constructor {@code @ExtendWith} uses. */
  public BoxEmulatorExtension() {
    this(false, EmulatedApp.AuthMethod.JWT);
  }

  private BoxEmulatorExtension(boolean tls, EmulatedApp.AuthMethod appMethod) {
    this.tls = tls;
    this.appMethod = appMethod;
  }

  /** An extension whose emulators serve HTTPS ({@link BoxEmulator#startTls()}), with a JWT app. */
  public static BoxEmulatorExtension tls() {
    return new BoxEmulatorExtension(true, EmulatedApp.AuthMethod.JWT);
  }

  /**
   * An extension whose app is a Client Credentials Grant app ({@link BoxEmulator#newCcgApp()}), on
   * plain HTTP. Such an app has no config JSON, so {@link BoxConfigJson} cannot be injected.
   */
  public static BoxEmulatorExtension ccg() {
    return new BoxEmulatorExtension(false, EmulatedApp.AuthMethod.CCG);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    inject(context.getRequiredTestClass(), null, context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    state(context).emulator.reset();
  }

  @Override
  public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
    inject(testInstance.getClass(), testInstance, context);
  }

  /** Sets the instance fields of {@code target}, or the static fields when it is null. */
  private void inject(Class<?> testClass, Object target, ExtensionContext context) {
    for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        int mods = field.getModifiers();
        if (Modifier.isStatic(mods) != (target == null)
            || Modifier.isFinal(mods)
            || !injectable(field.getType(), field.isAnnotationPresent(BoxConfigJson.class))) {
          continue;
        }
        try {
          field.setAccessible(true);
          field.set(target, value(field.getType(), state(context)));
        } catch (ReflectiveOperationException | RuntimeException e) {
          throw new ExtensionConfigurationException(
              "BoxEmulatorExtension cannot set field " + field.getName() + " of " + c.getName(), e);
        }
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext context) {
    Parameter p = parameterContext.getParameter();
    return injectable(p.getType(), parameterContext.isAnnotated(BoxConfigJson.class));
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
    try {
      return value(parameterContext.getParameter().getType(), state(context));
    } catch (RuntimeException e) {
      throw new ParameterResolutionException("BoxEmulatorExtension cannot start the emulator", e);
    }
  }

  private static boolean injectable(Class<?> type, boolean configAnnotated) {
    return type == BoxEmulator.class
        || type == EmulatedApp.class
        || (type == String.class && configAnnotated);
  }

  private static Object value(Class<?> type, State state) {
    if (type == BoxEmulator.class) {
      return state.emulator;
    }
    if (type == EmulatedApp.class) {
      return state.app;
    }
    return state.app.configJson();
  }

  private State state(ExtensionContext context) {
    return classContext(context)
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(State.class, k -> new State(tls, appMethod), State.class);
  }

  /** The context of the test class (so a method-level call finds the class's emulator). */
  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getElement().map(e -> !(e instanceof Class)).orElse(false)
        && c.getParent().isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }

  /** The emulator and app of one test class; closed with the class's store. */
  @SuppressWarnings("deprecation") // CloseableResource: closed by every JUnit 5 version
  static final class State implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final BoxEmulator emulator;
    final EmulatedApp app;

    State(boolean tls, EmulatedApp.AuthMethod appMethod) {
      this.emulator = tls ? BoxEmulator.startTls() : BoxEmulator.start();
      this.app =
          appMethod == EmulatedApp.AuthMethod.CCG ? emulator.newCcgApp() : emulator.newJwtApp();
    }

    @Override
    public void close() {
      emulator.close();
    }
  }
}
