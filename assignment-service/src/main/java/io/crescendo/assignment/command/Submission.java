package io.crescendo.assignment.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import io.crescendo.assignment.api.AccessRefused;
import io.crescendo.assignment.api.DeleteSubmission;
import io.crescendo.assignment.api.DiscardSubmission;
import io.crescendo.assignment.api.EditSubmission;
import io.crescendo.assignment.api.InvalidSubmission;
import io.crescendo.assignment.api.NotInThisStudy;
import io.crescendo.assignment.api.SubmitWork;
import io.crescendo.events.assignment.SubmissionCreated;
import io.crescendo.events.assignment.SubmissionDeleted;
import io.crescendo.events.assignment.SubmissionUpdated;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A member's submission to an assignment: once per member and assignment (a claim row in the
 * command's transaction), not before the study's start date (Asia/Seoul), edited by its author
 * while still a member, deleted by its author or the leader. Content is Quill HTML, sanitized on
 * the way in; the limits apply to the sanitized text.
 */
@Aggregate
public class Submission {

  static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

  @AggregateIdentifier private Long submissionId;
  private long assignmentId;
  private UUID studyId;
  private UUID authorId;
  private String title;
  private String content;

  protected Submission() {
    // for Axon
  }

  @CommandHandler
  public Submission(
      SubmitWork command,
      StudyRoster roster,
      SubmissionClaims claims,
      HtmlSanitizer html,
      Clock clock) {
    if (!roster.isMember(command.studyId(), command.callerId())) {
      throw AccessRefused.notAMember();
    }
    TextRules.Checked checked =
        TextRules.check(command.title(), command.content(), false, null, null, html::sanitize);
    if (!checked.valid()) {
      throw new InvalidSubmission(checked.errors());
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), SEOUL);
    LocalDate start = roster.startDate(command.studyId()).orElseThrow(NotInThisStudy::new);
    if (today.isBefore(start)) {
      throw InvalidSubmission.because(
          "The study has not started yet: submissions open on " + start + ".");
    }
    if (!claims.claim(command.assignmentId(), command.callerId(), command.submissionId())) {
      throw InvalidSubmission.because("You have already submitted for this assignment.");
    }
    apply(
        new SubmissionCreated(
            command.submissionId(),
            command.assignmentId(),
            command.studyId(),
            command.callerId(),
            checked.title(),
            checked.content(),
            clock.instant()));
  }

  @CommandHandler
  public void handle(EditSubmission command, StudyRoster roster, HtmlSanitizer html, Clock clock) {
    requireScope(command.studyId(), command.assignmentId());
    if (!authorId.equals(command.callerId()) || !roster.isMember(studyId, authorId)) {
      throw AccessRefused.notTheAuthor();
    }
    TextRules.Checked checked =
        TextRules.check(
            command.title(), command.content(), command.partial(), title, content, html::sanitize);
    if (!checked.valid()) {
      throw new InvalidSubmission(checked.errors());
    }
    if (!checked.title().equals(title) || !checked.content().equals(content)) {
      apply(
          new SubmissionUpdated(
              submissionId,
              assignmentId,
              studyId,
              checked.title(),
              checked.content(),
              clock.instant()));
    }
  }

  @CommandHandler
  public void handle(
      DeleteSubmission command, StudyRoster roster, SubmissionClaims claims, Clock clock) {
    requireScope(command.studyId(), command.assignmentId());
    UUID caller = command.callerId();
    boolean author = authorId.equals(caller) && roster.isMember(studyId, caller);
    if (!author && !roster.isLeader(studyId, caller)) {
      throw AccessRefused.notTheAuthorOrLeader();
    }
    delete(claims, clock);
  }

  @CommandHandler
  public void handle(DiscardSubmission command, SubmissionClaims claims, Clock clock) {
    delete(claims, clock);
  }

  @EventSourcingHandler
  void on(SubmissionCreated event) {
    submissionId = event.submissionId();
    assignmentId = event.assignmentId();
    studyId = event.studyId();
    authorId = event.authorId();
    title = event.title();
    content = event.content();
  }

  @EventSourcingHandler
  void on(SubmissionUpdated event) {
    title = event.title();
    content = event.content();
  }

  @EventSourcingHandler
  void on(SubmissionDeleted event) {
    markDeleted();
  }

  private void delete(SubmissionClaims claims, Clock clock) {
    claims.release(assignmentId, authorId);
    apply(new SubmissionDeleted(submissionId, assignmentId, studyId, clock.instant()));
  }

  private void requireScope(UUID pathStudy, long pathAssignment) {
    if (!studyId.equals(pathStudy) || assignmentId != pathAssignment) {
      throw new NotInThisStudy();
    }
  }
}
