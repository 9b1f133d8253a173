package io.homeward.gateway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeward.gateway.error.ProblemType;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * A problem answered by a route handler that runs before the REST layer (body limits, admission
 * control), so without its exception mappers: the same RFC 9457 body, trace id header and, for a
 * {@code 503}, {@code Retry-After}.
 */
final class RouteProblems {
  private RouteProblems() {}

  static void end(RoutingContext ctx, ObjectMapper json, ProblemType type, String detail) {
    String traceId = UUID.randomUUID().toString();
    Problem problem =
        new Problem(type.uri(), type.title(), type.status(), detail, ctx.normalizedPath(), traceId);
    String body;
    try {
      body = json.writeValueAsString(problem);
    } catch (Exception e) {
      body = "{\"status\":" + type.status() + "}";
    }
    var response =
        ctx.response()
            .setStatusCode(type.status())
            .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
            .putHeader("Homeward-Trace-Id", traceId);
    if (type.status() == 503 && type.retryAfterSeconds() > 0) {
      response.putHeader("Retry-After", Integer.toString(type.retryAfterSeconds()));
    }
    // The request's body is never buffered: what the client still sends is discarded as it
    // arrives, and the connection stays usable.
    response.end(body);
  }
}
