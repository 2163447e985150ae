/**
 * The Client Credentials Grant source (RFC 6749 §4.4 with Box's {@code box_subject_type} and {@code
 * box_subject_id}). Public surface: {@link dev.boxauth.ccg.CcgModule}, which binds {@code
 * GrantSource}; the grant source itself is package-private.
 */
package dev.boxauth.ccg;
