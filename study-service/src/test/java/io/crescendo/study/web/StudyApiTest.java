package io.crescendo.study.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crescendo.events.Topics;
import io.crescendo.events.identity.IdentityEvent;
import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.events.kafka.ConsistencyToken;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import io.crescendo.events.study.JoinRequestApproved;
import io.crescendo.events.study.JoinRequested;
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.local.test.CrescendoInfrastructure;
import io.crescendo.local.test.TestInfrastructure;
import io.crescendo.local.test.TopicReader;
import io.crescendo.study.projection.StudyView;
import io.crescendo.study.projection.StudyViews;
import io.crescendo.study.users.UsersView;
import io.crescendo.web.testsupport.IdentityTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;

/**
 * study-service's write API over real HTTP against real PostgreSQL and Kafka (API-v1 §5.3.2,
 * §5.3.4–5.3.6, §5.5.2, §5.6.2–5.6.4): shapes, the order of checks, every validation shape, the
 * join flow, head images and their attacks, sanitizing, the published events and the races.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@CrescendoInfrastructure(database = "study")
class StudyApiTest {

  static final String STUDIES = "/api/v1/studygroup/studies";
  static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Seoul"));
  static final byte[] PNG = png(64);
  static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10, 'J'};
  static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};
  static final Path IMAGES = temporaryDirectory();

  static final EventRecordCodec CODEC = new EventRecordCodec();
  static final KafkaProducer<String, byte[]> IDENTITY = producer();

  @Autowired WebTestClient http;
  @Autowired UsersView users;
  @Autowired StudyViews studies;
  @Autowired JdbcClient jdbc;

  private final EventRecordCodec codec = new EventRecordCodec();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("crescendo.security.jwks-uri", IdentityTokens::jwksUri);
    registry.add("crescendo.security.issuer", () -> IdentityTokens.ISSUER);
    registry.add("crescendo.study.image-dir", IMAGES::toString);
  }

  // --- create (§5.3.2) ---

  @Test
  void creatingAStudyAnswersTheListItemWithTheCallerAsOnlyLeader() {
    UUID leader = user("kim");
    Map<String, Object> item = create(leader, form(f -> f.part("tags", "spring")));

    assertThat(item)
        .containsOnlyKeys(
            "uuid",
            "head_image",
            "leaders",
            "post_title",
            "study_name",
            "until_deadline",
            "is_closed",
            "tags",
            "categories",
            "current_member_count",
            "member_limit");
    String id = (String) item.get("uuid");
    assertThat(item.get("head_image")).isEqualTo("https://picsum.photos/seed/" + id + "/1080");
    assertThat(item.get("leaders"))
        .isEqualTo(
            List.of(
                Map.of(
                    "uuid", leader.toString(),
                    "email", "kim@example.com",
                    "username", "kim")));
    assertThat(item)
        .containsEntry("post_title", "스터디원 모집")
        .containsEntry("study_name", "Spring")
        .containsEntry("until_deadline", 3)
        .containsEntry("is_closed", false)
        .containsEntry("tags", List.of("java", "spring"))
        .containsEntry("categories", List.of("Backend", "DevOps"))
        .containsEntry("current_member_count", 1)
        .containsEntry("member_limit", 3);
  }

  @Test
  void createAcceptsJsonAndTheFinalSlash() {
    UUID leader = user("lee");
    Map<String, Object> body =
        Map.of(
            "post_title", "JSON",
            "post_content", "<p>x</p>",
            "study_name", "Json",
            "member_limit", 2,
            "deadline", TODAY.plusDays(3).toString(),
            "start_date", TODAY.plusDays(5).toString(),
            "end_date", TODAY.plusDays(30).toString(),
            "categories", List.of("AI"),
            "tags", List.of());
    http.post()
        .uri(STUDIES + "/")
        .headers(bearer(leader))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.categories[0]")
        .isEqualTo("AI")
        .jsonPath("$.tags")
        .isEmpty();
  }

  @Test
  void createWithAnImageServesItAtAnAbsoluteUrlOfThePublicOrigin() {
    UUID leader = user("park");
    MultipartBodyBuilder form = form(f -> {});
    form.part("head_image", PNG).filename("cover.png").contentType(MediaType.IMAGE_PNG);
    Map<String, Object> item =
        http.post()
            .uri(STUDIES)
            .headers(bearer(leader))
            .header("X-Forwarded-Proto", "https")
            .header("X-Forwarded-Host", "api.crescendo.test")
            .header("X-Forwarded-Port", "443")
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .bodyValue(form.build())
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();

    String url = (String) item.get("head_image");
    assertThat(url).matches("https://api\\.crescendo\\.test/media/study-images/[0-9a-f]{32}\\.png");
    String name = url.substring(url.lastIndexOf('/') + 1);
    assertThat(IMAGES.resolve(name)).exists().hasBinaryContent(PNG);

    http.get()
        .uri("/media/study-images/" + name)
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentType(MediaType.IMAGE_PNG)
        .expectHeader()
        .valueEquals(HttpHeaders.CONTENT_DISPOSITION, "inline")
        .expectHeader()
        .valueEquals("X-Content-Type-Options", "nosniff")
        .expectBody(byte[].class)
        .isEqualTo(PNG);

    // without a gateway in front: the request's own origin
    MultipartBodyBuilder jpeg = form(f -> {});
    jpeg.part("head_image", JPEG).filename("photo.jpeg").contentType(MediaType.IMAGE_JPEG);
    String direct = (String) create(leader, jpeg).get("head_image");
    assertThat(direct).matches("http://localhost:\\d+/media/study-images/[0-9a-f]{32}\\.jpg");
  }

  @Test
  void anEmptyFilePartOnCreateMeansNoImage() {
    UUID leader = user("choi");
    Map<String, Object> item =
        postRaw(leader, rawForm(emptyFilePart("head_image")))
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    assertThat((String) item.get("head_image")).startsWith("https://picsum.photos/seed/");
  }

  // --- validation (§1.4, §5.3.2) ---

  @Test
  void everyMissingFieldIsListed() {
    http.post()
        .uri(STUDIES)
        .headers(bearer(user("jung")))
        .contentType(MediaType.MULTIPART_FORM_DATA)
        .bodyValue(new MultipartBodyBuilder().build())
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody(JSON)
        .value(
            errors ->
                assertThat(errors)
                    .containsKeys(
                        "post_title",
                        "post_content",
                        "study_name",
                        "member_limit",
                        "deadline",
                        "start_date",
                        "end_date"));
  }

  @Test
  void eachFieldRuleAnswersItsFieldAndTheDateOrderIsANonFieldError() {
    UUID leader = user("kang");
    fieldError(leader, f -> f.part("post_title", "x".repeat(65)), "post_title");
    fieldError(leader, f -> f.part("study_name", "x".repeat(81)), "study_name");
    fieldError(leader, f -> f.part("post_content", "   "), "post_content");
    fieldError(leader, f -> f.part("member_limit", "11"), "member_limit");
    fieldError(leader, f -> f.part("member_limit", "1"), "member_limit");
    fieldError(leader, f -> f.part("member_limit", "abc"), "member_limit");
    fieldError(leader, f -> f.part("deadline", "2026/03/05"), "deadline");
    fieldError(leader, f -> f.part("start_date", TODAY.minusDays(1).toString()), "start_date");
    fieldError(leader, f -> f.part("categories", "Cooking"), "categories");
    fieldError(leader, f -> f.part("tags", "t".repeat(21)), "tags");
    Map<String, Object> noCategories =
        http.post()
            .uri(STUDIES)
            .headers(bearer(leader))
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .bodyValue(form(f -> {}, "categories").build())
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    assertThat(noCategories).containsOnlyKeys("categories");

    Map<String, Object> order =
        post(leader, form(f -> f.part("deadline", TODAY.plusDays(6).toString())))
            .expectStatus()
            .isBadRequest()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    assertThat(order).containsOnlyKeys("non_field_errors");
    assertThat((List<?>) order.get("non_field_errors")).hasSize(1);
  }

  @Test
  void otherMediaTypesAre415() {
    http.post()
        .uri(STUDIES)
        .headers(bearer(user("plain")))
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("post_title=x")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
  }

  @Test
  void callersWithoutAValidTokenGet401() {
    http.post()
        .uri(STUDIES)
        .contentType(MediaType.MULTIPART_FORM_DATA)
        .bodyValue(form(f -> {}).build())
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
    for (String token :
        List.of(IdentityTokens.expired(user("x1")), IdentityTokens.forged(user("x2")))) {
      http.post()
          .uri(STUDIES)
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
          .contentType(MediaType.MULTIPART_FORM_DATA)
          .bodyValue(form(f -> {}).build())
          .exchange()
          .expectStatus()
          .isUnauthorized()
          .expectBody()
          .jsonPath("$.messages[0].token_type")
          .isEqualTo("access");
    }
  }

  @Test
  void checksComeInTheContractsOrder() {
    UUID leader = user("order-leader");
    UUID other = user("order-other");
    String study = createId(leader);
    String unknown = UUID.randomUUID().toString();

    // 1. a bad token wins over everything, even an unknown study
    http.delete()
        .uri(STUDIES + "/" + unknown)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + IdentityTokens.expired(leader))
        .exchange()
        .expectStatus()
        .isUnauthorized();
    // 2. unknown or malformed study → 404, even anonymous
    for (String path :
        List.of(
            "/" + unknown,
            "/undefined",
            "/" + unknown.toUpperCase(),
            "/" + unknown + "/requests/1",
            "/" + unknown + "/members/1")) {
      http.delete().uri(STUDIES + path).exchange().expectStatus().isNotFound();
    }
    // 3. no token → 401; 4. not the leader → 403
    http.delete().uri(STUDIES + "/" + study).exchange().expectStatus().isUnauthorized();
    http.post()
        .uri(STUDIES + "/" + study + "/requests/1")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    http.delete()
        .uri(STUDIES + "/" + study)
        .headers(bearer(other))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
    http.post()
        .uri(STUDIES + "/" + study + "/requests/abc")
        .headers(bearer(other))
        .exchange()
        .expectStatus()
        .isForbidden();
    // 5. the nested object: malformed or foreign ids → 404
    for (String id : List.of("abc", "0", "-1", "1.5", "99999999999999999999")) {
      http.post()
          .uri(STUDIES + "/" + study + "/requests/" + id)
          .headers(bearer(leader))
          .exchange()
          .expectStatus()
          .isNotFound();
      http.delete()
          .uri(STUDIES + "/" + study + "/members/" + id)
          .headers(bearer(leader))
          .exchange()
          .expectStatus()
          .isNotFound();
    }
    String otherStudy = createId(other);
    long foreignRequest = requestToJoin(otherStudy, user("order-applicant"));
    approve(study, foreignRequest, leader).expectStatus().isNotFound();
    // a method not offered → 405
    http.get()
        .uri(STUDIES + "/" + study + "/requests/1")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
  }

  // --- join requests and members (§5.5.2, §5.6) ---

  @Test
  void joinApproveMakesAMemberAndPublishesTheEventsInOrder() {
    UUID leader = user("flow-leader");
    UUID alice = user("alice");
    String study = createId(leader);

    http.post()
        .uri(STUDIES + "/" + study + "/requests/")
        .headers(bearer(alice))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("request_message", "함께해요 <b>!</b>"))
        .exchange()
        .expectStatus()
        .isCreated()
        // read-your-writes: what the write stored, for the gateway to wait on
        .expectHeader()
        .valueEquals(ConsistencyToken.HEADER, "crescendo.study.studygroup.v1;" + study + ";1")
        .expectBody(JSON)
        .isEqualTo(Map.of("request_message", "함께해요 <b>!</b>"));
    long request = pendingRequestOf(study, alice);

    // approve: no body, no Content-Type
    approve(study, request, leader)
        .expectStatus()
        .isCreated()
        .expectHeader()
        .valueEquals(ConsistencyToken.HEADER, "crescendo.study.studygroup.v1;" + study + ";2")
        .expectBody(JSON)
        .isEqualTo(Map.of());
    assertThat(view(study).memberCount()).isEqualTo(2);
    assertThat(studies.memberships(UUID.fromString(study)))
        .extracting(StudyViews.Membership::userId)
        .containsExactly(leader, alice);

    // approving again: already decided, nothing stored, nothing to wait for
    approve(study, request, leader)
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .doesNotExist(ConsistencyToken.HEADER)
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
    // a member cannot apply again
    http.post()
        .uri(STUDIES + "/" + study + "/requests")
        .headers(bearer(alice))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("request_message", "again"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.non_field_errors[0]")
        .isNotEmpty();

    List<ConsumerRecord<String, byte[]>> records = awaitRecords(study, 3);
    assertThat(records)
        .extracting(r -> header(r, "ce_type"))
        .containsExactly(
            "crescendo.study.StudyGroupCreated.v1",
            "crescendo.study.JoinRequested.v1",
            "crescendo.study.JoinRequestApproved.v1");
    assertThat(records).extracting(r -> header(r, "ce_sequence")).containsExactly("0", "1", "2");
    for (ConsumerRecord<String, byte[]> record : records) {
      assertThat(record.key()).isEqualTo(study);
      assertThat(header(record, "ce_subject")).isEqualTo(study);
      assertThat(header(record, "ce_source")).isEqualTo("/crescendo/study-service");
      assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
      assertThat(header(record, "content-type")).isEqualTo("application/json");
      assertThat(record.headers().lastHeader("ce_id")).isNotNull();
      assertThat(record.headers().lastHeader("ce_time")).isNotNull();
    }
    assertThat(codec.decode(records.get(0)).data())
        .isInstanceOfSatisfying(
            StudyGroupCreated.class, e -> assertThat(e.leaderId()).isEqualTo(leader));
    assertThat(codec.decode(records.get(1)).data())
        .isInstanceOfSatisfying(
            JoinRequested.class, e -> assertThat(e.requestId()).isEqualTo(request));
    assertThat(codec.decode(records.get(2)).data())
        .isInstanceOfSatisfying(
            JoinRequestApproved.class, e -> assertThat(e.userId()).isEqualTo(alice));
  }

  @Test
  void aJoinRequestNeedsAMessage() {
    String study = createId(user("msg-leader"));
    UUID applicant = user("msg-applicant");
    for (Object message : List.of("", "x".repeat(501))) {
      http.post()
          .uri(STUDIES + "/" + study + "/requests")
          .headers(bearer(applicant))
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("request_message", message))
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.request_message[0]")
          .isNotEmpty();
    }
    http.post()
        .uri(STUDIES + "/" + UUID.randomUUID() + "/requests")
        .headers(bearer(applicant))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("request_message", "hi"))
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void aRejectedRequestIsDecidedAndBlocksApplyingAgain() {
    UUID leader = user("rej-leader");
    UUID bob = user("bob");
    String study = createId(leader);
    long request = requestToJoin(study, bob);

    reject(study, request, leader).expectStatus().isNoContent();
    reject(study, request, leader).expectStatus().isNotFound();
    approve(study, request, leader).expectStatus().isBadRequest();
    assertThat(studies.requests(UUID.fromString(study)))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo("REJECTED"));
    http.post()
        .uri(STUDIES + "/" + study + "/requests")
        .headers(bearer(bob))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("request_message", "please"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.non_field_errors[0]")
        .isNotEmpty();
  }

  @Test
  void aKickedMemberMayApplyAgainButTheLeaderCannotBeKicked() {
    UUID leader = user("kick-leader");
    UUID carol = user("carol");
    String study = createId(leader);
    approve(study, requestToJoin(study, carol), leader).expectStatus().isCreated();
    List<StudyViews.Membership> members = studies.memberships(UUID.fromString(study));
    long leaderMembership = members.get(0).membershipId();
    long carolMembership = members.get(1).membershipId();

    kick(study, leaderMembership, leader)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
    kick(study, carolMembership, leader).expectStatus().isNoContent();
    kick(study, carolMembership, leader).expectStatus().isNotFound();
    assertThat(view(study).memberCount()).isEqualTo(1);

    long again = requestToJoin(study, carol);
    approve(study, again, leader).expectStatus().isCreated();
    assertThat(view(study).memberCount()).isEqualTo(2);
  }

  @Test
  void aFullStudyRefusesApproval() {
    UUID leader = user("full-leader");
    String study = createId(leader, 2);
    long first = requestToJoin(study, user("full-a"));
    long second = requestToJoin(study, user("full-b"));
    approve(study, first, leader).expectStatus().isCreated();

    approve(study, second, leader)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
    assertThat(view(study).memberCount()).isEqualTo(2);
    assertThat(view(study).isClosed(TODAY)).isTrue();
  }

  // --- edit and delete (§5.3.4–5.3.6) ---

  @Test
  void putReplacesEverythingAndSanitizesThePost() {
    UUID leader = user("put-leader");
    String study = createId(leader);
    String xss =
        "<p onclick=\"steal()\">hi<script>alert(1)</script><img src=x onerror=alert(2)>"
            + "<a href=\"javascript:alert(3)\">link</a><strong>ok</strong></p>";
    Map<String, Object> detail =
        edit(
                "PUT",
                study,
                leader,
                form(
                        f -> {
                          f.part("post_content", xss);
                          f.part("post_title", "New title");
                        },
                        "tags")
                    .build())
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();

    assertThat(detail)
        .containsKeys(
            "post_content", "created_at", "updated_at", "start_date", "end_date", "deadline")
        .containsEntry("post_title", "New title")
        .containsEntry("tags", List.of())
        .containsEntry("deadline", TODAY.plusDays(3).toString());
    String post = (String) detail.get("post_content");
    assertThat(post).contains("<strong>ok</strong>").contains("hi").contains("link");
    assertThat(post.toLowerCase())
        .doesNotContain("script")
        .doesNotContain("onclick")
        .doesNotContain("onerror")
        .doesNotContain("javascript:")
        .doesNotContain("<img");
    assertThat((String) detail.get("created_at"))
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?\\+09:00");
    assertThat(view(study).postContent()).isEqualTo(post);
  }

  @Test
  void patchKeepsOmittedFieldsAndChecksTheMergedResult() {
    UUID leader = user("patch-leader");
    String study = createId(leader);
    approve(study, requestToJoin(study, user("patch-member")), leader).expectStatus().isCreated();

    MultipartBodyBuilder title = new MultipartBodyBuilder();
    title.part("study_name", "Renamed");
    edit("PATCH", study, leader, title.build())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.study_name")
        .isEqualTo("Renamed")
        .jsonPath("$.post_title")
        .isEqualTo("스터디원 모집")
        .jsonPath("$.current_member_count")
        .isEqualTo(2);

    MultipartBodyBuilder limit = new MultipartBodyBuilder();
    limit.part("member_limit", "1");
    edit("PATCH", study, leader, limit.build())
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.member_limit[0]")
        .isNotEmpty();

    MultipartBodyBuilder dates = new MultipartBodyBuilder();
    dates.part("deadline", TODAY.plusDays(10).toString());
    edit("PATCH", study, leader, dates.build())
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.non_field_errors[0]")
        .isNotEmpty();
  }

  @Test
  void anEmptyFilePartOnEditRemovesTheImageAndItsFile() {
    UUID leader = user("img-leader");
    MultipartBodyBuilder withImage = form(f -> {});
    withImage.part("head_image", PNG).filename("a.png").contentType(MediaType.IMAGE_PNG);
    Map<String, Object> item = create(leader, withImage);
    String study = (String) item.get("uuid");
    String name = view(study).headImage();
    assertThat(IMAGES.resolve(name)).exists();

    // replacing: the new image is shown, the old file goes
    MultipartBodyBuilder replace = new MultipartBodyBuilder();
    replace.part("head_image", JPEG).filename("b.jpg").contentType(MediaType.IMAGE_JPEG);
    edit("PATCH", study, leader, replace.build()).expectStatus().isOk();
    String replaced = view(study).headImage();
    assertThat(replaced).endsWith(".jpg").isNotEqualTo(name);
    assertThat(IMAGES.resolve(name)).doesNotExist();

    // the frontend's "remove image": a file part with an empty file name and no bytes
    http.put()
        .uri(STUDIES + "/" + study)
        .headers(bearer(leader))
        .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY))
        .bodyValue(rawForm(emptyFilePart("head_image")))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.head_image")
        .isEqualTo("https://picsum.photos/seed/" + study + "/1080");
    assertThat(view(study).headImage()).isNull();
    assertThat(IMAGES.resolve(replaced)).doesNotExist();
  }

  @Test
  void anEmptyTextValueOnEditAlsoRemovesTheImage() {
    UUID leader = user("text-remover");
    MultipartBodyBuilder withImage = form(f -> {});
    withImage.part("head_image", PNG).filename("a.png").contentType(MediaType.IMAGE_PNG);
    String study = (String) create(leader, withImage).get("uuid");
    String name = view(study).headImage();

    String emptyText =
        "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"head_image\"\r\n\r\n\r\n";
    http.put()
        .uri(STUDIES + "/" + study)
        .headers(bearer(leader))
        .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY))
        .bodyValue(rawForm(emptyText))
        .exchange()
        .expectStatus()
        .isOk();
    assertThat(view(study).headImage()).isNull();
    assertThat(IMAGES.resolve(name)).doesNotExist();
  }

  @Test
  void deletingAStudyRemovesItAndItsImage() {
    UUID leader = user("del-leader");
    MultipartBodyBuilder withImage = form(f -> {});
    withImage.part("head_image", PNG).filename("a.png").contentType(MediaType.IMAGE_PNG);
    String study = (String) create(leader, withImage).get("uuid");
    String name = view(study).headImage();

    http.delete()
        .uri(STUDIES + "/" + study + "/")
        .headers(bearer(leader))
        .exchange()
        .expectStatus()
        .isNoContent();
    assertThat(studies.find(UUID.fromString(study))).isEmpty();
    assertThat(IMAGES.resolve(name)).doesNotExist();
    http.delete()
        .uri(STUDIES + "/" + study)
        .headers(bearer(leader))
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  // --- upload attacks (§5.3.2) ---

  @Test
  void aFileThatIsNoImageIsRefusedWhateverItsNameAndNothingIsStored() {
    UUID leader = user("attacker");
    Set<Path> before = storedFiles();

    MultipartBodyBuilder fake = form(f -> {});
    fake.part("head_image", "<?php echo 'owned'; ?>".getBytes(UTF_8))
        .filename("cover.png")
        .contentType(MediaType.IMAGE_PNG);
    post(leader, fake)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.head_image[0]")
        .isNotEmpty();

    MultipartBodyBuilder svg = form(f -> {});
    svg.part("head_image", "<svg onload=alert(1)/>".getBytes(UTF_8))
        .filename("../../../../tmp/evil.png")
        .contentType(MediaType.IMAGE_PNG);
    post(leader, svg).expectStatus().isBadRequest();

    assertThat(storedFiles()).isEqualTo(before);
  }

  @Test
  void anImageOverFiveMegabytesIs413AndNothingIsStored() {
    UUID leader = user("big-uploader");
    Set<Path> before = storedFiles();

    MultipartBodyBuilder oversize = form(f -> {});
    oversize
        .part("head_image", png(5 * 1024 * 1024 + 1))
        .filename("big.png")
        .contentType(MediaType.IMAGE_PNG);
    post(leader, oversize)
        .expectStatus()
        .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();

    MultipartBodyBuilder limit = form(f -> {});
    limit
        .part("head_image", png(5 * 1024 * 1024))
        .filename("limit.png")
        .contentType(MediaType.IMAGE_PNG);
    post(leader, limit).expectStatus().isCreated();
    assertThat(storedFiles()).hasSize(before.size() + 1);
  }

  @Test
  void aValidImageWithARefusedFormIsNotKept() {
    UUID leader = user("refused-uploader");
    Set<Path> before = storedFiles();

    // refused by the form check, before anything is written
    MultipartBodyBuilder invalidForm = form(f -> f.part("member_limit", "11"));
    invalidForm.part("head_image", PNG).filename("ok.png").contentType(MediaType.IMAGE_PNG);
    post(leader, invalidForm).expectStatus().isBadRequest();
    // refused by the aggregate: the file written for the command is deleted again
    MultipartBodyBuilder refusedByAggregate =
        form(f -> f.part("start_date", TODAY.minusDays(1).toString()));
    refusedByAggregate.part("head_image", PNG).filename("ok.png").contentType(MediaType.IMAGE_PNG);
    post(leader, refusedByAggregate).expectStatus().isBadRequest();

    assertThat(storedFiles()).isEqualTo(before);
  }

  @Test
  void aPathLikeFileNameIsNeverUsed() {
    UUID leader = user("traveller");
    MultipartBodyBuilder form = form(f -> {});
    form.part("head_image", PNG).filename("../../../evil.png").contentType(MediaType.IMAGE_PNG);
    String url = (String) create(leader, form).get("head_image");
    assertThat(url).matches(".*/media/study-images/[0-9a-f]{32}\\.png");
    assertThat(IMAGES.getParent().resolve("evil.png")).doesNotExist();
    assertThat(IMAGES.resolve("evil.png")).doesNotExist();

    // names that are not generated ones are unknown
    for (String name : List.of("evil.png", "0123.png", "x".repeat(32) + ".png", "a.png.jpg")) {
      http.get().uri("/media/study-images/" + name).exchange().expectStatus().isNotFound();
    }
    // encoded dots and slashes never reach the handler (Spring Security's firewall: 400)
    for (String name : List.of("..%2F..%2Fetc%2Fpasswd", "%2e%2e", "..%5C..%5Cwin.ini")) {
      http.get().uri("/media/study-images/" + name).exchange().expectStatus().is4xxClientError();
    }
  }

  // --- users (§5.2.3, §8 #7) ---

  @Test
  void aDeletedAccountLeavesEveryStudyAndItsLedStudiesGo() {
    UUID dana = user("dana");
    UUID other = user("deletion-other");
    String led = createId(dana);
    String joined = createId(other);
    String applied = createId(other);
    approve(joined, requestToJoin(joined, dana), other).expectStatus().isCreated();
    requestToJoin(applied, dana);
    long joinedEvents = awaitRecords(joined, 3).size();

    Instant deletedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    publish(new UserDeleted(dana, deletedAt), 1);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(users.find(dana)).isEmpty();
              assertThat(studies.find(UUID.fromString(led))).isEmpty();
              assertThat(view(joined).memberCount()).isEqualTo(1);
              assertThat(studies.requests(UUID.fromString(applied))).isEmpty();
            });
    assertThat(studies.studiesInvolving(dana)).isEmpty();
    assertThat(awaitRecords(joined, (int) joinedEvents + 1))
        .last()
        .satisfies(
            r -> assertThat(header(r, "ce_type")).isEqualTo("crescendo.study.MemberRemoved.v1"));
    assertThat(awaitRecords(led, 2))
        .last()
        .satisfies(
            r ->
                assertThat(header(r, "ce_type")).isEqualTo("crescendo.study.StudyGroupDeleted.v1"));

    // delivered again (a newer sequence, so the subscription applies it): nothing left to do
    publish(new UserDeleted(dana, deletedAt.plusSeconds(60)), 2);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.sql(
                            "select last_sequence from consumed_event where subscription ="
                                + " 'study-service.users' and subject = ?")
                        .param(dana.toString())
                        .query(Long.class)
                        .optional()
                        .orElse(0L)
                    == 2);
    // remembered once, with the first deletion's time
    assertThat(
            jdbc.sql("select deleted_at from study_deleted_user where user_id = ?")
                .param(dana)
                .query(OffsetDateTime.class)
                .list())
        .singleElement()
        .satisfies(at -> assertThat(at.toInstant()).isEqualTo(deletedAt));
    // the deleted user's still valid token is refused at once, without waiting for the feed
    long started = System.nanoTime();
    post(dana, form(f -> {}))
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .json("{\"detail\": \"User not found.\", \"code\": \"user_not_found\"}", true);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    assertThat(view(joined).memberCount()).isEqualTo(1);
  }

  @Test
  void aNewUsernameShowsInTheLeaders() {
    UUID leader = user("old-name");
    publish(new UsernameChanged(leader, "new-name", Instant.now()), 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> users.find(leader).map(u -> u.username().equals("new-name")).orElse(false));

    assertThat(create(leader, form(f -> {})).get("leaders"))
        .isEqualTo(
            List.of(
                Map.of(
                    "uuid", leader.toString(),
                    "email", "old-name@example.com",
                    "username", "new-name")));
  }

  @Test
  void aJustRegisteredUserCanCreateAStudyAtOnce() {
    // user() only publishes UserRegistered: the create waits for the users view to catch up
    for (int i = 0; i < 3; i++) {
      String name = "fresh-" + i;
      UUID fresh = user(name);
      assertThat(create(fresh, form(f -> {})).get("leaders"))
          .asList()
          .singleElement()
          .satisfies(l -> assertThat(l).asString().contains(name));
    }
  }

  @Test
  void aCallerWhoseRegistrationIsStillOnItsWayToKafkaIsWaitedFor() {
    // The token is valid before identity's publisher has put UserRegistered on the topic.
    UUID late = UUID.randomUUID();
    // Threads of its own: the common pool may have a single worker on a 2-core machine.
    ExecutorService threads = Executors.newCachedThreadPool();
    try {
      CompletableFuture<Map<String, Object>> created =
          CompletableFuture.supplyAsync(() -> create(late, form(f -> {})), threads);
      CompletableFuture.runAsync(
          () -> publish(new UserRegistered(late, "late@example.com", "late", Instant.now()), 0),
          CompletableFuture.delayedExecutor(700, TimeUnit.MILLISECONDS, threads));
      assertThat(created.join().get("leaders"))
          .asList()
          .singleElement()
          .satisfies(l -> assertThat(l).asString().contains("late"));
    } finally {
      threads.shutdown();
    }
  }

  @Test
  void aCallerStillUnknownAfterTheWaitIsToldToTryAgainNotLoggedOut() {
    // A validly signed token whose UserRegistered never reaches study-service (Kafka down, the
    // feed still catching up): not a deleted account, so 503, which the frontend retries.
    UUID notYet = UUID.randomUUID();
    String study = createId(user("not-yet-leader"));

    long started = System.nanoTime();
    unavailable(post(notYet, form(f -> {})));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(2));
    unavailable(
        http.post()
            .uri(STUDIES + "/" + study + "/requests")
            .headers(bearer(notYet))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("request_message", "let me in"))
            .exchange());
    assertThat(studies.requests(UUID.fromString(study))).isEmpty();
  }

  // --- races (§8 #1) ---

  @Test
  void twoApprovalsForTheLastSeatAddExactlyOneMember() {
    for (int round = 0; round < 5; round++) {
      UUID leader = user("race-leader-" + round);
      String study = createId(leader, 2);
      long first = requestToJoin(study, user("race-a-" + round));
      long second = requestToJoin(study, user("race-b-" + round));

      CompletableFuture<HttpStatus> a =
          CompletableFuture.supplyAsync(() -> approveStatus(study, first, leader));
      CompletableFuture<HttpStatus> b =
          CompletableFuture.supplyAsync(() -> approveStatus(study, second, leader));

      assertThat(List.of(a.join(), b.join()))
          .containsExactlyInAnyOrder(HttpStatus.CREATED, HttpStatus.BAD_REQUEST);
      assertThat(view(study).memberCount()).isEqualTo(2);
      assertThat(studies.memberships(UUID.fromString(study))).hasSize(2);
    }
  }

  @Test
  void concurrentEditsLoseNoUpdate() {
    UUID leader = user("edit-race");
    String study = createId(leader);
    for (int round = 0; round < 3; round++) {
      List<CompletableFuture<Integer>> edits = new ArrayList<>();
      for (String field : List.of("post_title", "study_name")) {
        String value = field + "-" + round;
        edits.add(
            CompletableFuture.supplyAsync(
                () -> {
                  MultipartBodyBuilder patch = new MultipartBodyBuilder();
                  patch.part(field, value);
                  return edit("PATCH", study, leader, patch.build())
                      .expectBody()
                      .returnResult()
                      .getStatus()
                      .value();
                }));
      }
      assertThat(edits.stream().map(CompletableFuture::join)).containsOnly(200);
      StudyView after = view(study);
      assertThat(after.postTitle()).isEqualTo("post_title-" + round);
      assertThat(after.studyName()).isEqualTo("study_name-" + round);
    }
  }

  // --- helpers ---

  /** A user that identity-service registered: published on its topic, not seeded. */
  private UUID user(String name) {
    UUID id = UUID.randomUUID();
    publish(new UserRegistered(id, name + "@example.com", name, Instant.now()), 0);
    return id;
  }

  static void publish(IdentityEvent event, long sequence) {
    String subject = event.userId().toString();
    EventEnvelope envelope =
        EventEnvelope.of(
            UUID.randomUUID().toString(),
            "/crescendo/identity-service",
            Instant.now(),
            subject,
            sequence,
            event);
    try {
      IDENTITY.send(CODEC.encode(envelope)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void closeProducer() {
    IDENTITY.close(Duration.ofSeconds(5));
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

  private static Consumer<HttpHeaders> bearer(UUID user) {
    return headers -> headers.setBearerAuth(IdentityTokens.access(user));
  }

  /** A valid create form; {@code change} adds parts (a part given twice: the last wins). */
  private static MultipartBodyBuilder form(
      Consumer<MultipartBodyBuilder> change, String... without) {
    MultipartBodyBuilder form = new MultipartBodyBuilder();
    Map<String, List<String>> parts = new java.util.LinkedHashMap<>();
    parts.put("post_title", List.of("스터디원 모집"));
    parts.put("post_content", List.of("<p>매주 화요일</p>"));
    parts.put("study_name", List.of("Spring"));
    parts.put("member_limit", List.of("3"));
    parts.put("deadline", List.of(TODAY.plusDays(3).toString()));
    parts.put("start_date", List.of(TODAY.plusDays(5).toString()));
    parts.put("end_date", List.of(TODAY.plusDays(30).toString()));
    parts.put("categories", List.of("DevOps", "Backend"));
    parts.put("tags", List.of("java"));
    MultipartBodyBuilder probe = new MultipartBodyBuilder();
    change.accept(probe);
    Set<String> changed = probe.build().keySet();
    parts.forEach(
        (name, values) -> {
          if (!changed.contains(name) && !List.of(without).contains(name)) {
            values.forEach(v -> form.part(name, v));
          }
        });
    if (changed.contains("tags")) {
      form.part("tags", "java");
    }
    change.accept(form);
    return form;
  }

  private WebTestClient.ResponseSpec post(UUID caller, MultipartBodyBuilder form) {
    return http.post()
        .uri(STUDIES)
        .headers(bearer(caller))
        .contentType(MediaType.MULTIPART_FORM_DATA)
        .bodyValue(form.build())
        .exchange();
  }

  private static void unavailable(WebTestClient.ResponseSpec answer) {
    answer
        .expectStatus()
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
        .expectHeader()
        .valueEquals(HttpHeaders.RETRY_AFTER, "1")
        .expectBody()
        .json("{\"detail\": \"Service temporarily unavailable, try again later.\"}", true);
  }

  private Map<String, Object> create(UUID leader, MultipartBodyBuilder form) {
    return post(leader, form)
        .expectStatus()
        .isCreated()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  private String createId(UUID leader) {
    return createId(leader, 3);
  }

  private String createId(UUID leader, int limit) {
    return (String)
        create(leader, form(f -> f.part("member_limit", Integer.toString(limit)))).get("uuid");
  }

  private void fieldError(UUID leader, Consumer<MultipartBodyBuilder> change, String field) {
    Map<String, Object> errors =
        post(leader, form(change))
            .expectStatus()
            .isBadRequest()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    assertThat(errors).as(field).containsOnlyKeys(field);
    assertThat((List<?>) errors.get(field))
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m).isInstanceOf(String.class));
  }

  private WebTestClient.ResponseSpec edit(
      String method, String study, UUID caller, MultiValueMap<String, ?> form) {
    return http.method(org.springframework.http.HttpMethod.valueOf(method))
        .uri(STUDIES + "/" + study)
        .headers(bearer(caller))
        .contentType(MediaType.MULTIPART_FORM_DATA)
        .bodyValue(form)
        .exchange();
  }

  private long requestToJoin(String study, UUID applicant) {
    http.post()
        .uri(STUDIES + "/" + study + "/requests")
        .headers(bearer(applicant))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("request_message", "let me in"))
        .exchange()
        .expectStatus()
        .isCreated();
    return pendingRequestOf(study, applicant);
  }

  private long pendingRequestOf(String study, UUID applicant) {
    return studies.requests(UUID.fromString(study)).stream()
        .filter(r -> r.userId().equals(applicant) && r.status().equals("PENDING"))
        .findFirst()
        .orElseThrow()
        .requestId();
  }

  private WebTestClient.ResponseSpec approve(String study, long request, UUID leader) {
    return http.post()
        .uri(STUDIES + "/" + study + "/requests/" + request)
        .headers(bearer(leader))
        .exchange();
  }

  private HttpStatus approveStatus(String study, long request, UUID leader) {
    return HttpStatus.valueOf(
        approve(study, request, leader).expectBody().returnResult().getStatus().value());
  }

  private WebTestClient.ResponseSpec reject(String study, long request, UUID leader) {
    return http.delete()
        .uri(STUDIES + "/" + study + "/requests/" + request + "/")
        .headers(bearer(leader))
        .exchange();
  }

  private WebTestClient.ResponseSpec kick(String study, long membership, UUID leader) {
    return http.delete()
        .uri(STUDIES + "/" + study + "/members/" + membership)
        .headers(bearer(leader))
        .exchange();
  }

  private StudyView view(String study) {
    return studies.find(UUID.fromString(study)).orElseThrow();
  }

  private List<ConsumerRecord<String, byte[]>> awaitRecords(String study, int count) {
    return TopicReader.readUntil(
            TestInfrastructure.shared().kafkaBootstrapServers(),
            Topics.STUDY_STUDYGROUP.name(),
            records -> records.stream().filter(r -> r.key().equals(study)).count() >= count,
            Duration.ofSeconds(30))
        .stream()
        .filter(r -> r.key().equals(study))
        .limit(count)
        .toList();
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), UTF_8);
  }

  // raw multipart, for the parts a browser sends that MultipartBodyBuilder cannot express

  static final String BOUNDARY = "crescendoBoundary";

  private WebTestClient.ResponseSpec postRaw(UUID caller, byte[] body) {
    return http.post()
        .uri(STUDIES)
        .headers(bearer(caller))
        .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY))
        .bodyValue(body)
        .exchange();
  }

  private static String emptyFilePart(String name) {
    return "--"
        + BOUNDARY
        + "\r\nContent-Disposition: form-data; name=\""
        + name
        + "\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n";
  }

  private static byte[] rawForm(String... extraParts) {
    StringBuilder body = new StringBuilder();
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("post_title", "raw");
    fields.put("post_content", "<p>raw</p>");
    fields.put("study_name", "Raw");
    fields.put("member_limit", "3");
    fields.put("deadline", TODAY.plusDays(3).toString());
    fields.put("start_date", TODAY.plusDays(5).toString());
    fields.put("end_date", TODAY.plusDays(30).toString());
    fields.put("categories", "Etc");
    fields.forEach(
        (name, value) ->
            body.append("--")
                .append(BOUNDARY)
                .append("\r\nContent-Disposition: form-data; name=\"")
                .append(name)
                .append("\"\r\n\r\n")
                .append(value)
                .append("\r\n"));
    Stream.of(extraParts).forEach(body::append);
    body.append("--").append(BOUNDARY).append("--\r\n");
    return body.toString().getBytes(UTF_8);
  }

  private static Set<Path> storedFiles() {
    try (Stream<Path> files = Files.list(IMAGES)) {
      return Set.copyOf(files.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PNG signature followed by filler: what the magic-byte check accepts. */
  private static byte[] png(int size) {
    byte[] bytes = new byte[size];
    byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    System.arraycopy(magic, 0, bytes, 0, magic.length);
    return bytes;
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("study-images").toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
