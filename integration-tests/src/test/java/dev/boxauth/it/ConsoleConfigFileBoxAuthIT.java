package dev.boxauth.it;

/**
 * The end-to-end suite for: the console's config file (DES-EDE3-CBC key) × JCA JWS (RS512),
 * BoxAuth.builder().config(path).
 */
class ConsoleConfigFileBoxAuthIT extends StackSuite {
  @Override
  Stack stack() {
    return Stacks.consoleConfigFileBuilder();
  }
}
