package io.crescendo.web.html;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.owasp.html.CssSchema;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * The allow-list for HTML written with the Quill editor (API-v1 §1.2): what Quill's toolbar
 * produces is kept, everything else is dropped. Elements: headings, paragraphs, line breaks, bold,
 * italic, underline, strike, inline code, sub/superscript, block quotes, code blocks, lists and
 * links (http, https, mailto; {@code rel="noopener noreferrer nofollow"} added). Attributes:
 * Quill's own {@code ql-*} classes (size, font, alignment, indentation, code block) on block and
 * span elements, {@code data-list} on list items, and {@code style} limited to {@code color},
 * {@code background-color}, {@code text-align} and {@code font-size}. Scripts, frames, forms,
 * images, event handler attributes ({@code on*}), foreign classes, other CSS and other URL schemes
 * (such as {@code javascript:} and {@code data:}) are removed.
 *
 * <p>The output is stable: sanitizing it again returns it unchanged. Thread-safe; shared by the
 * services that store Quill HTML (study post content, assignment and submission content).
 */
public final class QuillHtml {

  private static final Pattern QUILL_CLASS = Pattern.compile("ql-[a-z0-9-]+");
  private static final Pattern QUILL_LIST_ITEM =
      Pattern.compile("bullet|ordered|checked|unchecked");
  private static final String[] FORMATTED_BLOCKS = {
    "p", "span", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "ol", "ul"
  };

  private static final PolicyFactory POLICY =
      new HtmlPolicyBuilder()
          .allowElements("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "span")
          .allowElements("strong", "em", "u", "s", "code", "sub", "sup")
          .allowElements("blockquote", "pre", "ol", "ul", "li", "a")
          .allowAttributes("class")
          .matching(QuillHtml::quillClassesOnly)
          .onElements(FORMATTED_BLOCKS)
          .allowStyling(
              CssSchema.withProperties(
                  // Quill's color pickers write rgb(...): the functions need listing too.
                  List.of(
                      "color", "background-color", "text-align", "font-size", "rgb()", "rgba()")))
          .allowAttributes("data-list")
          .matching(QUILL_LIST_ITEM)
          .onElements("li")
          .allowAttributes("href")
          .onElements("a")
          .allowAttributes("target")
          .matching(true, "_blank")
          .onElements("a")
          .allowUrlProtocols("http", "https", "mailto")
          .requireRelsOnLinks("noopener", "noreferrer", "nofollow")
          .toFactory();

  /** The allowed part of {@code html}; never null for a non-null input. */
  public String sanitize(String html) {
    return POLICY.sanitize(html);
  }

  /** Keeps Quill's own classes of a class attribute, drops the attribute when none is left. */
  private static String quillClassesOnly(String element, String attribute, String value) {
    String kept =
        Arrays.stream(value.trim().split("\\s+"))
            .filter(QUILL_CLASS.asMatchPredicate())
            .collect(Collectors.joining(" "));
    return kept.isEmpty() ? null : kept;
  }
}
