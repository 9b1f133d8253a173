package io.homeward.gateway.rest;

import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditQuery;
import io.homeward.gateway.audit.ChainReport;
import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.domain.AlertKind;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.oversight.AlertReview;
import io.homeward.gateway.oversight.AuditBrowser;
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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
  private final AuditBrowser auditBrowser;

  public OversightResource(
      RequestContext request,
      Oversight oversight,
      AlertReview alertReview,
      AuditBrowser auditBrowser) {
    this.request = request;
    this.oversight = oversight;
    this.alertReview = alertReview;
    this.auditBrowser = auditBrowser;
  }

  @GET
  @Path("audit/verification")
  @Operation(
      summary =
          "Verify the whole audit chain (keyed hashes) and its signed checkpoints, in the"
              + " database and outside it (truncation included); after audit retention removed"
              + " old records, from its signed anchor on (named in the answer)")
  public Dtos.ChainView verify() {
    ChainReport r = oversight.verifyChain(request.actor(), request.purpose());
    return new Dtos.ChainView(
        r.intact(),
        r.records(),
        r.checkpoints(),
        r.externalCheckpoints(),
        r.lastExternalCheckpoint(),
        r.firstBrokenSequence().orElse(null),
        r.problem().orElse(null),
        r.anchor()
            .map(
                a ->
                    new Dtos.AnchorView(
                        a.seq(), a.removedRecords(), a.removedBefore(), a.signedAt(), a.keyId()))
            .orElse(null));
  }

  @GET
  @Path("audit/records")
  @Operation(
      summary =
          "Audit records of the caller's organisation, newest first, a page at a time (the next"
              + " page's cursor is in Homeward-Next-Cursor); personal fields opened where the"
              + " subject's key exists, a tombstone where it was destroyed. The chain's status and"
              + " its first broken record: GET audit/verification. The read is itself audited.")
  @APIResponse(
      responseCode = "200",
      description = "a page; Homeward-Next-Cursor names the next one, if there may be one",
      headers = @Header(name = "Homeward-Next-Cursor", schema = @Schema(type = SchemaType.STRING)),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema =
                  @Schema(
                      type = SchemaType.ARRAY,
                      implementation = AuditRecords.AuditRecordView.class)))
  public Response auditRecords(
      @QueryParam("actor") String actor,
      @QueryParam("organisation") String organisation,
      @QueryParam("case") String caseId,
      @QueryParam("action") @Parameter(schema = @Schema(implementation = AuditAction.class))
          String action,
      @QueryParam("decision")
          @Parameter(schema = @Schema(implementation = AuditQuery.Decision.class))
          String decision,
      @QueryParam("from") @Parameter(description = "at or after, ISO-8601") String from,
      @QueryParam("to") @Parameter(description = "before, ISO-8601") String to,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") Integer limit) {
    AuditBrowser.Page page =
        auditBrowser.read(
            request.actor(),
            request.purpose(),
            AuditRecords.filters(actor, organisation, caseId, action, decision, from, to),
            AuditRecords.cursor(cursor),
            AuditRecords.limit(limit));
    Response.ResponseBuilder r =
        Response.ok(page.records().stream().map(AuditRecords::view).toList());
    page.nextBefore()
        .ifPresent(next -> r.header(ListQueries.NEXT_CURSOR_HEADER, AuditRecords.encode(next)));
    return r.build();
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
      @QueryParam("kind") @Parameter(schema = @Schema(implementation = AlertKind.class))
          String kind,
      @QueryParam("state") @Parameter(schema = @Schema(implementation = AlertStore.State.class))
          String state) {
    AlertStore.Query query = AlertQueries.parse(limit, cursor, kind, state);
    AlertReview.Page page = alertReview.list(request.actor(), request.purpose(), query);
    Response.ResponseBuilder r = Response.ok(page.rows().stream().map(AlertQueries::view).toList());
    page.next().ifPresent(next -> r.header(ListQueries.NEXT_CURSOR_HEADER, next));
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
          "Accounts with their flags and protected-person hits (rule 14), by name, a page at a"
              + " time (the next page's cursor is in Homeward-Next-Cursor; after=NAME works too);"
              + " flagged=true for the flagged ones only")
  @APIResponse(
      responseCode = "200",
      description = "a page; Homeward-Next-Cursor names the next one, if there may be one",
      headers = @Header(name = "Homeward-Next-Cursor", schema = @Schema(type = SchemaType.STRING)),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.ARRAY, implementation = Dtos.AccountView.class)))
  public Response accounts(
      @QueryParam("flagged") Boolean flagged,
      @QueryParam("after") String after,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") Integer limit) {
    int n = AlertQueries.limit(limit);
    String from = cursor == null ? after : AccountCursor.decode(cursor);
    if (from != null && (from.isBlank() || from.length() > 128)) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "after names an account");
    }
    List<Dtos.AccountView> rows =
        alertReview
            .accounts(
                request.actor(),
                request.purpose(),
                Boolean.TRUE.equals(flagged),
                java.util.Optional.ofNullable(from),
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
    Response.ResponseBuilder r = Response.ok(rows);
    if (rows.size() == n) {
      r.header(
          ListQueries.NEXT_CURSOR_HEADER,
          AccountCursor.encode(rows.get(rows.size() - 1).subject()));
    }
    return r.build();
  }

  /** The accounts list's cursor: the last account's name, opaque to the client. */
  private static final class AccountCursor {
    private static final String PREFIX = "account-after:";

    static String encode(String subject) {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((PREFIX + subject).getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String token) {
      try {
        String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        if (raw.startsWith(PREFIX)) {
          return raw.substring(PREFIX.length());
        }
      } catch (IllegalArgumentException e) {
        // answered below
      }
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, "cursor is not one this service gave");
    }
  }

  @POST
  @Path("accounts/{subject}/unlock")
  @Operation(summary = "Unlock an account locked by the rate limits, after review")
  public Response unlock(@PathParam("subject") String subject) {
    oversight.unlock(request.actor(), request.purpose(), subject);
    return Response.noContent().build();
  }
}
