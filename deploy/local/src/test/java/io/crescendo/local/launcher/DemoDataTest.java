package io.crescendo.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.crescendo.local.launcher.DemoDataSet.Decision;
import io.crescendo.local.launcher.DemoDataSet.Image;
import io.crescendo.local.launcher.DemoDataSet.Join;
import io.crescendo.local.launcher.DemoDataSet.Study;
import io.crescendo.local.launcher.DemoDataSet.User;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo data set obeys the API's rules, and the launcher's part of it behaves. */
class DemoDataTest {

  // What the frontend allows (API-v1 §7 item 9): Hangul, Latin letters, digits.
  private static final Pattern USERNAME = Pattern.compile("[가-힣A-Za-z0-9]{2,10}");
  private static final Pattern TAG = Pattern.compile("[가-힣A-Za-z0-9]{1,20}");
  private static final Pattern HANGUL = Pattern.compile("[가-힣]");

  @TempDir Path dir;

  @Test
  void usersAreValidAndDistinct() {
    assertThat(DemoDataSet.USERS).hasSize(8);
    assertThat(DemoDataSet.USERS.stream().map(User::email).distinct()).hasSize(8);
    assertThat(DemoDataSet.USERS)
        .allSatisfy(
            user -> {
              assertThat(user.email()).matches("[a-z0-9]+@crescendo\\.local");
              assertThat(user.username()).matches(USERNAME);
            });
    assertThat(DemoData.PASSWORD).hasSizeGreaterThanOrEqualTo(8).doesNotMatch("[0-9]+");
  }

  @Test
  void everyStudyFollowsTheCreateRules() {
    assertThat(DemoDataSet.STUDIES).hasSizeBetween(20, 30);
    assertThat(DemoDataSet.STUDIES.stream().map(Study::studyName).distinct())
        .as("study names are unique (an interrupted load resumes by name)")
        .hasSize(DemoDataSet.STUDIES.size());
    for (Study study : DemoDataSet.STUDIES) {
      String what = study.studyName();
      assertThat(study.leader()).as(what).isBetween(0, DemoDataSet.USERS.size() - 1);
      assertThat(study.postTitle()).as(what).isNotBlank().hasSizeLessThanOrEqualTo(64);
      assertThat(study.studyName()).as(what).isNotBlank().hasSizeLessThanOrEqualTo(80);
      assertThat(study.postContent()).as(what).startsWith("<h2>").contains("<ol><li>");
      assertThat(study.categories())
          .as(what)
          .isNotEmpty()
          .doesNotHaveDuplicates()
          .isSubsetOf(DemoDataSet.CATEGORIES);
      assertThat(study.tags())
          .as(what)
          .doesNotHaveDuplicates()
          .allMatch(t -> TAG.matcher(t).matches());
      assertThat(study.memberLimit()).as(what).isBetween(2, 10);
      // today < deadline < start_date < end_date
      assertThat(study.deadlineInDays()).as(what).isPositive().isLessThan(study.startInDays());
      assertThat(study.startInDays()).as(what).isLessThan(study.endInDays());
      assertThat(study.assignments())
          .as(what)
          .allSatisfy(
              a -> {
                assertThat(a.title()).isNotBlank().hasSizeLessThanOrEqualTo(64);
                assertThat(a.content()).isNotBlank().hasSizeLessThanOrEqualTo(1500);
              });
    }
  }

  @Test
  void joinRequestsAreAllowedAndDecisionsFit() {
    for (Study study : DemoDataSet.STUDIES) {
      String what = study.studyName();
      Set<Integer> applicants = new HashSet<>();
      for (Join join : study.joins()) {
        assertThat(join.user()).as(what).isNotEqualTo(study.leader());
        assertThat(applicants.add(join.user())).as(what + ": one request per user").isTrue();
        assertThat(join.message()).as(what).isNotBlank().hasSizeLessThanOrEqualTo(500);
      }
      // approval is refused once the study is full
      assertThat(study.memberCount()).as(what).isLessThanOrEqualTo(study.memberLimit());
    }
    List<Join> all = DemoDataSet.STUDIES.stream().flatMap(s -> s.joins().stream()).toList();
    assertThat(all).extracting(Join::decision).contains(Decision.values());
    assertThat(DemoDataSet.STUDIES).anyMatch(Study::full).anyMatch(s -> !s.full());
    assertThat(DemoDataSet.STUDIES.stream().mapToInt(s -> s.assignments().size()).sum())
        .isBetween(4, 10);
  }

  @Test
  void coversEveryCategoryInKoreanAndEnglish() {
    for (String category : DemoDataSet.CATEGORIES) {
      List<Study> inCategory =
          DemoDataSet.STUDIES.stream().filter(s -> s.categories().contains(category)).toList();
      assertThat(inCategory).as(category).hasSizeGreaterThanOrEqualTo(2);
    }
    assertThat(DemoDataSet.STUDIES)
        .anyMatch(s -> s.postTitle().contains("스터디"))
        .anyMatch(s -> s.postTitle().toLowerCase(Locale.ROOT).contains("study"))
        .anyMatch(s -> !HANGUL.matcher(s.postTitle() + s.studyName()).find());
    assertThat(DemoDataSet.STUDIES.stream().map(Study::image))
        .contains(Image.PNG, Image.JPEG, Image.NONE);
  }

  @Test
  void coverImagesArePngAndJpeg() {
    byte[] png = DemoDataImages.cover(0, Image.PNG);
    byte[] jpeg = DemoDataImages.cover(1, Image.JPEG);

    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    assertThat(jpeg).startsWith(0xFF, 0xD8, 0xFF);
    assertThat(png.length).isLessThan(5 * 1024 * 1024);
    assertThat(DemoDataImages.cover(0, Image.PNG)).isEqualTo(png);
  }

  @Test
  void todayIsTheSeoulDateOfTheServicesClock() {
    Clock clock = Clock.fixed(Instant.parse("2026-03-01T15:30:00Z"), ZoneOffset.UTC);

    assertThat(DemoData.today(null, clock)).isEqualTo(LocalDate.of(2026, 3, 2));
    assertThat(DemoData.today("P3D", clock)).isEqualTo(LocalDate.of(2026, 3, 5));
    assertThat(DemoData.today("-PT1H", clock)).isEqualTo(LocalDate.of(2026, 3, 1));
  }

  @Test
  void theSettingIsAFlag() throws Exception {
    assertThat(LauncherSettings.fromEnvironment(Map.of(), dir, null).demoData()).isFalse();
    assertThat(
            LauncherSettings.fromEnvironment(Map.of("CRESCENDO_DEMO_DATA", "TRUE"), dir, null)
                .demoData())
        .isTrue();
    assertThatThrownBy(
            () ->
                LauncherSettings.fromEnvironment(Map.of("CRESCENDO_DEMO_DATA", "sure"), dir, null))
        .isInstanceOf(LauncherException.class)
        .hasMessageContaining("CRESCENDO_DEMO_DATA='sure'");
  }

  @Test
  void aFailedCallIsOneErrorLineAndNoMarker() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "{\"detail\": \"boom\"}\n".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(500, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      LauncherSettings settings = settings(server.getAddress().getPort());

      DemoData.loadOnce(
          settings,
          DemoData.NEEDS,
          new Console(new PrintStream(out, true, StandardCharsets.UTF_8)),
          () -> false);

      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo(
              "[crescendo] error: demo data: GET /api/v1/studygroup/categories/ answered 500:"
                  + " {\"detail\": \"boom\"} (Crescendo keeps running; the next start tries"
                  + " again)\n");
      assertThat(dir.resolve("data").resolve(DemoData.MARKER)).doesNotExist();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void loadsOncePerDataDirectory() throws Exception {
    LauncherSettings settings = settings(1);
    Files.createDirectories(settings.dataDir());
    Files.writeString(settings.dataDir().resolve(DemoData.MARKER), "loaded");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    DemoData.loadOnce(
        settings,
        DemoData.NEEDS,
        new Console(new PrintStream(out, true, StandardCharsets.UTF_8)),
        () -> false);

    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("[crescendo] demo data: loaded into " + settings.dataDir() + " before; ")
        .contains("demo1@crescendo.local / " + DemoData.PASSWORD);
  }

  @Test
  void needsEveryService() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    DemoData.loadOnce(
        settings(1),
        List.of("identity-service", "gateway"),
        new Console(new PrintStream(out, true, StandardCharsets.UTF_8)),
        () -> false);

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("not loaded, study-service, assignment-service, search-service not running");
  }

  @Test
  void reachesThePublicPortOnLoopbackWhenBoundToEverything() {
    assertThat(DemoData.host("0.0.0.0")).isEqualTo("127.0.0.1");
    assertThat(DemoData.host("127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(DemoData.host("::1")).isEqualTo("[::1]");
  }

  private LauncherSettings settings(int httpPort) throws Exception {
    return LauncherSettings.fromEnvironment(
        Map.of(
            "CRESCENDO_HTTP_PORT", Integer.toString(httpPort),
            "CRESCENDO_DATA_DIR", "data",
            "CRESCENDO_DEMO_DATA", "true"),
        dir,
        null);
  }
}
