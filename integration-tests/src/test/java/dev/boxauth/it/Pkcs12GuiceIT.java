package dev.boxauth.it;

/** The end-to-end suite for: a keytool PKCS#12 store × JCA JWS (RS512), plain Guice. */
class Pkcs12GuiceIT extends StackSuite {
  @Override
  Stack stack() {
    return Stacks.pkcs12Guice();
  }
}
