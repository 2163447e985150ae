package dev.boxauth.bench;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.boxauth.domain.AssertionClaims;
import dev.boxauth.domain.AssertionPolicy;
import dev.boxauth.domain.ClientId;
import dev.boxauth.domain.KeyId;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.SignatureAlgorithm;
import dev.boxauth.domain.Subject;
import dev.boxauth.keystore.KeyTools;
import dev.boxauth.keystore.PemKeyConfig;
import dev.boxauth.keystore.PemKeyModule;
import dev.boxauth.keystore.TinkKeyConfig;
import dev.boxauth.keystore.TinkKeyModule;
import dev.boxauth.port.AssertionSigner;
import java.security.KeyPair;
import java.time.Instant;
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
 * Assertion signing, one thread, 2048-bit RSA key: the whole {@code AssertionSigner.sign(claims)}
 * (header and claims JSON, base64url, the RSA signature) as boxauth's modules bind it.
 *
 * <ul>
 *   <li>{@code JDK}: {@code PemKeyModule}, the JCA signer on the JDK's own provider (SunRsaSign);
 *   <li>{@code TINK}: {@code TinkKeyModule}, Tink's JWT signer (which also verifies each
 *       signature);
 *   <li>{@code ACCP}: {@code PemKeyModule} with Amazon Corretto Crypto Provider installed first, so
 *       the key is decoded by ACCP's {@code KeyFactory} and signed natively.
 * </ul>
 *
 * Compare with {@code openssl speed rsa2048} (compare.sh runs both).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SigningBenchmark {

  /** Which signer. */
  public enum Signer {
    /** The JCA signer on the JDK's provider. */
    JDK,
    /** Tink's JWT signer. */
    TINK,
    /** The JCA signer on Amazon Corretto Crypto Provider. */
    ACCP
  }

  /** Which signer. */
  @Param({"JDK", "TINK", "ACCP"})
  public Signer signer;

  /** The JWS algorithm. */
  @Param({"RS256", "RS384", "RS512"})
  public SignatureAlgorithm alg;

  private AssertionSigner assertionSigner;
  private AssertionClaims claims;

  /** Builds the signer through its Guice module, and one set of claims. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (signer == Signer.ACCP) {
      Accp.install();
    }
    KeyPair pair = KeyTools.generateRsaKeyPair(2048);
    Module module =
        switch (signer) {
          case JDK, ACCP ->
              new PemKeyModule(
                  PemKeyConfig.builder()
                      .pem(BenchmarkKeys.pkcs8Pem(pair.getPrivate()))
                      .keyId(BenchmarkKeys.KEY_ID)
                      .algorithm(alg)
                      .build());
          case TINK ->
              new TinkKeyModule(
                  TinkKeyConfig.builder()
                      .keysetJson(
                          TinkJsonProtoKeysetFormat.serializeKeyset(
                              KeyTools.toTinkKeyset(
                                  pair.getPrivate(), new KeyId(BenchmarkKeys.KEY_ID), alg),
                              InsecureSecretKeyAccess.get()))
                      .insecureCleartext(true)
                      .build());
        };
    assertionSigner =
        Guice.createInjector(Stage.PRODUCTION, module).getInstance(AssertionSigner.class);
    claims =
        AssertionPolicy.defaults()
            .claims(new ClientId("benchclient"), Subject.enterprise("123456"), Instant.now());
  }

  /** One assertion. */
  @Benchmark
  public Secret sign() {
    return assertionSigner.sign(claims);
  }
}
