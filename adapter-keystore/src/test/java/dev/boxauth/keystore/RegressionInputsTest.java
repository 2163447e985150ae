package dev.boxauth.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.boxauth.domain.AuthException;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every input of issue 12 that broke the promise "a typed error, quickly, with no secret in it",
 * kept in {@code src/test/resources/regressions} (see the README there) and fed to the code that
 * failed.
 */
class RegressionInputsTest {

  @Test
  void pbes1_with2147483647Iterations_isRefusedNamingCountCapAndFix() {
    KeyException e = keyError(() -> pemFile("pbes1-2147483647-iterations.pem"));

    assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED);
    assertThat(e.getMessage())
        .contains("2147483647")
        .contains(String.valueOf(PbeIterations.MAX))
        .contains("openssl pkcs8 -topk8");
  }

  @Test
  void pbes2_withTheOldCapOf10MillionIterations_isRefused() {
    KeyException e = keyError(() -> pemFile("pbes2-10000000-iterations.pem"));

    assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED);
    assertThat(e.getMessage()).contains("10000000").contains("600000");
  }

  @Test
  void pkcs12_with5MillionIterations_isRefusedBeforeTheJdkLoaderRuns() {
    KeyException e =
        keyError(
            () ->
                KeyTools.keySource(
                    Pkcs12KeyConfig.builder()
                        .file(path("pkcs12-5000000-iterations.p12"))
                        .keyId("kid")
                        .storePassword(Fixtures.PASSPHRASE)
                        .build()));

    assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED);
    assertThat(e.getMessage()).contains("PKCS#12 key store").contains("15000000");
  }

  @Test
  void pbes2_withAnEmptySalt_isMalformed() {
    KeyException e = keyError(() -> pemFile("pbes2-empty-salt.pem"));

    assertThat(e.problem()).isEqualTo(Problem.MALFORMED);
    assertThat(e.getMessage()).contains("salt is empty");
  }

  @Test
  void pkcs12_of19Bytes_isMalformedNotANullPointerException() {
    KeyException e =
        keyError(
            () ->
                KeyTools.keySource(
                    Pkcs12KeyConfig.builder()
                        .file(path("pkcs12-19-bytes.p12"))
                        .keyId("kid")
                        .storePassword(Fixtures.PASSPHRASE)
                        .build()));

    assertThat(e.problem()).isEqualTo(Problem.MALFORMED);
    assertThat(e.getCause()).isNull();
  }

  @Test
  void pem_ofOneMebibyteOfBeginLines_isTruncatedAfterOneScan() {
    String text = gunzip("one-mib-of-begin-lines.pem.gz");

    KeyException e = keyError(() -> KeyTools.readPrivateKey(text, null));

    assertThat(text.length()).isGreaterThan(1_000_000);
    assertThat(e.problem()).isEqualTo(Problem.MALFORMED);
    assertThat(e.getMessage()).contains("'CERTIFICATE' is truncated");
  }

  @Test
  void pemText_overOneMebibyte_isRefusedUnparsed() {
    String text = "-----BEGIN PRIVATE KEY-----\n" + "A".repeat(BoundedFile.MAX_BYTES);

    KeyException e = keyError(() -> KeyTools.readPrivateKey(text, null));

    assertThat(e.getMessage()).contains("more than the " + BoundedFile.MAX_BYTES);
  }

  @Test
  void pemLabel_withControlCharacters_isNotShown() {
    KeyException e = keyError(() -> pemFile("pem-label-with-control-characters.pem"));

    assertThat(e.getMessage()).contains("not shown").doesNotContain("\u001b").doesNotContain("[2J");
  }

  @Test
  void config_withAValueWhereANameGoes_namesTheSchemaFieldNotTheValue() {
    ConfigurationException e = configError("config-value-in-name-slot.json");

    assertThat(e.getMessage())
        .contains("not valid JSON")
        .contains("near a member Box's config does not have, in boxAppSettings.appAuth")
        .doesNotContain("hunter2");
    assertThat(e.getCause()).isNull();
  }

  @Test
  void config_withABadUnicodeEscape_keepsNoParserException() {
    ConfigurationException e = configError("config-bad-unicode-escape.json");

    assertThat(e.getMessage())
        .contains("near boxAppSettings.appAuth.passphrase")
        .doesNotContain("12G4")
        .doesNotContain("hunter2");
    assertThat(e.getCause()).isNull();
  }

  @Test
  void config_withAnEnterpriseIdForgingALogLine_namesTheFieldNotTheValue() {
    ConfigurationException e = configError("config-enterprise-id-forging-a-log-line.json");

    assertThat(e.field()).isEqualTo("enterpriseID");
    assertThat(e.getMessage())
        .contains("made of digits")
        .doesNotContain("\n")
        .doesNotContain("forged");
  }

  @Test
  void tinkKeyset_withoutAnEnabledPrimary_isMalformed() {
    KeyException e = keyError(() -> tink("tink-no-enabled-primary.json"));

    assertThat(e.problem()).isIn(Problem.MALFORMED, Problem.UNSUPPORTED);
    assertThat(e.getCause()).isNull();
  }

  @Test
  void tinkKeyset_withAKidBoxCantHave_isUnsupported() {
    for (String file :
        new String[] {"tink-kid-with-whitespace.json", "tink-kid-300-characters.json"}) {
      KeyException e = keyError(() -> tink(file));

      assertThat(e.problem()).as(file).isEqualTo(Problem.UNSUPPORTED);
      assertThat(e.getMessage()).as(file).contains("kid");
    }
  }

  @Test
  void configFile_devZero_isRefusedAtOnce() {
    ConfigurationException e =
        (ConfigurationException) catchThrowable(() -> BoxAppConfig.read(Path.of("/dev/zero")));

    assertThat(e.getMessage()).contains("not a regular file");
  }

  @Test
  void keyFiles_aFifoOrADirectory_areRefusedWithoutOpening(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("key.pem");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor()).isZero();

    KeyException pem =
        keyError(() -> KeyTools.keySource(PemKeyConfig.builder().file(fifo).keyId("kid").build()));
    KeyException p12 =
        keyError(
            () ->
                KeyTools.keySource(
                    Pkcs12KeyConfig.builder()
                        .file(fifo)
                        .keyId("kid")
                        .storePassword(Fixtures.PASSPHRASE)
                        .build()));
    KeyException tinkDir =
        keyError(
            () -> TinkKeyConfig.builder().keysetFile(dir).insecureCleartext(true).build().load());
    Throwable config = catchThrowable(() -> BoxAppConfig.read(fifo));

    assertThat(pem.getMessage()).contains("FIFO");
    assertThat(p12.getMessage()).contains("FIFO");
    assertThat(tinkDir.getMessage()).contains("directory");
    assertThat(config).isInstanceOf(ConfigurationException.class).hasMessageContaining("FIFO");
  }

  // ---- helpers ----

  private static Object pemFile(String name) {
    return KeyTools.keySource(
        PemKeyConfig.builder()
            .file(path(name))
            .keyId(Fixtures.KEY_ID)
            .passphrase(Fixtures.PASSPHRASE)
            .build());
  }

  private static Object tink(String name) {
    return TinkKeyConfig.builder().keysetFile(path(name)).insecureCleartext(true).build().load();
  }

  private static KeyException keyError(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(KeyException.class);
    assertNoSecret(thrown);
    return (KeyException) thrown;
  }

  private static ConfigurationException configError(String name) {
    Throwable thrown = catchThrowable(() -> BoxAppConfig.read(path(name)));
    assertThat(thrown).isInstanceOf(ConfigurationException.class);
    assertNoSecret(thrown);
    return (ConfigurationException) thrown;
  }

  private static void assertNoSecret(Throwable thrown) {
    assertThat(((AuthException) thrown).fix()).isNotBlank();
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage()))
          .doesNotContain(Fixtures.PASSPHRASE)
          .doesNotContain(Fixtures.CLIENT_SECRET)
          .doesNotContain("hunter2");
    }
  }

  static Path path(String name) {
    try {
      return Path.of(
          Objects.requireNonNull(
                  RegressionInputsTest.class.getResource("/regressions/" + name), name)
              .toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static String gunzip(String name) {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(path(name)))) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
