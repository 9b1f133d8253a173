package io.homeward.gateway.rest;

import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.domain.OrganisationKind;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.organisations.Organisations;
import io.homeward.gateway.store.OrganisationRecord;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
 * Organisations, for administrators (purpose {@code ADMINISTRATION}): list with their users and
 * cases counted, create, rename, reclassify, deactivate and reactivate. The id is fixed at
 * creation.
 */
@Path("/api/v1/admin/organisations")
@Authenticated
@Tag(name = "administration")
@Produces(MediaType.APPLICATION_JSON)
public class AdminOrganisationsResource {
  private static final int DEFAULT_PAGE = 50;

  private final RequestContext request;
  private final Organisations organisations;

  public AdminOrganisationsResource(RequestContext request, Organisations organisations) {
    this.request = request;
    this.organisations = organisations;
  }

  /** An organisation to create: its id (fixed), a display name (the id if absent), its kind. */
  public record NewOrganisation(
      String id,
      String displayName,
      @Schema(implementation = OrganisationKind.class) String kind) {}

  /** A change: each part only when given; {@code active: false} deactivates. */
  public record OrganisationChange(
      String displayName,
      @Schema(implementation = OrganisationKind.class) String kind,
      Boolean active) {}

  /** An organisation with how many users (accounts known here) and cases it has. */
  public record OrganisationView(
      String id,
      String displayName,
      @Schema(implementation = OrganisationKind.class) String kind,
      boolean active,
      long users,
      long cases,
      String createdAt,
      String createdBy) {}

  @GET
  @Operation(
      summary =
          "Organisations by id, with their users and cases counted; the next page's cursor is in"
              + " Homeward-Next-Cursor. The read is audited.")
  @APIResponse(
      responseCode = "200",
      description = "a page; Homeward-Next-Cursor names the next one, if there may be one",
      headers = @Header(name = "Homeward-Next-Cursor", schema = @Schema(type = SchemaType.STRING)),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.ARRAY, implementation = OrganisationView.class)))
  public Response list(@QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
    Organisations.Page page =
        organisations.list(
            request.actor(),
            request.purpose(),
            cursor,
            ListQueries.limit(limit, DEFAULT_PAGE, Organisations.MAX_PAGE));
    Response.ResponseBuilder r =
        Response.ok(page.items().stream().map(AdminOrganisationsResource::view).toList());
    if (page.next() != null) {
      r.header(ListQueries.NEXT_CURSOR_HEADER, page.next());
    }
    return r.header("Cache-Control", "no-store").build();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create an organisation (a duplicate id is 409)")
  @APIResponse(
      responseCode = "201",
      description = "created",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = OrganisationView.class)))
  public Response create(NewOrganisation body) {
    var actor = request.actor();
    var purpose = request.purpose();
    if (body == null) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "id and kind are required");
    }
    OrganisationRecord created =
        organisations.create(
            actor,
            purpose,
            body.id(),
            body.displayName(),
            Parse.required(OrganisationKind.class, body.kind(), "kind"));
    return Response.status(201).entity(view(created)).header("Cache-Control", "no-store").build();
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Rename, reclassify, deactivate ({\"active\": false}: its users' sessions end and they"
              + " can no longer sign in or act; its data stays) or reactivate an organisation")
  public OrganisationView change(@PathParam("id") String id, OrganisationChange body) {
    var actor = request.actor();
    var purpose = request.purpose();
    Organisations.Change change =
        body == null
            ? null
            : new Organisations.Change(
                body.displayName(),
                Parse.optional(OrganisationKind.class, body.kind(), "kind"),
                body.active());
    return view(organisations.change(actor, purpose, id, change));
  }

  private static OrganisationView view(OrganisationRecord o) {
    return new OrganisationView(
        o.id(),
        o.displayName(),
        o.kind().name(),
        o.active(),
        o.users(),
        o.cases(),
        o.createdAt() == null ? null : o.createdAt().toString(),
        o.createdBy());
  }
}
