/**
 * A local emulator of Box's token endpoint (and of {@code GET /2.0/users/me}, to test API-side
 * behaviour such as 401 recovery and {@code As-User}) and a JUnit 5 extension, for boxauth's tests
 * and yours.
 *
 * <ul>
 *   <li>{@link dev.boxauth.testkit.BoxEmulator}: the server ({@code start()} / {@code startTls()}),
 *       its apps, users, counters ({@code tokenRequests()}, {@code apiRequests()}) and {@code
 *       introspect}.
 *   <li>{@link dev.boxauth.testkit.EmulatedApp}: a registered JWT or CCG app, its credentials, key
 *       pair and config JSON, and its console settings.
 *   <li>{@link dev.boxauth.testkit.Faults} and {@link dev.boxauth.testkit.Fault}: 429s, 5xx, HTML
 *       pages, delays, dropped and truncated replies; API calls rejected with 401.
 *   <li>{@link dev.boxauth.testkit.EmulatorClock}: the server's clock and its skew.
 *   <li>{@link dev.boxauth.testkit.TokenInfo}: what {@code introspect} reports.
 *   <li>{@link dev.boxauth.testkit.BoxEmulatorExtension} and {@link
 *       dev.boxauth.testkit.BoxConfigJson}: one emulator per test class, injected.
 * </ul>
 *
 * <p>The emulator shares no code with boxauth: it verifies assertions with nimbus-jose-jwt and
 * writes its own HTTP, JSON, keys and certificates with the JDK, so that it cannot share a client's
 * bugs.
 */
package dev.boxauth.testkit;
