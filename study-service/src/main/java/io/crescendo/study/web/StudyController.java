package io.crescendo.study.web;

import static io.crescendo.study.web.StudyAccess.blocking;

import io.crescendo.study.api.CreateStudyGroup;
import io.crescendo.study.api.DeleteStudyGroup;
import io.crescendo.study.api.HeadImageChange;
import io.crescendo.study.api.PatchStudyGroup;
import io.crescendo.study.api.StudyGroupDetails;
import io.crescendo.study.api.UpdateStudyGroup;
import io.crescendo.study.image.HeadImages;
import io.crescendo.study.projection.StudyViews;
import io.crescendo.study.users.UserDirectory;
import io.crescendo.study.web.StudyForm.ImageInput;
import io.crescendo.study.web.StudyForm.Mode;
import io.crescendo.web.request.PublicOrigin;
import io.crescendo.web.request.RequestFields;
import io.crescendo.web.security.CurrentUser;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Creating, editing and deleting studies (API-v1 §5.3.2, §5.3.4–5.3.6). An uploaded head image is
 * checked with the other fields first and written last, just before the command; it is deleted
 * again when the command is refused, and an image it replaces is deleted once the edit succeeded.
 */
@RestController
@RequestMapping("/api/v1/studygroup/studies")
class StudyController {

  private final RequestFields requests;
  private final StudyCommands commands;
  private final StudyAccess access;
  private final StudyViews studies;
  private final StudyResponses responses;
  private final UserDirectory users;
  private final HeadImages images;

  StudyController(
      RequestFields requests,
      StudyCommands commands,
      StudyAccess access,
      StudyViews studies,
      StudyResponses responses,
      UserDirectory users,
      HeadImages images) {
    this.requests = requests;
    this.commands = commands;
    this.access = access;
    this.studies = studies;
    this.responses = responses;
    this.users = users;
    this.images = images;
  }

  @PostMapping
  Mono<ResponseEntity<Map<String, Object>>> create(CurrentUser caller, ServerWebExchange exchange) {
    String origin = PublicOrigin.of(exchange.getRequest());
    UUID studyId = UUID.randomUUID();
    return users
        .caller(caller.id())
        .then(read(exchange, Mode.CREATE))
        .flatMap(
            form ->
                withStoredImage(
                    form.image(),
                    stored ->
                        commands.send(
                            new CreateStudyGroup(
                                studyId,
                                caller.id(),
                                form.details(),
                                stored == null ? null : stored.storedName()))))
        .then(blocking(() -> responses.listItem(studies.find(studyId).orElseThrow(), origin)))
        .map(body -> ResponseEntity.status(HttpStatus.CREATED).body(body));
  }

  @PutMapping("/{study}")
  Mono<Map<String, Object>> replace(
      @PathVariable String study, Optional<CurrentUser> caller, ServerWebExchange exchange) {
    return edit(study, caller, exchange, Mode.REPLACE);
  }

  @PatchMapping("/{study}")
  Mono<Map<String, Object>> patch(
      @PathVariable String study, Optional<CurrentUser> caller, ServerWebExchange exchange) {
    return edit(study, caller, exchange, Mode.PATCH);
  }

  @DeleteMapping("/{study}")
  Mono<ResponseEntity<Void>> delete(@PathVariable String study, Optional<CurrentUser> caller) {
    return access
        .asLeader(study, caller)
        .flatMap(
            leader ->
                commands
                    .send(new DeleteStudyGroup(leader.study().studyId(), leader.caller().id()))
                    .then(
                        blocking(
                            () -> {
                              Optional.ofNullable(leader.study().headImage())
                                  .ifPresent(images::delete);
                              return true;
                            })))
        .thenReturn(ResponseEntity.noContent().build());
  }

  private Mono<Map<String, Object>> edit(
      String study, Optional<CurrentUser> caller, ServerWebExchange exchange, Mode mode) {
    String origin = PublicOrigin.of(exchange.getRequest());
    return access
        .asLeader(study, caller)
        .flatMap(
            leader -> {
              UUID studyId = leader.study().studyId();
              UUID callerId = leader.caller().id();
              String previousImage = leader.study().headImage();
              return read(exchange, mode)
                  .flatMap(
                      form ->
                          withStoredImage(
                                  form.image(),
                                  image ->
                                      commands.send(
                                          mode == Mode.PATCH
                                              ? new PatchStudyGroup(
                                                  studyId, callerId, form.details(), image)
                                              : new UpdateStudyGroup(
                                                  studyId, callerId, form.details(), image)))
                              .then(
                                  blocking(
                                      () -> {
                                        dropReplaced(previousImage, studyId);
                                        return responses.detail(
                                            studies.find(studyId).orElseThrow(), origin);
                                      })));
            });
  }

  /** Deletes the previous image file once no longer shown. */
  private void dropReplaced(String previousImage, UUID studyId) {
    if (previousImage != null
        && studies
            .find(studyId)
            .map(s -> !Objects.equals(s.headImage(), previousImage))
            .orElse(true)) {
      images.delete(previousImage);
    }
  }

  private Mono<Submission> read(ServerWebExchange exchange, Mode mode) {
    return requests
        .read(exchange)
        .flatMap(
            fields -> {
              StudyGroupDetails details = StudyForm.details(fields, mode);
              return StudyForm.image(fields, images, mode)
                  .map(
                      image -> {
                        fields.validate();
                        return new Submission(details, image);
                      });
            });
  }

  /**
   * Runs the command with the image change it carries (null: unchanged), storing an upload first
   * and deleting it again if the command fails.
   */
  private Mono<Void> withStoredImage(
      ImageInput image, Function<HeadImageChange, Mono<Void>> command) {
    return switch (image) {
      case ImageInput.Unchanged u -> command.apply(null);
      case ImageInput.Remove r -> command.apply(HeadImageChange.remove());
      case ImageInput.Upload upload ->
          blocking(() -> images.store(upload.content(), upload.type()))
              .flatMap(
                  stored ->
                      command
                          .apply(HeadImageChange.replaceWith(stored))
                          .onErrorResume(
                              failure ->
                                  blocking(
                                          () -> {
                                            images.delete(stored);
                                            return true;
                                          })
                                      .then(Mono.error(failure))));
    };
  }

  /** A read study form. */
  private record Submission(StudyGroupDetails details, ImageInput image) {}
}
