/** A fleet-wide token store on Redis (Lettuce), encrypted at rest with Tink. */
package dev.boxauth.redis;
