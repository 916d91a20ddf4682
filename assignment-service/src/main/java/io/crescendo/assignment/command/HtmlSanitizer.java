package io.crescendo.assignment.command;

/** Turns untrusted HTML into HTML that is safe to render as is. */
public interface HtmlSanitizer {

  /** The allowed part of {@code html}; never null for a non-null input. */
  String sanitize(String html);
}
