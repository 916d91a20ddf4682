package io.crescendo.web.testapp;

import io.crescendo.web.request.RequestFields;
import io.crescendo.web.security.CurrentUser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Routes that exercise each convention. */
@RestController
@RequestMapping("/api/v1/things")
class ThingController {

  private final RequestFields requests;

  ThingController(RequestFields requests) {
    this.requests = requests;
  }

  /** Public, shows more to a member. */
  @GetMapping
  Map<String, Object> list(Optional<CurrentUser> caller) {
    return Map.of("caller", caller.map(c -> c.id().toString()).orElse("anonymous"));
  }

  /** Needs a caller. */
  @GetMapping("/mine")
  Map<String, Object> mine(CurrentUser caller) {
    return Map.of("uuid", caller.id().toString());
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Map<String, Object>> create(ServerWebExchange exchange) {
    return requests
        .read(exchange)
        .map(
            fields -> {
              String name = fields.requiredString("name", 20);
              Integer limit = fields.requiredInteger("member_limit", 2, 10);
              var deadline = fields.requiredDate("deadline");
              var tags = fields.stringList("tags", 5);
              fields.validate();
              Map<String, Object> created = new LinkedHashMap<>();
              created.put("name", name);
              created.put("member_limit", limit);
              created.put("deadline", deadline.toString());
              created.put("tags", tags);
              return created;
            });
  }

  @GetMapping("/tags")
  Map<String, Object> tags(ServerWebExchange exchange) {
    var fields = requests.query(exchange);
    Integer count = fields.optionalInteger("random_count", 1, 10);
    fields.validate();
    return Map.of("random_count", count == null ? 3 : count);
  }

  @GetMapping("/leaders-only")
  Map<String, Object> leadersOnly(CurrentUser caller) {
    throw new AccessDeniedException("leaders only");
  }

  @GetMapping("/missing")
  Map<String, Object> missing() {
    throw new TestServiceApplication.ThingNotFound();
  }

  @GetMapping("/broken")
  Map<String, Object> broken() {
    throw new IllegalStateException("a bug");
  }
}
