package io.crescendo.assignment.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import io.crescendo.assignment.api.AccessRefused;
import io.crescendo.assignment.api.CreateAssignment;
import io.crescendo.assignment.api.DeleteAssignment;
import io.crescendo.assignment.api.DiscardAssignment;
import io.crescendo.assignment.api.EditAssignment;
import io.crescendo.assignment.api.InvalidAssignment;
import io.crescendo.assignment.api.NotInThisStudy;
import io.crescendo.events.assignment.AssignmentCreated;
import io.crescendo.events.assignment.AssignmentDeleted;
import io.crescendo.events.assignment.AssignmentUpdated;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An assignment of a study: the leader posts, edits and deletes it. Content is plain text (the
 * frontend uses a textarea), trimmed, never sanitized. Deleting it deletes its submissions too;
 * that happens through their own aggregates ({@code Cascade}).
 */
@Aggregate
public class Assignment {

  @AggregateIdentifier private Long assignmentId;
  private UUID studyId;
  private String title;
  private String content;

  protected Assignment() {
    // for Axon
  }

  @CommandHandler
  public Assignment(CreateAssignment command, StudyRoster roster, Clock clock) {
    requireLeader(roster, command.studyId(), command.callerId());
    TextRules.Checked checked =
        TextRules.check(command.title(), command.content(), false, null, null, Function.identity());
    if (!checked.valid()) {
      throw new InvalidAssignment(checked.errors());
    }
    apply(
        new AssignmentCreated(
            command.assignmentId(),
            command.studyId(),
            command.callerId(),
            checked.title(),
            checked.content(),
            clock.instant()));
  }

  @CommandHandler
  public void handle(EditAssignment command, StudyRoster roster, Clock clock) {
    requireThisStudy(command.studyId());
    requireLeader(roster, studyId, command.callerId());
    TextRules.Checked checked =
        TextRules.check(
            command.title(),
            command.content(),
            command.partial(),
            title,
            content,
            Function.identity());
    if (!checked.valid()) {
      throw new InvalidAssignment(checked.errors());
    }
    if (!checked.title().equals(title) || !checked.content().equals(content)) {
      apply(
          new AssignmentUpdated(
              assignmentId, studyId, checked.title(), checked.content(), clock.instant()));
    }
  }

  @CommandHandler
  public void handle(DeleteAssignment command, StudyRoster roster, Clock clock) {
    requireThisStudy(command.studyId());
    requireLeader(roster, studyId, command.callerId());
    apply(new AssignmentDeleted(assignmentId, studyId, clock.instant()));
  }

  @CommandHandler
  public void handle(DiscardAssignment command, Clock clock) {
    apply(new AssignmentDeleted(assignmentId, studyId, clock.instant()));
  }

  @EventSourcingHandler
  void on(AssignmentCreated event) {
    assignmentId = event.assignmentId();
    studyId = event.studyId();
    title = event.title();
    content = event.content();
  }

  @EventSourcingHandler
  void on(AssignmentUpdated event) {
    title = event.title();
    content = event.content();
  }

  @EventSourcingHandler
  void on(AssignmentDeleted event) {
    markDeleted();
  }

  private void requireThisStudy(UUID pathStudy) {
    if (!studyId.equals(pathStudy)) {
      throw new NotInThisStudy();
    }
  }

  private static void requireLeader(StudyRoster roster, UUID study, UUID caller) {
    if (!roster.isLeader(study, caller)) {
      throw AccessRefused.notTheLeader();
    }
  }
}
