package dev.boxauth.it;

/** The end-to-end suite for: an encrypted Tink keyset × Tink's JWT signer (RS384), plain Guice. */
class TinkGuiceIT extends StackSuite {
  @Override
  Stack stack() {
    return Stacks.tinkGuice();
  }
}
