package dev.boxauth.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.ClientCredentials;
import dev.boxauth.domain.ClientRejectedException;
import dev.boxauth.domain.DownscopeTarget;
import dev.boxauth.domain.EndpointUnavailableException;
import dev.boxauth.domain.Grant;
import dev.boxauth.domain.GrantRejectedException;
import dev.boxauth.domain.GrantRejectedException.Reason;
import dev.boxauth.domain.RateLimitedException;
import dev.boxauth.domain.Restriction;
import dev.boxauth.domain.Secret;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.TokenReply;
import dev.boxauth.port.TokenTransport;
import dev.boxauth.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link TokenTransport} must do, whatever carries the request. A subclass supplies a
 * transport and a way to script the server it talks to.
 */
public abstract class TokenTransportContract {

  /** A transport wired to a server the test scripts. */
  protected interface Fixture extends AutoCloseable {
    TokenTransport transport();

    /** The server's {@code Date} for the following replies. */
    void serverDate(Instant date);

    /** Next token request: 200 with a bearer token. */
    void issue(String token, long expiresInSeconds);

    /** Next token request: 200 with a downscoped token restricted to one scope on one item. */
    void issueRestricted(
        String token, long expiresInSeconds, String scope, String objectType, String objectId);

    /** Next token request: Box's error body with this status. */
    void refuse(int status, String error, String description);

    /** Next token request: 429 with this {@code Retry-After} (null for none). */
    void rateLimit(String retryAfter);

    /** Next token request: this 5xx status with a non-JSON body. */
    void fail(int status);

    /** Next revoke: 200 with an empty body. */
    void acceptRevoke();

    /** Next revoke: Box's error body with this status. */
    void refuseRevoke(int status, String error, String description);

    @Override
    default void close() throws IOException {}
  }

  /** A fresh fixture; {@code clock} is this host's clock as the transport must see it. */
  protected abstract Fixture open(MutableClock clock) throws Exception;

  protected static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  protected static final ClientCredentials CLIENT =
      ClientCredentials.of("client-1", "s3cret-value");

  private MutableClock clock;
  private Fixture fixture;

  @BeforeEach
  void openFixture() throws Exception {
    clock = new MutableClock(NOW);
    fixture = open(clock);
    fixture.serverDate(NOW);
  }

  @AfterEach
  void closeFixture() throws Exception {
    fixture.close();
  }

  private static Grant jwtGrant() {
    return new Grant.JwtBearer(CLIENT, Secret.of("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"));
  }

  private static Grant ccgGrant() {
    return new Grant.ClientCredentialsGrant(CLIENT, Subject.enterprise("42"));
  }

  @Test
  void exchange_whenIssued_returnsTokenExpiringAfterExpiresInOnLocalClock() {
    fixture.issue("tok-abc", 4123);

    TokenReply reply = fixture.transport().exchange(jwtGrant());

    assertThat(reply).isInstanceOf(TokenReply.Issued.class);
    AccessToken token = ((TokenReply.Issued) reply).token();
    assertThat(token.value()).isEqualTo("tok-abc");
    assertThat(token.tokenType()).isEqualTo("bearer");
    assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(4123));
    assertThat(token.restrictedTo()).isEmpty();
  }

  @Test
  void exchange_reportsServerDate_onSuccessAndOnFailure() {
    Instant serverTime = NOW.plus(Duration.ofMinutes(5));
    fixture.serverDate(serverTime);
    fixture.issue("tok", 3600);
    fixture.refuse(400, "invalid_grant", "Please check the 'sub' claim.");

    assertThat(fixture.transport().exchange(ccgGrant()).serverDate()).isEqualTo(serverTime);
    assertThat(fixture.transport().exchange(ccgGrant()).serverDate()).isEqualTo(serverTime);
  }

  @Test
  void exchange_whenDownscoped_returnsRestrictions() {
    fixture.issueRestricted("small", 3000, "item_preview", "file", "123");
    Grant exchange =
        new Grant.TokenExchange(
            CLIENT,
            Secret.of("parent"),
            Set.of("item_preview"),
            DownscopeTarget.resource("https://api.box.com/2.0/files/123"));

    TokenReply reply = fixture.transport().exchange(exchange);

    AccessToken token = ((TokenReply.Issued) reply).token();
    assertThat(token.value()).isEqualTo("small");
    assertThat(token.restrictedTo())
        .containsExactly(new Restriction("item_preview", new Restriction.Item("file", "123")));
  }

  static Stream<Arguments> boxErrors() {
    return Stream.of(
        Arguments.of(
            400,
            "invalid_grant",
            "Current date/time MUST be before the expiration date/time listed in the 'exp' claim",
            Reason.CLOCK_SKEW),
        Arguments.of(
            400,
            "invalid_grant",
            "Please check the 'exp' claim. The 'exp' value exceeds the maximum value of 60 seconds beyond the issue time.",
            Reason.CLOCK_SKEW),
        Arguments.of(
            400,
            "invalid_grant",
            "Please check the 'jti' claim. A unique 'jti' value is required.",
            Reason.JTI_REUSED),
        Arguments.of(
            400,
            "invalid_grant",
            "\"kid\" invalid, unable to lookup correct key",
            Reason.UNKNOWN_KEY_ID),
        Arguments.of(
            400,
            "invalid_grant",
            "Signature verification error. The public key identified by 'kid' must correspond to the private key used for signing.",
            Reason.SIGNATURE_MISMATCH),
        Arguments.of(
            400,
            "invalid_grant",
            "Please check the 'sub' claim. The 'sub' specified is invalid.",
            Reason.INVALID_SUBJECT),
        Arguments.of(400, "invalid_grant", "Please check the 'iss' claim.", Reason.INVALID_ISSUER),
        Arguments.of(
            400, "invalid_grant", "Grant credentials are invalid", Reason.CCG_CREDENTIALS_INVALID),
        Arguments.of(
            400,
            "unauthorized_client",
            "This app is not authorized by the enterprise admin",
            Reason.APP_NOT_AUTHORIZED),
        Arguments.of(
            400,
            "invalid_request",
            "Cannot obtain user token based on the enterprise configuration for your app",
            Reason.USER_TOKENS_NOT_ENABLED),
        Arguments.of(
            400,
            "invalid_request",
            "Invalid grant_type parameter or parameter missing",
            Reason.INVALID_REQUEST),
        Arguments.of(
            400, "invalid_resource", "The target resource is invalid.", Reason.INVALID_RESOURCE),
        Arguments.of(
            401, "invalid_token", "The access token is invalid", Reason.SUBJECT_TOKEN_REJECTED));
  }

  @ParameterizedTest(name = "{0} {1}: {3}")
  @MethodSource("boxErrors")
  void exchange_whenBoxRefuses_returnsTypedReason(
      int status, String error, String description, Reason expected) {
    fixture.refuse(status, error, description);

    TokenReply reply = fixture.transport().exchange(jwtGrant());

    assertThat(reply).isInstanceOf(TokenReply.Refused.class);
    assertThat(reply.fromBox()).as("Box's own JSON error").isTrue();
    assertThat(((TokenReply.Refused) reply).error())
        .isInstanceOfSatisfying(
            GrantRejectedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(expected);
              assertThat(e.httpStatus()).isEqualTo(status);
              assertThat(e.boxError()).isEqualTo(error);
              assertThat(e.boxDescription()).isEqualTo(description);
            });
  }

  @Test
  void exchange_whenClientInvalid_returnsClientRejected() {
    fixture.refuse(400, "invalid_client", "The client credentials are invalid");

    TokenReply reply = fixture.transport().exchange(ccgGrant());

    assertThat(((TokenReply.Refused) reply).error()).isInstanceOf(ClientRejectedException.class);
  }

  @Test
  void exchange_when429WithSeconds_returnsRateLimitedWithRetryAfter() {
    fixture.rateLimit("7");

    TokenReply reply = fixture.transport().exchange(jwtGrant());

    assertThat(((TokenReply.Refused) reply).error())
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
  }

  @Test
  void exchange_when429WithHttpDate_returnsRetryAfterRelativeToServerDate() {
    Instant serverTime = NOW.plus(Duration.ofHours(2));
    fixture.serverDate(serverTime);
    fixture.rateLimit(
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            serverTime.plusSeconds(5).atOffset(ZoneOffset.UTC)));

    TokenReply reply = fixture.transport().exchange(jwtGrant());

    assertThat(((TokenReply.Refused) reply).error())
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5)));
  }

  @Test
  void exchange_when429WithoutRetryAfter_returnsZeroWait() {
    fixture.rateLimit(null);

    TokenReply reply = fixture.transport().exchange(jwtGrant());

    assertThat(((TokenReply.Refused) reply).error())
        .isInstanceOfSatisfying(
            RateLimitedException.class, e -> assertThat(e.retryAfter()).isZero());
  }

  @Test
  void exchange_when5xx_returnsTransientEndpointUnavailable() {
    fixture.fail(503);

    TokenReply reply = fixture.transport().exchange(jwtGrant());

    assertThat(reply.fromBox()).as("a 5xx without Box's error body").isFalse();
    assertThat(((TokenReply.Refused) reply).error())
        .isInstanceOfSatisfying(
            EndpointUnavailableException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(503);
              assertThat(e.isTransient()).isTrue();
            });
  }

  @Test
  void exchange_errorMessages_neverContainSecrets() {
    fixture.refuse(400, "invalid_client", "The client credentials are invalid");

    TokenReply reply = fixture.transport().exchange(jwtGrant());

    String message = ((TokenReply.Refused) reply).error().getMessage();
    assertThat(message).doesNotContain("s3cret-value").doesNotContain("eyJhbGci");
  }

  @Test
  void revoke_whenAccepted_returns() {
    fixture.acceptRevoke();

    fixture.transport().revoke(CLIENT, Secret.of("tok-to-revoke"));
  }

  @Test
  void revoke_whenRefused_throwsTyped() {
    fixture.refuseRevoke(400, "invalid_client", "The client credentials are invalid");

    assertThatThrownBy(() -> fixture.transport().revoke(CLIENT, Secret.of("tok-to-revoke")))
        .isInstanceOf(ClientRejectedException.class)
        .hasMessageNotContaining("tok-to-revoke");
  }
}
