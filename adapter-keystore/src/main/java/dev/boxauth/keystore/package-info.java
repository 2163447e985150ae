/** Key sources (PEM, PKCS#12, Box config JSON, Tink) and assertion signers. */
package dev.boxauth.keystore;
