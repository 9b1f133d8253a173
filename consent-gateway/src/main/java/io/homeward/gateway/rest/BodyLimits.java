package io.homeward.gateway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeward.gateway.config.InputConfig;
import io.homeward.gateway.error.ProblemType;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;

/**
 * A body limit per endpoint (issue 11): the HTTP layer has one global limit, set for image uploads
 * (20 MiB); a JSON endpoint needs a few kilobytes, so anything past {@link
 * InputConfig#jsonBodyMaxBytes()} is answered 413 with a problem before a byte of it is read. A
 * declared length is checked here, first of all handlers; a body sent without one (chunked) is
 * counted as it is read ({@link BodyLimitFilter}).
 */
@ApplicationScoped
public class BodyLimits {
  private static final Pattern IMAGE_UPLOAD =
      Pattern.compile("^/api/v1/(cases/[^/]+/photos|one-time-searches|imports/[^/]+/batches)/?$");

  private final InputConfig config;
  private final ObjectMapper json;

  public BodyLimits(InputConfig config, ObjectMapper json) {
    this.config = config;
    this.json = json;
  }

  /** The largest body a request to this path may carry. */
  long limitFor(String path) {
    return path != null && IMAGE_UPLOAD.matcher(path).matches()
        ? config.imageBodyMaxBytes()
        : config.jsonBodyMaxBytes();
  }

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE + 100).handler(this::check);
  }

  private void check(RoutingContext ctx) {
    String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && ctx.request().method() != HttpMethod.OPTIONS) {
      long length;
      try {
        length = Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        length = Long.MAX_VALUE;
      }
      if (length > limitFor(ctx.normalizedPath())) {
        reject(ctx);
        return;
      }
    }
    ctx.next();
  }

  private void reject(RoutingContext ctx) {
    RouteProblems.end(
        ctx,
        json,
        ProblemType.BODY_TOO_LARGE,
        "the body is larger than "
            + limitFor(ctx.normalizedPath())
            + " bytes, the limit of this endpoint");
  }
}
