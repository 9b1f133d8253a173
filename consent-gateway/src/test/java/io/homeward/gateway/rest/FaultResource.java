package io.homeward.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Test only: an endpoint that fails the way no real request can be made to (an unexpected exception
 * whose message holds internals), so that the answer to it can be checked.
 */
@Path("/test-only/fault")
public class FaultResource {
  /** What the failure's message holds; it must never reach the client. */
  static final String SECRET = "jdbc:postgresql://db.internal/secret-table";

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String fail() {
    throw new IllegalStateException("failed at " + SECRET);
  }
}
