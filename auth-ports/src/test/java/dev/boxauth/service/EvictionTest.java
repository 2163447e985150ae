package dev.boxauth.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxauth.domain.AccessToken;
import dev.boxauth.domain.Subject;
import dev.boxauth.port.TokenSource;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, finding 9: memory is bounded. Idle subjects whose token expired are evicted as new ones
 * arrive (and by background refreshes); a source held across its slot's eviction keeps working on
 * the one live slot. On the first release 1,000 expired subjects stayed: 2,000 slots.
 */
class EvictionTest {
  private final Harness h = new Harness();

  @AfterEach
  void tearDown() {
    h.close();
  }

  private static Subject user(int n) {
    return Subject.user(String.valueOf(100_000 + n));
  }

  @Test
  void source_newSubjectsAfterOthersExpired_evictsTheIdleOnes() {
    TokenService service = h.service();
    for (int i = 0; i < 1000; i++) {
      service.source(user(i)).token();
    }
    h.advance(Duration.ofHours(2));

    for (int i = 1000; i < 2000; i++) {
      service.source(user(i)).token();
    }

    assertThat(service.slotCount()).isLessThan(1100);
    assertThat(((InMemoryTokenStore) h.store).size()).isLessThan(1100);
  }

  @Test
  void source_heldAcrossItsSlotsEviction_keepsWorkingOnTheOneLiveSlot() {
    TokenService service = h.service();
    TokenSource held = service.source(user(0));
    AccessToken old = held.token();
    h.advance(Duration.ofHours(2));
    for (int i = 1; i <= 100; i++) {
      service.source(user(i)).token(); // evicts user 0's idle slot
    }
    int before = service.slotCount();

    AccessToken fresh = held.token();

    assertThat(fresh.value()).isNotEqualTo(old.value());
    assertThat(service.source(user(0)).token()).isSameAs(fresh);
    assertThat(service.slotCount()).isEqualTo(before + 1);
  }

  @Test
  void source_slotsWithUsableTokens_areKept() {
    TokenService service = h.service();
    for (int i = 0; i < 100; i++) {
      service.source(user(i)).token();
    }
    h.advance(Duration.ofMinutes(30));

    for (int i = 100; i < 200; i++) {
      service.source(user(i)).token();
    }

    assertThat(service.slotCount()).isEqualTo(200);
    assertThat(service.status().subjectsCached()).isEqualTo(200);
  }
}
