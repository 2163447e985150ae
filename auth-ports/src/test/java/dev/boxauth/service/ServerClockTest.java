package dev.boxauth.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.testing.MutableClock;
import dev.boxauth.testing.MutableTicker;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServerClockTest {
  private final MutableClock wall = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final MutableTicker ticker = new MutableTicker();
  private final ServerClock server = new ServerClock(wall, ticker);

  private ServerClock.Learned replyWithDate(Duration boxAhead) {
    long sent = ticker.nanos();
    Instant date = Instant.ofEpochSecond(wall.instant().plus(boxAhead).getEpochSecond());
    return server.learn(sent, ticker.nanos(), date);
  }

  @Test
  void now_beforeAnyReply_isTheWallClock() {
    assertThat(server.now()).isEqualTo(wall.instant());
    assertThat(server.offset()).isZero();
  }

  @Test
  void learn_anOffset_movesNowAndCountsAGeneration() {
    int before = server.generation();

    assertThat(replyWithDate(Duration.ofMinutes(5))).isEqualTo(ServerClock.Learned.OFFSET);

    assertThat(server.generation()).isEqualTo(before + 1);
    assertThat(server.offset())
        .isBetween(Duration.ofMinutes(5).minusSeconds(1), Duration.ofMinutes(5).plusSeconds(1));
    assertThat(replyWithDate(Duration.ofMinutes(5))).isEqualTo(ServerClock.Learned.NOTHING);
    assertThat(server.generation()).isEqualTo(before + 1);
  }

  @Test
  void now_afterAWallClockStep_staysOnTheTicker() {
    replyWithDate(Duration.ZERO);
    Instant boxNow = server.now();

    wall.advance(Duration.ofHours(-2));
    ticker.advance(Duration.ofSeconds(10));

    assertThat(Duration.between(boxNow, server.now()))
        .isBetween(Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  @Test
  void learn_anOffsetBeyond24Hours_isIgnored() {
    assertThat(replyWithDate(Duration.ofHours(25))).isEqualTo(ServerClock.Learned.IGNORED);

    assertThat(server.offset()).isZero();
    assertThat(server.lastIgnored()).isGreaterThan(Duration.ofHours(24));
  }
}
