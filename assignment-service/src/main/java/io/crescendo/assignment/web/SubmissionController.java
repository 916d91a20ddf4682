package io.crescendo.assignment.web;

import io.crescendo.assignment.api.AccessRefused;
import io.crescendo.assignment.api.DeleteSubmission;
import io.crescendo.assignment.api.EditSubmission;
import io.crescendo.assignment.api.SubmitWork;
import io.crescendo.assignment.command.IdentifierAllocator;
import io.crescendo.assignment.projection.AssignmentViews;
import io.crescendo.web.request.RequestFields;
import io.crescendo.web.security.CurrentUser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
 * Members' submission writes (API-v1 §5.8.2, §5.8.4–5.8.6), scoped to the study and the assignment
 * (§8 #3). The content is sanitized by the aggregate; its 1500-character limit applies to what is
 * stored, so the request may carry more markup than that.
 */
@RestController
@RequestMapping("/api/v1/studygroup/studies/{study}/assignments/{assignment}/submissions")
class SubmissionController {

  static final int TITLE_MAX = 64;

  /** A bound on the raw HTML before sanitizing; the real limit is checked on the stored text. */
  static final int RAW_CONTENT_MAX = 100_000;

  private final RequestFields requests;
  private final AssignmentCommands commands;
  private final StudyAccess access;
  private final IdentifierAllocator ids;
  private final AssignmentViews views;

  SubmissionController(
      RequestFields requests,
      AssignmentCommands commands,
      StudyAccess access,
      IdentifierAllocator ids,
      AssignmentViews views) {
    this.requests = requests;
    this.commands = commands;
    this.access = access;
    this.ids = ids;
    this.views = views;
  }

  @PostMapping
  Mono<ResponseEntity<Map<String, Object>>> submit(
      @PathVariable String study,
      @PathVariable String assignment,
      Optional<CurrentUser> caller,
      ServerWebExchange exchange) {
    return access
        .asMember(study, caller)
        .flatMap(
            member ->
                access
                    .assignment(member, assignment)
                    .flatMap(
                        found ->
                            requests
                                .read(exchange)
                                .flatMap(
                                    fields -> {
                                      String title = fields.requiredString("title", TITLE_MAX);
                                      String content =
                                          fields.requiredString("content", RAW_CONTENT_MAX);
                                      fields.validate();
                                      return StudyAccess.blocking(ids::nextSubmissionId)
                                          .flatMap(
                                              id ->
                                                  commands
                                                      .send(
                                                          new SubmitWork(
                                                              id,
                                                              found.assignmentId(),
                                                              member.study().studyId(),
                                                              member.caller().id(),
                                                              title,
                                                              content))
                                                      .then(stored(id)));
                                    })))
        .map(body -> ResponseEntity.status(HttpStatus.CREATED).body(body));
  }

  @PutMapping("/{submission}")
  Mono<ResponseEntity<Map<String, Object>>> replace(
      @PathVariable String study,
      @PathVariable String assignment,
      @PathVariable String submission,
      Optional<CurrentUser> caller,
      ServerWebExchange exchange) {
    return edit(study, assignment, submission, caller, exchange, false);
  }

  @PatchMapping("/{submission}")
  Mono<ResponseEntity<Map<String, Object>>> patch(
      @PathVariable String study,
      @PathVariable String assignment,
      @PathVariable String submission,
      Optional<CurrentUser> caller,
      ServerWebExchange exchange) {
    return edit(study, assignment, submission, caller, exchange, true);
  }

  @DeleteMapping("/{submission}")
  Mono<ResponseEntity<Void>> delete(
      @PathVariable String study,
      @PathVariable String assignment,
      @PathVariable String submission,
      Optional<CurrentUser> caller) {
    return access
        .asMember(study, caller)
        .flatMap(
            member ->
                access
                    .assignment(member, assignment)
                    .flatMap(found -> access.submission(found, submission))
                    .flatMap(
                        target ->
                            commands.send(
                                new DeleteSubmission(
                                    target.submissionId(),
                                    target.assignmentId(),
                                    member.study().studyId(),
                                    member.caller().id()))))
        .thenReturn(ResponseEntity.noContent().build());
  }

  private Mono<ResponseEntity<Map<String, Object>>> edit(
      String study,
      String assignment,
      String submission,
      Optional<CurrentUser> caller,
      ServerWebExchange exchange,
      boolean partial) {
    return access
        .asMember(study, caller)
        .flatMap(
            member ->
                access
                    .assignment(member, assignment)
                    .flatMap(found -> access.submission(found, submission))
                    .flatMap(
                        target -> {
                          // the author check comes before the body's (API-v1 §1.3)
                          if (!target.authorId().equals(member.caller().id())) {
                            return Mono.error(AccessRefused.notTheAuthor());
                          }
                          return requests
                              .read(exchange)
                              .flatMap(
                                  fields -> {
                                    String title =
                                        partial
                                            ? fields.optionalString("title", TITLE_MAX)
                                            : fields.requiredString("title", TITLE_MAX);
                                    String content =
                                        partial
                                            ? fields.optionalString("content", RAW_CONTENT_MAX)
                                            : fields.requiredString("content", RAW_CONTENT_MAX);
                                    fields.validate();
                                    return commands
                                        .send(
                                            new EditSubmission(
                                                target.submissionId(),
                                                target.assignmentId(),
                                                member.study().studyId(),
                                                member.caller().id(),
                                                title,
                                                content,
                                                partial))
                                        .then(stored(target.submissionId()));
                                  });
                        }))
        .map(ResponseEntity::ok);
  }

  private Mono<Map<String, Object>> stored(long submissionId) {
    return StudyAccess.blocking(
        () -> {
          AssignmentViews.SubmissionRef s = views.submission(submissionId).orElseThrow();
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("title", s.title());
          body.put("content", s.content());
          return body;
        });
  }
}
