package dev.boxauth.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.domain.KeyException;
import dev.boxauth.domain.KeyException.Problem;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.spec.PBEParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyToolsTest {
  private static final char[] PASS = "correct-horse-battery".toCharArray();

  @ParameterizedTest
  @ValueSource(ints = {2048, 3072, 4096})
  void generateRsaKeyPair_offeredSizes_haveThatModulus(int bits) {
    KeyPair pair = KeyTools.generateRsaKeyPair(bits);

    assertThat(((RSAPublicKey) pair.getPublic()).getModulus().bitLength()).isEqualTo(bits);
    assertThat(KeyTools.describe(pair.getPrivate()))
        .isEqualTo(new KeyTools.KeyDescription("RSA", bits));
  }

  @ParameterizedTest
  @ValueSource(ints = {1024, 2047, 8192})
  void generateRsaKeyPair_otherSizes_refusedNamingBits(int bits) {
    assertThatThrownBy(() -> KeyTools.generateRsaKeyPair(bits))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("bits"));
  }

  @Test
  void encryptedPrivateKeyPem_isPbes2HmacSha256Aes256_andReadsBack() throws Exception {
    PrivateKey key = TestKeys.rsa().getPrivate();

    String pem = KeyTools.encryptedPrivateKeyPem(key, PASS);

    assertThat(pem)
        .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
        .endsWith("-----END ENCRYPTED PRIVATE KEY-----\n");
    EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(Fixtures.der(pem));
    assertThat(info.getAlgParameters().toString()).isEqualTo("PBEWithHmacSHA256AndAES_256");
    assertThat(info.getAlgParameters().getParameterSpec(PBEParameterSpec.class).getIterationCount())
        .isEqualTo(KeyTools.PBKDF2_ITERATIONS);
    assertThat(KeyTools.readPrivateKey(pem, PASS).getEncoded()).isEqualTo(key.getEncoded());
    assertThat(new String(PASS)).isEqualTo("correct-horse-battery");
  }

  @Test
  void encryptedPrivateKeyPem_twice_usesFreshSaltAndIv() {
    PrivateKey key = TestKeys.rsa().getPrivate();

    assertThat(KeyTools.encryptedPrivateKeyPem(key, PASS))
        .isNotEqualTo(KeyTools.encryptedPrivateKeyPem(key, PASS));
  }

  @Test
  void encryptedPrivateKeyPem_weakOrNonAsciiPassphrase_refused() {
    PrivateKey key = TestKeys.rsa().getPrivate();

    assertThatThrownBy(() -> KeyTools.encryptedPrivateKeyPem(key, "short".toCharArray()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("passphrase")
        .hasMessageNotContaining("short:");
    assertThatThrownBy(() -> KeyTools.encryptedPrivateKeyPem(key, "päss-wörd-long".toCharArray()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ASCII")
        .hasMessageNotContaining("päss");
  }

  @Test
  void readPrivateKey_wrongOrMissingPassphrase_typed() {
    String pem = KeyTools.encryptedPrivateKeyPem(TestKeys.rsa().getPrivate(), PASS);

    assertThatThrownBy(() -> KeyTools.readPrivateKey(pem, "wrong-passphrase".toCharArray()))
        .isInstanceOfSatisfying(
            KeyException.class, e -> assertThat(e.problem()).isEqualTo(Problem.WRONG_PASSPHRASE));
    assertThatThrownBy(() -> KeyTools.readPrivateKey(pem, null))
        .isInstanceOfSatisfying(
            KeyException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.PASSPHRASE_REQUIRED));
  }

  @Test
  void publicKeyPem_andPublicKeyOf_giveTheUploadablePublicKey() throws Exception {
    KeyPair pair = TestKeys.rsa();

    String pem = KeyTools.publicKeyPem(KeyTools.publicKeyOf(pair.getPrivate()));

    assertThat(pem)
        .startsWith("-----BEGIN PUBLIC KEY-----\n")
        .endsWith("-----END PUBLIC KEY-----\n");
    assertThat(pem.lines().filter(l -> !l.startsWith("-----")).allMatch(l -> l.length() <= 64))
        .isTrue();
    assertThat(
            KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Fixtures.der(pem))))
        .isEqualTo(pair.getPublic());
  }

  @Test
  void publicKeyOf_keyWithoutCrtParts_unsupported() throws Exception {
    PrivateKey bare = nonCrt((RSAPrivateCrtKey) TestKeys.rsa().getPrivate());

    assertThatThrownBy(() -> KeyTools.publicKeyOf(bare))
        .isInstanceOfSatisfying(
            KeyException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED));
  }

  @Test
  void toTinkKeyset_keyWithoutCrtParts_unsupported() throws Exception {
    PrivateKey bare = nonCrt((RSAPrivateCrtKey) TestKeys.rsa().getPrivate());

    assertThatThrownBy(() -> KeyTools.toTinkKeyset(bare, new KeyId("k"), SignatureAlgorithm.RS256))
        .isInstanceOfSatisfying(
            KeyException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED));
  }

  @Test
  void toTinkKeyset_shortKey_weak() {
    PrivateKey weak = TestKeys.generate(1024).getPrivate();

    assertThatThrownBy(() -> KeyTools.toTinkKeyset(weak, new KeyId("k"), SignatureAlgorithm.RS256))
        .isInstanceOfSatisfying(
            KeyException.class, e -> assertThat(e.problem()).isEqualTo(Problem.WEAK));
  }

  @Test
  void encryptedTinkKeysetJson_thenLoad_signsWithTheConfigsKeyId(@TempDir Path dir)
      throws Exception {
    Path kek = Files.writeString(dir.resolve("kek.json"), KeyTools.newKekKeysetJson());
    BoxAppConfig config =
        BoxAppConfig.parse(
            Fixtures.configJson(Fixtures.text("rsa2048.pkcs1-aes128.pem"), Fixtures.PASSPHRASE));

    Path out =
        Files.writeString(
            dir.resolve("box-keyset.json"),
            KeyTools.encryptedTinkKeysetJson(config, SignatureAlgorithm.RS256, kek));
    TinkKeySource source = TinkKeyConfig.builder().keysetFile(out).kekFile(kek).build().load();

    assertThat(source.current().keyId().value()).isEqualTo(Fixtures.KEY_ID);
    assertThat(source.current().algorithm()).isEqualTo(SignatureAlgorithm.RS256);
    assertThat(Files.readString(out)).doesNotContain("privateExponent");
  }

  @Test
  void newKekKeysetJson_isAFreshAesGcmKeysetEachTime() {
    String a = KeyTools.newKekKeysetJson();

    assertThat(a).contains("AesGcmKey");
    assertThat(KeyTools.newKekKeysetJson()).isNotEqualTo(a);
  }

  @Test
  void encryptedTinkKeysetJson_wrongConfigPassphrase_typedKeyError(@TempDir Path dir)
      throws Exception {
    Path kek = Files.writeString(dir.resolve("kek.json"), KeyTools.newKekKeysetJson());
    BoxAppConfig config =
        BoxAppConfig.parse(
            Fixtures.configJson(Fixtures.text("rsa2048.pbes2-aes256-sha256.pem"), "wrong-one"));

    assertThatThrownBy(
            () -> KeyTools.encryptedTinkKeysetJson(config, SignatureAlgorithm.RS256, kek))
        .isInstanceOfSatisfying(
            KeyException.class, e -> assertThat(e.problem()).isEqualTo(Problem.WRONG_PASSPHRASE));
  }

  private static PrivateKey nonCrt(RSAPrivateCrtKey crt) throws Exception {
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new RSAPrivateKeySpec(crt.getModulus(), crt.getPrivateExponent()));
  }
}
