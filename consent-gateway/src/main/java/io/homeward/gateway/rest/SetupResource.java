package io.homeward.gateway.rest;

import io.homeward.gateway.accounts.AccountView;
import io.homeward.gateway.accounts.Setup;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The first administrator, created with the one-time link {@code ./homeward serve} prints (the
 * token travels in the link's fragment, so it reaches neither server logs nor a Referer).
 */
@Path("/api/v1/setup")
@Tag(name = "session")
@Produces(MediaType.APPLICATION_JSON)
public class SetupResource {
  private final Setup setup;

  public SetupResource(Setup setup) {
    this.setup = setup;
  }

  /** The token from the link, and the administrator's username and password. */
  public record FirstAdministrator(String token, String username, String password) {}

  /** Whether a first administrator may still be created. */
  public record SetupState(boolean open) {}

  /** The administrator created. */
  public record Created(String id, String username) {}

  @GET
  @Operation(summary = "Whether a first administrator may still be created")
  public SetupState state() {
    return new SetupState(setup.isOpen());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create the first administrator with the one-time setup token")
  public Response create(FirstAdministrator body) {
    if (body == null) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, "token, username and password are required");
    }
    AccountView a = setup.complete(body.token(), body.username(), body.password());
    return Response.status(201).entity(new Created(a.id(), a.username())).build();
  }
}
