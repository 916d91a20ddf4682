package io.crescendo.study.web;

import static io.crescendo.study.web.StudyAccess.blocking;

import io.crescendo.study.image.HeadImages;
import java.time.Duration;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Serves the stored head images at {@value StudyResponses#IMAGE_PATH}{@code <name>}. Only generated
 * names are served (anything else is 404), with the type found when the image was checked, {@code
 * inline} disposition and {@code nosniff}. A stored name never changes content, so it may be cached
 * for long.
 */
@RestController
class StudyImageController {

  private final HeadImages images;

  StudyImageController(HeadImages images) {
    this.images = images;
  }

  @GetMapping(StudyResponses.IMAGE_PATH + "{name}")
  Mono<ResponseEntity<Resource>> image(@PathVariable String name) {
    return blocking(() -> images.stored(name).orElseThrow(Ids::notFound))
        .map(
            image ->
                ResponseEntity.ok()
                    .contentType(image.type().mediaType())
                    .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline().build().toString())
                    .header("X-Content-Type-Options", "nosniff")
                    .cacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic())
                    .body(new FileSystemResource(image.path())));
  }
}
