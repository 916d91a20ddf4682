package io.crescendo.search.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crescendo.web.error.ValidationException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ResponseStatusException;

/** The SQL text of the study list (its plans: {@link StudySearchPlanTest}). */
class StudyQueryTest {

  static final LocalDate TODAY = LocalDate.of(2026, 3, 1);

  @Test
  void keywordsWithATrigramAreOneIlike() {
    StudyQuery query = StudyQuery.of(query("post_title", "스터디", "study_name", "100%_x"), TODAY);
    assertThat(query.where())
        .containsExactly("(s.post_title ilike :title or s.study_name ilike :name)");
    assertThat(query.params())
        .containsEntry("title", "%스터디%")
        .containsEntry("name", "%100\\%\\_x%");
  }

  @Test
  void keywordsWithoutATrigramUseTheGramIndex() {
    StudyQuery query = StudyQuery.of(query("post_title", "자바"), TODAY);
    assertThat(query.where())
        .containsExactly(
            "search_grams(s.post_title) @> array[left(lower(:title_keyword), 2)]",
            "(s.post_title ilike :title) is true");
    assertThat(query.params()).containsEntry("title", "%자바%").containsEntry("title_keyword", "자바");
    // the search box: the gram tests (the indexes' bitmaps) apart from the ilike tests (a filter)
    assertThat(StudyQuery.of(query("post_title", "자바", "study_name", "자바"), TODAY).where())
        .containsExactly(
            "(search_grams(s.post_title) @> array[left(lower(:title_keyword), 2)]"
                + " or search_grams(s.study_name) @> array[left(lower(:name_keyword), 2)])",
            "((s.post_title ilike :title) is true or (s.study_name ilike :name) is true)");
    // one with a trigram, one without: each alternative whole, ilike first
    assertThat(StudyQuery.of(query("post_title", "스터디", "study_name", "Go"), TODAY).where())
        .containsExactly(
            "(s.post_title ilike :title or ((s.study_name ilike :name) is true"
                + " and search_grams(s.study_name) @> array[left(lower(:name_keyword), 2)]))");
  }

  @Test
  void aCategoryIsAFilterNextToAKeywordOrATag() {
    assertThat(StudyQuery.of(query("categories", "AI"), TODAY).where())
        .containsExactly("s.categories @> :categories");
    assertThat(StudyQuery.of(query("categories", "AI", "post_title", "하스"), TODAY).where())
        .endsWith("(s.categories @> :categories) is true");
    assertThat(StudyQuery.of(query("categories", "AI", "post_title", "spring"), TODAY).where())
        .containsExactly("s.post_title ilike :title", "(s.categories @> :categories) is true");
  }

  @Test
  void whetherPgTrgmFindsATrigramInThePattern() {
    for (String yes : List.of("스터디", "spring", "Spring Boot", "코테 준비", "go 언어", ".js", "a+b")) {
      assertThat(StudyQuery.hasTrigram(yes)).as(yes).isTrue();
    }
    for (String no : List.of("자바", "Go", "a", "C++", "C#", "%", "_", "++")) {
      assertThat(StudyQuery.hasTrigram(no)).as(no).isFalse();
    }
  }

  @Test
  void aCursorBoundsTheFirstSortColumnSoThatTheIndexStartsThere() {
    StudyOrdering ordering = StudyOrdering.parse(null, null);
    OffsetDateTime at = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    UUID id = UUID.randomUUID();
    String next = new Cursor(false, List.of(at, id)).encode(ordering);
    assertThat(StudyQuery.of(query("cursor", next), TODAY).where())
        .containsExactly(
            "s.created_at <= :k0",
            "((s.created_at < :k0) or (s.created_at = :k0 and s.study_id > :k1))");
    String previous = new Cursor(true, List.of(at, id)).encode(ordering);
    StudyQuery backwards = StudyQuery.of(query("cursor", previous), TODAY);
    assertThat(backwards.where().getFirst()).isEqualTo("s.created_at >= :k0");
    assertThat(backwards.sql())
        .endsWith(
            " order by s.created_at asc, s.study_id desc limit 9)"
                + " s left join search_user u on u.user_id = s.leader_id"
                + " order by s.created_at asc, s.study_id desc");
    assertThat(StudyOrdering.parse("deadline", null).keyBound(false))
        .isEqualTo("s.deadline >= :k0");
  }

  @Test
  void theSqlOfAPage() {
    StudyQuery query =
        StudyQuery.of(query("categories", "AI", "tags", "spring", "is_closed", "0"), TODAY);
    // the page's rows first, then their leaders
    assertThat(query.sql())
        .startsWith("select ")
        .contains(
            " from (select s.* from search_study s"
                + " where (s.categories @> :categories) is true and s.tags @> :tags"
                + " and not (s.deadline < :today or s.member_count >= s.member_limit)"
                + " order by s.created_at desc, s.study_id asc limit 9)"
                + " s left join search_user u on u.user_id = s.leader_id")
        .endsWith(" order by s.created_at desc, s.study_id asc");
    assertThat(query.params()).containsOnlyKeys("categories", "tags", "today");
    // the home page's sample: a run of the primary key from a random point, wrapping around
    StudyQuery sample = StudyQuery.of(query("random", "true"), TODAY);
    assertThat(sample.sql())
        .contains(" where s.study_id >= :pivot order by s.study_id limit 8) union all (")
        .endsWith(" where s.study_id < :pivot order by s.study_id limit 8) limit 8");
    assertThat(sample.params()).containsOnlyKeys("pivot");
    assertThat(StudyQuery.of(query("random", "true", "tags", "spring"), TODAY).sql())
        .endsWith(
            " order by random() limit 8) s left join search_user u on u.user_id = s.leader_id");
    assertThatThrownBy(() -> StudyQuery.of(query("categories", "backend"), TODAY))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> StudyQuery.of(query("cursor", "abc"), TODAY))
        .isInstanceOf(ResponseStatusException.class);
  }

  private static MultiValueMap<String, String> query(String... nameValues) {
    MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      query.add(nameValues[i], nameValues[i + 1]);
    }
    return query;
  }
}
