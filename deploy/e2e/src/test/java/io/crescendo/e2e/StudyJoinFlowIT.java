package io.crescendo.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.events.TopicSpec;
import io.crescendo.events.Topics;
import io.crescendo.events.assignment.AssignmentCreated;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import io.crescendo.events.study.JoinRequestApproved;
import io.crescendo.events.study.JoinRequested;
import io.crescendo.local.test.TopicReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The heart of Crescendo through the gateway: a leader opens a study with an image, a developer
 * asks to join, the leader approves, and other teams see it all on Kafka.
 */
class StudyJoinFlowIT {

  private static final JsonMapper JSON = LocalStack.JSON;
  private static final HttpClient HTTP = LocalStack.HTTP;
  private static final EventRecordCodec CODEC = new EventRecordCodec();

  private static final TopicSpec ASSIGNMENTS = Topics.ASSIGNMENT_ASSIGNMENT;
  private static LocalStack stack;

  /** The shared stack of this run (a test may have restarted it). */
  @BeforeEach
  void useTheSharedStack() throws IOException {
    stack = LocalStack.shared();
  }

  @Test
  void aLeaderOpensAStudyAndApprovesAJoinRequest() throws Exception {
    String leader = signUp("leader");
    String memberEmail = "member-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String member = signUp(memberEmail, "member");

    LocalDate today = stack.today();
    Multipart form =
        new Multipart()
            .field("post_title", "스프링 스터디 모집")
            .field("study_name", "Spring 6 deep dive")
            .field("post_content", "<p>매주 <strong>토요일</strong></p><script>alert(1)</script>")
            .field("member_limit", "2")
            .field("deadline", today.plusDays(1).toString())
            .field("start_date", today.plusDays(2).toString())
            .field("end_date", today.plusDays(30).toString())
            .field("categories", "Backend")
            .field("tags", "spring")
            .field("tags", "java")
            .file("head_image", "cover.png", "image/png", png());
    HttpResponse<String> created = form.send(stack, "POST", "/api/v1/studygroup/studies/", leader);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    Map<?, ?> study = JSON.readValue(created.body(), Map.class);
    String studyId = (String) study.get("uuid");
    assertThat(study.get("current_member_count")).isEqualTo(1);
    assertThat((List<?>) study.get("leaders")).hasSize(1);

    // The uploaded image is served back through the gateway at the absolute URL given.
    String image = (String) study.get("head_image");
    assertThat(image).startsWith(stack.baseUrl() + "/media/study-images/");
    HttpResponse<byte[]> served =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(image)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type")).contains("image/png");

    String requests = "/api/v1/studygroup/studies/" + studyId + "/requests/";
    var asked = stack.send("POST", requests, Map.of("request_message", "함께 하고 싶어요"), member);
    assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
    assertThat(asked.body()).contains("함께 하고 싶어요");

    // The request id comes from the event stream, as another team would read it.
    JoinRequested joinRequested = awaitEvent(studyId, JoinRequested.class);
    var approved = stack.send("POST", requests + joinRequested.requestId() + "/", null, leader);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
    assertThat(approved.body()).isEqualTo("{}");
    JoinRequestApproved approval = awaitEvent(studyId, JoinRequestApproved.class);
    assertThat(approval.userId()).isEqualTo(joinRequested.userId());

    // search-service serves the study from its read model, and the approval answered only once
    // that model had it (read-your-writes): no waiting here.
    assertThat(approved.headers().firstValue("Crescendo-Consistency")).contains("applied");
    var detail = stack.send("GET", "/api/v1/studygroup/studies/" + studyId + "/", null, null);
    assertThat(detail.statusCode()).isEqualTo(200);
    Map<?, ?> read = JSON.readValue(detail.body(), Map.class);
    assertThat(read.get("current_member_count")).isEqualTo(2);
    assertThat(read.get("post_content").toString()).doesNotContain("<script>");

    // Now a member: asking again is refused with the key the frontend toasts.
    var again = stack.send("POST", requests, Map.of("request_message", "again"), member);
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("non_field_errors");

    // The leader posts an assignment; the member cannot submit before the study starts.
    String assignments = "/api/v1/studygroup/studies/" + studyId + "/assignments/";
    var posted =
        stack.send("POST", assignments, Map.of("title", "1주차", "content", "DI 정리"), leader);
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    AssignmentCreated assignment =
        awaitEvent(
            ASSIGNMENTS,
            AssignmentCreated.class,
            e -> ((AssignmentCreated) e.data()).studyId().toString().equals(studyId));
    String submissions = assignments + assignment.assignmentId() + "/submissions/";
    Map<String, String> work =
        Map.of("title", "정리했습니다", "content", "<p>done</p><img src=x onerror=alert(1)>");
    var early = stack.send("POST", submissions, work, member);
    assertThat(early.statusCode()).isEqualTo(400);
    assertThat(early.body()).contains("non_field_errors");

    // Three days later (same data, every clock shifted) the study has started.
    stack = LocalStack.restartShared(stack.clockOffset().plusDays(3));
    String memberAgain = login(memberEmail);
    var submitted = stack.send("POST", submissions, work, memberAgain);
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
    assertThat(submitted.body()).contains("done").doesNotContain("onerror");
    var twice = stack.send("POST", submissions, work, memberAgain);
    assertThat(twice.statusCode()).isEqualTo(400);
    assertThat(twice.body()).contains("non_field_errors");
  }

  private static String signUp(String name) throws Exception {
    return signUp(name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", name);
  }

  private static String login(String email) throws Exception {
    var response =
        stack.send(
            "POST",
            "/api/v1/auth/login/",
            Map.of("email", email, "password", "correct horse battery"),
            null);
    assertThat(response.statusCode()).isEqualTo(200);
    return (String) JSON.readValue(response.body(), Map.class).get("access");
  }

  private static String signUp(String email, String name) throws Exception {
    var response =
        stack.send(
            "POST",
            "/api/v1/auth/signup/",
            Map.of("email", email, "password", "correct horse battery", "username", name),
            null);
    assertThat(response.statusCode()).isEqualTo(201);
    return (String) JSON.readValue(response.body(), Map.class).get("access");
  }

  private static <T> T awaitEvent(String studyId, Class<T> type) {
    return awaitEvent(Topics.STUDY_STUDYGROUP, type, e -> e.subject().equals(studyId));
  }

  private static <T> T awaitEvent(TopicSpec topic, Class<T> type, Predicate<EventEnvelope> about) {
    Predicate<EventEnvelope> wanted = e -> type.isInstance(e.data()) && about.test(e);
    var records =
        TopicReader.readUntil(
            stack.kafkaBootstrapServers(),
            topic.name(),
            read -> read.stream().map(CODEC::decode).anyMatch(wanted),
            Duration.ofSeconds(30));
    return records.stream()
        .map(CODEC::decode)
        .filter(wanted)
        .map(e -> type.cast(e.data()))
        .findFirst()
        .orElseThrow();
  }

  private static byte[] png() throws IOException {
    var out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }
}
