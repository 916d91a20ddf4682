package io.crescendo.study.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import io.crescendo.events.study.HeadImageChanged;
import io.crescendo.events.study.JoinRequestApproved;
import io.crescendo.events.study.JoinRequestRejected;
import io.crescendo.events.study.JoinRequestWithdrawn;
import io.crescendo.events.study.JoinRequested;
import io.crescendo.events.study.MemberRemoved;
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.events.study.StudyGroupDeleted;
import io.crescendo.events.study.StudyGroupUpdated;
import io.crescendo.study.api.ApproveJoinRequest;
import io.crescendo.study.api.ChangeHeadImage;
import io.crescendo.study.api.CreateStudyGroup;
import io.crescendo.study.api.DeleteStudyGroup;
import io.crescendo.study.api.HeadImageChange;
import io.crescendo.study.api.InvalidJoinRequest;
import io.crescendo.study.api.JoinRequestAlreadyDecided;
import io.crescendo.study.api.JoinRequestNotFound;
import io.crescendo.study.api.LeaderCannotBeRemoved;
import io.crescendo.study.api.LeaveBecauseAccountDeleted;
import io.crescendo.study.api.MembershipNotFound;
import io.crescendo.study.api.NotTheLeader;
import io.crescendo.study.api.PatchStudyGroup;
import io.crescendo.study.api.RejectJoinRequest;
import io.crescendo.study.api.RemoveMember;
import io.crescendo.study.api.RequestToJoin;
import io.crescendo.study.api.StudyGroupDetails;
import io.crescendo.study.api.StudyGroupIsFull;
import io.crescendo.study.api.UpdateStudyGroup;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A study group with its leader, members and join requests. Command handlers decide; event sourcing
 * handlers only apply. Every date rule is judged on today's date in Asia/Seoul.
 */
@Aggregate
public class StudyGroup {

  static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

  @AggregateIdentifier private UUID studyId;
  private UUID leaderId;
  private long leaderMembershipId;
  private StudyGroupDetails details;
  private String headImage;
  private final Map<Long, UUID> members = new TreeMap<>();
  private final Map<Long, JoinRequest> requests = new TreeMap<>();

  protected StudyGroup() {
    // for Axon
  }

  @CommandHandler
  public StudyGroup(
      CreateStudyGroup command, HtmlSanitizer html, IdentifierAllocator ids, Clock clock) {
    StudyGroupDetails valid = StudyGroupRules.forNewStudy(command.details(), html, today(clock));
    apply(
        new StudyGroupCreated(
            command.studyId(),
            command.leaderId(),
            ids.nextMembershipId(),
            valid.postTitle(),
            valid.studyName(),
            valid.postContent(),
            valid.categories(),
            valid.tags(),
            valid.memberLimit(),
            valid.startDate(),
            valid.endDate(),
            valid.deadline(),
            command.headImage(),
            clock.instant()));
  }

  @CommandHandler
  public void handle(UpdateStudyGroup command, HtmlSanitizer html, Clock clock) {
    requireLeader(command.callerId());
    edit(command.details(), command.headImage(), html, clock);
  }

  @CommandHandler
  public void handle(PatchStudyGroup command, HtmlSanitizer html, Clock clock) {
    requireLeader(command.callerId());
    edit(command.changes().over(details), command.headImage(), html, clock);
  }

  @CommandHandler
  public void handle(ChangeHeadImage command, Clock clock) {
    requireLeader(command.callerId());
    changeHeadImage(command.headImage(), clock.instant());
  }

  @CommandHandler
  public void handle(DeleteStudyGroup command, Clock clock) {
    requireLeader(command.callerId());
    apply(new StudyGroupDeleted(studyId, clock.instant()));
  }

  @CommandHandler
  public void handle(RequestToJoin command, IdentifierAllocator ids, Clock clock) {
    String message = StudyGroupRules.requestMessage(command.requestMessage());
    UUID user = command.userId();
    if (members.containsValue(user)) {
      throw InvalidJoinRequest.because("You are already a member of this study.");
    }
    if (hasRequest(user, JoinRequest.Status.PENDING)) {
      throw InvalidJoinRequest.because("You have already applied to this study.");
    }
    if (hasRequest(user, JoinRequest.Status.REJECTED)) {
      throw InvalidJoinRequest.because("Your request to join this study was rejected.");
    }
    if (isClosed(today(clock))) {
      throw InvalidJoinRequest.because("This study is closed.");
    }
    apply(new JoinRequested(studyId, ids.nextRequestId(), user, message, clock.instant()));
  }

  @CommandHandler
  public void handle(ApproveJoinRequest command, IdentifierAllocator ids, Clock clock) {
    requireLeader(command.callerId());
    JoinRequest request = requests.get(command.requestId());
    if (request == null) {
      throw new JoinRequestNotFound(studyId, command.requestId());
    }
    if (request.status() != JoinRequest.Status.PENDING) {
      throw new JoinRequestAlreadyDecided(studyId, command.requestId());
    }
    if (members.size() >= details.memberLimit()) {
      throw new StudyGroupIsFull(studyId);
    }
    apply(
        new JoinRequestApproved(
            studyId,
            command.requestId(),
            request.userId(),
            ids.nextMembershipId(),
            clock.instant()));
  }

  @CommandHandler
  public void handle(RejectJoinRequest command, Clock clock) {
    requireLeader(command.callerId());
    JoinRequest request = requests.get(command.requestId());
    if (request == null || request.status() != JoinRequest.Status.PENDING) {
      throw new JoinRequestNotFound(studyId, command.requestId());
    }
    apply(new JoinRequestRejected(studyId, command.requestId(), request.userId(), clock.instant()));
  }

  @CommandHandler
  public void handle(RemoveMember command, Clock clock) {
    requireLeader(command.callerId());
    UUID member = members.get(command.membershipId());
    if (member == null) {
      throw new MembershipNotFound(studyId, command.membershipId());
    }
    if (command.membershipId() == leaderMembershipId) {
      throw new LeaderCannotBeRemoved(studyId);
    }
    apply(new MemberRemoved(studyId, command.membershipId(), member, clock.instant()));
  }

  @CommandHandler
  public void handle(LeaveBecauseAccountDeleted command, Clock clock) {
    UUID user = command.userId();
    Instant now = clock.instant();
    if (user.equals(leaderId)) {
      apply(new StudyGroupDeleted(studyId, now));
      return;
    }
    // Ids first: applying an event changes the maps.
    List<Long> memberships = idsWhere(members, user::equals);
    List<Long> pending = idsWhere(requests, r -> r.isPendingOf(user));
    memberships.forEach(id -> apply(new MemberRemoved(studyId, id, user, now)));
    pending.forEach(id -> apply(new JoinRequestWithdrawn(studyId, id, user, now)));
  }

  @EventSourcingHandler
  void on(StudyGroupCreated event) {
    studyId = event.studyId();
    leaderId = event.leaderId();
    leaderMembershipId = event.leaderMembershipId();
    members.put(event.leaderMembershipId(), event.leaderId());
    details =
        new StudyGroupDetails(
            event.postTitle(),
            event.studyName(),
            event.postContent(),
            event.categories(),
            event.tags(),
            event.memberLimit(),
            event.startDate(),
            event.endDate(),
            event.deadline());
    headImage = event.headImage();
  }

  @EventSourcingHandler
  void on(StudyGroupUpdated event) {
    details =
        new StudyGroupDetails(
            event.postTitle(),
            event.studyName(),
            event.postContent(),
            event.categories(),
            event.tags(),
            event.memberLimit(),
            event.startDate(),
            event.endDate(),
            event.deadline());
  }

  @EventSourcingHandler
  void on(HeadImageChanged event) {
    headImage = event.headImage();
  }

  @EventSourcingHandler
  void on(StudyGroupDeleted event) {
    markDeleted();
  }

  @EventSourcingHandler
  void on(JoinRequested event) {
    requests.put(event.requestId(), new JoinRequest(event.userId(), JoinRequest.Status.PENDING));
  }

  @EventSourcingHandler
  void on(JoinRequestApproved event) {
    requests.put(event.requestId(), new JoinRequest(event.userId(), JoinRequest.Status.APPROVED));
    members.put(event.membershipId(), event.userId());
  }

  @EventSourcingHandler
  void on(JoinRequestRejected event) {
    requests.put(event.requestId(), new JoinRequest(event.userId(), JoinRequest.Status.REJECTED));
  }

  @EventSourcingHandler
  void on(JoinRequestWithdrawn event) {
    requests.remove(event.requestId());
  }

  @EventSourcingHandler
  void on(MemberRemoved event) {
    members.remove(event.membershipId());
  }

  private void edit(
      StudyGroupDetails proposed, HeadImageChange image, HtmlSanitizer html, Clock clock) {
    LocalDate today = today(clock);
    StudyGroupDetails valid =
        StudyGroupRules.forEdit(proposed, html, today, members.size(), isClosed(today));
    Instant now = clock.instant();
    if (!valid.equals(details)) {
      apply(
          new StudyGroupUpdated(
              studyId,
              valid.postTitle(),
              valid.studyName(),
              valid.postContent(),
              valid.categories(),
              valid.tags(),
              valid.memberLimit(),
              valid.startDate(),
              valid.endDate(),
              valid.deadline(),
              now));
    }
    if (image != null) {
      changeHeadImage(image, now);
    }
  }

  private void changeHeadImage(HeadImageChange image, Instant now) {
    if (!Objects.equals(image.storedName(), headImage)) {
      apply(new HeadImageChanged(studyId, image.storedName(), now));
    }
  }

  private void requireLeader(UUID callerId) {
    if (!leaderId.equals(callerId)) {
      throw new NotTheLeader(studyId, callerId);
    }
  }

  /** API-v1 §1.5: past the deadline, or no room left. */
  private boolean isClosed(LocalDate today) {
    return today.isAfter(details.deadline()) || members.size() >= details.memberLimit();
  }

  private boolean hasRequest(UUID user, JoinRequest.Status status) {
    return requests.values().stream()
        .anyMatch(r -> r.userId().equals(user) && r.status() == status);
  }

  private static <T> List<Long> idsWhere(Map<Long, T> byId, Predicate<T> condition) {
    return byId.entrySet().stream()
        .filter(e -> condition.test(e.getValue()))
        .map(Map.Entry::getKey)
        .toList();
  }

  private static LocalDate today(Clock clock) {
    return LocalDate.ofInstant(clock.instant(), SEOUL);
  }

  /** A join request as far as the rules need it. */
  record JoinRequest(UUID userId, Status status) {

    enum Status {
      PENDING,
      APPROVED,
      REJECTED
    }

    boolean isPendingOf(UUID user) {
      return status == Status.PENDING && userId.equals(user);
    }
  }
}
