package io.homeward.gateway.rest;

import io.homeward.gateway.audit.ChainReport;
import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.oversight.AlertReview;
import io.homeward.gateway.oversight.Oversight;
import io.homeward.gateway.store.AlertStore;
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
  private final AlertReview alertReview;

  public OversightResource(RequestContext request, Oversight oversight, AlertReview alertReview) {
    this.request = request;
    this.oversight = oversight;
    this.alertReview = alertReview;
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
      summary =
          "Silent alerts, newest first, a page at a time (protected-person hits, lock-outs,"
              + " emergencies to review); the next page's cursor is in Homeward-Next-Cursor")
  public Response alerts(
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor,
      @QueryParam("kind") String kind,
      @QueryParam("state") String state) {
    AlertStore.Query query = AlertQueries.parse(limit, cursor, kind, state);
    AlertReview.Page page = alertReview.list(request.actor(), request.purpose(), query);
    Response.ResponseBuilder r = Response.ok(page.rows().stream().map(AlertQueries::view).toList());
    page.next().ifPresent(next -> r.header(AlertQueries.NEXT_CURSOR_HEADER, next));
    return r.build();
  }

  @POST
  @Path("alerts/{id}/acknowledgement")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Acknowledge an open alert (a note is optional)")
  public Dtos.AlertView acknowledge(@PathParam("id") String id, Dtos.AlertNote body) {
    return AlertQueries.view(
        alertReview.acknowledge(
            request.actor(), request.purpose(), id, body == null ? null : body.note()));
  }

  @POST
  @Path("alerts/{id}/resolution")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Resolve an alert, with a note of what was done")
  public Dtos.AlertView resolve(@PathParam("id") String id, Dtos.AlertNote body) {
    return AlertQueries.view(
        alertReview.resolve(
            request.actor(), request.purpose(), id, body == null ? null : body.note()));
  }

  @GET
  @Path("accounts")
  @Operation(
      summary =
          "Accounts with their flags and protected-person hits (rule 14); flagged=true for the"
              + " flagged ones only")
  public List<Dtos.AccountView> accounts(
      @QueryParam("flagged") Boolean flagged,
      @QueryParam("after") String after,
      @QueryParam("limit") Integer limit) {
    int n = AlertQueries.limit(limit);
    if (after != null && (after.isBlank() || after.length() > 128)) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "after names an account");
    }
    return alertReview
        .accounts(
            request.actor(),
            request.purpose(),
            Boolean.TRUE.equals(flagged),
            java.util.Optional.ofNullable(after),
            n)
        .stream()
        .map(
            a ->
                new Dtos.AccountView(
                    a.subject(),
                    a.organisation(),
                    a.flagged(),
                    a.flagReason(),
                    a.locked(),
                    a.protectedHits()))
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
