package io.crescendo.reliability;

import io.crescendo.local.test.LaunchedStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The stack every suite of the run shares, started by the launcher in its own processes, and the
 * fixtures that need a past: submissions open on a study's start date, which lies after its
 * recruiting deadline, so the studies that take submissions are opened first and every clock is
 * then moved three days on (a restart with {@code CRESCENDO_CLOCK_OFFSET}, as the e2e suite does).
 */
final class Platform {

  private static Platform shared;

  final LaunchedStack stack;
  final Api api;
  final Studies studies;

  /** Leader, member and author of a study that has started (the authorization matrix's). */
  final StartedStudy matrix;

  /** A leader and one member of a started study (the double-submission race's). */
  final StartedStudy submissions;

  /** A leader and a member of a started study, whose assignments the fault load posts and edits. */
  final StartedStudy faults;

  /** The matrix member's access token from before the clock moved: validly signed, expired. */
  final String expiredToken;

  /** A started study: its leader and members, assignments may be posted and work submitted. */
  record StartedStudy(UUID study, Account leader, List<Account> members) {}

  private Platform(
      LaunchedStack stack,
      Api api,
      Studies studies,
      StartedStudy matrix,
      StartedStudy submissions,
      StartedStudy faults,
      String expiredToken) {
    this.stack = stack;
    this.expiredToken = expiredToken;
    this.api = api;
    this.studies = studies;
    this.matrix = matrix;
    this.submissions = submissions;
    this.faults = faults;
  }

  /** Why the platform could not be prepared: the next suite fails at once, no second stack. */
  private static RuntimeException failure;

  static synchronized Platform shared() {
    if (failure != null) {
      throw new IllegalStateException("the platform could not be prepared", failure);
    }
    if (shared == null) {
      try {
        shared = start();
      } catch (IOException e) {
        failure = new UncheckedIOException(e);
        throw failure;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = new IllegalStateException(e);
        throw failure;
      } catch (RuntimeException | Error e) {
        failure = new IllegalStateException("preparing the platform failed", e);
        throw e;
      }
    }
    return shared;
  }

  private static Platform start() throws IOException, InterruptedException {
    LaunchedStack first =
        LaunchedStack.start(
            // The default auth rate limit (20 a minute per address): every person signs up and logs
            // in from a loopback address of their own (Api.fromOwnAddress).
            LaunchedStack.Settings.of(
                LaunchedStack.defaultHome(), Files.createTempDirectory("crescendo-reliability-")));
    var holder = new LaunchedStack[] {first};
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    holder[0].close();
                    holder[0].deleteData();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } catch (IOException e) {
                    System.err.println("could not delete " + holder[0].dataDir() + ": " + e);
                  }
                }));

    Api api = new Api(first.baseUrl());
    Studies before = new Studies(api, first::today);
    StartedStudy matrix = startedStudy(api, before, "matrix", "member", "author");
    StartedStudy submissions = startedStudy(api, before, "racer-leader", "submitter");
    StartedStudy faults = startedStudy(api, before, "fault-leader", "fault-member");

    String expiredToken = matrix.members().get(0).token();
    // Three days on, the studies above have started; access tokens issued before have expired.
    LaunchedStack later = first.restart(first.clockOffset().plus(Period.ofDays(3)));
    holder[0] = later;
    Api now = new Api(later.baseUrl());
    for (StartedStudy started : List.of(matrix, submissions, faults)) {
      started.leader().login();
      started.members().forEach(Account::login);
    }
    return new Platform(
        later, now, new Studies(now, later::today), matrix, submissions, faults, expiredToken);
  }

  private static StartedStudy startedStudy(
      Api api, Studies studies, String leaderName, String... memberNames) {
    Account leader = Account.signUp(api, leaderName);
    UUID study = studies.create(leader, leaderName + " started", 10);
    List<Account> members = new ArrayList<>();
    for (String name : memberNames) {
      Account member = Account.signUp(api, name);
      studies.join(member, study, leader);
      members.add(member);
    }
    return new StartedStudy(study, leader, List.copyOf(members));
  }

  LocalDate today() {
    return stack.today();
  }
}
