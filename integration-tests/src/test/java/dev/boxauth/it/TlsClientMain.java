package dev.boxauth.it;

import dev.boxauth.BoxAuth;
import dev.boxauth.domain.AccessToken;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by {@link TlsIT} in a JVM of its own whose trust store is the emulator's certificate alone
 * ({@code -Djavax.net.ssl.trustStore}): the default stack gets an enterprise token over HTTPS and
 * writes it to a file. A separate JVM, because the transport can't be handed a trust store and the
 * test JVM's defaults must not change.
 *
 * <p>Arguments: base URL, config file, output file.
 */
public final class TlsClientMain {
  private TlsClientMain() {}

  public static void main(String[] args) throws Exception {
    URI baseUrl = URI.create(args[0]);
    Path config = Path.of(args[1]);
    Path out = Path.of(args[2]);
    try (BoxAuth auth = BoxAuth.builder().config(config).baseUrl(baseUrl).build()) {
      AccessToken token = auth.enterprise().token();
      Files.writeString(out, token.value());
    }
  }
}
