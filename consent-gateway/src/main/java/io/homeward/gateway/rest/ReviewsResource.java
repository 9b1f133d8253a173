package io.homeward.gateway.rest;

import io.homeward.gateway.access.Scope;
import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.cases.ImageViews;
import io.homeward.gateway.domain.FacialFeature;
import io.homeward.gateway.domain.FeatureAssessment;
import io.homeward.gateway.domain.Side;
import io.homeward.gateway.domain.Verdict;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.review.Reviews;
import io.homeward.gateway.store.DnaReferral;
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
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Candidates raised by the standing search, and examiners' verdicts (two-person rule). */
@Path("/api/v1/reviews")
@Authenticated
@Tag(name = "reviews")
@Produces(MediaType.APPLICATION_JSON)
public class ReviewsResource {
  private final RequestContext request;
  private final Reviews reviews;
  private final Scope scope;
  private final ImageViews views;

  public ReviewsResource(RequestContext request, Reviews reviews, Scope scope, ImageViews views) {
    this.request = request;
    this.reviews = reviews;
    this.scope = scope;
    this.views = views;
  }

  /** The header that carries the cursor of the next page, when there may be one. */
  @GET
  @Operation(
      summary =
          "Open review items of the cases within the caller's reach, oldest first; the next page"
              + " is asked with ?cursor= from the Homeward-Next-Cursor header")
  public Response queue(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
    int n = limit == null ? 50 : limit;
    if (n < 1 || n > 200) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "limit is 1 to 200");
    }
    Reviews.Page page =
        reviews.queue(request.actor(), request.purpose(), n, Reviews.Cursor.parse(cursor));
    Response.ResponseBuilder ok =
        Response.ok(page.items().stream().map(ReviewsResource::view).toList());
    page.next().ifPresent(next -> ok.header(ListQueries.NEXT_CURSOR_HEADER, next.encode()));
    return ok.build();
  }

  @GET
  @Path("{id}")
  @Operation(
      summary =
          "One review item; the other examiner's verdict and observations only once both are in")
  public Dtos.ReviewView item(@PathParam("id") String id) {
    scope.requireReview(request.actor(), request.purpose(), id);
    return view(reviews.item(request.actor(), request.purpose(), id));
  }

  @GET
  @Path("{id}/faces/{side}")
  @Produces("image/jpeg")
  @Operation(
      summary =
          "The face of one side's photo aligned as the embedder aligns it (eyes, nose and mouth at"
              + " the same place in both), for comparing at the same scale; watermarked, blurred"
              + " where the rules say, audited like the photo")
  public Response face(
      @PathParam("id") String id,
      @PathParam("side") @Parameter(schema = @Schema(implementation = Side.class)) String side) {
    // Another organisation's item, or one that does not exist, is not found whatever the side:
    // the side is checked once the item is known to be within reach.
    scope.requireReview(request.actor(), request.purpose(), id);
    Reviews.PairPhotos pair = reviews.photosOf(request.actor(), request.purpose(), id);
    String photo =
        pair.of(Parse.required(Side.class, side, "side"))
            .orElseThrow(
                () ->
                    new GatewayException(
                        ProblemType.NOT_FOUND, "the review item has no photo on that side"));
    scope.requirePhoto(request.actor(), request.purpose(), photo);
    ImageViews.Shown shown = views.viewAlignedFace(request.actor(), request.purpose(), photo);
    return Response.ok(shown.jpeg(), "image/jpeg")
        .header("Cache-Control", "no-store")
        .header("Homeward-Display", shown.display().name())
        .header("Content-Disposition", "inline")
        .build();
  }

  @POST
  @Path("{id}/verdicts")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Record this examiner's verdict, with observations feature by feature (FISWG list)")
  public Dtos.ReviewView verdict(@PathParam("id") String id, Dtos.VerdictRequest body) {
    scope.requireReview(request.actor(), request.purpose(), id);
    Verdict v = Parse.required(Verdict.class, body == null ? null : body.verdict(), "verdict");
    List<Dtos.ObservationRequest> given =
        body.observations() == null ? List.of() : body.observations();
    if (given.size() > FacialFeature.values().length) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST,
          "at most " + FacialFeature.values().length + " observations, one per feature");
    }
    List<Reviews.Observed> observed = new ArrayList<>();
    for (Dtos.ObservationRequest o : given) {
      if (o == null) {
        throw new GatewayException(ProblemType.INVALID_REQUEST, "an observation is empty");
      }
      observed.add(
          new Reviews.Observed(
              Parse.required(FacialFeature.class, o.feature(), "observations.feature"),
              Parse.required(FeatureAssessment.class, o.assessment(), "observations.assessment"),
              Parse.text(o.note(), Reviews.NOTE_MAX, "observations.note")));
    }
    return view(reviews.recordVerdict(request.actor(), request.purpose(), id, v, observed));
  }

  @POST
  @Path("{id}/dna-referral")
  @Operation(
      summary =
          "Refer the pair to DNA comparison (after two POTENTIAL_CANDIDATE verdicts); idempotent")
  public Dtos.ReviewView referToDna(@PathParam("id") String id) {
    scope.requireReview(request.actor(), request.purpose(), id);
    return view(reviews.referToDna(request.actor(), request.purpose(), id));
  }

  @POST
  @Path("{id}/dna-confirmation")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Record that DNA confirmed the referred pair (a DNA confirmation of the missing case)")
  public Response confirmDna(@PathParam("id") String id, Dtos.DnaConfirmation body) {
    scope.requireReview(request.actor(), request.purpose(), id);
    if (body == null || body.reference() == null || body.reference().isBlank()) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, "a DNA confirmation has the laboratory's reference");
    }
    reviews.confirmDna(
        request.actor(),
        request.purpose(),
        id,
        Parse.text(body.reference().strip(), 128, "reference"));
    return Response.noContent().build();
  }

  @POST
  @Path("{id}/notifications")
  @Operation(
      summary = "Record that the family may be told (after two POTENTIAL_CANDIDATE verdicts)")
  public Response notifyFamily(@PathParam("id") String id) {
    scope.requireReview(request.actor(), request.purpose(), id);
    reviews.notifyFamily(request.actor(), request.purpose(), id);
    return Response.accepted().build();
  }

  private static Dtos.ReviewView view(Reviews.ReviewView r) {
    return new Dtos.ReviewView(
        r.item().id(),
        r.item().missingCaseId(),
        r.item().foundCaseId(),
        r.missingPhotoId(),
        r.foundPhotoId(),
        r.item().band(),
        r.scoresShown() ? r.item().rawScore() : null,
        r.item().status(),
        r.verdicts().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(),
        r.observations().stream()
            .map(o -> new Dtos.ObservationView(o.examiner(), o.feature(), o.assessment(), o.note()))
            .toList(),
        r.dnaReferral().map(DnaReferral::referredBy).orElse(null),
        r.dnaReferral().map(DnaReferral::referredAt).orElse(null),
        r.item().origin());
  }
}
