package dev.boxauth.bench;

import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.keystore.BoxAppConfig;
import dev.boxauth.keystore.BoxConfigKeyModule;
import dev.boxauth.keystore.KeyTools;
import dev.boxauth.keystore.Pkcs12KeyConfig;
import dev.boxauth.keystore.Pkcs12KeyModule;
import dev.boxauth.keystore.TinkKeyConfig;
import dev.boxauth.keystore.TinkKeyModule;
import dev.boxauth.port.AssertionSigner;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.EmulatedApp.KeyEncryption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading a key until it can sign: a Guice injector over the key module, as {@code BoxAuth} builds
 * it, then its {@code AssertionSigner}. boxauth pays this once per process.
 *
 * <ul>
 *   <li>{@code CONSOLE_PEM}: the Box console's config JSON (parsed), its encrypted PKCS#8 key
 *       decrypted: PBES2, PBKDF2-HMAC-SHA1 2048 iterations, DES-EDE3-CBC;
 *   <li>{@code PKCS12}: a PKCS#12 file as OpenSSL 3 writes it (AES-256-CBC, PBKDF2 2048, MAC);
 *   <li>{@code TINK_ENCRYPTED}: a Tink JWT keyset encrypted under a local AES-GCM key-encryption
 *       keyset (both files read);
 *   <li>{@code GUICE_ONLY}: an injector over a module binding one constant, the share of the
 *       figures above that is Guice's.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class KeyLoadingBenchmark {

  /** What is loaded. */
  public enum Source {
    /** The console's config JSON and encrypted PKCS#8 key. */
    CONSOLE_PEM,
    /** A PKCS#12 key store. */
    PKCS12,
    /** An encrypted Tink keyset. */
    TINK_ENCRYPTED,
    /** Guice alone. */
    GUICE_ONLY
  }

  /** What is loaded. */
  @Param({"CONSOLE_PEM", "PKCS12", "TINK_ENCRYPTED", "GUICE_ONLY"})
  public Source source;

  private Module module;

  /** Writes the key files the module will read. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String configJson;
    try (BoxEmulator emulator = BoxEmulator.start()) {
      configJson = emulator.newJwtApp().configJson(KeyEncryption.DES_EDE3_CBC);
    }
    switch (source) {
      case CONSOLE_PEM -> {
        String json = configJson;
        module = binder -> binder.install(new BoxConfigKeyModule(BoxAppConfig.parse(json)));
      }
      case PKCS12 ->
          module =
              new Pkcs12KeyModule(
                  Pkcs12KeyConfig.builder()
                      .file(BenchmarkKeys.pkcs12File())
                      .keyId(BenchmarkKeys.KEY_ID)
                      .storePassword(BenchmarkKeys.PKCS12_PASSWORD)
                      .build());
      case TINK_ENCRYPTED -> {
        Path dir = Files.createTempDirectory("bench-tink-");
        dir.toFile().deleteOnExit();
        Path kek = Files.writeString(dir.resolve("kek.json"), KeyTools.newKekKeysetJson());
        Path keyset =
            Files.writeString(
                dir.resolve("keyset.json"),
                KeyTools.encryptedTinkKeysetJson(
                    BoxAppConfig.parse(configJson), SignatureAlgorithm.RS256, kek));
        kek.toFile().deleteOnExit();
        keyset.toFile().deleteOnExit();
        module = new TinkKeyModule(TinkKeyConfig.builder().keysetFile(keyset).kekFile(kek).build());
      }
      case GUICE_ONLY -> module = binder -> binder.bind(String.class).toInstance("constant");
    }
  }

  /** One load. */
  @Benchmark
  public Object load() {
    var injector = Guice.createInjector(Stage.PRODUCTION, module);
    return source == Source.GUICE_ONLY
        ? injector.getInstance(String.class)
        : injector.getInstance(AssertionSigner.class);
  }
}
