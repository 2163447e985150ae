package dev.boxauth.it;

/**
 * The end-to-end suite for: Tink's key source under the JWS signer (RS256), Guice with
 * Modules.override.
 */
class TinkKeySourceJwsGuiceIT extends StackSuite {
  @Override
  Stack stack() {
    return Stacks.tinkKeySourceJwsGuice();
  }
}
