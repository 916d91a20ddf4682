package io.crescendo.events.study;

import io.crescendo.events.PublicEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * Public events of the study context about a study group, its members and its join requests,
 * published by study-service on {@link io.crescendo.events.Topics#STUDY_STUDYGROUP}, keyed by
 * {@link #studyId()}.
 *
 * <p>Together they carry everything the study GETs of the HTTP contract show: a subscriber that
 * applies them in order per study can rebuild the study list and detail, the members (with their
 * membership ids and join dates), the join requests and every user's studies by status. User names
 * and e-mails come from the identity events.
 */
public sealed interface StudyGroupEvent extends PublicEvent
    permits StudyGroupCreated,
        StudyGroupUpdated,
        HeadImageChanged,
        StudyGroupDeleted,
        JoinRequested,
        JoinRequestApproved,
        JoinRequestRejected,
        JoinRequestWithdrawn,
        MemberRemoved {

  /** The study the event is about: the aggregate id and the Kafka record key. */
  UUID studyId();

  /** When it happened on the write side. */
  Instant occurredAt();
}
