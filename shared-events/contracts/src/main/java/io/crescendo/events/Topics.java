package io.crescendo.events;

import io.crescendo.events.assignment.AssignmentCreated;
import io.crescendo.events.assignment.AssignmentDeleted;
import io.crescendo.events.assignment.AssignmentUpdated;
import io.crescendo.events.assignment.SubmissionCreated;
import io.crescendo.events.assignment.SubmissionDeleted;
import io.crescendo.events.assignment.SubmissionUpdated;
import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.events.study.HeadImageChanged;
import io.crescendo.events.study.JoinRequestApproved;
import io.crescendo.events.study.JoinRequestRejected;
import io.crescendo.events.study.JoinRequestWithdrawn;
import io.crescendo.events.study.JoinRequested;
import io.crescendo.events.study.MemberRemoved;
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.events.study.StudyGroupDeleted;
import io.crescendo.events.study.StudyGroupUpdated;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Every topic carrying public events. The single source of truth: {@link EventCatalog}, the
 * AsyncAPI document (kept in step by a test) and the topic declarations derive from it.
 */
public final class Topics {

  /** Enough consumer parallelism per group for the expected load; cheap for the broker. */
  public static final int PARTITIONS = 6;

  /**
   * Keep every record forever and never compact: read models are rebuilt by replaying the topics
   * from the beginning, so the full history must stay.
   */
  public static final Map<String, String> CONFIGS =
      Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG,
          TopicConfig.CLEANUP_POLICY_DELETE,
          TopicConfig.RETENTION_MS_CONFIG,
          "-1");

  /** Lifecycle of user accounts, published by identity-service. */
  public static final TopicSpec IDENTITY_USER =
      topic(
          "crescendo.identity.user.v1",
          List.of(UserRegistered.class, UsernameChanged.class, UserDeleted.class));

  /** Study groups, their membership and join requests, published by study-service. */
  public static final TopicSpec STUDY_STUDYGROUP =
      topic(
          "crescendo.study.studygroup.v1",
          List.of(
              StudyGroupCreated.class,
              StudyGroupUpdated.class,
              HeadImageChanged.class,
              StudyGroupDeleted.class,
              JoinRequested.class,
              JoinRequestApproved.class,
              JoinRequestRejected.class,
              JoinRequestWithdrawn.class,
              MemberRemoved.class));

  /** Assignments of study groups, published by assignment-service. Key = assignment id. */
  public static final TopicSpec ASSIGNMENT_ASSIGNMENT =
      topic(
          "crescendo.assignment.assignment.v1",
          List.of(AssignmentCreated.class, AssignmentUpdated.class, AssignmentDeleted.class));

  /** Submissions to assignments, published by assignment-service. Key = submission id. */
  public static final TopicSpec ASSIGNMENT_SUBMISSION =
      topic(
          "crescendo.assignment.submission.v1",
          List.of(SubmissionCreated.class, SubmissionUpdated.class, SubmissionDeleted.class));

  private static final List<TopicSpec> ALL =
      List.of(IDENTITY_USER, STUDY_STUDYGROUP, ASSIGNMENT_ASSIGNMENT, ASSIGNMENT_SUBMISSION);

  private Topics() {}

  /** All topics, in declaration order. */
  public static List<TopicSpec> all() {
    return ALL;
  }

  private static TopicSpec topic(String name, List<Class<? extends PublicEvent>> events) {
    return new TopicSpec(name, PARTITIONS, CONFIGS, events);
  }
}
