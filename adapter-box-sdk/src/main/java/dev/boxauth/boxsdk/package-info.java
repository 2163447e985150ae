/**
 * The official Box Java SDK 4.x ({@code com.box.sdk}) on boxauth's tokens: {@link
 * dev.boxauth.boxsdk.BoxAuthAPIConnection} is a {@code BoxAPIConnection} made from any {@code
 * TokenSource}, so every SDK call carries boxauth's current token and recovers from a 401 once.
 */
package dev.boxauth.boxsdk;
