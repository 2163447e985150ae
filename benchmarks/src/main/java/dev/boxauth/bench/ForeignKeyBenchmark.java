package dev.boxauth.bench;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.boxauth.domain.AssertionClaims;
import dev.boxauth.domain.AssertionPolicy;
import dev.boxauth.domain.ClientId;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.Subject;
import dev.boxauth.keystore.KeyTools;
import dev.boxauth.keystore.PemKeyConfig;
import dev.boxauth.keystore.PemKeyModule;
import dev.boxauth.port.AssertionSigner;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * RS256 on Amazon Corretto Crypto Provider with a key that the JDK's provider decoded: the key
 * module loads the key first, ACCP is installed after (as when an app registers the provider after
 * building its {@code BoxAuth}). ACCP must then translate the SunRsaSign key object into its own on
 * every {@code Signature.initSign}, and boxauth's JCA signer makes a new {@code Signature} per
 * assertion. Compare with {@code SigningBenchmark} ACCP/RS256, whose key ACCP decoded itself
 * (boxauth's PEM, PKCS#12 and key-generation paths all use whichever provider is first).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ForeignKeyBenchmark {
  private AssertionSigner assertionSigner;
  private AssertionClaims claims;

  /** The PEM key module on the JDK's provider, then ACCP installed first. */
  @Setup(Level.Trial)
  public void setUp() {
    assertionSigner =
        Guice.createInjector(
                Stage.PRODUCTION,
                new PemKeyModule(
                    PemKeyConfig.builder()
                        .pem(BenchmarkKeys.pkcs8Pem(KeyTools.generateRsaKeyPair(2048).getPrivate()))
                        .keyId(BenchmarkKeys.KEY_ID)
                        .build()))
            .getInstance(AssertionSigner.class);
    Accp.install();
    claims =
        AssertionPolicy.defaults()
            .claims(new ClientId("benchclient"), Subject.enterprise("123456"), Instant.now());
  }

  /** One RS256 assertion. */
  @Benchmark
  public Secret accpJdkDecodedKeyRs256() {
    return assertionSigner.sign(claims);
  }
}
