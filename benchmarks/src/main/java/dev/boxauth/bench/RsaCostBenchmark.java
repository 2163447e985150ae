package dev.boxauth.bench;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
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
 * Where the JDK's RSA time goes (not part of compare.sh; see BENCHMARKS.md): a SHA256withRSA
 * signature on the JDK's provider, with a new {@code Signature} per call (as boxauth's JCA signer)
 * and with one reused, against the two 1024-bit CRT exponentiations it is made of ({@code
 * BigInteger.modPow}). Run it again with {@code -jvmArgsAppend "-XX:+UnlockDiagnosticVMOptions
 * -XX:-UseMontgomeryMultiplyIntrinsic -XX:-UseMontgomerySquareIntrinsic"} to see what C2's
 * intrinsics are worth.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RsaCostBenchmark {
  private RSAPrivateCrtKey key;
  private Signature reused;
  private BigInteger message;
  private final byte[] data = new byte[300];

  /** A JDK RSA key on the JDK's provider. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    key = (RSAPrivateCrtKey) pair.getPrivate();
    reused = Signature.getInstance("SHA256withRSA", "SunRsaSign");
    reused.initSign(key);
    message = new BigInteger(2040, new SecureRandom());
  }

  /** A new Signature and initSign per call, as {@code JcaSigningKey} does. */
  @Benchmark
  public byte[] signNewSignature() throws Exception {
    Signature s = Signature.getInstance("SHA256withRSA", "SunRsaSign");
    s.initSign(key);
    s.update(data);
    return s.sign();
  }

  /** One Signature, initialised once. */
  @Benchmark
  public byte[] signReusedSignature() throws Exception {
    reused.update(data);
    return reused.sign();
  }

  /** Only the two CRT exponentiations of a signature. */
  @Benchmark
  public BigInteger crtExponentiations() {
    BigInteger m1 = message.modPow(key.getPrimeExponentP(), key.getPrimeP());
    BigInteger m2 = message.modPow(key.getPrimeExponentQ(), key.getPrimeQ());
    return m1.xor(m2);
  }
}
