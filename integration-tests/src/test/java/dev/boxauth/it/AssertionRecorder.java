package dev.boxauth.it;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.boxauth.domain.AssertionPolicy;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.Secret;
import dev.boxauth.port.AssertionSigner;
import dev.boxauth.port.GrantSource;
import dev.boxauth.service.JwtGrantSource;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An override module for JWT stacks: rebinds {@link GrantSource} to the real {@link JwtGrantSource}
 * over the stack's own {@link AssertionSigner}, keeping a copy of every assertion signed. With
 * {@code Modules.override} (or {@code BoxAuth.Builder.module}) the key module's signer stays; only
 * the grant source is replaced, so what is sent is exactly what the stack would send.
 */
final class AssertionRecorder extends AbstractModule {
  private final List<String> assertions = new CopyOnWriteArrayList<>();

  @Override
  protected void configure() {}

  @Provides
  @Singleton
  GrantSource grantSource(
      ClientCredentials client, AssertionSigner signer, AssertionPolicy policy) {
    return new JwtGrantSource(
        client,
        claims -> {
          Secret jws = signer.sign(claims);
          assertions.add(jws.reveal());
          return jws;
        },
        policy);
  }

  /** Every assertion signed so far, as compact JWS, in order. */
  List<String> raw() {
    return List.copyOf(assertions);
  }

  /**
   * Every assertion signed so far, each verified by nimbus-jose-jwt with the public key its {@code
   * kid} names.
   *
   * @throws AssertionError if one names an unknown kid or does not verify
   */
  List<SignedJWT> verified(Map<String, PublicKey> keysByKid) {
    List<SignedJWT> out = new ArrayList<>();
    for (String jws : assertions) {
      try {
        SignedJWT jwt = SignedJWT.parse(jws);
        PublicKey key = keysByKid.get(jwt.getHeader().getKeyID());
        if (key == null) {
          throw new AssertionError(
              "assertion names kid " + jwt.getHeader().getKeyID() + ", unknown");
        }
        if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) key))) {
          throw new AssertionError("assertion " + out.size() + " does not verify");
        }
        out.add(jwt);
      } catch (ParseException | com.nimbusds.jose.JOSEException e) {
        throw new AssertionError("assertion " + out.size() + " is not a JWS", e);
      }
    }
    return out;
  }

  /** The {@code jti} of every assertion, in order. */
  List<String> jtis() {
    List<String> out = new ArrayList<>();
    for (String jws : assertions) {
      try {
        out.add(SignedJWT.parse(jws).getJWTClaimsSet().getJWTID());
      } catch (ParseException e) {
        throw new AssertionError("not a JWS", e);
      }
    }
    return out;
  }
}
