package dev.boxauth.spring;

import com.google.crypto.tink.Aead;
import com.google.inject.Module;
import dev.boxauth.domain.ConfigurationException;
import dev.boxauth.redis.RedisStoreConfig;
import dev.boxauth.redis.RedisTokenStoreModule;

/**
 * The Redis token store from {@code boxauth.store.redis.*}. Its own class, loaded only when {@code
 * boxauth.store.type=redis} and adapter-redis is on the class path.
 */
final class RedisStores {
  private RedisStores() {}

  /**
   * A module binding the store; {@code BoxAuth} owns what it opens and closes it on {@code
   * close()}. Nothing connects until the first token is read or written.
   */
  static Module module(BoxAuthProperties.Redis redis, Aead aead) {
    try {
      RedisStoreConfig.Builder config =
          RedisStoreConfig.builder()
              .uri(redis.getUri())
              .aead(aead)
              .keyPrefix(redis.getKeyPrefix())
              .commandTimeout(redis.getCommandTimeout())
              .connectTimeout(redis.getConnectTimeout());
      if (redis.getPassword() != null) {
        config.password(redis.getPassword());
      }
      return new RedisTokenStoreModule(config.build());
    } catch (ConfigurationException e) {
      throw BoxAuthFactory.at(property(e.field()), e);
    }
  }

  /** RedisStoreConfig's names: {@code redis.uris[0]}, {@code redis.keyPrefix}, ... */
  private static String property(String field) {
    String name = field.startsWith("redis.") ? field.substring("redis.".length()) : field;
    if (name.startsWith("uris")) {
      return "boxauth.store.redis.uri";
    }
    return "boxauth.store.redis." + BoxAuthFactory.kebab(name);
  }
}
