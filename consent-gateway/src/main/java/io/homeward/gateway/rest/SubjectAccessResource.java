package io.homeward.gateway.rest;

import io.homeward.gateway.access.Scope;
import io.homeward.gateway.accessrequests.AccessRequests;
import io.homeward.gateway.accessrequests.SubjectCorrection;
import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.domain.Sex;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.store.ConsentRecord;
import io.homeward.gateway.store.PhotoRecord;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Access and correction requests (PRIVACY.md rule 21), for privacy officers (purpose
 * PRIVACY_AUDIT): the report of everything held about the subject of one case, its photos as
 * watermarked thumbnails, and corrections.
 */
@Path("/api/v1/oversight/subject-access")
@Authenticated
@Tag(name = "oversight")
@Produces(MediaType.APPLICATION_JSON)
public class SubjectAccessResource {
  private final RequestContext request;
  private final AccessRequests requests;
  private final Scope scope;

  public SubjectAccessResource(RequestContext request, AccessRequests requests, Scope scope) {
    this.request = request;
    this.requests = requests;
    this.scope = scope;
  }

  /** The subject's data as held. */
  public record SubjectData(
      String subjectId,
      String sex,
      Integer birthYearFrom,
      Integer birthYearTo,
      String eventDate,
      String regionCode,
      String location,
      boolean protectedPerson,
      boolean disclosureRefused,
      boolean lacksCapacity) {}

  /** A consent as held. */
  public record ConsentData(
      String id,
      String basis,
      String givenBy,
      String relationship,
      boolean trainingConsent,
      String justification,
      Instant grantedAt,
      Instant expiresAt,
      boolean verified,
      Instant verifiedAt,
      Instant withdrawnAt) {}

  /** A photo as held; its thumbnail is at {@code thumbnail}. */
  public record PhotoData(
      String id,
      String source,
      Integer photoYear,
      Float ageAtPhoto,
      String state,
      Instant createdAt,
      String thumbnail) {}

  /** One step of the case's history, from the audit. */
  public record StepData(
      long seq,
      Instant at,
      String action,
      String role,
      String organisation,
      String purpose,
      boolean allowed,
      String displayed) {}

  /** Something held and withheld, and why. */
  public record WithheldData(String what, String reason) {}

  /** Everything held about the subject of one case, less what is withheld (listed). */
  public record AccessReportView(
      Instant generatedAt,
      String caseId,
      String side,
      String status,
      String organisation,
      Instant createdAt,
      Instant confirmedAt,
      Instant closedAt,
      SubjectData subject,
      List<ConsentData> consents,
      List<PhotoData> photos,
      List<StepData> history,
      boolean historyTruncated,
      List<WithheldData> withheld) {}

  /** A correction: the fields to change (absent ones stay as they are). */
  public record CorrectionBody(
      String sex,
      Integer birthYearFrom,
      Integer birthYearTo,
      String eventDate,
      String regionCode) {}

  @GET
  @Path("{caseId}")
  @Operation(
      summary =
          "The access report for the subject of one case of the caller's organisation: case"
              + " metadata, the subject's data, consents, photos (thumbnail addresses), the case's"
              + " history from the audit, and what police confidentiality withholds. Audited.")
  public AccessReportView report(@PathParam("caseId") String caseId) {
    scope.requireCase(request.actor(), request.purpose(), caseId);
    return view(requests.report(request.actor(), request.purpose(), caseId));
  }

  @GET
  @Path("{caseId}/photos/{photoId}")
  @Produces("image/jpeg")
  @Operation(
      summary =
          "A photo of the access report, watermarked for the subject's own eyes (no export"
              + " otherwise). Audited.")
  public Response thumbnail(
      @PathParam("caseId") String caseId, @PathParam("photoId") String photoId) {
    scope.requireCase(request.actor(), request.purpose(), caseId);
    byte[] jpeg = requests.thumbnail(request.actor(), request.purpose(), caseId, photoId);
    return Response.ok(jpeg, "image/jpeg").header("Cache-Control", "no-store").build();
  }

  @POST
  @Path("{caseId}/corrections")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Correct the subject's sex, birth years, event date or region on their request,"
              + " validated as a new case's; answers the report as it now stands. Audited (the"
              + " before and after sealed under the subject's key).")
  public AccessReportView correct(@PathParam("caseId") String caseId, CorrectionBody body) {
    if (body == null) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "name at least one field to correct");
    }
    SubjectCorrection correction =
        new SubjectCorrection(
            Optional.ofNullable(sex(body.sex())),
            Optional.ofNullable(Parse.year(body.birthYearFrom(), "birthYearFrom")),
            Optional.ofNullable(Parse.year(body.birthYearTo(), "birthYearTo")),
            Optional.ofNullable(Parse.date(body.eventDate(), "eventDate")),
            Optional.ofNullable(Parse.code(body.regionCode(), "regionCode")));
    scope.requireCase(request.actor(), request.purpose(), caseId);
    return view(requests.correct(request.actor(), request.purpose(), caseId, correction));
  }

  private static Sex sex(String value) {
    if (value == null) {
      return null;
    }
    String letter = value.trim().toUpperCase(Locale.ROOT);
    for (Sex s : Sex.values()) {
      if (s.name().equals(letter)) {
        return s;
      }
    }
    throw new GatewayException(ProblemType.INVALID_REQUEST, Parse.unknown(Sex.class, "sex"));
  }

  private static AccessReportView view(AccessRequests.Report r) {
    var c = r.caseRecord();
    var s = r.subject();
    return new AccessReportView(
        r.generatedAt(),
        c.id(),
        c.side().name(),
        c.status().name(),
        c.organisation(),
        c.createdAt(),
        c.confirmedAt(),
        c.closedAt(),
        new SubjectData(
            s.id(),
            s.sex() == null ? null : s.sex().name(),
            s.birthYearFrom(),
            s.birthYearTo(),
            s.eventDate() == null ? null : s.eventDate().toString(),
            s.regionCode(),
            r.location().orElse(null),
            s.protectedPerson(),
            s.disclosureRefused(),
            s.lacksCapacity()),
        r.consents().stream().map(SubjectAccessResource::consent).toList(),
        r.photos().stream().map(p -> photo(c.id(), p)).toList(),
        r.history().stream()
            .map(
                h ->
                    new StepData(
                        h.seq(),
                        h.at(),
                        h.action(),
                        h.role(),
                        h.organisation(),
                        h.purpose(),
                        h.allowed(),
                        h.displayed().orElse(null)))
            .toList(),
        r.historyTruncated(),
        r.withheld().stream().map(w -> new WithheldData(w.what(), w.reason())).toList());
  }

  private static ConsentData consent(AccessRequests.Consent k) {
    ConsentRecord c = k.record();
    return new ConsentData(
        c.id(),
        c.basis().name(),
        c.givenBy().name(),
        c.relationship(),
        c.trainingConsent(),
        k.justification().orElse(null),
        c.grantedAt(),
        c.expiresAt(),
        c.verifiedAt() != null,
        c.verifiedAt(),
        c.withdrawnAt());
  }

  private static PhotoData photo(String caseId, PhotoRecord p) {
    return new PhotoData(
        p.id(),
        p.source().name(),
        p.photoYear(),
        p.ageAtPhoto(),
        p.state().name(),
        p.createdAt(),
        "/api/v1/oversight/subject-access/" + caseId + "/photos/" + p.id());
  }
}
