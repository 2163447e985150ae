/**
 * A local emulator of Box's token endpoint and a JUnit 5 extension, for boxauth's tests and yours.
 */
package dev.boxauth.testkit;
