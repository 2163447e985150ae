/**
 * boxauth's token events as Micrometer meters. Public surface: {@link
 * dev.boxauth.micrometer.BoxAuthMetrics}, a {@code TokenListener} and {@code MeterBinder} that
 * needs no framework.
 */
package dev.boxauth.micrometer;
