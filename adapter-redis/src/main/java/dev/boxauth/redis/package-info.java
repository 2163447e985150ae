/**
 * A fleet-wide token store on Redis (Lettuce), encrypted at rest with Tink.
 *
 * <p>With it, N processes of one service make one token request per subject per token lifetime
 * between them instead of N: the first to need a token takes a lease in Redis ({@code SET NX PX}),
 * requests it and stores it; the others wait for it to appear and adopt it. Tokens are stored
 * encrypted with a Tink {@code Aead} the application supplies, bound to their key, with a Redis TTL
 * matching their expiry.
 *
 * <p>Public surface: {@link dev.boxauth.redis.RedisStoreConfig} (where Redis is, the AEAD, the key
 * prefix, timeouts), {@link dev.boxauth.redis.RedisTokenStoreModule} (the Guice module, and {@code
 * open(config)} for use without Guice) and {@link dev.boxauth.redis.SharedTokenStore} (the store:
 * closable, with failure counters).
 *
 * <p>When Redis is down or slow, store operations fail within the command timeout (default 500 ms),
 * the token service carries on without the store, a warning is logged at most every 30 s, and Redis
 * is used again as soon as Lettuce has reconnected.
 */
package dev.boxauth.redis;
