package dev.boxauth.it;

/**
 * The end-to-end suite for: an uploaded key pair in an encrypted PKCS#8 PEM file × JCA JWS (RS384),
 * plain Guice.
 */
class PemFileGuiceIT extends StackSuite {
  @Override
  Stack stack() {
    return Stacks.pemFileGuice();
  }
}
