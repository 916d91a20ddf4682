package io.crescendo.assignment.web;

import io.crescendo.assignment.api.CreateAssignment;
import io.crescendo.assignment.api.DeleteAssignment;
import io.crescendo.assignment.api.EditAssignment;
import io.crescendo.assignment.command.IdentifierAllocator;
import io.crescendo.assignment.projection.AssignmentViews;
import io.crescendo.assignment.studies.Cascade;
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
 * The leader's assignment writes (API-v1 §5.7.2, §5.7.4–5.7.6). Answers carry the stored title and
 * content. The reads are served by search-service.
 */
@RestController
@RequestMapping("/api/v1/studygroup/studies/{study}/assignments")
class AssignmentController {

  static final int TITLE_MAX = 64;
  static final int CONTENT_MAX = 1500;

  private final RequestFields requests;
  private final AssignmentCommands commands;
  private final StudyAccess access;
  private final IdentifierAllocator ids;
  private final AssignmentViews views;
  private final Cascade cascade;

  AssignmentController(
      RequestFields requests,
      AssignmentCommands commands,
      StudyAccess access,
      IdentifierAllocator ids,
      AssignmentViews views,
      Cascade cascade) {
    this.requests = requests;
    this.commands = commands;
    this.access = access;
    this.ids = ids;
    this.views = views;
    this.cascade = cascade;
  }

  @PostMapping
  Mono<ResponseEntity<Map<String, Object>>> create(
      @PathVariable String study, Optional<CurrentUser> caller, ServerWebExchange exchange) {
    return access
        .asLeader(study, caller)
        .flatMap(
            leader ->
                requests
                    .read(exchange)
                    .flatMap(
                        fields -> {
                          String title = fields.requiredString("title", TITLE_MAX);
                          String content = fields.requiredString("content", CONTENT_MAX);
                          fields.validate();
                          return StudyAccess.blocking(ids::nextAssignmentId)
                              .flatMap(
                                  id ->
                                      commands
                                          .send(
                                              new CreateAssignment(
                                                  id,
                                                  leader.study().studyId(),
                                                  leader.caller().id(),
                                                  title,
                                                  content))
                                          .then(stored(id)));
                        }))
        .map(body -> ResponseEntity.status(HttpStatus.CREATED).body(body));
  }

  @PutMapping("/{assignment}")
  Mono<ResponseEntity<Map<String, Object>>> replace(
      @PathVariable String study,
      @PathVariable String assignment,
      Optional<CurrentUser> caller,
      ServerWebExchange exchange) {
    return edit(study, assignment, caller, exchange, false);
  }

  @PatchMapping("/{assignment}")
  Mono<ResponseEntity<Map<String, Object>>> patch(
      @PathVariable String study,
      @PathVariable String assignment,
      Optional<CurrentUser> caller,
      ServerWebExchange exchange) {
    return edit(study, assignment, caller, exchange, true);
  }

  @DeleteMapping("/{assignment}")
  Mono<ResponseEntity<Void>> delete(
      @PathVariable String study, @PathVariable String assignment, Optional<CurrentUser> caller) {
    return access
        .asLeader(study, caller)
        .flatMap(
            leader ->
                access
                    .assignment(leader, assignment)
                    .flatMap(
                        found ->
                            commands
                                .send(
                                    new DeleteAssignment(
                                        found.assignmentId(),
                                        leader.study().studyId(),
                                        leader.caller().id()))
                                .then(
                                    StudyAccess.blocking(
                                        () -> {
                                          cascade.assignmentDeleted(found.assignmentId());
                                          return found;
                                        }))))
        .thenReturn(ResponseEntity.noContent().build());
  }

  private Mono<ResponseEntity<Map<String, Object>>> edit(
      String study,
      String assignment,
      Optional<CurrentUser> caller,
      ServerWebExchange exchange,
      boolean partial) {
    return access
        .asLeader(study, caller)
        .flatMap(
            leader ->
                access
                    .assignment(leader, assignment)
                    .flatMap(
                        found ->
                            requests
                                .read(exchange)
                                .flatMap(
                                    fields -> {
                                      String title =
                                          partial
                                              ? fields.optionalString("title", TITLE_MAX)
                                              : fields.requiredString("title", TITLE_MAX);
                                      String content =
                                          partial
                                              ? fields.optionalString("content", CONTENT_MAX)
                                              : fields.requiredString("content", CONTENT_MAX);
                                      fields.validate();
                                      return commands
                                          .send(
                                              new EditAssignment(
                                                  found.assignmentId(),
                                                  leader.study().studyId(),
                                                  leader.caller().id(),
                                                  title,
                                                  content,
                                                  partial))
                                          .then(stored(found.assignmentId()));
                                    })))
        .map(ResponseEntity::ok);
  }

  private Mono<Map<String, Object>> stored(long assignmentId) {
    return StudyAccess.blocking(
        () -> {
          AssignmentViews.AssignmentRef a = views.assignment(assignmentId).orElseThrow();
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("title", a.title());
          body.put("content", a.content());
          return body;
        });
  }
}
