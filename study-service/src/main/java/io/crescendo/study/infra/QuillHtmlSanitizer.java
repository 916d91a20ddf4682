package io.crescendo.study.infra;

import io.crescendo.study.command.HtmlSanitizer;
import io.crescendo.web.html.QuillHtml;
import org.springframework.stereotype.Component;

/** The study's post content is sanitized with the shared Quill allow-list (API-v1 §1.2). */
@Component
public class QuillHtmlSanitizer implements HtmlSanitizer {

  private final QuillHtml policy = new QuillHtml();

  @Override
  public String sanitize(String html) {
    return policy.sanitize(html);
  }
}
