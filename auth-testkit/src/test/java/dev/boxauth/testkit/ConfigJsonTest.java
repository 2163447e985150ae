package dev.boxauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The app's config JSON and key material, checked with the JDK and nimbus only. */
@ExtendWith(BoxEmulatorExtension.class)
class ConfigJsonTest {
  private static BoxEmulator emulator;
  private static EmulatedApp app;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) throws Exception {
    return JSONObjectUtils.parse(json);
  }

  private static byte[] der(String pem) {
    return Base64.getMimeDecoder()
        .decode(
            pem.replace("-----BEGIN ENCRYPTED PRIVATE KEY-----", "")
                .replace("-----END ENCRYPTED PRIVATE KEY-----", ""));
  }

  @Test
  @SuppressWarnings("unchecked")
  void configJson_hasTheConsolesShapeAndTheAppsValues() throws Exception {
    Map<String, Object> config = parse(app.configJson());

    assertThat(config).containsOnlyKeys("boxAppSettings", "enterpriseID");
    assertThat(config.get("enterpriseID")).isEqualTo(app.enterpriseId()).isInstanceOf(String.class);
    Map<String, Object> settings = (Map<String, Object>) config.get("boxAppSettings");
    assertThat(settings)
        .containsOnlyKeys("clientID", "clientSecret", "appAuth")
        .containsEntry("clientID", app.clientId())
        .containsEntry("clientSecret", app.clientSecret());
    Map<String, Object> appAuth = (Map<String, Object>) settings.get("appAuth");
    assertThat(appAuth)
        .containsOnlyKeys("publicKeyID", "privateKey", "passphrase")
        .containsEntry("publicKeyID", app.keyId())
        .containsEntry("privateKey", app.privateKeyPem())
        .containsEntry("passphrase", app.passphrase());
    assertThat(app.configJson()).startsWith("{\n  \"boxAppSettings\": {\n    \"clientID\": ");
    assertThat(app.configJson()).isEqualTo(app.configJson());
  }

  @Test
  void ids_lookLikeTheConsoles() {
    assertThat(app.clientId()).matches("[a-z0-9]{32}");
    assertThat(app.clientSecret()).matches("[A-Za-z0-9]{32}");
    assertThat(app.keyId()).matches("[a-z0-9]{8}");
    assertThat(app.enterpriseId()).matches("[1-9][0-9]{8}");
    assertThat(app.newAppUser()).matches("[1-9][0-9]{10}");
  }

  @Test
  void privateKeyPem_isPbes2Aes256PemThatTheJdkDecryptsToTheAppsKey() throws Exception {
    String pem = app.privateKeyPem();
    EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der(pem));
    String algorithm = info.getAlgParameters().toString();
    Cipher cipher = Cipher.getInstance(algorithm);
    cipher.init(
        Cipher.DECRYPT_MODE,
        SecretKeyFactory.getInstance(algorithm)
            .generateSecret(new PBEKeySpec(app.passphrase().toCharArray())),
        info.getAlgParameters());

    PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(info.getKeySpec(cipher));

    assertThat(pem)
        .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
        .endsWith("-----END ENCRYPTED PRIVATE KEY-----\n");
    assertThat(pem.lines().mapToInt(String::length).max().orElseThrow()).isEqualTo(64);
    assertThat(info.getAlgName()).isIn("PBES2", "1.2.840.113549.1.5.13");
    assertThat(algorithm).isEqualTo("PBEWithHmacSHA256AndAES_256");
    assertThat(key.getEncoded()).isEqualTo(app.keyPair().getPrivate().getEncoded());
  }

  /** The DER prefix of three real console config files: PBES2, PBKDF2 (8-byte salt). */
  private static final byte[] CONSOLE_PREFIX =
      HexFormat.of()
          .parseHex(
              "3040" // SEQUENCE: the encryption algorithm
                  + "06092a864886f70d01050d" // OID 1.2.840.113549.1.5.13, PBES2
                  + "3033" // SEQUENCE: PBES2 parameters
                  + "301b06092a864886f70d01050c" // SEQUENCE, OID 1.2.840.113549.1.5.12, PBKDF2
                  + "300e0408"); // SEQUENCE: PBKDF2 parameters; OCTET STRING, 8 bytes of salt

  /** After the salt: 2048 iterations, then DES-EDE3-CBC with an 8-byte IV. */
  private static final byte[] CONSOLE_MIDDLE =
      HexFormat.of()
          .parseHex(
              "02020800" // INTEGER 2048
                  + "301406082a864886f70d0307" // SEQUENCE, OID 1.2.840.113549.3.7, DES-EDE3-CBC
                  + "0408"); // OCTET STRING, 8 bytes of IV

  @Test
  void privateKeyPem_desEde3_hasTheConsolesStructureAndDecryptsToTheAppsKey() throws Exception {
    byte[] der = der(app.privateKeyPem(EmulatedApp.KeyEncryption.DES_EDE3_CBC));

    assertThat(Arrays.copyOfRange(der, 4, 4 + CONSOLE_PREFIX.length)).isEqualTo(CONSOLE_PREFIX);
    int afterSalt = 4 + CONSOLE_PREFIX.length + 8;
    assertThat(Arrays.copyOfRange(der, afterSalt, afterSalt + CONSOLE_MIDDLE.length))
        .isEqualTo(CONSOLE_MIDDLE);

    byte[] salt = Arrays.copyOfRange(der, 4 + CONSOLE_PREFIX.length, afterSalt);
    int ivAt = afterSalt + CONSOLE_MIDDLE.length;
    byte[] iv = Arrays.copyOfRange(der, ivAt, ivAt + 8);
    int octetsAt = ivAt + 8;
    assertThat(der[octetsAt]).isEqualTo((byte) 0x04);
    assertThat(der[octetsAt + 1]).isEqualTo((byte) 0x82);
    int length = ((der[octetsAt + 2] & 0xff) << 8) | (der[octetsAt + 3] & 0xff);
    byte[] encrypted = Arrays.copyOfRange(der, octetsAt + 4, octetsAt + 4 + length);
    assertThat(octetsAt + 4 + length).isEqualTo(der.length);

    byte[] derived =
        SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1")
            .generateSecret(new PBEKeySpec(app.passphrase().toCharArray(), salt, 2048, 192))
            .getEncoded();
    Cipher cipher = Cipher.getInstance("DESede/CBC/PKCS5Padding");
    cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(derived, "DESede"), new IvParameterSpec(iv));
    byte[] pkcs8 = cipher.doFinal(encrypted);

    assertThat(pkcs8).isEqualTo(app.keyPair().getPrivate().getEncoded());
  }

  /**
   * Pins the trap the console's key format sets for a JDK-only decoder (docs/token-endpoint.md,
   * "The app's config file").
   */
  @Test
  void jdkEncryptedPrivateKeyInfo_refusesTheConsolesDesEde3Form() {
    byte[] der = der(app.privateKeyPem(EmulatedApp.KeyEncryption.DES_EDE3_CBC));

    assertThatThrownBy(() -> new EncryptedPrivateKeyInfo(der))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("AES");
  }

  @Test
  void configJson_keySignsAnAssertionTheEmulatorAccepts() throws Exception {
    EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der(app.privateKeyPem()));
    String algorithm = info.getAlgParameters().toString();
    Cipher cipher = Cipher.getInstance(algorithm);
    cipher.init(
        Cipher.DECRYPT_MODE,
        SecretKeyFactory.getInstance(algorithm)
            .generateSecret(new PBEKeySpec(app.passphrase().toCharArray())),
        info.getAlgParameters());
    PrivateKey key =
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(info.getKeySpec(cipher).getEncoded()));

    String assertion = Forge.sign(key, JWSAlgorithm.RS256, app.keyId(), Forge.claims(app));

    assertThat(Http.post(emulator.tokenUrl(), Forge.jwtForm(app, assertion)).status())
        .isEqualTo(200);
  }

  @Test
  void newJwtApp_givesEachAppItsOwn2048BitKey() {
    Set<BigInteger> moduli = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      RSAPublicKey key = (RSAPublicKey) emulator.newJwtApp().keyPair().getPublic();
      assertThat(key.getModulus().bitLength()).isEqualTo(2048);
      moduli.add(key.getModulus());
    }

    assertThat(moduli).hasSize(5);
  }

  @Test
  void ccgApp_hasNoKeyOrConfigFile() {
    EmulatedApp ccg = emulator.newCcgApp();

    assertThat(ccg.authMethod()).isEqualTo(EmulatedApp.AuthMethod.CCG);
    assertThatThrownBy(ccg::configJson).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(ccg::keyId).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(ccg::keyPair).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void toString_showsNoSecret() {
    String text = app.toString() + emulator + emulator.faults() + emulator.clock();

    assertThat(text)
        .contains(app.clientId())
        .doesNotContain(app.clientSecret())
        .doesNotContain(app.passphrase());
  }

  @Test
  void addPublicKey_refusesNonRsaKeys() throws Exception {
    java.security.KeyPairGenerator ec = java.security.KeyPairGenerator.getInstance("EC");
    ec.initialize(256);

    assertThatThrownBy(() -> app.addPublicKey(ec.generateKeyPair().getPublic()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RSA");
  }

  @Test
  void scopes_setTheScopesOfFullTokens() {
    EmulatedApp x = emulator.newCcgApp().scopes(Set.of("root_readonly", "item_preview"));

    String token =
        Http.post(emulator.tokenUrl(), Forge.ccgForm(x, "enterprise", x.enterpriseId()))
            .get("access_token");

    assertThat(emulator.introspect(token).scopes())
        .containsExactlyInAnyOrder("root_readonly", "item_preview");
    assertThatThrownBy(() -> x.scopes(Set.of("a b"))).isInstanceOf(IllegalArgumentException.class);
  }
}
