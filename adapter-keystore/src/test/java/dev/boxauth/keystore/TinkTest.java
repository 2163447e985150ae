package dev.boxauth.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.boxauth.domain.AssertionClaims;
import dev.boxauth.domain.ClientId;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.domain.Subject;
import dev.boxauth.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TinkTest {
  private static final KeyId KID = new KeyId("box-key-1");
  private static final AssertionClaims CLAIMS =
      new AssertionClaims(
          new ClientId("client1"),
          Subject.user("777"),
          AssertionClaims.BOX_AUDIENCE,
          "j".repeat(32),
          Instant.ofEpochSecond(1_767_225_630L));

  private static KeysetHandle keyset(SignatureAlgorithm algorithm) {
    return KeyTools.toTinkKeyset(TestKeys.rsa().getPrivate(), KID, algorithm);
  }

  /** RSASSA-PKCS1-v1_5 is deterministic, so both routes must give the very same bytes. */
  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void sign_tinkBytesSigner_equalsJcaSignature(SignatureAlgorithm algorithm) {
    byte[] data = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0".getBytes(StandardCharsets.US_ASCII);
    TinkKeySource tink = new TinkKeySource(keyset(algorithm), "test");
    JcaSigningKey jca = new JcaSigningKey(KID, algorithm, TestKeys.rsa().getPrivate(), "test");

    assertThat(tink.current().algorithm()).isEqualTo(algorithm);
    assertThat(tink.current().sign(data)).isEqualTo(jca.sign(data));
  }

  @Test
  void signers_jcaAndTink_produceTheSameAssertionClaims() throws Exception {
    TinkKeySource tink = new TinkKeySource(keyset(SignatureAlgorithm.RS256), "test");
    SignedJWT viaTink = SignedJWT.parse(tink.assertionSigner().sign(CLAIMS).reveal());
    SignedJWT viaJca = SignedJWT.parse(new JwsAssertionSigner(tink).sign(CLAIMS).reveal());

    assertThat(viaTink.getJWTClaimsSet().toJSONObject())
        .isEqualTo(viaJca.getJWTClaimsSet().toJSONObject());
    assertThat(viaTink.getHeader().getKeyID()).isEqualTo(viaJca.getHeader().getKeyID());
    assertThat(viaTink.getPayload().toJSONObject()).doesNotContainKey("iat");
    assertThat(viaTink.getPayload().toJSONObject().get("aud")).isInstanceOf(String.class);
  }

  @Test
  void encryptedKeyset_roundTripUnderKek_keepsTheKid() throws Exception {
    Aead kek = TinkKeysets.kekFromJson(TinkKeysets.newKekJson(), "kek");
    byte[] ad = "boxauth".getBytes(StandardCharsets.UTF_8);
    String json =
        TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
            keyset(SignatureAlgorithm.RS256), kek, ad);

    TinkKeySource source =
        TinkKeyConfig.builder().keysetJson(json).kek(kek).associatedData(ad).build().load();

    assertThat(json).doesNotContain("\"key\"");
    assertThat(source.current().keyId()).isEqualTo(KID);
  }

  @Test
  void rotation_newPrimaryKey_isUsedBySourceAndSigner() throws Exception {
    KeysetHandle old = keyset(SignatureAlgorithm.RS256);
    KeysetHandle newer =
        KeyTools.toTinkKeyset(
            TestKeys.otherRsa().getPrivate(), new KeyId("box-key-2"), SignatureAlgorithm.RS256);
    KeysetHandle rotated =
        KeysetHandle.newBuilder(old)
            .addEntry(
                KeysetHandle.importKey(newer.getPrimary().getKey()).withRandomId().makePrimary())
            .build();
    String cleartext =
        TinkJsonProtoKeysetFormat.serializeKeyset(rotated, InsecureSecretKeyAccess.get());

    TinkKeySource source =
        TinkKeyConfig.builder().keysetJson(cleartext).insecureCleartext(true).build().load();
    SignedJWT jwt = SignedJWT.parse(source.assertionSigner().sign(CLAIMS).reveal());

    assertThat(rotated.size()).isEqualTo(2);
    assertThat(source.current().keyId().value()).isEqualTo("box-key-2");
    assertThat(jwt.getHeader().getKeyID()).isEqualTo("box-key-2");
    assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) TestKeys.otherRsa().getPublic())))
        .isTrue();
    assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) TestKeys.rsa().getPublic()))).isFalse();
  }

  @Test
  void toString_showsKidAndSourceOnly() {
    TinkKeySource source =
        new TinkKeySource(keyset(SignatureAlgorithm.RS384), "Tink keyset k.json");

    assertThat(source.toString())
        .isEqualTo("TinkKeySource[kid=box-key-1, alg=RS384, source=Tink keyset k.json]");
    assertThat(source.current().toString())
        .contains("box-key-1")
        .doesNotContain("SecretBigInteger");
    assertThat(source.assertionSigner().toString()).contains("k.json");
  }
}
