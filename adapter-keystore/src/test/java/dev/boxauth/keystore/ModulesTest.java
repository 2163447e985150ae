package dev.boxauth.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.spi.Elements;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.boxauth.domain.AssertionClaims;
import dev.boxauth.domain.ClientId;
import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.AssertionSigner;
import dev.boxauth.port.KeySource;
import dev.boxauth.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each Guice module builds an injector whose signer signs verifiable Box assertions. */
class ModulesTest {
  private static final AssertionClaims CLAIMS =
      new AssertionClaims(
          new ClientId("client1"),
          Subject.enterprise("1234567"),
          AssertionClaims.BOX_AUDIENCE,
          "abcdefghijklmnopqrstuvwxyz",
          Instant.ofEpochSecond(1_767_225_630L));

  private static void assertSignsFor(Module module, RSAPublicKey publicKey, String kid, String alg)
      throws Exception {
    Injector injector = Guice.createInjector(module);

    SignedJWT jwt =
        SignedJWT.parse(injector.getInstance(AssertionSigner.class).sign(CLAIMS).reveal());

    assertThat(jwt.verify(new RSASSAVerifier(publicKey))).isTrue();
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(kid);
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo(alg);
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("1234567");
    assertThat(injector.getInstance(KeySource.class))
        .isSameAs(injector.getInstance(KeySource.class));
    assertThat(injector.getInstance(AssertionSigner.class))
        .isSameAs(injector.getInstance(AssertionSigner.class));
  }

  /** The starter unwraps this: the one error's cause is the typed exception. */
  private static KeyException creationFailure(Module module, Stage stage) {
    Throwable thrown = catchThrowable(() -> Guice.createInjector(stage, module));
    assertThat(thrown).isInstanceOf(CreationException.class);
    CreationException creation = (CreationException) thrown;
    // Guice may report the failure once per binding that needs the key; every cause is typed.
    assertThat(creation.getErrorMessages())
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m.getCause()).isInstanceOf(KeyException.class));
    assertThat(creation.getMessage()).doesNotContain(Fixtures.PASSPHRASE);
    return (KeyException) creation.getErrorMessages().iterator().next().getCause();
  }

  @Test
  void boxConfigModule_signsWithTheConfigsKeyAndKid() throws Exception {
    BoxAppConfig config =
        BoxAppConfig.parse(
            Fixtures.configJson(
                Fixtures.text("rsa2048.pbes2-aes256-sha256.pem"), Fixtures.PASSPHRASE));

    assertSignsFor(new BoxConfigKeyModule(config), Fixtures.publicKey(), Fixtures.KEY_ID, "RS256");
    assertSignsFor(
        new BoxConfigKeyModule(config, SignatureAlgorithm.RS512),
        Fixtures.publicKey(),
        Fixtures.KEY_ID,
        "RS512");
  }

  @Test
  void boxConfigModule_decryptingAhead_decryptsOnTheExecutorThenSignsTheSame() throws Exception {
    BoxAppConfig config =
        BoxAppConfig.parse(
            Fixtures.configJson(
                Fixtures.text("rsa2048.pbes2-aes256-sha256.pem"), Fixtures.PASSPHRASE));
    List<Runnable> tasks = new ArrayList<>();

    Module module =
        BoxConfigKeyModule.decryptingAhead(config, SignatureAlgorithm.RS384, tasks::add);

    assertThat(tasks).hasSize(1);
    tasks.get(0).run();
    assertSignsFor(module, Fixtures.publicKey(), Fixtures.KEY_ID, "RS384");
  }

  @ParameterizedTest
  @EnumSource(
      value = Stage.class,
      names = {"DEVELOPMENT", "PRODUCTION"})
  void boxConfigModule_decryptingAhead_badKey_failsInjectorCreationWithTheSameKeyException(
      Stage stage) {
    BoxAppConfig config =
        BoxAppConfig.parse(Fixtures.configJson(Fixtures.text("rsa1024.pk8.pem"), null));

    KeyException e =
        creationFailure(
            BoxConfigKeyModule.decryptingAhead(config, SignatureAlgorithm.RS256, Runnable::run),
            stage);

    assertThat(e.problem()).isEqualTo(KeyException.Problem.WEAK);
    assertThat(e.source()).isEqualTo("boxAppSettings.appAuth.privateKey in config JSON");
  }

  @Test
  void pemModule_signsWithTheFilesKey() throws Exception {
    assertSignsFor(
        new PemKeyModule(
            PemKeyConfig.builder()
                .file(Fixtures.path("rsa2048.pkcs1-aes256.pem"))
                .keyId("pem-kid")
                .passphrase(Fixtures.PASSPHRASE)
                .algorithm(SignatureAlgorithm.RS384)
                .build()),
        Fixtures.publicKey(),
        "pem-kid",
        "RS384");
  }

  @Test
  void pkcs12Module_signsWithTheStoresKey() throws Exception {
    assertSignsFor(
        new Pkcs12KeyModule(
            Pkcs12KeyConfig.builder()
                .file(Fixtures.path("rsa2048.p12"))
                .keyId("p12-kid")
                .storePassword(Fixtures.PASSPHRASE)
                .build()),
        Fixtures.publicKey(),
        "p12-kid",
        "RS256");
  }

  @Test
  void tinkModule_signsWithTheKeysetsPrimary_andHidesItsPlumbing(@TempDir Path dir)
      throws Exception {
    Path kek = Files.writeString(dir.resolve("kek.json"), KeyTools.newKekKeysetJson());
    BoxAppConfig config =
        BoxAppConfig.parse(
            Fixtures.configJson(
                Fixtures.text("rsa2048.pbes2-aes256-sha256.pem"), Fixtures.PASSPHRASE));
    Path keyset =
        Files.writeString(
            dir.resolve("keyset.json"),
            KeyTools.encryptedTinkKeysetJson(config, SignatureAlgorithm.RS384, kek));
    TinkKeyModule module =
        new TinkKeyModule(TinkKeyConfig.builder().keysetFile(keyset).kekFile(kek).build());

    assertSignsFor(module, Fixtures.publicKey(), Fixtures.KEY_ID, "RS384");
    assertThat(Guice.createInjector(module).getExistingBinding(Key.get(TinkKeySource.class)))
        .isNull();
  }

  @Test
  void tinkModule_cleartextKeyset_loads(@TempDir Path dir) throws Exception {
    Path keyset = dir.resolve("clear.json");
    Files.writeString(
        keyset,
        TinkJsonProtoKeysetFormat.serializeKeyset(
            KeyTools.toTinkKeyset(
                TestKeys.rsa().getPrivate(), new KeyId("t"), SignatureAlgorithm.RS256),
            InsecureSecretKeyAccess.get()));

    assertSignsFor(
        new TinkKeyModule(
            TinkKeyConfig.builder().keysetFile(keyset).insecureCleartext(true).build()),
        (RSAPublicKey) TestKeys.rsa().getPublic(),
        "t",
        "RS256");
  }

  @Test
  void configure_doesNoIo_soMissingFilesAreNotTouched() {
    Path missing = Path.of("/nonexistent/boxauth-key");

    assertThat(
            Elements.getElements(
                new PemKeyModule(PemKeyConfig.builder().file(missing).keyId("k").build())))
        .isNotEmpty();
    assertThat(
            Elements.getElements(
                new Pkcs12KeyModule(
                    Pkcs12KeyConfig.builder()
                        .file(missing)
                        .keyId("k")
                        .storePassword("pw")
                        .build())))
        .isNotEmpty();
    assertThat(
            Elements.getElements(
                new TinkKeyModule(
                    TinkKeyConfig.builder().keysetFile(missing).kekFile(missing).build())))
        .isNotEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = Stage.class,
      names = {"DEVELOPMENT", "PRODUCTION"})
  void badKey_failsInjectorCreation_withTheKeyExceptionAsCause(Stage stage) {
    KeyException e =
        creationFailure(
            new PemKeyModule(
                PemKeyConfig.builder()
                    .file(Fixtures.path("rsa2048.pbes2-aes256-sha256.pem"))
                    .keyId("k")
                    .passphrase("wrong-passphrase")
                    .build()),
            stage);

    assertThat(e.problem()).isEqualTo(KeyException.Problem.WRONG_PASSPHRASE);
    assertThat(e.source()).contains("rsa2048.pbes2-aes256-sha256.pem");
  }

  @Test
  void badKeyset_failsInjectorCreation_withTheKeyExceptionAsCause() {
    KeyException e =
        creationFailure(
            new TinkKeyModule(
                TinkKeyConfig.builder()
                    .keysetFile(Path.of("/nonexistent/k.json"))
                    .insecureCleartext(true)
                    .build()),
            Stage.DEVELOPMENT);

    assertThat(e.problem()).isEqualTo(KeyException.Problem.NOT_FOUND);
  }

  @Test
  void badConfigKey_failsInjectorCreation_namingTheConfigField() {
    BoxAppConfig config =
        BoxAppConfig.parse(Fixtures.configJson(Fixtures.text("rsa1024.pk8.pem"), null));

    KeyException e = creationFailure(new BoxConfigKeyModule(config), Stage.DEVELOPMENT);

    assertThat(e.problem()).isEqualTo(KeyException.Problem.WEAK);
    assertThat(e.source()).isEqualTo("boxAppSettings.appAuth.privateKey in config JSON");
  }

  @Test
  void badPkcs12_failsInjectorCreation_withTheKeyExceptionAsCause() {
    KeyException e =
        creationFailure(
            new Pkcs12KeyModule(
                Pkcs12KeyConfig.builder()
                    .file(Fixtures.path("rsa2048.p12"))
                    .keyId("k")
                    .storePassword(Fixtures.PASSPHRASE)
                    .alias("missing")
                    .build()),
            Stage.DEVELOPMENT);

    assertThat(e.problem()).isEqualTo(KeyException.Problem.NOT_FOUND);
  }
}
