package dev.boxauth.service;

/**
 * Internal signal: the thread running a token request was interrupted (its flag is set). The
 * request is abandoned, its waiters start over, and only the interrupted caller fails. Never leaves
 * the package.
 */
final class Interrupted extends RuntimeException {
  private static final long serialVersionUID = 1L;

  Interrupted() {
    super("interrupted", null, false, false);
  }
}
