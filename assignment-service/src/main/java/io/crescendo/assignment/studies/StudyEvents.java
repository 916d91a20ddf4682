package io.crescendo.assignment.studies;

import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.study.JoinRequestApproved;
import io.crescendo.events.study.MemberRemoved;
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.events.study.StudyGroupDeleted;
import io.crescendo.events.study.StudyGroupUpdated;
import org.springframework.stereotype.Component;

/**
 * Applies study and identity events, inside the subscription's transaction. A deleted study first
 * takes its assignments and submissions with it (as their own events, {@link Cascade}), then
 * becomes a tombstone; a deleted account's submissions are deleted. A redelivery finds nothing left
 * to do.
 */
@Component
class StudyEvents {

  private final StudyRosterView roster;
  private final Cascade cascade;

  StudyEvents(StudyRosterView roster, Cascade cascade) {
    this.roster = roster;
    this.cascade = cascade;
  }

  void apply(EventEnvelope envelope) {
    switch (envelope.data()) {
      case StudyGroupCreated e ->
          roster.created(e.studyId(), e.leaderId(), e.leaderMembershipId(), e.startDate());
      case StudyGroupUpdated e -> roster.startsOn(e.studyId(), e.startDate());
      case JoinRequestApproved e -> roster.joined(e.studyId(), e.membershipId(), e.userId());
      case MemberRemoved e -> roster.left(e.membershipId());
      case StudyGroupDeleted e -> {
        cascade.studyDeleted(e.studyId());
        roster.deleted(e.studyId());
      }
      case UserDeleted e -> cascade.userDeleted(e.userId());
      default -> {
        // other events do not concern assignments
      }
    }
  }
}
