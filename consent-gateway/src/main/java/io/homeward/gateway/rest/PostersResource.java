package io.homeward.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.homeward.gateway.access.Scope;
import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.posters.Posters;
import io.homeward.gateway.store.AlertPoster;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Police-authorised public alert posters (PRIVACY.md rule 15): created by police with a
 * justification on an open MISSING case of their organisation, read and printed while active.
 * Another organisation's poster is not found. The privacy officers' list is {@link
 * OversightPostersResource}.
 */
@Path("/api/v1/posters")
@Authenticated
@Tag(name = "posters")
@Produces(MediaType.APPLICATION_JSON)
public class PostersResource {
  private final RequestContext request;
  private final Posters posters;
  private final Scope scope;
  private final Clock clock;

  public PostersResource(RequestContext request, Posters posters, Scope scope, Clock clock) {
    this.request = request;
    this.posters = posters;
    this.scope = scope;
    this.clock = clock;
  }

  /** A poster to create: the case, its approved photo, the police unit and why. */
  public record NewPosterBody(
      String caseId,
      String photoId,
      String policeUnit,
      String unitContact,
      String justification,
      Integer validDays) {}

  /**
   * What a poster says (never the justification, which the audit keeps).
   *
   * @param state ACTIVE, EXPIRED or WITHDRAWN now
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PosterView(
      String id,
      String caseId,
      String photoId,
      String policeUnit,
      String unitContact,
      String createdBy,
      String createdAt,
      String expiresAt,
      String withdrawnAt,
      @Schema(implementation = AlertPoster.WithdrawnWhy.class) String withdrawnWhy,
      @Schema(implementation = AlertPoster.State.class) String state) {
    static PosterView of(AlertPoster p, Instant now) {
      return new PosterView(
          p.id(),
          p.caseId(),
          p.photoId(),
          p.policeUnit(),
          p.unitContact(),
          p.createdBy(),
          p.createdAt().toString(),
          p.expiresAt().toString(),
          p.withdrawnAt() == null ? null : p.withdrawnAt().toString(),
          p.withdrawnWhy() == null ? null : p.withdrawnWhy().name(),
          p.stateAt(now).name());
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Publish an alert poster of an open MISSING case (police, with a justification); it"
              + " expires after validDays and is withdrawn within 1 h of the case leaving OPEN")
  public Response create(NewPosterBody body) {
    if (body == null || body.caseId() == null || body.caseId().isBlank()) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "caseId is required");
    }
    scope.requireCase(request.actor(), request.purpose(), body.caseId());
    AlertPoster p =
        posters.create(
            request.actor(),
            request.purpose(),
            new Posters.NewPoster(
                body.caseId(),
                body.photoId(),
                body.policeUnit(),
                body.unitContact(),
                body.justification(),
                body.validDays()));
    return Response.status(201).entity(PosterView.of(p, clock.instant())).build();
  }

  @GET
  @Path("{id}")
  @Operation(summary = "An active poster of the requester's organisation")
  public PosterView read(@PathParam("id") String id) {
    return PosterView.of(posters.read(request.actor(), request.purpose(), id), clock.instant());
  }

  @GET
  @Path("{id}/image")
  @Produces("image/jpeg")
  @Operation(summary = "The poster's image: the approved photo, watermarked with the alert")
  public Response image(@PathParam("id") String id) {
    Posters.Printed printed = posters.image(request.actor(), request.purpose(), id);
    return Response.ok(printed.jpeg(), "image/jpeg")
        .header("Cache-Control", "no-store")
        .header("Content-Disposition", "inline")
        .build();
  }
}
