package io.homeward.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.homeward.gateway.audit.AuditUnavailableException;
import io.homeward.gateway.db.DatabaseException;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.images.ImageStoreException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.CharConversionException;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into an RFC 9457 problem: a stable type, a safe detail and a trace id; never
 * a stack trace, a class name or a database message.
 */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response gateway(GatewayException e, UriInfo uri) {
    if (e.type().status() >= 500) {
      LOG.warnf("request failed: %s", e.type().name());
    }
    // A refusal about a photo's faces shows the uploader what the quality gate saw.
    return builder(
            e.type(),
            e.type().status(),
            e.getMessage(),
            uri,
            e.verdict().map(Views::verdictView).orElse(null))
        .build();
  }

  @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
  public Response unauthenticated(RuntimeException e, UriInfo uri) {
    return builder(
            ProblemType.UNAUTHENTICATED,
            "the bearer token is missing, expired or not valid for this service",
            uri)
        .header("WWW-Authenticate", "Bearer")
        .build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri) {
    return problem(ProblemType.ROLE_NOT_GRANTED, "the token's roles do not allow this", uri);
  }

  @ServerExceptionMapper
  public Response audit(AuditUnavailableException e, UriInfo uri) {
    LOG.error("the audit log could not be written; the request failed (rule 17)");
    return problem(ProblemType.AUDIT_UNAVAILABLE, ProblemType.AUDIT_UNAVAILABLE.title(), uri);
  }

  @ServerExceptionMapper
  public Response database(DatabaseException e, UriInfo uri) {
    LOG.error("database failure: " + e.getMessage());
    return problem(ProblemType.DEPENDENCY_UNAVAILABLE, "the database is unavailable", uri);
  }

  /**
   * The image storage failed. Unreachable (object storage down, a disk error): a passing failure,
   * {@code 503} with {@code Retry-After}; nothing was stored or changed, so the request can be sent
   * again. A stored image that fails authentication or a missing key: an internal failure worth an
   * alert, never shown as more than that.
   */
  @ServerExceptionMapper
  public Response imageStore(ImageStoreException e, UriInfo uri) {
    return switch (e.reason()) {
      case IO -> {
        LOG.warn("the image storage is unavailable: " + e.getMessage());
        yield problem(ProblemType.DEPENDENCY_UNAVAILABLE, "the image storage is unavailable", uri);
      }
      case TOO_LARGE -> problem(ProblemType.IMAGE_TOO_LARGE, "the image is too large", uri);
      case CORRUPT, KEY -> {
        LOG.error("image storage failure: " + e.getMessage());
        yield problem(ProblemType.INTERNAL, ProblemType.INTERNAL.title(), uri);
      }
    };
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e, UriInfo uri) {
    return problem(ProblemType.INVALID_REQUEST, "the request body is not valid JSON for this", uri);
  }

  /**
   * A body that cannot be decoded as text at all: Jackson takes a body whose first bytes are zeros
   * for UTF-32 and throws this (an IOException, not a JsonProcessingException) at a code point past
   * U+10FFFF. It was a 500; found by fuzzing (issue 17, JsonBodyFuzzTest).
   */
  @ServerExceptionMapper
  public Response undecodable(CharConversionException e, UriInfo uri) {
    return problem(ProblemType.INVALID_REQUEST, "the request body is not valid JSON for this", uri);
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, UriInfo uri) {
    if (e instanceof NotFoundException) {
      return problem(ProblemType.NOT_FOUND, "no such resource", uri);
    }
    if (e instanceof NotSupportedException) {
      return problem(ProblemType.UNSUPPORTED_MEDIA, "this content type is not accepted here", uri);
    }
    if (e instanceof NotAllowedException) {
      return problem(ProblemType.METHOD_NOT_ALLOWED, "this method is not allowed here", uri);
    }
    if (e instanceof NotAcceptableException) {
      return problem(
          ProblemType.NOT_ACCEPTABLE, "none of the media types in Accept is produced here", uri);
    }
    int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
    if (status >= 400 && status < 500) {
      return builder(ProblemType.INVALID_REQUEST, status, "the request is malformed", uri).build();
    }
    return internal(e, uri);
  }

  @ServerExceptionMapper(priority = 10_000)
  public Response internal(Throwable e, UriInfo uri) {
    if (clientWentAway(e)) {
      // The client closed the connection while its body was being read: no one reads the answer,
      // and nothing failed here.
      LOG.debug("the client closed the connection before its request body was read");
      return problem(ProblemType.INVALID_REQUEST, "the request body was cut off", uri);
    }
    LOG.errorf("unexpected failure (%s)", e.getClass().getSimpleName());
    return problem(ProblemType.INTERNAL, ProblemType.INTERNAL.title(), uri);
  }

  /** Whether a failure is the client's connection closing under a request being read. */
  static boolean clientWentAway(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof io.vertx.core.http.HttpClosedException) {
        return true;
      }
    }
    return false;
  }

  static Response problem(ProblemType type, String detail, UriInfo uri) {
    return builder(type, detail, uri).build();
  }

  static Response.ResponseBuilder builder(ProblemType type, String detail, UriInfo uri) {
    return builder(type, type.status(), detail, uri);
  }

  /**
   * A problem answered with {@code status}, which the body repeats: the body's status always equals
   * the response's (RFC 9457 section 3.1.4), even where the type is a general one.
   */
  static Response.ResponseBuilder builder(
      ProblemType type, int status, String detail, UriInfo uri) {
    return builder(type, status, detail, uri, null);
  }

  private static Response.ResponseBuilder builder(
      ProblemType type, int status, String detail, UriInfo uri, Dtos.VerdictView photo) {
    // The request's trace id: the one in the gateway's log lines and in the other services' spans.
    SpanContext span = Span.current().getSpanContext();
    String traceId = span.isValid() ? span.getTraceId() : UUID.randomUUID().toString();
    Response.ResponseBuilder r = Response.status(status);
    if (status == 503 && type.retryAfterSeconds() > 0) {
      // A failure that passes: say when to come back, so clients back off instead of piling up.
      r.header("Retry-After", type.retryAfterSeconds());
    }
    return r.type(Problem.MEDIA_TYPE)
        .header("Homeward-Trace-Id", traceId)
        .entity(
            new Problem(
                type.uri(),
                type.title(),
                status,
                detail,
                uri == null ? null : uri.getPath(),
                traceId,
                photo));
  }
}
