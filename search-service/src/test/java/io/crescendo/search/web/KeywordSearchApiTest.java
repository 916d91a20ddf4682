package io.crescendo.search.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.search.testsupport.Feed;
import io.crescendo.search.testsupport.ReadSideTest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The study list's keyword filters over HTTP, events in on the real topics: Korean and English, any
 * case, {@code %} and {@code _} as themselves, and keywords of one or two characters (which pg_trgm
 * cannot index; the gram indexes of V102 and {@link StudyQuery} serve them).
 */
class KeywordSearchApiTest extends ReadSideTest {

  static final String STUDIES = "/api/v1/studygroup/studies";

  final Feed feed = Feed.kafka();
  final String tag = "kw" + Feed.nextId();
  final Map<String, UUID> studies = new LinkedHashMap<>();

  @Test
  void aNulCharacterInAKeywordOrTagMatchesNothingInsteadOfFailing() {
    // found by deploy/reliability (HostileInputIT): PostgreSQL refuses NUL in a text parameter,
    // and the list answered 500
    UUID leader = feed.user();
    study(leader, "nul", "NUL 스터디", "nul club");
    awaitJson(list(), null, page -> results(page).size() == studies.size());

    assertThat(found("post_title", "NUL\u0000")).isEmpty();
    assertThat(found("post_title", "\u0000", "study_name", "nul")).containsExactly("nul");
    assertThat(found("tags", "x\u0000")).isEmpty();
    assertThat(found("post_title", "NUL")).containsExactly("nul");
  }

  @Test
  void keywordsMatchKoreanAndEnglishInAnyCaseAndOnlyAsText() {
    UUID leader = feed.user();
    study(leader, "java", "자바 스터디 모집", "Backend 크루");
    study(leader, "boot", "Spring Boot 입문", "SPRING 클럽");
    study(leader, "batch", "SPRING BATCH 실전", "배치 팀");
    study(leader, "percent", "100% 출석 챌린지", "습관_만들기");
    study(leader, "plain", "100 출석 챌린지", "습관 만들기");
    study(leader, "go", "Go 언어 스터디", "고랭 모임");
    study(leader, "cpp", "C++ 코딩테스트", "알고리즘 club");
    awaitJson(list(), null, page -> results(page).size() == studies.size());

    // Korean, three characters and more: trigrams
    assertThat(found("post_title", "스터디")).containsExactlyInAnyOrder("java", "go");
    assertThat(found("post_title", "코딩테스트")).containsExactly("cpp");
    assertThat(found("study_name", "알고리즘")).containsExactly("cpp");
    // English in any case
    for (String spring : List.of("spring", "SPRING", "SpRiNg")) {
      assertThat(found("post_title", spring)).containsExactlyInAnyOrder("boot", "batch");
      assertThat(found("study_name", spring)).containsExactly("boot");
    }
    assertThat(found("post_title", "spring boot")).containsExactly("boot");
    // both parameters: either
    assertThat(found("post_title", "spring", "study_name", "배치"))
        .containsExactlyInAnyOrder("boot", "batch");
    assertThat(found("post_title", "모집", "study_name", "club"))
        .containsExactlyInAnyOrder("java", "cpp");
    // % and _ are text, not wildcards
    assertThat(found("post_title", "%")).containsExactly("percent");
    assertThat(found("post_title", "100%")).containsExactly("percent");
    assertThat(found("post_title", "0%")).containsExactly("percent");
    assertThat(found("study_name", "_")).containsExactly("percent");
    assertThat(found("study_name", "습관_")).containsExactly("percent");
    assertThat(found("study_name", "관_만")).containsExactly("percent");
    assertThat(found("post_title", "1_0")).isEmpty();
    // one or two characters: the gram indexes
    assertThat(found("post_title", "자바")).containsExactly("java");
    assertThat(found("post_title", "모집")).containsExactly("java");
    assertThat(found("post_title", "자")).containsExactly("java");
    assertThat(found("study_name", "크루")).containsExactly("java");
    assertThat(found("post_title", "언어")).containsExactly("go");
    assertThat(found("post_title", "gO")).containsExactly("go");
    assertThat(found("post_title", "go 언어")).containsExactly("go");
    assertThat(found("post_title", "C++")).containsExactly("cpp");
    assertThat(found("post_title", "c+")).containsExactly("cpp");
    assertThat(found("post_title", "%", "study_name", "팀"))
        .containsExactlyInAnyOrder("percent", "batch");
    assertThat(found("post_title", "바스")).isEmpty();
    assertThat(found("post_title", "x")).isEmpty();
  }

  private void study(UUID leader, String label, String title, String name) {
    LocalDate today = Feed.today();
    StudyGroupCreated created =
        new StudyGroupCreated(
            UUID.randomUUID(),
            leader,
            Feed.nextId(),
            title,
            name,
            "<p>x</p>",
            List.of("Backend"),
            List.of(tag),
            5,
            today.plusDays(6),
            today.plusDays(30),
            today.plusDays(5),
            null,
            Instant.now());
    feed.publish(created);
    studies.put(label, created.studyId());
  }

  private String list() {
    return STUDIES + "?tags=" + tag;
  }

  /** The labels of the studies of this test that the list shows for these parameters. */
  private List<String> found(String... nameValues) {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, Object> page =
        http.get()
            .uri(
                uri -> {
                  uri.path(STUDIES).queryParam("tags", tag);
                  for (int i = 0; i < nameValues.length; i += 2) {
                    // as a variable: strictly encoded, so % + _ and blanks arrive as typed
                    uri.queryParam(nameValues[i], "{v" + i + "}");
                    values.put("v" + i, nameValues[i + 1]);
                  }
                  return uri.build(values);
                })
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return results(page).stream()
        .map(item -> UUID.fromString((String) item.get("uuid")))
        .map(
            id ->
                studies.entrySet().stream()
                    .filter(e -> e.getValue().equals(id))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElseThrow())
        .toList();
  }
}
