package io.crescendo.assignment.web;

import io.crescendo.assignment.projection.AssignmentViews;
import io.crescendo.assignment.projection.AssignmentViews.AssignmentRef;
import io.crescendo.assignment.projection.AssignmentViews.SubmissionRef;
import io.crescendo.assignment.studies.StudyFeed;
import io.crescendo.assignment.studies.StudyRosterView;
import io.crescendo.assignment.studies.StudyRosterView.Study;
import io.crescendo.web.security.CurrentUser;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The order of checks of API-v1 §1.3 for an assignment route (an invalid token was answered 401 by
 * the security chain already): unknown or malformed study → 404, no caller → 401, not a member or
 * not the leader → 403, an assignment or submission not of this study (and assignment) → 404.
 *
 * <p>Read-your-writes: the membership view is fed from study events, so a study, leader or member
 * the view does not know yet makes the request wait (once, at most {@link #CATCH_UP}) for the study
 * subscription to catch up before it is refused — a just-approved member can submit at once.
 */
@Component
class StudyAccess {

  static final Duration CATCH_UP = Duration.ofSeconds(3);

  private final StudyRosterView roster;
  private final AssignmentViews views;
  private final ObjectProvider<StudyFeed> feed;

  StudyAccess(StudyRosterView roster, AssignmentViews views, ObjectProvider<StudyFeed> feed) {
    this.roster = roster;
    this.views = views;
    this.feed = feed;
  }

  /** The study and its caller, who must be its leader. */
  Mono<Access> asLeader(String studyId, Optional<CurrentUser> caller) {
    return as(studyId, caller, true);
  }

  /** The study and its caller, who must be a member (the leader is one). */
  Mono<Access> asMember(String studyId, Optional<CurrentUser> caller) {
    return as(studyId, caller, false);
  }

  /** The assignment in the path, which must belong to the study. */
  Mono<AssignmentRef> assignment(Access access, String assignmentId) {
    return blocking(
        () ->
            views
                .assignment(Ids.positive(assignmentId))
                .filter(a -> a.studyId().equals(access.study().studyId()))
                .orElseThrow(Ids::notFound));
  }

  /** The submission in the path, which must belong to the assignment. */
  Mono<SubmissionRef> submission(AssignmentRef assignment, String submissionId) {
    return blocking(
        () ->
            views
                .submission(Ids.positive(submissionId))
                .filter(
                    s ->
                        s.assignmentId() == assignment.assignmentId()
                            && s.studyId().equals(assignment.studyId()))
                .orElseThrow(Ids::notFound));
  }

  private Mono<Access> as(String studyId, Optional<CurrentUser> caller, boolean leader) {
    UUID id = Ids.study(studyId);
    return blocking(
        () -> {
          Study study =
              roster
                  .find(id)
                  .or(() -> catchUp() ? roster.find(id) : Optional.empty())
                  .orElseThrow(Ids::notFound);
          CurrentUser user =
              caller.orElseThrow(() -> new AccessDeniedException("Not authenticated"));
          BooleanSupplier allowed =
              leader ? () -> roster.isLeader(id, user.id()) : () -> roster.isMember(id, user.id());
          if (!allowed.getAsBoolean() && !(catchUp() && allowed.getAsBoolean())) {
            throw new AccessDeniedException(
                leader
                    ? "Only the leader of this study may do this."
                    : "Only members of this study may do this.");
          }
          return new Access(study, user);
        });
  }

  private boolean catchUp() {
    StudyFeed subscription = feed.getIfAvailable();
    return subscription != null && subscription.awaitCaughtUp(CATCH_UP);
  }

  static <T> Mono<T> blocking(Callable<T> work) {
    return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
  }

  /** A study and the caller acting on it. */
  record Access(Study study, CurrentUser caller) {}
}
