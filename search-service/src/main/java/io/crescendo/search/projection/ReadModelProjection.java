package io.crescendo.search.projection;

import io.crescendo.events.assignment.AssignmentEvent;
import io.crescendo.events.assignment.SubmissionEvent;
import io.crescendo.events.consumer.EventHandler;
import io.crescendo.events.identity.IdentityEvent;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.study.StudyGroupEvent;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Applies the public events to search-service's read models: the handler of every subscription
 * ({@link Subscriptions}). Runs inside the consumer's JDBC transaction (one per record, applied
 * once per aggregate sequence), so every statement commits or rolls back with the subscription's
 * progress. Each event family has its projection: {@link UserProjection}, {@link StudyProjection},
 * {@link AssignmentProjection}; deletions leave {@link Tombstones}, so that the rows do not depend
 * on the interleaving of the topics. Table names are unqualified: the same projection can fill
 * another schema through a {@code DataSource} with another {@code search_path}.
 *
 * <p>A replay hands it the events of a whole transaction at once ({@link #handleAll}), which it
 * applies with a few set-based statements per event type ({@link ReplayBatch}).
 */
@Component
public class ReadModelProjection implements EventHandler {

  private final UserProjection users;
  private final StudyProjection studies;
  private final AssignmentProjection assignments;
  private final ReplayBatch batch;

  public ReadModelProjection(DataSource dataSource) {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    Tombstones tombstones = new Tombstones(jdbc);
    this.studies = new StudyProjection(dataSource, jdbc, tombstones);
    this.assignments = new AssignmentProjection(jdbc, tombstones);
    this.users = new UserProjection(jdbc, tombstones, studies, assignments);
    this.batch = new ReplayBatch(jdbc);
  }

  @Override
  public void handle(EventEnvelope event) {
    apply(event);
  }

  /** The events of a replay transaction: as {@link #apply} for each in order would. */
  @Override
  public void handleAll(List<EventEnvelope> events) {
    batch.apply(events);
  }

  /** The handler of the subscriptions; events of other families are ignored. */
  public void apply(EventEnvelope event) {
    switch (event.data()) {
      case IdentityEvent e -> users.apply(e);
      case StudyGroupEvent e -> studies.apply(e);
      case AssignmentEvent e -> assignments.apply(e);
      case SubmissionEvent e -> assignments.apply(e);
      default -> {} // no other family is read
    }
  }
}
