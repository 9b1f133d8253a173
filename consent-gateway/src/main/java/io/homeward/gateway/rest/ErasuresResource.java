package io.homeward.gateway.rest;

import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.oversight.Erasures;
import io.homeward.gateway.store.ErasureStore;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Withdrawals and erasures and their progress, for privacy officers (purpose PRIVACY_AUDIT). */
@Path("/api/v1/oversight/erasures")
@Authenticated
@Tag(name = "oversight")
@Produces(MediaType.APPLICATION_JSON)
public class ErasuresResource {
  private static final String CURSOR_PREFIX = "erasure-before:";

  private final RequestContext request;
  private final Erasures erasures;

  public ErasuresResource(RequestContext request, Erasures erasures) {
    this.request = request;
    this.erasures = erasures;
  }

  /**
   * One case on its way out: why, since when, what is left (images still stored, the index removal
   * still queued, the audit key still to destroy) and when its minimal record is purged.
   */
  public record ErasureProgressView(
      String caseId,
      String side,
      String status,
      @Schema(implementation = Erasures.Reason.class) String reason,
      @Schema(implementation = Erasures.Stage.class) String stage,
      String withdrawnAt,
      String closedAt,
      int imagesLeft,
      boolean indexRemovalPending,
      boolean keyDestructionPending,
      String purgeAfter) {}

  @GET
  @Operation(
      summary =
          "The organisation's withdrawn and closed cases until their purge, newest first, with"
              + " what each erasure has done and has left; the next page's cursor is in"
              + " Homeward-Next-Cursor. The read is audited.")
  @APIResponse(
      responseCode = "200",
      description = "a page; Homeward-Next-Cursor names the next one, if there may be one",
      headers = @Header(name = "Homeward-Next-Cursor", schema = @Schema(type = SchemaType.STRING)),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema =
                  @Schema(type = SchemaType.ARRAY, implementation = ErasureProgressView.class)))
  public Response list(@QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
    Erasures.Page page =
        erasures.list(
            request.actor(), request.purpose(), decode(cursor), AlertQueries.limit(limit));
    Response.ResponseBuilder r =
        Response.ok(page.items().stream().map(ErasuresResource::view).toList());
    page.next().ifPresent(next -> r.header(ListQueries.NEXT_CURSOR_HEADER, encode(next)));
    return r.build();
  }

  private static ErasureProgressView view(Erasures.Item i) {
    ErasureStore.Progress p = i.progress();
    return new ErasureProgressView(
        p.caseId(),
        p.side(),
        p.status(),
        i.reason().name(),
        i.stage().name(),
        text(p.withdrawnAt()),
        text(p.closedAt()),
        p.imagesLeft(),
        p.indexRemovalPending(),
        p.keyDestructionPending(),
        text(p.purgeAfter()));
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }

  private static String encode(String caseId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((CURSOR_PREFIX + caseId).getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<String> decode(String token) {
    if (token == null) {
      return Optional.empty();
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (raw.startsWith(CURSOR_PREFIX)) {
        return Optional.of(raw.substring(CURSOR_PREFIX.length()));
      }
    } catch (IllegalArgumentException e) {
      // answered below, as any other token this service did not give
    }
    throw new GatewayException(ProblemType.INVALID_REQUEST, "cursor is not one this service gave");
  }
}
