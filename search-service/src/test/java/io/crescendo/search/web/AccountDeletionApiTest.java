package io.crescendo.search.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crescendo.search.testsupport.Feed;
import io.crescendo.search.testsupport.ReadSideTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A deleted account over HTTP (API-v1 §5.2.3): once {@code UserDeleted} is read, the answers look
 * as they will after study-service's and assignment-service's cascades, before any of their events.
 */
@SuppressWarnings("unchecked")
class AccountDeletionApiTest extends ReadSideTest {

  static final String STUDIES = "/api/v1/studygroup/studies/";
  static final String MINE = "/api/v1/auth/profiles/me/studies";

  final Feed feed = Feed.kafka();

  @Test
  void theCascadesShowAtOnce() {
    UUID gone = feed.user();
    UUID leader = feed.user();
    UUID member = feed.user();

    Feed.Study led = feed.study(gone);
    led.join(member);
    Feed.Assignment ledAssignment = led.assignment("by gone", "c");
    ledAssignment.submit(member, "member's in led");

    Feed.Study joined = feed.study(leader);
    joined.join(gone);
    joined.join(member);
    Feed.Assignment assignment = joined.assignment("by leader", "c");
    long goneWork = assignment.submit(gone, "gone's");
    long memberWork = assignment.submit(member, "member's");

    Feed.Study applied = feed.study(leader);
    applied.request(gone);

    String submissions = STUDIES + joined.id + "/assignments/" + assignment.id + "/submissions";
    await()
        .atMost(WITHIN)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(ids(page(submissions, leader))).containsExactly(memberWork, goneWork);
              assertThat(jsonList(STUDIES + joined.id + "/members", leader)).hasSize(3);
              assertThat(jsonList(STUDIES + applied.id + "/requests", leader)).hasSize(1);
              assertThat(uuids(page(MINE, member)))
                  .containsExactlyInAnyOrder(led.id.toString(), joined.id.toString());
              assertThat(
                      ids(
                          page(
                              STUDIES
                                  + led.id
                                  + "/assignments/"
                                  + ledAssignment.id
                                  + "/submissions",
                              member)))
                  .hasSize(1);
            });

    feed.deleteUser(gone); // and nothing of the cascades yet

    awaitStatus(STUDIES + led.id, null, 404);
    get(STUDIES + led.id + "/assignments", member).expectStatus().isNotFound();
    get(STUDIES + led.id + "/assignments/" + ledAssignment.id, member).expectStatus().isNotFound();
    assertThat(uuids(page(MINE, member))).containsExactly(joined.id.toString());
    assertThat(json(STUDIES + joined.id, null)).containsEntry("current_member_count", 2);
    assertThat(jsonList(STUDIES + joined.id + "/members", leader))
        .extracting(m -> ((Map<String, Object>) m.get("user")).get("uuid"))
        .containsExactly(leader.toString(), member.toString());
    assertThat(ids(page(submissions, leader))).containsExactly(memberWork);
    get(submissions + "/" + goneWork, leader).expectStatus().isNotFound();
    assertThat(jsonList(STUDIES + applied.id + "/requests", leader)).isEmpty();
  }

  static List<Long> ids(Map<String, Object> page) {
    return results(page).stream().map(item -> id(item.get("id"))).toList();
  }

  static List<String> uuids(Map<String, Object> page) {
    return results(page).stream().map(item -> (String) item.get("uuid")).toList();
  }
}
