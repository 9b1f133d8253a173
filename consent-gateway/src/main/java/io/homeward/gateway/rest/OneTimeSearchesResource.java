package io.homeward.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.homeward.gateway.access.Scope;
import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.search.CandidateView;
import io.homeward.gateway.search.OneTimeSearch;
import io.homeward.gateway.store.OneTimeProbe;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One-time searches with a stranger's photo (PRIVACY.md rules 7 and 20), for police and
 * caseworkers: the photo is held for one search, never enrolled, deleted within 24 h unless a case
 * is opened from it, and at the session's end when no case is named. Only its requester reaches a
 * probe; another user's is not found.
 */
@Path("/api/v1/one-time-searches")
@Authenticated
@Tag(name = "one-time searches")
@Produces(MediaType.APPLICATION_JSON)
public class OneTimeSearchesResource {
  private static final int MAX_PHOTO_BYTES = 20 * 1024 * 1024;

  private final RequestContext request;
  private final OneTimeSearch oneTime;
  private final Scope scope;

  public OneTimeSearchesResource(RequestContext request, OneTimeSearch oneTime, Scope scope) {
    this.request = request;
    this.oneTime = oneTime;
    this.scope = scope;
  }

  /**
   * A stranger's photo held for one search (no image: only where it stands).
   *
   * @param underCaseId the open case the search runs under, absent when attached to no case
   * @param keptCaseId the case opened from it, with which the photo is kept
   * @param deletedWhy why the photo was deleted, absent while it is held
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record OneTimeView(
      String id,
      String underCaseId,
      boolean held,
      boolean searched,
      String createdAt,
      String deleteAfter,
      boolean deletedAtSessionEnd,
      String keptCaseId,
      String deletedAt,
      @Schema(implementation = OneTimeProbe.DeletedWhy.class) String deletedWhy) {
    static OneTimeView of(OneTimeProbe p) {
      return new OneTimeView(
          p.id(),
          p.underCaseId(),
          p.held(),
          p.searchedAt() != null,
          text(p.createdAt()),
          p.keptCaseId() == null ? text(p.deleteAfter()) : null,
          p.held() && p.keptCaseId() == null && p.underCaseId() == null && p.sessionHash() != null,
          p.keptCaseId(),
          text(p.deletedAt()),
          p.deletedWhy() == null ? null : p.deletedWhy().name());
    }

    private static String text(Instant t) {
      return t == null ? null : t.toString();
    }
  }

  /** The one search's answer. */
  public record OneTimeSearchView(
      OneTimeView probe, List<CandidateView> candidates, String calibration, String model) {}

  /** The case opened from the photo. */
  public record Keep(String caseId) {}

  @POST
  @Consumes({
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/bmp",
    "image/tiff",
    MediaType.APPLICATION_OCTET_STREAM
  })
  @Operation(
      summary =
          "Hold a stranger's photo for one search (the body is the image); never enrolled, deleted"
              + " within 24 h, or at the session's end when no case is named")
  public Response receive(@QueryParam("underCase") String underCase, byte[] image) {
    if (image != null && image.length > MAX_PHOTO_BYTES) {
      throw new GatewayException(ProblemType.IMAGE_TOO_LARGE, "the image is larger than 20 MB");
    }
    Optional<String> under =
        underCase == null || underCase.isBlank() ? Optional.empty() : Optional.of(underCase);
    under.ifPresent(id -> scope.requireCase(request.actor(), request.purpose(), id));
    OneTimeProbe p =
        oneTime.receive(request.actor(), request.purpose(), image, under, request.sessionHash());
    return Response.status(201).entity(OneTimeView.of(p)).build();
  }

  @GET
  @Operation(summary = "The requester's own one-time searches, newest first")
  public List<OneTimeView> mine(@QueryParam("limit") Integer limit) {
    return oneTime.mine(request.actor(), ListQueries.limit(limit, 50, 200)).stream()
        .map(OneTimeView::of)
        .toList();
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One of the requester's one-time searches")
  public OneTimeView read(@PathParam("id") String id) {
    return OneTimeView.of(oneTime.own(request.actor(), id));
  }

  @POST
  @Path("{id}/search")
  @Operation(summary = "Run the photo's one search against the MISSING side (a second is refused)")
  public OneTimeSearchView search(@PathParam("id") String id) {
    OneTimeSearch.Result r = oneTime.searchOnce(request.actor(), request.purpose(), id);
    if (r.probe().underCaseId() != null) {
      scope.rememberCandidates(
          r.probe().underCaseId(), r.candidates().stream().map(CandidateView::photoId).toList());
    }
    return new OneTimeSearchView(
        OneTimeView.of(r.probe()), r.candidates(), r.calibration(), r.modelVersion());
  }

  @POST
  @Path("{id}/case")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Keep the photo with the case opened from it (no longer deleted after 24 h)")
  public OneTimeView keep(@PathParam("id") String id, Keep body) {
    if (body == null || body.caseId() == null || body.caseId().isBlank()) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "caseId is required");
    }
    oneTime.own(request.actor(), id);
    scope.requireCase(request.actor(), request.purpose(), body.caseId());
    return OneTimeView.of(
        oneTime.keepWithCase(request.actor(), request.purpose(), id, body.caseId()));
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Delete the stranger's photo now")
  public OneTimeView delete(@PathParam("id") String id) {
    return OneTimeView.of(oneTime.delete(request.actor(), request.purpose(), id));
  }
}
