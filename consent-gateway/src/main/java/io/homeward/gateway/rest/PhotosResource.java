package io.homeward.gateway.rest;

import io.homeward.gateway.access.Scope;
import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.cases.ImageViews;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Viewing an image: watermarked, blurred where the rules say, audited. No export. */
@Path("/api/v1/photos")
@Authenticated
@Tag(name = "photos")
public class PhotosResource {
  private final RequestContext request;
  private final ImageViews views;
  private final Scope scope;

  public PhotosResource(RequestContext request, ImageViews views, Scope scope) {
    this.request = request;
    this.views = views;
    this.scope = scope;
  }

  @GET
  @Path("{id}/image")
  @Produces("image/jpeg")
  @Operation(summary = "The photo, watermarked with the viewer and time; blurred for some roles")
  public Response image(@PathParam("id") String id) {
    // Another organisation's photo is not found, unless it is a candidate of a case in reach
    // (then shown as that redacted candidate: the display rules below decide blurred or clear).
    scope.requirePhoto(request.actor(), request.purpose(), id);
    ImageViews.Shown shown = views.view(request.actor(), request.purpose(), id);
    return Response.ok(shown.jpeg(), "image/jpeg")
        .header("Cache-Control", "no-store")
        .header("Homeward-Display", shown.display().name())
        .header("Content-Disposition", "inline")
        .build();
  }

  @GET
  @Path("{id}/export")
  @Operation(
      summary = "Always refused: images are never exported or shared (the attempt is audited)")
  public Response export(@PathParam("id") String id) {
    views.export(request.actor(), request.purpose(), id);
    return Response.status(403).build();
  }
}
