package dev.boxauth.testkit;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Request counts. Thread-safe. */
final class Counters {
  private final AtomicLong tokenRequests = new AtomicLong();
  private final LongAdder revokeRequests = new LongAdder();
  private final LongAdder apiRequests = new LongAdder();
  private final Map<BoxEmulator.GrantType, Map<BoxEmulator.Outcome, LongAdder>> byGrant =
      new EnumMap<>(BoxEmulator.GrantType.class);

  Counters() {
    for (BoxEmulator.GrantType g : BoxEmulator.GrantType.values()) {
      Map<BoxEmulator.Outcome, LongAdder> byOutcome = new EnumMap<>(BoxEmulator.Outcome.class);
      for (BoxEmulator.Outcome o : BoxEmulator.Outcome.values()) {
        byOutcome.put(o, new LongAdder());
      }
      byGrant.put(g, byOutcome);
    }
  }

  /** Counts a token request as it arrives; returns its number since the last reset. */
  long tokenRequestArrived() {
    return tokenRequests.incrementAndGet();
  }

  void tokenRequestEnded(BoxEmulator.GrantType grant, BoxEmulator.Outcome outcome) {
    byGrant.get(grant).get(outcome).increment();
  }

  void revokeRequestArrived() {
    revokeRequests.increment();
  }

  void apiRequestArrived() {
    apiRequests.increment();
  }

  long apiRequests() {
    return apiRequests.sum();
  }

  long tokenRequests() {
    return tokenRequests.get();
  }

  long tokenRequests(BoxEmulator.GrantType grant, BoxEmulator.Outcome outcome) {
    return byGrant.get(grant).get(outcome).sum();
  }

  long revokeRequests() {
    return revokeRequests.sum();
  }

  void reset() {
    tokenRequests.set(0);
    revokeRequests.reset();
    apiRequests.reset();
    byGrant.values().forEach(m -> m.values().forEach(LongAdder::reset));
  }
}
