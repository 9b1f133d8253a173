package io.homeward.gateway.rest;

import io.homeward.gateway.accounts.AccountView;
import io.homeward.gateway.accounts.Users;
import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Local accounts, for administrators (purpose {@code ADMINISTRATION}). */
@Path("/api/v1/admin/users")
@Authenticated
@Tag(name = "administration")
@Produces(MediaType.APPLICATION_JSON)
public class AdminUsersResource {
  private final RequestContext request;
  private final Users users;

  public AdminUsersResource(RequestContext request, Users users) {
    this.request = request;
    this.users = users;
  }

  /** A user to create: a username, one role, one organisation. */
  public record NewUser(String username, String role, String organisation) {}

  /** The user created, with the temporary password (shown once; changed at first sign-in). */
  public record CreatedUser(String id, String username, String temporaryPassword) {}

  /** A local account in the list. */
  public record UserItem(
      String id,
      String username,
      String role,
      String organisation,
      boolean locked,
      boolean totpEnrolled,
      String createdAt) {}

  /** A page of users; {@code next} is the cursor of the next page, or absent. */
  public record UserPage(List<UserItem> items, String next) {}

  @GET
  @Operation(summary = "Local accounts, by username, 50 a page")
  public UserPage list(@QueryParam("cursor") String cursor) {
    Users.Page page = users.list(request.actor(), request.purpose(), cursor);
    return new UserPage(page.items().stream().map(AdminUsersResource::item).toList(), page.next());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a local account with a temporary password")
  public Response create(NewUser body) {
    var actor = request.actor();
    var purpose = request.purpose();
    if (body == null) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, "username, role and organisation are required");
    }
    Users.Created c =
        users.create(
            actor,
            purpose,
            body.username(),
            Parse.required(Role.class, body.role(), "role"),
            body.organisation());
    return Response.status(201)
        .entity(new CreatedUser(c.account().id(), c.account().username(), c.temporaryPassword()))
        .header("Cache-Control", "no-store")
        .build();
  }

  private static UserItem item(AccountView a) {
    return new UserItem(
        a.id(),
        a.username(),
        a.role().name(),
        a.organisation(),
        a.locked(),
        a.totpEnrolled(),
        a.createdAt() == null ? null : a.createdAt().toString());
  }
}
