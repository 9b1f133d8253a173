package io.homeward.gateway.rest;

import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.posters.Posters;
import io.homeward.gateway.store.AlertPoster;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The organisation's alert posters for privacy officers (purpose PRIVACY_AUDIT), rule 15. */
@Path("/api/v1/oversight/posters")
@Authenticated
@Tag(name = "oversight")
@Produces(MediaType.APPLICATION_JSON)
public class OversightPostersResource {
  private final RequestContext request;
  private final Posters posters;
  private final Clock clock;

  public OversightPostersResource(RequestContext request, Posters posters, Clock clock) {
    this.request = request;
    this.posters = posters;
    this.clock = clock;
  }

  @GET
  @Operation(summary = "The organisation's posters, newest first, optionally in one state")
  public List<PostersResource.PosterView> list(
      @QueryParam("state") @Schema(implementation = AlertPoster.State.class) String state,
      @QueryParam("limit") Integer limit) {
    Optional<AlertPoster.State> wanted =
        state == null || state.isBlank()
            ? Optional.empty()
            : Optional.of(Parse.required(AlertPoster.State.class, state, "state"));
    Instant now = clock.instant();
    return posters
        .list(request.actor(), request.purpose(), wanted, ListQueries.limit(limit, 50, 200))
        .stream()
        .map(p -> PostersResource.PosterView.of(p, now))
        .toList();
  }
}
