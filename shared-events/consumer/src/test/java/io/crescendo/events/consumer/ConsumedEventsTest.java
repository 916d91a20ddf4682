package io.crescendo.events.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.crescendo.events.consumer.ConsumedEvents.Claim;
import io.crescendo.events.consumer.testapp.ConsumerTestApplication;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.local.test.CrescendoInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link ConsumedEvents#claimAll}, the replay's claim of a whole transaction's events, against the
 * real PostgreSQL: the same outcome as {@link ConsumedEvents#claim} one event after the other, no
 * notification, and a conflict when another transaction claims an aggregate for the first time
 * meanwhile.
 */
@CrescendoInfrastructure(database = "consumer_test")
class ConsumedEventsTest {

  private static final Duration WITHIN = Duration.ofSeconds(60);

  /** Two transactions at once (the common pool may have a single thread). */
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  private ConfigurableApplicationContext app;
  private JdbcClient jdbc;
  private TransactionTemplate transactions;
  private ConsumedEvents consumedEvents;
  private String subscription;

  @BeforeEach
  void start() {
    subscription = "claims-test." + UUID.randomUUID();
    app =
        new SpringApplicationBuilder(ConsumerTestApplication.class)
            .web(WebApplicationType.NONE)
            .run(
                "--crescendo.consumer.enabled=false",
                "--test.subscription=" + subscription,
                "--test.topic=crescendo.claimstest.unused.v1");
    jdbc = app.getBean(JdbcClient.class);
    transactions =
        new TransactionTemplate(new JdbcTransactionManager(app.getBean(DataSource.class)));
    consumedEvents = new ConsumedEvents(jdbc);
  }

  @AfterEach
  void stop() {
    threads.shutdownNow();
    app.close();
  }

  @Test
  void claimsAsOneClaimAfterTheOtherWould() {
    String alice = UUID.randomUUID().toString();
    String bob = UUID.randomUUID().toString();
    String carol = UUID.randomUUID().toString();
    String other = subscription + ".other";
    transactions.executeWithoutResult(
        s -> assertThat(consumedEvents.claim(subscription, renamed(carol, 4))).isTrue());

    List<Claim> claims =
        List.of(
            new Claim(subscription, renamed(alice, 0)),
            new Claim(subscription, renamed(alice, 1)),
            new Claim(subscription, renamed(alice, 1)), // the publisher's duplicate
            new Claim(subscription, renamed(alice, 0)), // an older one after a newer one
            new Claim(subscription, renamed(bob, 3)),
            new Claim(subscription, renamed(alice, 2)),
            new Claim(subscription, renamed(carol, 4)), // applied before
            new Claim(subscription, renamed(carol, 5)),
            new Claim(other, renamed(alice, 0))); // another subscription, its own claims
    boolean[] fresh = transactions.execute(s -> consumedEvents.claimAll(claims));

    assertThat(fresh).containsExactly(true, true, false, false, true, true, false, true, true);
    assertThat(consumedEvents.appliedSequence(subscription, alice)).isEqualTo(2);
    assertThat(consumedEvents.appliedSequence(subscription, bob)).isEqualTo(3);
    assertThat(consumedEvents.appliedSequence(subscription, carol)).isEqualTo(5);
    assertThat(consumedEvents.appliedSequence(other, alice)).isZero();
    assertThat(
            jdbc.sql(
                    "select last_event_id from consumed_event where subscription = ? and subject = ?")
                .param(subscription)
                .param(alice)
                .query(String.class)
                .single())
        .isEqualTo(claims.get(5).event().id());

    // nothing new: nothing written
    boolean[] again = transactions.execute(s -> consumedEvents.claimAll(claims.subList(0, 4)));
    assertThat(again).containsOnly(false);
    boolean[] none = transactions.execute(s -> consumedEvents.claimAll(List.of()));
    assertThat(none).isEmpty();
  }

  @Test
  void anAggregateThatAnotherTransactionClaimsFirstMeanwhileIsAConflict() throws Exception {
    String dave = UUID.randomUUID().toString();
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    // another transaction claims dave first and holds its claim uncommitted
    CompletableFuture<Void> first =
        CompletableFuture.runAsync(
            () ->
                transactions.executeWithoutResult(
                    s -> {
                      assertThat(
                              consumedEvents.claimAll(
                                  List.of(new Claim(subscription, renamed(dave, 0)))))
                          .containsExactly(true);
                      claimed.countDown();
                      hold(commit);
                    }),
            threads);
    assertThat(claimed.await(WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
    // this one does not see it, decides that sequence 1 is new and waits on the insert
    CompletableFuture<boolean[]> second =
        CompletableFuture.supplyAsync(
            () ->
                transactions.execute(
                    s ->
                        consumedEvents.claimAll(
                            List.of(new Claim(subscription, renamed(dave, 1))))),
            threads);
    await().atMost(WITHIN).until(this::aClaimWaitsForALock);
    commit.countDown();
    first.get(WITHIN.toSeconds(), TimeUnit.SECONDS);

    assertThatThrownBy(() -> second.get(WITHIN.toSeconds(), TimeUnit.SECONDS))
        .hasCauseInstanceOf(ConsumedEvents.ClaimConflictException.class);
    // rolled back: the first claim stands
    assertThat(consumedEvents.appliedSequence(subscription, dave)).isZero();
    // tried again, it sees the row and claims after it
    boolean[] retried =
        transactions.execute(
            s -> consumedEvents.claimAll(List.of(new Claim(subscription, renamed(dave, 1)))));
    assertThat(retried).containsExactly(true);
    assertThat(consumedEvents.appliedSequence(subscription, dave)).isOne();
  }

  private boolean aClaimWaitsForALock() {
    return jdbc.sql(
                """
                select count(*) from pg_stat_activity
                 where datname = current_database() and wait_event_type = 'Lock'
                   and query ilike '%insert into consumed_event%'
                """)
            .query(Long.class)
            .single()
        > 0;
  }

  private static void hold(CountDownLatch latch) {
    try {
      if (!latch.await(WITHIN.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static EventEnvelope renamed(String user, long sequence) {
    return EventEnvelope.of(
        UUID.randomUUID().toString(),
        "/crescendo/claims-test",
        Instant.now(),
        user,
        sequence,
        new UsernameChanged(UUID.fromString(user), "u" + sequence, Instant.now()));
  }
}
