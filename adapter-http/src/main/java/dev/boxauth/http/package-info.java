/** The token endpoint transport over Retrofit, OkHttp and Moshi. */
package dev.boxauth.http;
