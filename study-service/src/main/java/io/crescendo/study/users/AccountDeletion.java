package io.crescendo.study.users;

import io.crescendo.events.axon.command.ReactiveCommandGateway;
import io.crescendo.study.api.LeaveBecauseAccountDeleted;
import io.crescendo.study.image.HeadImages;
import io.crescendo.study.projection.StudyView;
import io.crescendo.study.projection.StudyViews;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A deleted account leaves every study (API-v1 §5.2.3, §8 #7): a study it led is deleted, in
 * another its membership ends and its pending requests are withdrawn — all as StudyGroup events.
 *
 * <p>Each study's command runs in its own transaction (dispatched off the subscription's thread),
 * so one study's outcome never rolls back another's; a redelivered {@code UserDeleted} repeats them
 * harmlessly: the command changes nothing for a user with nothing left in the study, and a study
 * already deleted counts as done.
 */
@Component
class AccountDeletion {

  private static final Logger log = LoggerFactory.getLogger(AccountDeletion.class);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final StudyViews studies;
  private final ReactiveCommandGateway commands;
  private final HeadImages images;

  AccountDeletion(StudyViews studies, ReactiveCommandGateway commands, HeadImages images) {
    this.studies = studies;
    this.commands = commands;
    this.images = images;
  }

  void leaveEveryStudy(UUID userId) {
    for (UUID studyId : studies.studiesInvolving(userId)) {
      Optional<StudyView> before = studies.find(studyId);
      try {
        commands.send(new LeaveBecauseAccountDeleted(studyId, userId)).block(COMMAND_TIMEOUT);
      } catch (AggregateNotFoundException e) {
        log.debug("Study {} already deleted", studyId);
      }
      before
          .filter(study -> study.leaderId().equals(userId) && study.headImage() != null)
          .ifPresent(study -> images.delete(study.headImage()));
    }
  }
}
