package dev.boxauth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.nimbusds.jwt.SignedJWT;
import dev.boxauth.BoxAuth;
import dev.boxauth.JwtGrantModule;
import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.GrantRejectedException;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.keystore.KeyTools;
import dev.boxauth.keystore.TinkKeyConfig;
import dev.boxauth.keystore.TinkKeyModule;
import dev.boxauth.port.KeySource;
import dev.boxauth.testkit.BoxEmulator;
import dev.boxauth.testkit.BoxEmulator.GrantType;
import dev.boxauth.testkit.BoxEmulator.Outcome;
import dev.boxauth.testkit.EmulatedApp;
import dev.boxauth.testkit.TokenInfo;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key rotation end to end: a new kid is registered, the key source switches to it, tokens keep
 * coming; then the old kid is removed and the new key still works, while the old one is refused
 * with a typed error. Two ways: a rotating custom {@code KeySource} inside one running {@code
 * BoxAuth}, and a Tink keyset whose primary is rotated (loaded by a new injector, as a restarted
 * process would).
 */
class KeyRotationIT {
  private static BoxEmulator emulator;
  private EmulatedApp app;
  private final List<Client> opened = new ArrayList<>();

  @BeforeAll
  static void start() {
    emulator = BoxEmulator.start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void newApp() {
    emulator.reset();
    app = emulator.newJwtApp();
  }

  @AfterEach
  void close() {
    opened.forEach(Client::close);
  }

  private static String kidOf(String jws) throws Exception {
    return SignedJWT.parse(jws).getHeader().getKeyID();
  }

  private void assertLive(AccessToken token) {
    assertThat(emulator.introspect(token.value()).state()).isEqualTo(TokenInfo.State.LIVE);
  }

  @Test
  void rotatingKeySource_newKidThenOldKidRemoved_tokensKeepComing_oldKeyRefusedTyped()
      throws Exception {
    String oldKid = app.keyId();
    RotatingKeySource keys = new RotatingKeySource(oldKid, app.keyPair().getPrivate());
    AssertionRecorder recorder = new AssertionRecorder();
    Client client =
        Client.boxAuth(
            BoxAuth.builder().configJson(app.configJson()),
            Setup.defaults(emulator.baseUrl())
                .override(binder -> binder.bind(KeySource.class).toInstance(keys))
                .override(recorder));
    opened.add(client);
    AccessToken before = client.enterprise().token();

    KeyPair next = KeyTools.generateRsaKeyPair(2048);
    String newKid = app.addPublicKey(next.getPublic());
    keys.rotateTo(newKid, next.getPrivate());
    AccessToken user = client.user(app.newAppUser()).token();
    AccessToken cached = client.enterprise().token();

    assertLive(user);
    assertThat(cached).as("a rotation does not drop cached tokens").isEqualTo(before);

    app.removePublicKey(oldKid);
    client.enterprise().invalidate();
    AccessToken after = client.enterprise().token();

    assertLive(after);
    assertLive(before);
    Map<String, PublicKey> both =
        Map.of(oldKid, app.keyPair().getPublic(), newKid, next.getPublic());
    assertThat(recorder.verified(both))
        .extracting(jwt -> jwt.getHeader().getKeyID())
        .containsExactly(oldKid, newKid, newKid);

    // Rolling back to the removed key: Box no longer knows its kid.
    keys.rotateTo(oldKid, app.keyPair().getPrivate());
    client.enterprise().invalidate();
    assertThatThrownBy(() -> client.enterprise().token())
        .isInstanceOfSatisfying(
            GrantRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(GrantRejectedException.Reason.UNKNOWN_KEY_ID));
    assertThat(emulator.tokenRequests(GrantType.JWT_BEARER, Outcome.REJECTED)).isEqualTo(1);
  }

  @Test
  void tinkKeyset_primaryRotatedToANewKid_newInjectorKeepsGettingTokens_afterTheOldKidIsRemoved()
      throws Exception {
    String oldKid = app.keyId();
    KeysetHandle original =
        KeyTools.toTinkKeyset(
            app.keyPair().getPrivate(), new KeyId(oldKid), SignatureAlgorithm.RS256);
    AssertionRecorder oldRecorder = new AssertionRecorder();
    Client oldProcess = tink(original, oldRecorder);
    AccessToken first = oldProcess.enterprise().token();

    KeyPair next = KeyTools.generateRsaKeyPair(2048);
    String newKid = app.addPublicKey(next.getPublic());
    KeysetHandle nextKey =
        KeyTools.toTinkKeyset(next.getPrivate(), new KeyId(newKid), SignatureAlgorithm.RS256);
    KeysetHandle rotated =
        KeysetHandle.newBuilder(original)
            .addEntry(
                KeysetHandle.importKey(nextKey.getPrimary().getKey()).withRandomId().makePrimary())
            .build();
    assertThat(rotated.size()).isEqualTo(2);
    AssertionRecorder newRecorder = new AssertionRecorder();
    Client newProcess = tink(rotated, newRecorder);
    AccessToken second = newProcess.enterprise().token();

    app.removePublicKey(oldKid);
    newProcess.enterprise().invalidate();
    AccessToken third = newProcess.enterprise().token();

    assertLive(first);
    assertLive(second);
    assertLive(third);
    assertThat(kidOf(oldRecorder.raw().get(0))).isEqualTo(oldKid);
    assertThat(newRecorder.verified(Map.of(newKid, next.getPublic())))
        .extracting(jwt -> jwt.getHeader().getKeyID())
        .containsExactly(newKid, newKid);

    // A process still on the old keyset is refused, typed, once its token must be renewed.
    oldProcess.enterprise().invalidate();
    assertThatThrownBy(() -> oldProcess.enterprise().token())
        .isInstanceOfSatisfying(
            GrantRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(GrantRejectedException.Reason.UNKNOWN_KEY_ID));
  }

  private Client tink(KeysetHandle keyset, AssertionRecorder recorder) throws Exception {
    String json = TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
    Client client =
        Client.guice(
            Setup.defaults(emulator.baseUrl()).override(recorder),
            app.enterpriseId(),
            List.of(
                new TinkKeyModule(
                    TinkKeyConfig.builder().keysetJson(json).insecureCleartext(true).build()),
                new JwtGrantModule(ClientCredentials.of(app.clientId(), app.clientSecret()))));
    opened.add(client);
    return client;
  }
}
