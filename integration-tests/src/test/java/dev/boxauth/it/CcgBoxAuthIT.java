package dev.boxauth.it;

/** The end-to-end suite for: Client Credentials Grant, BoxAuth.builder().clientCredentials(...). */
class CcgBoxAuthIT extends StackSuite {
  @Override
  Stack stack() {
    return Stacks.ccgBuilder();
  }
}
