package io.homeward.gateway.rest;

import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.models.ModelChange;
import io.homeward.gateway.store.SpaceRecord;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Vector spaces and re-embedding jobs (issue 14, model change), for administrators (purpose {@code
 * ADMINISTRATION}).
 */
@Path("/api/v1/admin/spaces")
@Authenticated
@Tag(name = "administration")
@Produces(MediaType.APPLICATION_JSON)
public class AdminSpacesResource {
  private final RequestContext request;
  private final ModelChange models;

  public AdminSpacesResource(RequestContext request, ModelChange models) {
    this.request = request;
    this.models = models;
  }

  /** The projection to re-embed into ({@code identity}: the model's own space). */
  public record NewJob(String projection) {}

  /**
   * A vector space and the job that builds it: counts, rate (photos per second), time left
   * (seconds, absent when unknown or done), and why it cannot go live yet (a problem type's name).
   */
  public record SpaceItem(
      String id,
      String modelId,
      String modelVersion,
      String projection,
      int dimension,
      String status,
      int photosTotal,
      int photosDone,
      int photosFailed,
      double photosPerSecond,
      Long secondsLeft,
      String problem,
      String startedAt,
      String completedAt,
      String switchedAt,
      String dropAfter,
      String droppedAt) {}

  /** The spaces, newest first. */
  public record SpaceList(List<SpaceItem> items) {}

  @GET
  @Operation(
      summary = "The vector spaces, their states and the re-embedding job's progress",
      description = "Exactly one space is LIVE: every search uses it. The read is audited.")
  public Response list() {
    List<SpaceItem> items =
        models.spaces(request.actor(), request.purpose()).stream()
            .map(AdminSpacesResource::item)
            .toList();
    return Response.ok(new SpaceList(items)).header("Cache-Control", "no-store").build();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Start re-embedding every live photo into the space of another projection",
      description =
          "Throttled (homeward.gateway.reembed.photos-per-second), resumable; searches keep the"
              + " live space until the new one is complete, its face count matches and it has a"
              + " calibration, then switch at once. The old space is dropped after"
              + " homeward.gateway.reembed.grace. Audited (MODEL_CHANGE).")
  public Response start(NewJob body) {
    var actor = request.actor();
    var purpose = request.purpose();
    if (body == null) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "projection is required");
    }
    ModelChange.SpaceView started = models.start(actor, purpose, body.projection());
    return Response.status(202).entity(item(started)).header("Cache-Control", "no-store").build();
  }

  private static SpaceItem item(ModelChange.SpaceView v) {
    SpaceRecord s = v.space();
    return new SpaceItem(
        s.id(),
        s.ref().modelId(),
        s.ref().modelVersion(),
        s.ref().projection(),
        s.ref().dimension(),
        s.status().name(),
        s.photosTotal(),
        s.photosDone(),
        s.photosFailed(),
        Math.round(v.photosPerSecond() * 100) / 100.0,
        v.eta().map(d -> d.toSeconds()).orElse(null),
        s.problem(),
        text(s.startedAt()),
        text(s.completedAt()),
        text(s.switchedAt()),
        text(s.dropAfter()),
        text(s.droppedAt()));
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }
}
