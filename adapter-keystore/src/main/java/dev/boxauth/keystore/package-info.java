/**
 * Key sources and assertion signers for Box JWT apps: the Box config JSON ({@link
 * dev.boxauth.keystore.BoxAppConfig}), PEM, PKCS#12 and Tink keysets, each behind a public Guice
 * module ({@link dev.boxauth.keystore.BoxConfigKeyModule}, {@link
 * dev.boxauth.keystore.PemKeyModule}, {@link dev.boxauth.keystore.Pkcs12KeyModule}, {@link
 * dev.boxauth.keystore.TinkKeyModule}) that binds {@link dev.boxauth.port.KeySource} and {@link
 * dev.boxauth.port.AssertionSigner}; and {@link dev.boxauth.keystore.KeyTools} for key chores. Keys
 * are decoded and decrypted with the JDK alone, once. Everything else is package-private.
 */
package dev.boxauth.keystore;
