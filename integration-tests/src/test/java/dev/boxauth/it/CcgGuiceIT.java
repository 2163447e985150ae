package dev.boxauth.it;

/** The end-to-end suite for: Client Credentials Grant, plain Guice. */
class CcgGuiceIT extends StackSuite {
  @Override
  Stack stack() {
    return Stacks.ccgGuice();
  }
}
