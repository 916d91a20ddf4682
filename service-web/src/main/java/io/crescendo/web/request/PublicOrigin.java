package io.crescendo.web.request;

import java.net.URI;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The origin the client used, for absolute URLs in answers: from the gateway's {@code
 * X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code X-Forwarded-Port} (first value of each),
 * else the request's own. Values that do not look like a scheme, host or port are ignored.
 */
public final class PublicOrigin {

  private static final Pattern SCHEME = Pattern.compile("https?");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]");
  private static final Pattern HOST_AND_PORT =
      Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(:[0-9]{1,5})?");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  private PublicOrigin() {}

  public static String of(ServerHttpRequest request) {
    HttpHeaders headers = request.getHeaders();
    URI uri = request.getURI();
    String scheme = first(headers.getFirst("X-Forwarded-Proto"));
    if (scheme == null || !SCHEME.matcher(scheme.toLowerCase()).matches()) {
      scheme = uri.getScheme() == null ? "http" : uri.getScheme();
    }
    scheme = scheme.toLowerCase();
    String forwardedHost = first(headers.getFirst("X-Forwarded-Host"));
    String forwardedPort = first(headers.getFirst("X-Forwarded-Port"));
    String host;
    String port;
    if (forwardedHost != null && HOST_AND_PORT.matcher(forwardedHost).matches()) {
      var matcher = HOST_AND_PORT.matcher(forwardedHost);
      matcher.matches();
      host = matcher.group(1);
      port =
          matcher.group(2) != null
              ? matcher.group(2).substring(1)
              : forwardedPort != null && PORT.matcher(forwardedPort).matches()
                  ? forwardedPort
                  : null;
    } else {
      host =
          uri.getHost() != null && HOST.matcher(uri.getHost()).matches()
              ? uri.getHost()
              : "localhost";
      port = uri.getPort() > 0 ? Integer.toString(uri.getPort()) : null;
    }
    boolean defaultPort =
        port == null
            || scheme.equals("http") && port.equals("80")
            || scheme.equals("https") && port.equals("443");
    return scheme + "://" + host + (defaultPort ? "" : ":" + port);
  }

  private static String first(String header) {
    if (header == null) {
      return null;
    }
    String value = header.split(",", 2)[0].strip();
    return value.isEmpty() ? null : value;
  }
}
