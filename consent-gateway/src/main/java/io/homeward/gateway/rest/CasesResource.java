package io.homeward.gateway.rest;

import io.homeward.gateway.access.Scope;
import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.cases.CaseList;
import io.homeward.gateway.cases.CaseService;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.ConfirmationKind;
import io.homeward.gateway.domain.ConsentGiver;
import io.homeward.gateway.domain.LegalBasis;
import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.domain.Sex;
import io.homeward.gateway.domain.Side;
import io.homeward.gateway.enrolment.Enrolment;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.policy.Justifications;
import io.homeward.gateway.registration.Commands;
import io.homeward.gateway.registration.EnrolledPhoto;
import io.homeward.gateway.registration.NewPhoto;
import io.homeward.gateway.retention.Erasure;
import io.homeward.gateway.search.CandidateView;
import io.homeward.gateway.search.CaseSearch;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Cases: registration, consent, photos, searches, confirmations and status. */
@Path("/api/v1/cases")
@Authenticated
@Tag(name = "cases")
@Produces(MediaType.APPLICATION_JSON)
public class CasesResource {
  /** The header that names an enrolment for the client (IETF draft "The Idempotency-Key"). */
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /** Set on the answer to a repeated enrolment. */
  static final String REPLAYED = "Idempotent-Replayed";

  private static final int MAX_PHOTO_BYTES = 20 * 1024 * 1024;
  private final RequestContext request;
  private final CaseService cases;
  private final Enrolment enrolment;
  private final CaseSearch search;
  private final Justifications justifications;
  // Every endpoint that takes a case id asks it first: another organisation's case is not found.
  private final Scope scope;
  private final CaseList caseList;

  public CasesResource(
      RequestContext request,
      CaseService cases,
      Enrolment enrolment,
      CaseSearch search,
      Justifications justifications,
      Scope scope,
      CaseList caseList) {
    this.request = request;
    this.cases = cases;
    this.enrolment = enrolment;
    this.search = search;
    this.justifications = justifications;
    this.scope = scope;
    this.caseList = caseList;
  }

  private void inScope(String caseId) {
    scope.requireCase(request.actor(), request.purpose(), caseId);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Register a MISSING or FOUND case with its subject and legal basis")
  public Response create(Dtos.CreateCase body) {
    var created = cases.create(request.actor(), request.purpose(), newCase(body, justifications));
    return Response.status(201).entity(Views.caseView(created)).build();
  }

  /**
   * Reads a new case as a single registration does; the bulk import reads each record of a manifest
   * the same way.
   */
  static Commands.NewCase newCase(Dtos.CreateCase body, Justifications justifications) {
    if (body == null || body.subject() == null) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "side and subject are required");
    }
    Dtos.Subject s = body.subject();
    Integer from = Parse.year(s.birthYearFrom(), "subject.birthYearFrom");
    Integer to = Parse.year(s.birthYearTo(), "subject.birthYearTo");
    if (from != null && to != null && from > to) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, "subject.birthYearFrom is after subject.birthYearTo");
    }
    if (from == null ^ to == null) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, "give both ends of the birth-year range, or neither");
    }
    Sex sex = sex(s.sex());
    Commands.NewConsent consent = null;
    if (body.consent() != null) {
      LegalBasis basis = Parse.required(LegalBasis.class, body.consent().basis(), "consent.basis");
      String justification =
          Parse.text(body.consent().justification(), 2000, "consent.justification");
      // Rule 2: a vital emergency has a written justification, of some substance.
      justification =
          basis == LegalBasis.VITAL_EMERGENCY
              ? justifications.required(justification, "consent.justification")
              : justifications.optional(justification, "consent.justification");
      consent =
          new Commands.NewConsent(
              basis,
              Parse.required(ConsentGiver.class, body.consent().givenBy(), "consent.givenBy"),
              Parse.text(body.consent().relationship(), 32, "consent.relationship"),
              Parse.flag(body.consent().trainingConsent()),
              justification);
    }
    return new Commands.NewCase(
        Parse.required(Side.class, body.side(), "side"),
        new Commands.NewSubject(
            sex,
            from,
            to,
            Parse.date(s.eventDate(), "subject.eventDate"),
            Parse.code(s.regionCode(), "subject.regionCode"),
            Parse.text(s.location(), 500, "subject.location"),
            Parse.flag(s.protectedPerson()),
            Parse.flag(s.disclosureRefused()),
            Parse.flag(s.lacksCapacity()),
            Parse.flag(s.guardianFlagged())),
        Parse.text(body.policeCaseNumber(), 64, "policeCaseNumber"),
        consent);
  }

  /**
   * The subject's sex in any case, spaces around ignored; absent when not recorded. Unlike other
   * enum fields a blank value is refused, as before the enum.
   */
  private static Sex sex(String value) {
    if (value == null) {
      return null;
    }
    String letter = value.trim().toUpperCase(Locale.ROOT);
    return Arrays.stream(Sex.values())
        .filter(v -> v.name().equals(letter))
        .findFirst()
        .orElseThrow(
            () ->
                new GatewayException(
                    ProblemType.INVALID_REQUEST, Parse.unknown(Sex.class, "subject.sex")));
  }

  @GET
  @Operation(
      summary =
          "The cases within reach, newest first, a page at a time (ids, sides, statuses, dates);"
              + " the next page's cursor is in Homeward-Next-Cursor")
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
                      implementation = ListQueries.CaseSummaryView.class)))
  public Response list(
      @QueryParam("side") @Parameter(schema = @Schema(implementation = Side.class)) String side,
      @QueryParam("status") @Parameter(schema = @Schema(implementation = CaseStatus.class))
          String status,
      @QueryParam("registeredFrom") @Parameter(description = "first day, YYYY-MM-DD (UTC)")
          String registeredFrom,
      @QueryParam("registeredTo") @Parameter(description = "last day, YYYY-MM-DD (UTC)")
          String registeredTo,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") Integer limit) {
    CaseList.Page page =
        caseList.list(
            request.actor(),
            request.purpose(),
            ListQueries.caseFilter(side, status, registeredFrom, registeredTo),
            ListQueries.cursor(cursor, "c"),
            ListQueries.limit(limit, 50, 200));
    Response.ResponseBuilder r =
        Response.ok(page.cases().stream().map(ListQueries::caseSummary).toList());
    page.next().ifPresent(n -> r.header(ListQueries.NEXT_CURSOR_HEADER, n.encode()));
    return r.build();
  }

  @GET
  @Path("{id}")
  @Operation(summary = "A case's metadata (no face data)")
  public Dtos.CaseView read(@PathParam("id") String id) {
    inScope(id);
    return Views.caseView(cases.read(request.actor(), request.purpose(), id));
  }

  @POST
  @Path("{id}/consents/{consentId}/verification")
  @Operation(summary = "Record that a caseworker verified a guardian's identity and relationship")
  public Dtos.CaseView verify(
      @PathParam("id") String id, @PathParam("consentId") String consentId) {
    inScope(id);
    return Views.caseView(cases.verifyConsent(request.actor(), request.purpose(), id, consentId));
  }

  @POST
  @Path("{id}/consents/{consentId}/withdrawal")
  @Operation(summary = "Withdraw a consent: vectors, images and crops are erased")
  public Dtos.ErasureView withdraw(
      @PathParam("id") String id, @PathParam("consentId") String consentId) {
    inScope(id);
    Erasure.Report r = cases.withdrawConsent(request.actor(), request.purpose(), id, consentId);
    return new Dtos.ErasureView(r.caseId(), r.imagesDeleted(), r.indexRemovalQueued());
  }

  @POST
  @Path("{id}/photos")
  @Consumes({
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/bmp",
    "image/tiff",
    MediaType.APPLICATION_OCTET_STREAM
  })
  @Operation(summary = "Enrol a photo under a case (the body is the image)")
  public Response enrol(
      @PathParam("id") String id,
      @QueryParam("source") @Parameter(schema = @Schema(implementation = PhotoSource.class))
          String source,
      @QueryParam("ageAtPhoto") Float ageAtPhoto,
      @QueryParam("photoYear") Integer photoYear,
      @QueryParam("faceBox")
          @Parameter(
              description =
                  "A face box drawn by hand, x,y,width,height in the photo's pixels after EXIF"
                      + " orientation; used only when no face is detected on the whole photo",
              example = "120,80,200,200")
          String faceBox,
      @HeaderParam(IDEMPOTENCY_KEY)
          @Parameter(
              description =
                  "The client's name for this enrolment (e.g. a UUID), so that sending it again"
                      + " after a lost answer stores nothing new: a repeat answers 200 with the"
                      + " photo the first request stored and Idempotent-Replayed: true",
              example = "0b6f8a3e-5d0c-4f7e-9a55-8c3f1d2e7b10")
          String idempotencyKey,
      byte[] image) {
    inScope(id);
    String requestKey = Parse.requestKey(idempotencyKey, IDEMPOTENCY_KEY);
    if (image != null && image.length > MAX_PHOTO_BYTES) {
      throw new GatewayException(ProblemType.IMAGE_TOO_LARGE, "the image is larger than 20 MB");
    }
    if (ageAtPhoto != null && (ageAtPhoto < 0 || ageAtPhoto > 120)) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "ageAtPhoto is 0 to 120");
    }
    EnrolledPhoto p =
        enrolment.enrol(
            request.actor(),
            request.purpose(),
            id,
            new NewPhoto(
                image,
                Parse.required(PhotoSource.class, source, "source"),
                ageAtPhoto,
                Parse.year(photoYear, "photoYear"),
                Parse.faceBox(faceBox, "faceBox")),
            requestKey);
    if (p.replayed()) {
      return Response.ok(Views.enrolledView(p)).header(REPLAYED, "true").build();
    }
    return Response.status(201).entity(Views.enrolledView(p)).build();
  }

  @GET
  @Path("{id}/photos")
  @Operation(
      summary =
          "The case's photos (metadata, no image), oldest first, a page at a time; the next"
              + " page's cursor is in Homeward-Next-Cursor")
  @APIResponse(
      responseCode = "200",
      description = "a page; Homeward-Next-Cursor names the next one, if there may be one",
      headers = @Header(name = "Homeward-Next-Cursor", schema = @Schema(type = SchemaType.STRING)),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.ARRAY, implementation = Dtos.PhotoView.class)))
  public Response photos(
      @PathParam("id") String id,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") Integer limit) {
    inScope(id);
    CaseList.PhotoPage page =
        caseList.photos(
            request.actor(),
            request.purpose(),
            id,
            ListQueries.cursor(cursor, "p"),
            ListQueries.limit(limit, 50, 200));
    Response.ResponseBuilder r = Response.ok(page.photos().stream().map(Views::photoView).toList());
    page.next().ifPresent(n -> r.header(ListQueries.NEXT_CURSOR_HEADER, n.encode()));
    return r.build();
  }

  @POST
  @Path("{id}/searches")
  @Operation(summary = "Search the other side with the case's photos (an open case only)")
  public Dtos.SearchView search(@PathParam("id") String id) {
    inScope(id);
    CaseSearch.Result r = search.searchCase(request.actor(), request.purpose(), id);
    scope.rememberCandidates(
        r.caseId(), r.candidates().stream().map(CandidateView::photoId).toList());
    return new Dtos.SearchView(r.caseId(), r.candidates(), r.calibration());
  }

  @POST
  @Path("{id}/confirmations")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Record a DNA or document confirmation")
  public Response confirm(@PathParam("id") String id, Dtos.Confirmation body) {
    inScope(id);
    Optional<ConfirmationKind> kind =
        body == null ? Optional.empty() : ConfirmationKind.named(body.kind());
    if (kind.isEmpty() || body.reference() == null || body.reference().isBlank()) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST,
          "a confirmation has a kind (" + ConfirmationKind.accepted() + ") and a reference");
    }
    cases.recordConfirmation(
        request.actor(),
        request.purpose(),
        id,
        kind.get(),
        Parse.text(body.reference(), 128, "reference"));
    return Response.noContent().build();
  }

  @POST
  @Path("{id}/status")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Mark a case FOUND, REUNIFIED (after a confirmation) or CLOSED")
  public Dtos.CaseView status(@PathParam("id") String id, Dtos.StatusChange body) {
    inScope(id);
    if (body == null) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "status is required");
    }
    return Views.caseView(
        cases.changeStatus(
            request.actor(),
            request.purpose(),
            id,
            Parse.required(CaseStatus.class, body.status(), "status")));
  }
}
