package io.homeward.gateway.rest;

import io.homeward.gateway.access.Scope;
import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.referral.Referrals;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Candidates of a case's search referred to the face examiners. */
@Path("/api/v1/cases/{id}/referrals")
@Authenticated
@Tag(name = "cases")
@Produces(MediaType.APPLICATION_JSON)
public class ReferralsResource {
  private final RequestContext request;
  private final Referrals referrals;
  // Another organisation's case is not found, as on every endpoint that takes a case id.
  private final Scope scope;

  public ReferralsResource(RequestContext request, Referrals referrals, Scope scope) {
    this.request = request;
    this.referrals = referrals;
    this.scope = scope;
  }

  /**
   * A referral.
   *
   * @param candidate the id a search of this case returned with the candidate
   * @param note an optional note for the record (at most 500 characters)
   */
  public record ReferralRequest(String candidate, String note) {}

  /**
   * What a referral did.
   *
   * @param candidate the candidate's id, as sent
   * @param referred always true: the pair is with the examiners
   * @param referredAt when the pair was first referred
   */
  public record ReferralView(String candidate, boolean referred, Instant referredAt) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Refer a candidate a search of this case showed to the face examiners (a review item"
              + " for the pair); idempotent: 201 when it created the item, 200 when the pair was"
              + " already in review")
  @APIResponse(
      responseCode = "201",
      description = "the pair's review item was created",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ReferralView.class)))
  @APIResponse(
      responseCode = "200",
      description = "the pair was already in review",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ReferralView.class)))
  @APIResponse(
      responseCode = "409",
      description = "candidate-not-searchable: the candidate's case was withdrawn, found or closed")
  public Response refer(@PathParam("id") String id, ReferralRequest body) {
    scope.requireCase(request.actor(), request.purpose(), id);
    if (body == null || body.candidate() == null || body.candidate().isBlank()) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, "candidate is required: the id a search returned");
    }
    String note = Parse.text(body.note(), Referrals.NOTE_MAX, "note");
    Referrals.Outcome o =
        referrals.refer(
            request.actor(),
            request.purpose(),
            id,
            body.candidate().strip(),
            note == null || note.isBlank() ? null : note.strip());
    return Response.status(o.created() ? 201 : 200)
        .entity(new ReferralView(o.candidate(), true, o.referredAt()))
        .build();
  }
}
