package io.crescendo.assignment.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.crescendo.assignment.api.SubmitWork;
import io.crescendo.assignment.command.HtmlSanitizer;
import io.crescendo.assignment.command.IdentifierAllocator;
import io.crescendo.assignment.infra.QuillHtmlSanitizer;
import io.crescendo.assignment.projection.AssignmentViews;
import io.crescendo.assignment.studies.StudyRosterView;
import io.crescendo.events.PublicEvent;
import io.crescendo.events.Topics;
import io.crescendo.events.axon.command.ReactiveCommandGateway;
import io.crescendo.events.consumer.DeadLetterHeaders;
import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import io.crescendo.events.kafka.MalformedEventRecordException;
import io.crescendo.events.study.JoinRequestApproved;
import io.crescendo.events.study.MemberRemoved;
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.events.study.StudyGroupDeleted;
import io.crescendo.local.test.CrescendoInfrastructure;
import io.crescendo.local.test.TestInfrastructure;
import io.crescendo.local.test.TopicReader;
import io.crescendo.web.testsupport.IdentityTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * assignment-service's write API over real HTTP against real PostgreSQL and Kafka (API-v1 §5.7,
 * §5.8, §8 #3): studies and members come from study events published on the study topic as
 * study-service would; the order of checks, the roles, the claims, sanitizing, the cascades and the
 * consumer's robustness.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@CrescendoInfrastructure(database = "assignment")
class AssignmentApiTest {

  static final String STUDIES = "/api/v1/studygroup/studies";
  static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Seoul"));
  static final Duration WITHIN = Duration.ofSeconds(30);
  static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};
  static final EventRecordCodec CODEC = new EventRecordCodec();
  static final KafkaProducer<String, byte[]> PRODUCER = producer();
  static final AtomicLong MEMBERSHIPS = new AtomicLong(1_000_000);

  @Autowired WebTestClient http;
  @Autowired StudyRosterView roster;
  @Autowired AssignmentViews views;
  @Autowired ReactiveCommandGateway commands;
  @Autowired JdbcClient jdbc;
  @Autowired HtmlSanitizer html;
  @Autowired IdentifierAllocator ids;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("crescendo.security.jwks-uri", IdentityTokens::jwksUri);
    registry.add("crescendo.security.issuer", () -> IdentityTokens.ISSUER);
  }

  // --- assignments (§5.7) ---

  @Test
  void onlyTheLeaderCreatesEditsAndDeletesAssignments() {
    Study study = study(TODAY.minusDays(1));
    UUID alice = study.join();

    post(study.assignments(), alice, Map.of("title", "t", "content", "c"))
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
    Map<String, Object> created =
        post(study.assignments() + "/", study.leader, Map.of("title", " 1주차 ", "content", "JPA"))
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    assertThat(created).isEqualTo(Map.of("title", "1주차", "content", "JPA"));
    long id = views.assignmentIdsOf(study.id).getFirst();
    String path = study.assignments() + "/" + id;

    send(HttpMethod.PUT, path, alice, Map.of("title", "x", "content", "y"))
        .expectStatus()
        .isForbidden();
    send(HttpMethod.PUT, path, study.leader, Map.of("title", "x"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.content[0]")
        .isNotEmpty();
    send(HttpMethod.PUT, path + "/", study.leader, Map.of("title", "x", "content", "y"))
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .isEqualTo(Map.of("title", "x", "content", "y"));
    send(HttpMethod.PATCH, path, study.leader, Map.of("content", "z"))
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .isEqualTo(Map.of("title", "x", "content", "z"));
    send(HttpMethod.PATCH, path, study.leader, Map.of("title", "t".repeat(65)))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.title[0]")
        .isNotEmpty();

    delete(path, alice).expectStatus().isForbidden();
    delete(path, study.leader).expectStatus().isNoContent();
    assertThat(views.assignment(id)).isEmpty();
    delete(path, study.leader).expectStatus().isNotFound();
  }

  @Test
  void checksComeInTheContractsOrder() {
    Study study = study(TODAY);
    UUID stranger = UUID.randomUUID();
    long assignment = assignment(study);
    String unknown = UUID.randomUUID().toString();

    // 1. a bad token wins over everything
    http.post()
        .uri(STUDIES + "/" + unknown + "/assignments")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + IdentityTokens.expired(study.leader))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of())
        .exchange()
        .expectStatus()
        .isUnauthorized();
    // 2. unknown or malformed study → 404, even anonymous
    for (String s : List.of(unknown, "undefined", unknown.toUpperCase())) {
      http.post()
          .uri(STUDIES + "/" + s + "/assignments")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of())
          .exchange()
          .expectStatus()
          .isNotFound();
    }
    // 3. no token → 401
    http.post()
        .uri(study.assignments())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of())
        .exchange()
        .expectStatus()
        .isUnauthorized();
    // 4. not a member → 403, even with a malformed nested id or an invalid body
    post(study.submissions(assignment), stranger, Map.of()).expectStatus().isForbidden();
    delete(study.assignments() + "/abc", stranger).expectStatus().isForbidden();
    // 5. nested ids: malformed or unknown → 404
    for (String id : List.of("abc", "0", "-1", "1.5", "99999999999999999999", "999999999")) {
      delete(study.assignments() + "/" + id, study.leader).expectStatus().isNotFound();
      post(study.assignments() + "/" + id + "/submissions", study.leader, Map.of())
          .expectStatus()
          .isNotFound();
    }
    // 6. the body last
    post(study.assignments(), study.leader, Map.of("title", ""))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.title[0]")
        .isNotEmpty()
        .jsonPath("$.content[0]")
        .isNotEmpty();
  }

  // --- submissions (§5.8) ---

  @Test
  void membersSubmitOnceAndNonMembersNotAtAll() {
    Study study = study(TODAY);
    UUID alice = study.join();
    long assignment = assignment(study);

    post(study.submissions(assignment), UUID.randomUUID(), submission("t", "<p>c</p>"))
        .expectStatus()
        .isForbidden();
    post(study.submissions(assignment), alice, submission("제출", "<p>c</p>"))
        .expectStatus()
        .isCreated()
        .expectBody(JSON)
        .isEqualTo(Map.of("title", "제출", "content", "<p>c</p>"));
    post(study.submissions(assignment) + "/", alice, submission("again", "<p>c</p>"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.non_field_errors[0]")
        .isNotEmpty();
    // the leader is a member too
    post(study.submissions(assignment), study.leader, submission("mine", "<p>c</p>"))
        .expectStatus()
        .isCreated();
    assertThat(views.submissionIdsOf(assignment)).hasSize(2);
  }

  @Test
  void notBeforeTheStudyStarts() {
    Study study = study(TODAY.plusDays(1));
    long assignment = assignment(study);
    post(study.submissions(assignment), study.leader, submission("t", "<p>c</p>"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.non_field_errors[0]")
        .isNotEmpty();
  }

  @Test
  void submissionRoutesAreScopedToTheirStudyAndAssignment() {
    Study first = study(TODAY);
    Study second = study(TODAY);
    UUID both = first.join();
    second.join(both);
    long firstAssignment = assignment(first);
    long otherAssignment = assignment(first);
    long secondAssignment = assignment(second);

    // another study's assignment under this study → 404
    post(first.submissions(secondAssignment), both, submission("t", "<p>c</p>"))
        .expectStatus()
        .isNotFound();
    long submission = submit(first, firstAssignment, both);
    for (String path :
        List.of(
            first.submissions(otherAssignment) + "/" + submission,
            second.submissions(secondAssignment) + "/" + submission,
            first.submissions(firstAssignment) + "/" + firstAssignment)) {
      send(HttpMethod.PATCH, path, both, Map.of("title", "x")).expectStatus().isNotFound();
      delete(path, both).expectStatus().isNotFound();
    }
    assertThat(views.submission(submission)).isPresent();
  }

  @Test
  void aJustApprovedMemberCanSubmitAtOnce() {
    for (int i = 0; i < 3; i++) {
      Study study = study(TODAY);
      long assignment = assignment(study);
      UUID fresh = UUID.randomUUID();
      // published, not awaited: the request waits for the subscription to catch up
      study.approve(fresh);
      post(study.submissions(assignment), fresh, submission("t", "<p>c</p>"))
          .expectStatus()
          .isCreated();
    }
  }

  @Test
  void xssIsStrippedOnSubmitAndEditAndOnlyTheAuthorEdits() {
    Study study = study(TODAY);
    UUID alice = study.join();
    UUID bob = study.join();
    long assignment = assignment(study);

    Map<String, Object> created =
        post(
                study.submissions(assignment),
                alice,
                submission(
                    "xss",
                    "<p style=\"color: red\" onclick=\"steal()\">hi<script>alert(1)</script>"
                        + "<a href=\"javascript:alert(2)\">link</a>"
                        + "<img src=x onerror=alert(3)></p>"))
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    String content = ((String) created.get("content")).toLowerCase();
    assertThat(content)
        .contains("hi")
        .doesNotContain("script", "onclick", "javascript:", "onerror");
    long id = views.submissionIdsOf(assignment).getFirst();
    assertThat(views.submission(id).orElseThrow().content()).isEqualTo(created.get("content"));
    String path = study.submissions(assignment) + "/" + id;

    send(HttpMethod.PUT, path, bob, submission("x", "<p>y</p>")).expectStatus().isForbidden();
    send(HttpMethod.PATCH, path, study.leader, Map.of("title", "x")).expectStatus().isForbidden();
    send(HttpMethod.PATCH, path, alice, Map.of("content", "<script>only</script>"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.content[0]")
        .isNotEmpty();
    send(
            HttpMethod.PUT,
            path,
            alice,
            submission("new", "<p><em>ok</em><iframe src=x></iframe></p>"))
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .isEqualTo(Map.of("title", "new", "content", "<p><em>ok</em></p>"));

    delete(path, bob).expectStatus().isForbidden();
    delete(path, study.leader).expectStatus().isNoContent();
    assertThat(views.submission(id)).isEmpty();
    // the claim was released: alice may submit again
    submit(study, assignment, alice);
  }

  @Test
  void anAuthorWhoLeftCannotEditButTheLeaderCanDelete() {
    Study study = study(TODAY);
    UUID alice = study.join();
    long assignment = assignment(study);
    long id = submit(study, assignment, alice);
    study.remove(alice);
    await().atMost(WITHIN).until(() -> !roster.isMember(study.id, alice));

    String path = study.submissions(assignment) + "/" + id;
    send(HttpMethod.PATCH, path, alice, Map.of("title", "x")).expectStatus().isForbidden();
    delete(path, study.leader).expectStatus().isNoContent();
  }

  @Test
  void concurrentSubmissionsOfOneMemberMakeExactlyOne() {
    Study study = study(TODAY);
    UUID alice = study.join();
    for (int round = 0; round < 3; round++) {
      long assignment = assignment(study);
      List<CompletableFuture<Integer>> attempts =
          List.of(1, 2).stream()
              .map(
                  i ->
                      CompletableFuture.supplyAsync(
                          () ->
                              post(
                                      study.submissions(assignment),
                                      alice,
                                      submission("race " + i, "<p>c</p>"))
                                  .expectBody()
                                  .returnResult()
                                  .getStatus()
                                  .value()))
              .toList();
      assertThat(attempts.stream().map(CompletableFuture::join))
          .containsExactlyInAnyOrder(201, 400);
      assertThat(views.submissionIdsOf(assignment)).hasSize(1);
    }
  }

  @Test
  void theClaimCommitsOrRollsBackWithTheSubmissionsEvents() {
    Study study = study(TODAY);
    UUID alice = study.join();
    long assignment = assignment(study);
    // an id whose aggregate exists already (the assignment): appending the events fails after
    // the claim row was written, so the whole command rolls back
    SubmitWork clash = new SubmitWork(assignment, assignment, study.id, alice, "t", "<p>c</p>");
    assertThatThrownBy(() -> commands.send(clash).block(WITHIN)).isNotNull();
    assertThat(
            jdbc.sql("select count(*) from submission_claim where assignment_id = ?")
                .param(assignment)
                .query(Long.class)
                .single())
        .isZero();
    long id = submit(study, assignment, alice);
    assertThat(
            jdbc.sql("select submission_id from submission_claim where assignment_id = ?")
                .param(assignment)
                .query(Long.class)
                .single())
        .isEqualTo(id);
    assertThat(html).isInstanceOf(QuillHtmlSanitizer.class);
    assertThat(ids.nextAssignmentId()).isPositive().isLessThan(ids.nextSubmissionId());
  }

  // --- cascades ---

  @Test
  void deletingAnAssignmentDeletesItsSubmissionsAsEvents() {
    Study study = study(TODAY);
    UUID alice = study.join();
    long assignment = assignment(study);
    long submission = submit(study, assignment, alice);

    delete(study.assignments() + "/" + assignment, study.leader).expectStatus().isNoContent();

    assertThat(views.submission(submission)).isEmpty();
    assertThat(typesOf(Topics.ASSIGNMENT_SUBMISSION.name(), Long.toString(submission), 2))
        .containsExactly(
            "crescendo.assignment.SubmissionCreated.v1",
            "crescendo.assignment.SubmissionDeleted.v1");
  }

  @Test
  void aDeletedStudyTakesItsAssignmentsAndSubmissions() {
    Study study = study(TODAY);
    UUID alice = study.join();
    long first = assignment(study);
    long second = assignment(study);
    long submission = submit(study, first, alice);

    study.publish(new StudyGroupDeleted(study.id, Instant.now()));

    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              assertThat(views.assignmentIdsOf(study.id)).isEmpty();
              assertThat(views.submission(submission)).isEmpty();
              assertThat(roster.find(study.id)).isEmpty();
            });
    assertThat(typesOf(Topics.ASSIGNMENT_ASSIGNMENT.name(), Long.toString(second), 2))
        .containsExactly(
            "crescendo.assignment.AssignmentCreated.v1",
            "crescendo.assignment.AssignmentDeleted.v1");
    assertThat(typesOf(Topics.ASSIGNMENT_SUBMISSION.name(), Long.toString(submission), 2))
        .last()
        .isEqualTo("crescendo.assignment.SubmissionDeleted.v1");
    post(study.assignments(), study.leader, Map.of("title", "t", "content", "c"))
        .expectStatus()
        .isNotFound();
  }

  @Test
  void aDeletedAccountsSubmissionsGo() {
    Study study = study(TODAY);
    UUID alice = study.join();
    UUID bob = study.join();
    long assignment = assignment(study);
    long hers = submit(study, assignment, alice);
    long his = submit(study, assignment, bob);

    publish(
        Topics.IDENTITY_USER.name(), alice.toString(), 5, new UserDeleted(alice, Instant.now()));

    await().atMost(WITHIN).until(() -> views.submission(hers).isEmpty());
    assertThat(views.submission(his)).isPresent();
  }

  // --- consumer robustness ---

  @Test
  void theSameStudyEventTwiceChangesNothing() {
    Study study = study(TODAY);
    UUID alice = UUID.randomUUID();
    long membership = MEMBERSHIPS.incrementAndGet();
    JoinRequestApproved approved =
        new JoinRequestApproved(study.id, 1, alice, membership, Instant.now());
    study.publishAt(1, approved);
    study.publishAt(1, approved);
    // and the creation again, at its own sequence: skipped, the member stays
    study.publishAt(0, study.created);
    await().atMost(WITHIN).until(() -> roster.isMember(study.id, alice));
    long assignment = assignment(study);
    submit(study, assignment, alice);
    assertThat(roster.isLeader(study.id, study.leader)).isTrue();
  }

  @Test
  void aMalformedRecordIsParkedAndTheViewStaysCorrect() {
    Study study = study(TODAY);
    ProducerRecord<String, byte[]> valid =
        CODEC.encode(
            EventEnvelope.of(
                UUID.randomUUID().toString(),
                "/crescendo/study-service",
                Instant.now(),
                study.id.toString(),
                1,
                new JoinRequestApproved(
                    study.id, 1, UUID.randomUUID(), MEMBERSHIPS.incrementAndGet(), Instant.now())));
    send(
        new ProducerRecord<>(
            valid.topic(), null, valid.key(), "{not json".getBytes(UTF_8), valid.headers()));
    UUID alice = study.join();

    await().atMost(WITHIN).until(() -> roster.isMember(study.id, alice));
    List<ConsumerRecord<String, byte[]>> parked =
        TopicReader.readUntil(
                TestInfrastructure.shared().kafkaBootstrapServers(),
                "assignment-service.studies.dlt",
                records -> records.stream().anyMatch(r -> study.id.toString().equals(r.key())),
                WITHIN)
            .stream()
            .filter(r -> study.id.toString().equals(r.key()))
            .toList();
    assertThat(parked).hasSize(1);
    assertThat(header(parked.getFirst(), DeadLetterHeaders.REASON)).startsWith("malformed record");
    assertThat(header(parked.getFirst(), DeadLetterHeaders.EXCEPTION))
        .isEqualTo(MalformedEventRecordException.class.getName());
    assertThat(header(parked.getFirst(), DeadLetterHeaders.SUBSCRIPTION))
        .isEqualTo("assignment-service.studies");
    // the service goes on
    submit(study, assignment(study), alice);
  }

  // --- helpers ---

  /** A study as study-service would publish it, known to the service once this returns. */
  private Study study(LocalDate start) {
    Study study = new Study(UUID.randomUUID(), UUID.randomUUID(), start);
    study.publishAt(0, study.created);
    await().atMost(WITHIN).until(() -> roster.find(study.id).isPresent());
    return study;
  }

  final class Study {

    final UUID id;
    final UUID leader;
    final StudyGroupCreated created;
    private long sequence = 1;
    private final Map<UUID, Long> memberships = new java.util.HashMap<>();

    Study(UUID id, UUID leader, LocalDate start) {
      this.id = id;
      this.leader = leader;
      this.created =
          new StudyGroupCreated(
              id,
              leader,
              MEMBERSHIPS.incrementAndGet(),
              "모집",
              "Study",
              "<p>x</p>",
              List.of("Backend"),
              List.of(),
              10,
              start,
              start.plusDays(30),
              start.minusDays(1),
              null,
              Instant.now());
    }

    String assignments() {
      return STUDIES + "/" + id + "/assignments";
    }

    String submissions(long assignment) {
      return assignments() + "/" + assignment + "/submissions";
    }

    /** A new member, known to the service once this returns. */
    UUID join() {
      return join(UUID.randomUUID());
    }

    UUID join(UUID user) {
      approve(user);
      await().atMost(WITHIN).until(() -> roster.isMember(id, user));
      return user;
    }

    /** Publishes the approval without waiting for it. */
    void approve(UUID user) {
      long membership = MEMBERSHIPS.incrementAndGet();
      memberships.put(user, membership);
      publish(new JoinRequestApproved(id, membership, user, membership, Instant.now()));
    }

    void remove(UUID user) {
      publish(new MemberRemoved(id, memberships.get(user), user, Instant.now()));
    }

    synchronized void publish(PublicEvent event) {
      publishAt(sequence++, event);
    }

    synchronized void publishAt(long at, PublicEvent event) {
      sequence = Math.max(sequence, at + 1);
      AssignmentApiTest.publish(Topics.STUDY_STUDYGROUP.name(), id.toString(), at, event);
    }
  }

  private long assignment(Study study) {
    List<Long> before = views.assignmentIdsOf(study.id);
    post(study.assignments(), study.leader, Map.of("title", "과제", "content", "내용"))
        .expectStatus()
        .isCreated();
    return views.assignmentIdsOf(study.id).stream()
        .filter(id -> !before.contains(id))
        .findFirst()
        .orElseThrow();
  }

  private long submit(Study study, long assignment, UUID author) {
    post(study.submissions(assignment), author, submission("제출", "<p>done</p>"))
        .expectStatus()
        .isCreated();
    return views.submissionIdsBy(author).stream()
        .filter(id -> views.submission(id).orElseThrow().assignmentId() == assignment)
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, Object> submission(String title, String content) {
    return Map.of("title", title, "content", content);
  }

  private WebTestClient.ResponseSpec post(String path, UUID caller, Map<String, ?> body) {
    return send(HttpMethod.POST, path, caller, body);
  }

  private WebTestClient.ResponseSpec send(
      HttpMethod method, String path, UUID caller, Map<String, ?> body) {
    return http.method(method)
        .uri(path)
        .headers(bearer(caller))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private WebTestClient.ResponseSpec delete(String path, UUID caller) {
    return http.delete().uri(path).headers(bearer(caller)).exchange();
  }

  private static Consumer<HttpHeaders> bearer(UUID user) {
    return headers -> headers.setBearerAuth(IdentityTokens.access(user));
  }

  private static List<String> typesOf(String topic, String key, int count) {
    return TopicReader.readUntil(
            TestInfrastructure.shared().kafkaBootstrapServers(),
            topic,
            records -> records.stream().filter(r -> r.key().equals(key)).count() >= count,
            WITHIN)
        .stream()
        .filter(r -> r.key().equals(key))
        .map(r -> header(r, "ce_type"))
        .toList();
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), UTF_8);
  }

  static void publish(String topic, String subject, long sequence, PublicEvent event) {
    EventEnvelope envelope =
        EventEnvelope.of(
            UUID.randomUUID().toString(),
            topic.startsWith("crescendo.identity")
                ? "/crescendo/identity-service"
                : "/crescendo/study-service",
            Instant.now(),
            subject,
            sequence,
            event);
    send(CODEC.encode(envelope));
  }

  private static void send(ProducerRecord<String, byte[]> record) {
    try {
      PRODUCER.send(record).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void closeProducer() {
    PRODUCER.close(Duration.ofSeconds(5));
  }

  private static KafkaProducer<String, byte[]> producer() {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            TestInfrastructure.shared().kafkaBootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all");
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }
}
