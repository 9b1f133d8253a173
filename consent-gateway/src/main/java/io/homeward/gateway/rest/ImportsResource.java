package io.homeward.gateway.rest;

import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.imports.ImportJobs;
import io.homeward.gateway.store.ImportStore;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Bulk import (issue 14): open a job, send it batches (a zip of {@code manifest.jsonl} and the
 * photos), follow its progress, download its refusals as CSV. Another organisation's job is not
 * found.
 */
@Path("/api/v1/imports")
@Authenticated
@Tag(name = "imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportsResource {
  static final String ZIP = "application/zip";

  private final RequestContext request;
  private final ImportJobs jobs;
  private final ImportArchive archive;

  public ImportsResource(RequestContext request, ImportJobs jobs, ImportArchive archive) {
    this.request = request;
    this.jobs = jobs;
    this.archive = archive;
  }

  @POST
  @Operation(
      summary =
          "Open an import job; its records are enrolled as the caller, under the purpose named now")
  public Response create() {
    return Response.status(201)
        .entity(view(jobs.create(request.actor(), request.purpose())))
        .build();
  }

  @POST
  @Path("{id}/batches")
  @Consumes({ZIP, "application/x-zip-compressed", MediaType.APPLICATION_OCTET_STREAM})
  @Operation(
      summary =
          "Send a batch: a zip with manifest.jsonl (one record a line: key, side, subject,"
              + " consent, photos) and the photos it names. Records whose key the organisation"
              + " already has are acknowledged and left alone.")
  public Response batch(@PathParam("id") String id, byte[] body) {
    var received = jobs.receive(request.actor(), request.purpose(), id, archive.read(body));
    return Response.status(202)
        .entity(
            new Dtos.ImportBatchView(
                received.accepted(), received.alreadyKnown(), received.refused()))
        .build();
  }

  @GET
  @Path("{id}")
  @Operation(
      summary = "An import job's progress: done, refused, left, records per second, time left")
  public Dtos.ImportJobView progress(@PathParam("id") String id) {
    return view(jobs.progress(request.actor(), request.purpose(), id));
  }

  @GET
  @Path("{id}/refusals")
  @Produces("text/csv")
  @Operation(
      summary =
          "The job's refused records as CSV: record key, file, problem type, reason in plain words")
  public Response refusals(@PathParam("id") String id) {
    List<ImportStore.Refusal> rows = jobs.refusals(request.actor(), request.purpose(), id);
    StringBuilder csv = new StringBuilder("record_key,file,problem,reason\r\n");
    for (ImportStore.Refusal r : rows) {
      csv.append(cell(r.key()))
          .append(',')
          .append(cell(r.fileName()))
          .append(',')
          .append(cell(r.problem()))
          .append(',')
          .append(cell(r.reason()))
          .append("\r\n");
    }
    return Response.ok(csv.toString(), "text/csv; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"" + id + "-refusals.csv\"")
        .build();
  }

  @GET
  @Operation(
      summary =
          "The organisation's import jobs, newest first, a page at a time; the next page's cursor"
              + " is in Homeward-Next-Cursor")
  @APIResponse(
      responseCode = "200",
      description = "a page; Homeward-Next-Cursor names the next one, if there may be one",
      headers = @Header(name = "Homeward-Next-Cursor", schema = @Schema(type = SchemaType.STRING)),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.ARRAY, implementation = Dtos.ImportJobView.class)))
  public Response list(@QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
    ImportJobs.Page page =
        jobs.list(
            request.actor(),
            request.purpose(),
            ListQueries.cursor(cursor, "j"),
            ListQueries.limit(limit, 50, 200));
    Response.ResponseBuilder r =
        Response.ok(page.jobs().stream().map(ImportsResource::view).toList());
    page.next().ifPresent(n -> r.header(ListQueries.NEXT_CURSOR_HEADER, n.encode()));
    return r.build();
  }

  private static Dtos.ImportJobView view(ImportJobs.Progress p) {
    return new Dtos.ImportJobView(
        p.job().id(),
        p.job().createdAt().toString(),
        p.done(),
        p.refused(),
        p.left(),
        Math.round(p.recordsPerSecond() * 100) / 100.0,
        p.secondsLeft().orElse(null),
        p.waitingForTomorrow());
  }

  /**
   * One CSV cell (RFC 4180 quoting); a cell a spreadsheet would read as a formula is prefixed with
   * an apostrophe, so that opening the report runs nothing.
   */
  static String cell(String value) {
    if (value == null) {
      return "";
    }
    String v = value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      v = "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
