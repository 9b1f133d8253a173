package io.homeward.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.outbox.IndexWriter;
import io.homeward.gateway.store.OutboxStore;
import io.homeward.gateway.store.Sql;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Leases as several gateways sharing one database see them: each {@link Leases} instance below is
 * another gateway (its own holder id) on the same database.
 */
abstract class LeasesContract {
  @Inject Database db;
  @Inject Leases leases;
  @Inject IndexWriter indexWriter;
  @Inject OutboxStore outbox;

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-12-07T10:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private static String name() {
    return "test-" + UUID.randomUUID();
  }

  @Test
  void oneGatewayHoldsALeaseAtATimeAndRenewsIt() {
    MovableClock clock = new MovableClock();
    Leases a = new Leases(db, clock);
    Leases b = new Leases(db, clock);
    String job = name();

    assertThat(a.hold(job)).isTrue();
    assertThat(b.hold(job)).isFalse();
    clock.advance(Duration.ofSeconds(20));
    assertThat(a.hold(job)).as("renewed").isTrue();
    clock.advance(Duration.ofSeconds(20));
    assertThat(b.hold(job)).as("40 s after taking it, 20 s after renewing it").isFalse();
    assertThat(b.hold(name())).as("another lease is free").isTrue();
  }

  @Test
  void aLeaseNoLongerRenewedPassesToAnotherGateway() {
    MovableClock clock = new MovableClock();
    Leases a = new Leases(db, clock);
    Leases b = new Leases(db, clock);
    String job = name();
    assertThat(a.hold(job)).isTrue();

    clock.advance(Leases.TTL.plusSeconds(1));
    assertThat(b.hold(job)).isTrue();
    assertThat(a.hold(job)).as("the stalled gateway finds it gone").isFalse();
  }

  @Test
  void aReleasedLeaseIsFreeAtOnce() {
    MovableClock clock = new MovableClock();
    Leases a = new Leases(db, clock);
    Leases b = new Leases(db, clock);
    String job = name();
    assertThat(a.hold(job)).isTrue();
    a.release(job);
    assertThat(b.hold(job)).isTrue();
    b.release(job);
    b.release(job);
    assertThat(a.hold(job)).isTrue();
  }

  /** Four gateways, sixteen threads, one new lease: exactly one gateway ever holds it. */
  @Test
  void gatewaysRacingForANewLeaseNeverBothHoldIt() throws Exception {
    MovableClock clock = new MovableClock();
    List<Leases> gateways = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      gateways.add(new Leases(db, clock));
    }
    String job = name();
    Set<Integer> holders = ConcurrentHashMap.newKeySet();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int gateway = t % 4;
        work.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 25; i++) {
                    if (gateways.get(gateway).hold(job)) {
                      holders.add(gateway);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : work) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(holders).hasSize(1);
  }

  /**
   * The outbox delivers nothing while another gateway holds its lease. This gateway's scheduled
   * passes hold it already, so the other takes it over as it would from a stalled gateway: its
   * clock is past the lease's end.
   */
  @Test
  void theOutboxWaitsWhileAnotherGatewayDelivers() {
    MovableClock later = new MovableClock();
    later.advance(Duration.between(later.instant(), Instant.now().plus(Leases.TTL).plusSeconds(5)));
    Leases other = new Leases(db, later);
    assertThat(leases.hold(IndexWriter.LEASE)).as("this gateway's own").isTrue();
    long before = db.inTransaction(outbox::pendingCount);
    assertThat(other.hold(IndexWriter.LEASE)).isTrue();
    assertThat(leases.hold(IndexWriter.LEASE)).isFalse();
    long row =
        db.inTransaction(
            tx ->
                outbox.enqueue(
                    tx,
                    OutboxStore.Kind.REMOVE_CASE,
                    null,
                    null,
                    UUID.randomUUID().toString(),
                    Instant.now()));
    try {
      assertThat(indexWriter.pass()).isZero();
      assertThat(db.inTransaction(outbox::pendingCount)).isEqualTo(before + 1);
    } finally {
      // Other tests share this database: the row must not wait in their outbox.
      db.inTransaction(tx -> Sql.update(tx, "delete from outbox where id = ?", p -> p.bigint(row)));
      other.release(IndexWriter.LEASE);
    }
  }
}
