package dev.boxauth.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Lets time pass for Redis without waiting: shortens the TTL of every key matching a pattern by
 * {@code d} (deleting those it would end), which is what Redis's own clock would have done.
 */
final class RedisTime {
  private RedisTime() {}

  /** Ages every key that contains {@code marker} by {@code d}. */
  static void elapse(RedisCommands<byte[], byte[]> raw, String marker, Duration d) {
    ScanArgs match = ScanArgs.Builder.matches("*" + marker + "*").limit(1000);
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<byte[]> page = raw.scan(cursor, match);
      for (byte[] key : page.getKeys()) {
        long pttl = raw.pttl(key);
        if (pttl < 0) {
          continue; // no TTL, or gone
        }
        long left = pttl - d.toMillis();
        if (left <= 0) {
          raw.del(key);
        } else {
          raw.pexpire(key, left);
        }
      }
      cursor = page;
    } while (!cursor.isFinished());
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
