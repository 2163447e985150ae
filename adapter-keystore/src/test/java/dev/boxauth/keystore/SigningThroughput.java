package dev.boxauth.keystore;

import dev.boxauth.domain.AssertionClaims;
import dev.boxauth.domain.ClientId;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.AssertionSigner;
import dev.boxauth.port.KeySource;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain measured loop, run by hand (not a test, no assertion on time): RS256 signs per second
 * through the JCA and Tink signers with a 2048-bit key, one thread, and the one-time cost of
 * loading an encrypted PKCS#8 key. JMH benchmarks belong in {@code benchmarks/}; this is a quick
 * figure for the module's README.
 *
 * <pre>
 * mvn -B -q -pl adapter-keystore -am package -DskipTests
 * mvn -B -q -pl adapter-keystore dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=/tmp/ks.cp
 * java -cp adapter-keystore/target/classes:adapter-keystore/target/test-classes:$(cat /tmp/ks.cp) \
 *     dev.boxauth.keystore.SigningThroughput
 * </pre>
 */
public final class SigningThroughput {
  private static final long WARMUP_NANOS = 3_000_000_000L;
  private static final long MEASURE_NANOS = 5_000_000_000L;

  private SigningThroughput() {}

  public static void main(String[] args) {
    KeyPair pair = KeyTools.generateRsaKeyPair(2048);
    KeyId kid = new KeyId("bench-kid");
    KeySource jcaKeys =
        KeyTools.keySource(
            PemKeyConfig.builder()
                .pem(
                    KeyTools.encryptedPrivateKeyPem(
                        pair.getPrivate(), "bench-passphrase".toCharArray()))
                .keyId(kid.value())
                .passphrase("bench-passphrase")
                .build());
    TinkKeySource tinkKeys =
        new TinkKeySource(
            KeyTools.toTinkKeyset(pair.getPrivate(), kid, SignatureAlgorithm.RS256), "bench");
    AssertionSigner jws = new JwsAssertionSigner(jcaKeys);
    AssertionSigner tinkJwt = tinkKeys.assertionSigner();
    AtomicInteger counter = new AtomicInteger();
    byte[] input = new byte[300];

    System.out.printf(
        Locale.ROOT,
        "Java %s, %s, %d CPUs%n",
        System.getProperty("java.version"),
        System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors());
    rate(
        "JwsAssertionSigner (JCA SHA256withRSA), whole assertion", () -> jws.sign(claims(counter)));
    rate(
        "TinkAssertionSigner (Tink JWT RS256), whole assertion",
        () -> tinkJwt.sign(claims(counter)));
    rate("JCA SigningKey.sign(300 bytes)", () -> jcaKeys.current().sign(input));
    rate("Tink SigningKey.sign(300 bytes)", () -> tinkKeys.current().sign(input));

    loadCost(
        "load openssl PBES2 AES-256/HMAC-SHA256 PKCS#8 (2048 iterations)",
        Fixtures.text("rsa2048.pbes2-aes256-sha256.pem"),
        Fixtures.PASSPHRASE,
        30);
    loadCost(
        "load KeyTools PBES2 AES-256/HMAC-SHA256 PKCS#8 (600,000 iterations)",
        KeyTools.encryptedPrivateKeyPem(pair.getPrivate(), "bench-passphrase".toCharArray()),
        "bench-passphrase",
        7);
    loadCost("load unencrypted PKCS#8", Fixtures.text("rsa2048.pk8.pem"), null, 30);
  }

  private static AssertionClaims claims(AtomicInteger counter) {
    return new AssertionClaims(
        new ClientId("bench-client"),
        Subject.enterprise("1234567"),
        AssertionClaims.BOX_AUDIENCE,
        String.format(Locale.ROOT, "jti-%020d", counter.incrementAndGet()),
        Instant.ofEpochSecond(1_767_225_630L));
  }

  private static void rate(String name, Runnable op) {
    long end = System.nanoTime() + WARMUP_NANOS;
    while (System.nanoTime() < end) {
      op.run();
    }
    long start = System.nanoTime();
    long n = 0;
    while (System.nanoTime() - start < MEASURE_NANOS) {
      op.run();
      n++;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "%-60s %8.0f signs/s%n", name, n / seconds);
  }

  private static void loadCost(String name, String pem, String passphrase, int runs) {
    double[] millis = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      KeyTools.readPrivateKey(pem, passphrase == null ? null : passphrase.toCharArray());
      millis[i] = (System.nanoTime() - t0) / 1e6;
    }
    double first = millis[0];
    Arrays.sort(millis);
    System.out.printf(
        Locale.ROOT,
        "%-60s first %7.1f ms, median %7.1f ms (%d runs)%n",
        name,
        first,
        millis[runs / 2],
        runs);
  }
}
