package io.homeward.gateway.rest;

import io.homeward.gateway.audit.ChainReport;
import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.service.Oversight;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Privacy officers: the audit chain, alerts, locked accounts. No face data here. */
@Path("/api/v1/oversight")
@Authenticated
@Tag(name = "oversight")
@Produces(MediaType.APPLICATION_JSON)
public class OversightResource {
  private final RequestContext request;
  private final Oversight oversight;

  public OversightResource(RequestContext request, Oversight oversight) {
    this.request = request;
    this.oversight = oversight;
  }

  @GET
  @Path("audit/verification")
  @Operation(
      summary =
          "Verify the whole audit chain (keyed hashes) and its signed checkpoints, in the"
              + " database and outside it (truncation included)")
  public Dtos.ChainView verify() {
    ChainReport r = oversight.verifyChain(request.actor(), request.purpose());
    return new Dtos.ChainView(
        r.intact(),
        r.records(),
        r.checkpoints(),
        r.externalCheckpoints(),
        r.lastExternalCheckpoint(),
        r.firstBrokenSequence().orElse(null),
        r.problem().orElse(null));
  }

  @GET
  @Path("alerts")
  @Operation(
      summary = "Open silent alerts (protected-person hits, lock-outs, emergencies to review)")
  public List<Dtos.AlertView> alerts(@QueryParam("limit") Integer limit) {
    int n = limit == null ? 100 : limit;
    if (n < 1 || n > 500) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "limit is 1 to 500");
    }
    return oversight.alerts(request.actor(), request.purpose(), n).stream()
        .map(
            a ->
                new Dtos.AlertView(
                    a.id(), a.kind(), a.about(), a.caseId(), a.raisedAt().toString()))
        .toList();
  }

  @POST
  @Path("accounts/{subject}/unlock")
  @Operation(summary = "Unlock an account locked by the rate limits, after review")
  public Response unlock(@PathParam("subject") String subject) {
    oversight.unlock(request.actor(), request.purpose(), subject);
    return Response.noContent().build();
  }
}
