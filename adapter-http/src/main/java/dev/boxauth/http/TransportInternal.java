package dev.boxauth.http;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;

import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Qualifies the bindings private to {@link HttpTransportModule}. A private module may not bind a
 * key its parent injector already binds, and applications often bind their own {@code
 * OkHttpClient}; qualified keys never collide with theirs.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({FIELD, PARAMETER, METHOD})
@interface TransportInternal {}
