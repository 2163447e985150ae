package dev.boxauth.it;

/** The end-to-end suite for: Box config JSON × JCA JWS signer (RS256), plain Guice injector. */
class ConfigJsonGuiceIT extends StackSuite {
  @Override
  Stack stack() {
    return Stacks.configJsonGuice();
  }
}
