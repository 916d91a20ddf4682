package io.crescendo.web.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What survives the Quill allow-list (API-v1 §1.2), and what does not. */
class QuillHtmlTest {

  private final QuillHtml html = new QuillHtml();

  static Stream<Arguments> quillOutputIsKept() {
    return Stream.of(
        Arguments.of(
            "headings",
            "<h1>Title</h1><h2>Sub</h2><h3>Small</h3>",
            "<h1>Title</h1><h2>Sub</h2><h3>Small</h3>"),
        Arguments.of(
            "inline formats and alignment",
            "<p class=\"ql-align-center ql-indent-1\">c <strong>b</strong> <em>i</em> <u>u</u>"
                + " <s>s</s> <code>c</code> x<sub>2</sub> y<sup>3</sup></p>",
            "<p class=\"ql-align-center ql-indent-1\">c <strong>b</strong> <em>i</em> <u>u</u>"
                + " <s>s</s> <code>c</code> x<sub>2</sub> y<sup>3</sup></p>"),
        Arguments.of(
            "sizes, fonts and colours",
            "<p><span class=\"ql-size-large\">big</span> <span style=\"color: rgb(230, 0, 0);"
                + " background-color: rgb(255, 255, 0);\">hl</span></p>",
            "<p><span class=\"ql-size-large\">big</span> <span style=\"color:rgb( 230 , 0 , 0 );"
                + "background-color:rgb( 255 , 255 , 0 )\">hl</span></p>"),
        Arguments.of(
            "quotes and code blocks",
            "<blockquote>quote</blockquote><pre class=\"ql-syntax\" spellcheck=\"false\">x</pre>",
            "<blockquote>quote</blockquote><pre class=\"ql-syntax\">x</pre>"),
        Arguments.of(
            "lists and empty lines",
            "<ol><li data-list=\"bullet\">one</li><li data-list=\"ordered\" class=\"ql-indent-1\">"
                + "two</li></ol><ul><li>three</li></ul><p><br></p>",
            "<ol><li data-list=\"bullet\">one</li><li data-list=\"ordered\" class=\"ql-indent-1\">"
                + "two</li></ol><ul><li>three</li></ul><p><br /></p>"),
        Arguments.of(
            "links, which may not pass on the referrer",
            "<p><a href=\"https://crescendo.example/a\" target=\"_blank\">site</a></p>",
            "<p><a href=\"https://crescendo.example/a\" target=\"_blank\""
                + " rel=\"noopener noreferrer nofollow\">site</a></p>"),
        Arguments.of("Korean text", "<p>스터디 모집</p>", "<p>스터디 모집</p>"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void quillOutputIsKept(String what, String input, String expected) {
    assertThat(html.sanitize(input)).isEqualTo(expected);
  }

  static Stream<Arguments> dangerousMarkupIsRemoved() {
    return Stream.of(
        Arguments.of("script elements", "<p>hi</p><script>alert(1)</script>", "<p>hi</p>"),
        Arguments.of(
            "event handler attributes",
            "<p onclick=\"x()\" onmouseover=\"y()\">hi</p><img src=x onerror=alert(1)>",
            "<p>hi</p>"),
        Arguments.of(
            "javascript and data URLs",
            "<p><a href=\"javascript:alert(1)\">a</a> <a href=\"JaVaScRiPt:alert(1)\">b</a>"
                + " <a href=\"data:text/html,x\">c</a></p>",
            "<p>a b c</p>"),
        Arguments.of(
            "frames, styles, forms and unknown elements",
            "<iframe src=\"https://evil\"></iframe><style>p{}</style><div>d</div>"
                + "<form><input></form>",
            "d"),
        Arguments.of(
            "foreign classes and unsafe styles",
            "<p class=\"admin-banner ql-align-right\" style=\"position: fixed;"
                + " background: url(https://evil/x.png); color: red\">s</p>",
            "<p class=\"ql-align-right\" style=\"color:red\">s</p>"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void dangerousMarkupIsRemoved(String what, String input, String expected) {
    assertThat(html.sanitize(input)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<p class=\"ql-align-center\">a+b=c &amp; <a href=\"https://x.example/?q=1\">x</a></p>",
        "<pre class=\"ql-syntax\">if (a < b && c > d) { x = \"y\"; }</pre>",
        "<p><span style=\"color: rgb(230, 0, 0);\">red</span> 'quoted' `tick` @at</p>"
      })
  void sanitizingTwiceChangesNothing(String input) {
    // An edit that omits post_content re-validates the stored (already sanitized) value.
    String once = html.sanitize(input);
    assertThat(html.sanitize(once)).isEqualTo(once);
  }
}
