package io.homeward.gateway.rest;

import io.homeward.gateway.access.Scope;
import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.reconfirmation.Reconfirmations;
import io.homeward.gateway.store.PageCursor;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The yearly re-confirmation of open MISSING cases (PRIVACY.md rule 22): the caseworkers' reminder
 * list and the re-confirmation itself.
 */
@Path("/api/v1/reconfirmations")
@Authenticated
@Tag(name = "cases")
@Produces(MediaType.APPLICATION_JSON)
public class ReconfirmationsResource {
  private final RequestContext request;
  private final Reconfirmations reconfirmations;
  private final Scope scope;

  public ReconfirmationsResource(
      RequestContext request, Reconfirmations reconfirmations, Scope scope) {
    this.request = request;
    this.reconfirmations = reconfirmations;
    this.scope = scope;
  }

  /** One case whose re-confirmation by the guardian is due, overdue or lapsed. */
  public record ReminderView(
      String caseId,
      String status,
      String confirmedAt,
      String dueAt,
      @Schema(implementation = Reconfirmations.Standing.class) String standing) {}

  /** What a re-confirmation did. */
  public record ReconfirmedView(
      String caseId, String status, String confirmedAt, String dueAt, boolean reopened) {}

  @GET
  @Operation(
      summary =
          "The organisation's MISSING cases whose yearly re-confirmation falls due within the"
              + " notice period, is overdue or has lapsed (the case unsearchable), the longest"
              + " unconfirmed first; the next page's cursor is in Homeward-Next-Cursor. Audited.")
  @APIResponse(
      responseCode = "200",
      description = "a page; Homeward-Next-Cursor names the next one, if there may be one",
      headers = @Header(name = "Homeward-Next-Cursor", schema = @Schema(type = SchemaType.STRING)),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.ARRAY, implementation = ReminderView.class)))
  public Response list(@QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
    Optional<PageCursor> after = Optional.empty();
    if (cursor != null) {
      after = PageCursor.decode(cursor, "c");
      if (after.isEmpty()) {
        throw new GatewayException(
            ProblemType.INVALID_REQUEST, "cursor is not one this service gave");
      }
    }
    Reconfirmations.Page page =
        reconfirmations.list(request.actor(), request.purpose(), after, AlertQueries.limit(limit));
    Response.ResponseBuilder r =
        Response.ok(
            page.items().stream()
                .map(
                    i ->
                        new ReminderView(
                            i.caseId(),
                            i.status().name(),
                            i.confirmedAt().toString(),
                            i.dueAt().toString(),
                            i.standing().name()))
                .toList());
    page.next().ifPresent(n -> r.header(ListQueries.NEXT_CURSOR_HEADER, n.encode()));
    return r.build();
  }

  @POST
  @Path("{caseId}")
  @Operation(
      summary =
          "Record that the guardian re-confirmed a MISSING case: its year starts again, and a case"
              + " the lapse made unsearchable is searchable again. Audited.")
  public ReconfirmedView reconfirm(@PathParam("caseId") String caseId) {
    scope.requireCase(request.actor(), request.purpose(), caseId);
    Reconfirmations.Reconfirmed r =
        reconfirmations.reconfirm(request.actor(), request.purpose(), caseId);
    return new ReconfirmedView(
        r.caseId(),
        r.status().name(),
        r.confirmedAt().toString(),
        r.dueAt().toString(),
        r.reopened());
  }
}
