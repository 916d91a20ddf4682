package io.crescendo.assignment.infra;

import io.crescendo.assignment.command.HtmlSanitizer;
import io.crescendo.web.html.QuillHtml;
import org.springframework.stereotype.Component;

/** Submission content is sanitized with the shared Quill allow-list (API-v1 §1.2). */
@Component
public class QuillHtmlSanitizer implements HtmlSanitizer {

  private final QuillHtml policy = new QuillHtml();

  @Override
  public String sanitize(String html) {
    return policy.sanitize(html);
  }
}
