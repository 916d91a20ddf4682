package io.crescendo.study.web;

import io.crescendo.study.api.ApproveJoinRequest;
import io.crescendo.study.api.RejectJoinRequest;
import io.crescendo.study.api.RemoveMember;
import io.crescendo.study.api.RequestToJoin;
import io.crescendo.study.users.UserDirectory;
import io.crescendo.web.request.RequestFields;
import io.crescendo.web.security.CurrentUser;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Join requests and members (API-v1 §5.5.2, §5.6.2–5.6.4). Approve takes no body (and no {@code
 * Content-Type}); rule violations of approve and kick answer 400 {@code {"detail"}}.
 */
@RestController
@RequestMapping("/api/v1/studygroup/studies/{study}")
class MembershipController {

  static final int REQUEST_MESSAGE_MAX = 500;

  private final RequestFields requests;
  private final StudyCommands commands;
  private final StudyAccess access;
  private final UserDirectory users;

  MembershipController(
      RequestFields requests, StudyCommands commands, StudyAccess access, UserDirectory users) {
    this.requests = requests;
    this.commands = commands;
    this.access = access;
    this.users = users;
  }

  @PostMapping("/requests")
  Mono<ResponseEntity<Map<String, Object>>> requestToJoin(
      @PathVariable String study, Optional<CurrentUser> caller, ServerWebExchange exchange) {
    return access
        .asCaller(study, caller)
        .flatMap(
            applicant ->
                users
                    .caller(applicant.caller().id())
                    .then(requests.read(exchange))
                    .flatMap(
                        fields -> {
                          String message =
                              fields.requiredString("request_message", REQUEST_MESSAGE_MAX);
                          fields.validate();
                          return commands
                              .send(
                                  new RequestToJoin(
                                      applicant.study().studyId(),
                                      applicant.caller().id(),
                                      message))
                              .thenReturn(
                                  ResponseEntity.status(HttpStatus.CREATED)
                                      .body(Map.<String, Object>of("request_message", message)));
                        }));
  }

  @PostMapping("/requests/{request}")
  Mono<ResponseEntity<Map<String, Object>>> approve(
      @PathVariable String study, @PathVariable String request, Optional<CurrentUser> caller) {
    return access
        .asLeader(study, caller)
        .flatMap(
            leader ->
                commands.send(
                    new ApproveJoinRequest(
                        leader.study().studyId(), Ids.positive(request), leader.caller().id())))
        .thenReturn(ResponseEntity.status(HttpStatus.CREATED).body(Map.of()));
  }

  @DeleteMapping("/requests/{request}")
  Mono<ResponseEntity<Void>> reject(
      @PathVariable String study, @PathVariable String request, Optional<CurrentUser> caller) {
    return access
        .asLeader(study, caller)
        .flatMap(
            leader ->
                commands.send(
                    new RejectJoinRequest(
                        leader.study().studyId(), Ids.positive(request), leader.caller().id())))
        .thenReturn(ResponseEntity.noContent().build());
  }

  @DeleteMapping("/members/{member}")
  Mono<ResponseEntity<Void>> removeMember(
      @PathVariable String study, @PathVariable String member, Optional<CurrentUser> caller) {
    return access
        .asLeader(study, caller)
        .flatMap(
            leader ->
                commands.send(
                    new RemoveMember(
                        leader.study().studyId(), Ids.positive(member), leader.caller().id())))
        .thenReturn(ResponseEntity.noContent().build());
  }
}
