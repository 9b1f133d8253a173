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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
  public record NewAssignment(String organisation, String subject, String role) {}

  /** An assignment as shown to the registering organisation. */
  public record AssignmentView(
      String id,
      String caseId,
      String organisation,
      String subject,
      String role,
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
  @Operation(summary = "The case's assignments in force")
  public List<AssignmentView> list(@PathParam("id") String id) {
    scope.requireCase(request.actor(), request.purpose(), id);
    return assignments.list(request.actor(), request.purpose(), id).stream()
        .map(AssignmentsResource::view)
        .toList();
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
