package io.homeward.gateway.rest;

import io.homeward.gateway.access.Assignment;
import io.homeward.gateway.access.Assignments;
import io.homeward.gateway.access.Scope;
import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A case's assignments: the registering organisation gives another organisation's examiners or
 * police access to one case (issue 11, scope by organisation and case).
 */
@Path("/api/v1/cases/{id}/assignments")
@Authenticated
@Tag(name = "cases")
@Produces(MediaType.APPLICATION_JSON)
public class AssignmentsResource {
  private final RequestContext request;
  private final Scope scope;
  private final Assignments assignments;

  public AssignmentsResource(RequestContext request, Scope scope, Assignments assignments) {
    this.request = request;
    this.scope = scope;
    this.assignments = assignments;
  }

  /** What to assign: a role of another organisation, optionally one named user of it. */
  public record NewAssignment(
      String organisation, String subject, @Schema(implementation = Role.class) String role) {}

  /** An assignment as shown to the registering organisation. */
  public record AssignmentView(
      String id,
      String caseId,
      String organisation,
      String subject,
      @Schema(implementation = Role.class) String role,
      String assignedBy,
      String assignedAt,
      String revokedBy,
      String revokedAt) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Assign another organisation's examiners or police (or one user) to the case")
  public Response assign(@PathParam("id") String id, NewAssignment body) {
    scope.requireCase(request.actor(), request.purpose(), id);
    if (body == null) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "organisation and role are required");
    }
    Assignment a =
        assignments.assign(
            request.actor(),
            request.purpose(),
            id,
            new Assignments.NewAssignment(
                body.organisation(),
                body.subject(),
                Parse.required(Role.class, body.role(), "role")));
    return Response.status(201).entity(view(a)).build();
  }

  @GET
  @Operation(
      summary =
          "The case's assignments in force, oldest first, a page at a time; the next page's"
              + " cursor is in Homeward-Next-Cursor")
  @APIResponse(
      responseCode = "200",
      description = "a page; Homeward-Next-Cursor names the next one, if there may be one",
      headers = @Header(name = "Homeward-Next-Cursor", schema = @Schema(type = SchemaType.STRING)),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.ARRAY, implementation = AssignmentView.class)))
  public Response list(
      @PathParam("id") String id,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") Integer limit) {
    scope.requireCase(request.actor(), request.purpose(), id);
    Assignments.Page page =
        assignments.list(
            request.actor(),
            request.purpose(),
            id,
            ListQueries.cursor(cursor, "g"),
            ListQueries.limit(limit, 100, 500));
    Response.ResponseBuilder r =
        Response.ok(page.assignments().stream().map(AssignmentsResource::view).toList());
    page.next().ifPresent(n -> r.header(ListQueries.NEXT_CURSOR_HEADER, n.encode()));
    return r.build();
  }

  @POST
  @Path("{assignmentId}/revocation")
  @Operation(summary = "Revoke an assignment: the access it gave ends now")
  public AssignmentView revoke(
      @PathParam("id") String id, @PathParam("assignmentId") String assignmentId) {
    scope.requireCase(request.actor(), request.purpose(), id);
    return view(assignments.revoke(request.actor(), request.purpose(), id, assignmentId));
  }

  private static AssignmentView view(Assignment a) {
    return new AssignmentView(
        a.id(),
        a.caseId(),
        a.organisation(),
        a.subject(),
        a.role().name(),
        a.assignedBy(),
        a.assignedAt().toString(),
        a.revokedBy(),
        a.revokedAt() == null ? null : a.revokedAt().toString());
  }
}
