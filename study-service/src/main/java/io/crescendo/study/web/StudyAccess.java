package io.crescendo.study.web;

import io.crescendo.study.projection.StudyView;
import io.crescendo.study.projection.StudyViews;
import io.crescendo.web.security.CurrentUser;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The order of checks of API-v1 §1.3 for a study route (an invalid token was answered 401 by the
 * security chain already): unknown or malformed study → 404, no caller → 401, not the leader → 403.
 * An {@link AccessDeniedException} is answered 401 for an anonymous caller and 403 otherwise.
 */
@Component
class StudyAccess {

  private final StudyViews studies;

  StudyAccess(StudyViews studies) {
    this.studies = studies;
  }

  /** The study and its authenticated caller. */
  Mono<Access> asCaller(String studyId, Optional<CurrentUser> caller) {
    UUID id = Ids.study(studyId);
    return blocking(() -> studies.find(id).orElseThrow(Ids::notFound))
        .map(
            study ->
                new Access(
                    study,
                    caller.orElseThrow(() -> new AccessDeniedException("Not authenticated"))));
  }

  /** The study and its caller, who must be its leader. */
  Mono<Access> asLeader(String studyId, Optional<CurrentUser> caller) {
    return asCaller(studyId, caller)
        .map(
            access -> {
              if (!access.study().leaderId().equals(access.caller().id())) {
                throw new AccessDeniedException("Only the leader of this study may do this.");
              }
              return access;
            });
  }

  static <T> Mono<T> blocking(Callable<T> work) {
    return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
  }

  /** A study and the caller acting on it. */
  record Access(StudyView study, CurrentUser caller) {}
}
