package dev.boxauth.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.domain.KeyId;
import dev.boxauth.port.KeySource;
import dev.boxauth.port.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link KeySource} must do. A subclass supplies a source and the public key and key id
 * it is expected to sign with.
 */
public abstract class KeySourceContract {

  /** The source under test. May be called once per test. */
  protected abstract KeySource keySource() throws Exception;

  /** The public half of the key the source signs with. */
  protected abstract PublicKey expectedPublicKey();

  /** The key id the source reports. */
  protected abstract KeyId expectedKeyId();

  private static boolean verifies(SigningKey key, PublicKey publicKey, byte[] data, byte[] sig)
      throws Exception {
    Signature verifier = Signature.getInstance(key.algorithm().jcaName());
    verifier.initVerify(publicKey);
    verifier.update(data);
    return verifier.verify(sig);
  }

  @Test
  void current_reportsExpectedKeyId() throws Exception {
    SigningKey key = keySource().current();

    assertThat(key.keyId()).isEqualTo(expectedKeyId());
    assertThat(key.algorithm()).isNotNull();
  }

  @Test
  void sign_producesSignatureTheExpectedPublicKeyVerifies() throws Exception {
    SigningKey key = keySource().current();
    byte[] data = "header.payload".getBytes(StandardCharsets.US_ASCII);

    byte[] signature = key.sign(data);

    assertThat(verifies(key, expectedPublicKey(), data, signature)).isTrue();
    int modulusBytes = ((RSAPublicKey) expectedPublicKey()).getModulus().bitLength() / 8;
    assertThat(signature).hasSize(modulusBytes);
  }

  @Test
  void sign_signatureDoesNotVerifyOtherData() throws Exception {
    SigningKey key = keySource().current();

    byte[] signature = key.sign("one".getBytes(StandardCharsets.US_ASCII));

    assertThat(
            verifies(
                key, expectedPublicKey(), "two".getBytes(StandardCharsets.US_ASCII), signature))
        .isFalse();
  }

  @Test
  void sign_fromManyThreads_allVerify() throws Exception {
    KeySource source = keySource();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        byte[] data = ("data-" + i).getBytes(StandardCharsets.US_ASCII);
        results.add(
            pool.submit(
                () -> {
                  SigningKey key = source.current();
                  return verifies(key, expectedPublicKey(), data, key.sign(data));
                }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
