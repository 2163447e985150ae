package dev.boxauth.http;

import dev.boxauth.contract.TokenTransportContract;
import dev.boxauth.port.TokenTransport;
import dev.boxauth.testing.MutableClock;
import java.time.Instant;
import mockwebserver3.MockResponse;

/** The port's contract, run against the real transport and a scripted MockWebServer. */
class RetrofitTokenTransportContractTest extends TokenTransportContract {

  @Override
  protected Fixture open(MutableClock clock) throws Exception {
    MockBox box = new MockBox(clock);
    return new Fixture() {
      private String date = MockBox.httpDate(clock.instant());

      private void enqueue(MockResponse.Builder response) {
        box.enqueue(response.setHeader("Date", date));
      }

      @Override
      public TokenTransport transport() {
        return box.transport;
      }

      @Override
      public void serverDate(Instant serverDate) {
        date = MockBox.httpDate(serverDate);
      }

      @Override
      public void issue(String token, long expiresInSeconds) {
        enqueue(MockBox.token(token, expiresInSeconds));
      }

      @Override
      public void issueRestricted(
          String token, long expiresIn, String scope, String objectType, String objectId) {
        enqueue(
            MockBox.json(
                200,
                "{\"access_token\":\""
                    + token
                    + "\",\"expires_in\":"
                    + expiresIn
                    + ",\"token_type\":\"bearer\",\"restricted_to\":[{\"scope\":\""
                    + scope
                    + "\",\"object\":{\"type\":\""
                    + objectType
                    + "\",\"id\":\""
                    + objectId
                    + "\",\"sequence_id\":\"0\",\"etag\":\"0\",\"name\":\"x\"}}],"
                    + "\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\"}"));
      }

      @Override
      public void refuse(int status, String error, String description) {
        enqueue(MockBox.boxError(status, error, description));
      }

      @Override
      public void rateLimit(String retryAfter) {
        MockResponse.Builder r = new MockResponse.Builder().code(429);
        if (retryAfter != null) {
          r.setHeader("Retry-After", retryAfter);
        }
        enqueue(r);
      }

      @Override
      public void fail(int status) {
        enqueue(
            new MockResponse.Builder()
                .code(status)
                .setHeader("Content-Type", "text/html")
                .body("<html><body><h1>" + status + " Service Unavailable</h1></body></html>"));
      }

      @Override
      public void acceptRevoke() {
        enqueue(new MockResponse.Builder().code(200));
      }

      @Override
      public void refuseRevoke(int status, String error, String description) {
        enqueue(MockBox.boxError(status, error, description));
      }

      @Override
      public void close() throws java.io.IOException {
        box.close();
      }
    };
  }
}
