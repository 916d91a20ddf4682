package io.crescendo.assignment.studies;

import io.crescendo.assignment.api.DiscardAssignment;
import io.crescendo.assignment.api.DiscardSubmission;
import io.crescendo.assignment.projection.AssignmentViews;
import io.crescendo.events.axon.command.ReactiveCommandGateway;
import java.time.Duration;
import java.util.UUID;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletions that follow other deletions, each as the aggregate's own event: an assignment's
 * submissions, a study's assignments (and their submissions), an account's submissions.
 *
 * <p>Each command runs in its own transaction (dispatched off the caller's thread), so one
 * aggregate's outcome never rolls back another's; repeating a cascade is harmless: an aggregate
 * already deleted counts as done.
 */
@Component
public class Cascade {

  private static final Logger log = LoggerFactory.getLogger(Cascade.class);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final AssignmentViews views;
  private final ReactiveCommandGateway commands;

  Cascade(AssignmentViews views, ReactiveCommandGateway commands) {
    this.views = views;
    this.commands = commands;
  }

  /** The submissions of a deleted assignment (blocking). */
  public void assignmentDeleted(long assignmentId) {
    views.submissionIdsOf(assignmentId).forEach(id -> send(new DiscardSubmission(id)));
  }

  void studyDeleted(UUID studyId) {
    for (long assignmentId : views.assignmentIdsOf(studyId)) {
      send(new DiscardAssignment(assignmentId));
      assignmentDeleted(assignmentId);
    }
    // submissions whose assignment is already gone (a cascade interrupted earlier)
    views.submissionIdsOfStudy(studyId).forEach(id -> send(new DiscardSubmission(id)));
  }

  void userDeleted(UUID userId) {
    views.submissionIdsBy(userId).forEach(id -> send(new DiscardSubmission(id)));
  }

  private void send(Object command) {
    try {
      commands.send(command).block(COMMAND_TIMEOUT);
    } catch (AggregateNotFoundException e) {
      log.debug("{} already done", command);
    }
  }
}
