/** End-to-end suites: every Guice-wired stack against the emulator. */
package dev.boxauth.it;
