package io.crescendo.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crescendo.events.Topics;
import io.crescendo.events.axon.command.ReactiveCommandGateway;
import io.crescendo.events.kafka.EventRecordCodec;
import io.crescendo.events.study.JoinRequestApproved;
import io.crescendo.events.study.JoinRequested;
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.events.study.StudyGroupEvent;
import io.crescendo.local.test.CrescendoInfrastructure;
import io.crescendo.local.test.TestInfrastructure;
import io.crescendo.local.test.TopicReader;
import io.crescendo.study.api.ApproveJoinRequest;
import io.crescendo.study.api.CreateStudyGroup;
import io.crescendo.study.api.NotTheLeader;
import io.crescendo.study.api.RequestToJoin;
import io.crescendo.study.api.StudyGroupDetails;
import io.crescendo.study.command.HtmlSanitizer;
import io.crescendo.study.command.IdentifierAllocator;
import io.crescendo.study.infra.QuillHtmlSanitizer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The service wired for real: Flyway migrations, the Axon JDBC event store on PostgreSQL, ids from
 * the database sequences, the Quill sanitizer, and the study events on Kafka as a subscriber reads
 * them.
 */
@SpringBootTest
@CrescendoInfrastructure(database = "study")
class StudyServiceApplicationTest {

  private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Seoul"));

  @Autowired ReactiveCommandGateway commands;
  @Autowired IdentifierAllocator ids;
  @Autowired HtmlSanitizer html;

  private final EventRecordCodec codec = new EventRecordCodec();

  @Test
  void theDatabaseSequencesHandOutIncreasingPositiveIds() {
    long first = ids.nextMembershipId();
    long second = ids.nextMembershipId();
    long request = ids.nextRequestId();

    assertThat(first).isPositive();
    assertThat(second).isGreaterThan(first);
    assertThat(request).isPositive();
    assertThat(html).isInstanceOf(QuillHtmlSanitizer.class);
  }

  @Test
  void aStudyIsCreatedJoinedAndPublishedWithIdsUniqueAcrossStudies() {
    UUID leader = UUID.randomUUID();
    UUID alice = UUID.randomUUID();
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();

    send(new CreateStudyGroup(first, leader, details("<p onclick=\"x()\">첫 스터디</p>"), null));
    send(new CreateStudyGroup(second, leader, details("<p>둘째 스터디</p>"), "cover.png"));
    send(new RequestToJoin(first, alice, "함께해요"));
    send(new RequestToJoin(second, alice, "저도요"));

    List<StudyGroupEvent> firstEvents = awaitEvents(first, 2);
    List<StudyGroupEvent> secondEvents = awaitEvents(second, 2);
    StudyGroupCreated created = (StudyGroupCreated) firstEvents.get(0);
    assertThat(created.leaderId()).isEqualTo(leader);
    assertThat(created.postContent()).isEqualTo("<p>첫 스터디</p>");
    assertThat(created.categories()).containsExactly("Backend", "DevOps");
    assertThat(created.startDate()).isEqualTo(TODAY.plusDays(5));
    assertThat(created.headImage()).isNull();
    assertThat(((StudyGroupCreated) secondEvents.get(0)).headImage()).isEqualTo("cover.png");

    JoinRequested request = (JoinRequested) firstEvents.get(1);
    send(new ApproveJoinRequest(first, request.requestId(), leader));
    JoinRequestApproved approved = (JoinRequestApproved) awaitEvents(first, 3).get(2);

    long otherRequest = ((JoinRequested) secondEvents.get(1)).requestId();
    long otherLeaderMembership = ((StudyGroupCreated) secondEvents.get(0)).leaderMembershipId();
    assertThat(Set.of(request.requestId(), otherRequest)).hasSize(2);
    assertThat(Set.of(created.leaderMembershipId(), otherLeaderMembership, approved.membershipId()))
        .hasSize(3)
        .allSatisfy(id -> assertThat(id).isPositive());
    assertThat(approved.userId()).isEqualTo(alice);
  }

  @Test
  void aRefusalReachesTheCallerUnchanged() {
    UUID leader = UUID.randomUUID();
    UUID study = UUID.randomUUID();
    send(new CreateStudyGroup(study, leader, details("<p>x</p>"), null));

    assertThatThrownBy(() -> send(new ApproveJoinRequest(study, 1, UUID.randomUUID())))
        .isInstanceOf(NotTheLeader.class);
  }

  private void send(Object command) {
    commands.send(command).block(Duration.ofSeconds(30));
  }

  private static StudyGroupDetails details(String post) {
    return new StudyGroupDetails(
        "스터디원 모집",
        "Spring",
        post,
        List.of("DevOps", "Backend"),
        List.of("spring"),
        4,
        TODAY.plusDays(5),
        TODAY.plusDays(30),
        TODAY.plusDays(3));
  }

  /** The study's first {@code count} events as read from its topic. */
  private List<StudyGroupEvent> awaitEvents(UUID study, int count) {
    return TopicReader.readUntil(
            TestInfrastructure.shared().kafkaBootstrapServers(),
            Topics.STUDY_STUDYGROUP.name(),
            records ->
                records.stream().filter(r -> r.key().equals(study.toString())).count() >= count,
            Duration.ofSeconds(30))
        .stream()
        .filter(r -> r.key().equals(study.toString()))
        .map(r -> codec.decode(r).data())
        .map(StudyGroupEvent.class::cast)
        .limit(count)
        .toList();
  }
}
