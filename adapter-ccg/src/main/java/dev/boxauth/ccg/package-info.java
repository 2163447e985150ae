/** The Client Credentials Grant source. */
package dev.boxauth.ccg;
