package io.homeward.gateway.accessrequests;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.audit.AuditQuery;
import io.homeward.gateway.audit.AuditReader;
import io.homeward.gateway.audit.AuditView;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.Display;
import io.homeward.gateway.domain.LegalBasis;
import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.images.ImageRenderer;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyFacts;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseSnapshot;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.ConsentRecord;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.OutboxStore;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.SubjectCorrectionStore;
import io.homeward.gateway.store.SubjectRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Access and correction requests (PRIVACY.md rule 21): a privacy officer answers a subject's
 * request with everything held about them (the case's metadata, the subject's data, the consents,
 * the photos as watermarked thumbnails for the subject's own eyes, and from the audit where the
 * case was searched and who viewed it), except what police confidentiality withholds, which the
 * report lists as withheld with the reason. Corrections are validated as a new case's fields are
 * and audited with the before and after sealed under the subject's audit key (never in the logs).
 * Decided by policy, within the officer's organisation, and audited.
 */
@ApplicationScoped
public class AccessRequests {
  /** A report is for reading and printing: the case's history is gathered up to this many. */
  static final int MAX_HISTORY = 2000;

  private static final String POLICE_CONFIDENTIALITY = "police confidentiality";

  private final Database db;
  private final CaseStore cases;
  private final SubjectCorrectionStore corrections;
  private final OutboxStore outbox;
  private final AuditReader reader;
  private final ImageStore images;
  private final ImageRenderer renderer;
  private final FieldSealer sealer;
  private final Guard guard;
  private final AuditLog audit;
  private final Clock clock;

  public AccessRequests(
      Database db,
      CaseStore cases,
      SubjectCorrectionStore corrections,
      OutboxStore outbox,
      AuditReader reader,
      ImageStore images,
      ImageRenderer renderer,
      FieldSealer sealer,
      Guard guard,
      AuditLog audit,
      Clock clock) {
    this.db = db;
    this.cases = cases;
    this.corrections = corrections;
    this.outbox = outbox;
    this.reader = reader;
    this.images = images;
    this.renderer = renderer;
    this.sealer = sealer;
    this.guard = guard;
    this.audit = audit;
    this.clock = clock;
  }

  /** Something held and not disclosed, and why. */
  public record Withheld(String what, String reason) {}

  /** A consent as held (its justification only where no confidentiality applies). */
  public record Consent(ConsentRecord record, Optional<String> justification) {}

  /** One step of the case's history, from the audit: when, what, who (role and organisation). */
  public record Step(
      long seq,
      Instant at,
      String action,
      String role,
      String organisation,
      String purpose,
      boolean allowed,
      Optional<String> displayed) {}

  /** Everything held about the subject of one case. */
  public record Report(
      Instant generatedAt,
      CaseRecord caseRecord,
      SubjectRecord subject,
      Optional<String> location,
      List<Consent> consents,
      List<PhotoRecord> photos,
      List<Step> history,
      boolean historyTruncated,
      List<Withheld> withheld) {}

  /** The report for the subject of {@code caseId}. */
  public Report report(Actor actor, Purpose purpose, String caseId) {
    Instant now = clock.instant();
    CaseSnapshot c = db.inTransaction(tx -> snapshot(tx, caseId));
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.VIEW, purpose)
            .caseId(caseId)
            .subject(c.subject().id())
            .displayed(Display.METADATA);
    PolicyDecision decision = require(actor, purpose, Action.SUBJECT_ACCESS_REPORT, c, draft);
    Report report = compose(c, now);
    db.inTransaction(
        tx ->
            audit.append(
                tx,
                draft
                    .detail(
                        "subject access report; withheld: "
                            + report.withheld().size()
                            + "; history: "
                            + report.history().size())
                    .build(now, decision, true)));
    return report;
  }

  private Report compose(CaseSnapshot c, Instant now) {
    boolean policeCase = c.record().policeCase();
    List<Withheld> withheld = new ArrayList<>();
    if (policeCase) {
      withheld.add(new Withheld("police case number", POLICE_CONFIDENTIALITY));
    }
    Optional<String> location = Optional.empty();
    if (c.subject().locationSealed() != null) {
      if (policeCase) {
        withheld.add(new Withheld("location", POLICE_CONFIDENTIALITY));
      } else {
        location =
            Optional.ofNullable(
                sealer.openPlaintext("subjects.location", c.subject().locationSealed()));
      }
    }
    if (c.subject().guardianFlagged()) {
      withheld.add(new Withheld("a police flag on the guardian", POLICE_CONFIDENTIALITY));
    }
    List<Consent> consents = new ArrayList<>();
    for (ConsentRecord k : c.consents()) {
      Optional<String> justification = Optional.empty();
      if (k.justificationSealed() != null) {
        if (policeBasis(k)) {
          withheld.add(
              new Withheld(
                  "the police's justification of consent " + k.id(), POLICE_CONFIDENTIALITY));
        } else {
          justification =
              Optional.ofNullable(
                  sealer.openPlaintext("consents.justification", k.justificationSealed()));
        }
      }
      consents.add(new Consent(k, justification));
    }
    List<PhotoRecord> photos = new ArrayList<>();
    for (PhotoRecord p : c.livePhotos()) {
      if (policePhoto(c.record(), p)) {
        withheld.add(
            new Withheld("photo " + p.id() + " supplied by police", POLICE_CONFIDENTIALITY));
      } else {
        photos.add(p);
      }
    }
    List<Step> history = new ArrayList<>();
    long policeSteps = 0;
    Optional<Long> before = Optional.empty();
    boolean truncated = false;
    while (true) {
      List<AuditView> page =
          reader.find(
              new AuditQuery(
                  new AuditQuery.Filters(
                      Optional.empty(),
                      Optional.empty(),
                      Optional.of(c.record().id()),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty()),
                  before,
                  AuditReader.MAX_PAGE,
                  EVERY_RECORD));
      for (AuditView r : page) {
        if (policeCase && Role.POLICE_INVESTIGATOR.name().equals(r.role())) {
          policeSteps++;
        } else if (history.size() < MAX_HISTORY) {
          history.add(
              new Step(
                  r.seq(),
                  r.at(),
                  r.action(),
                  r.role(),
                  r.organisation(),
                  r.purpose(),
                  r.allowed(),
                  r.displayed()));
        } else {
          truncated = true;
        }
      }
      if (page.size() < AuditReader.MAX_PAGE || truncated) {
        break;
      }
      before = Optional.of(page.get(page.size() - 1).seq());
    }
    if (policeSteps > 0) {
      withheld.add(
          new Withheld(policeSteps + " steps of the police investigation", POLICE_CONFIDENTIALITY));
    }
    return new Report(
        now, c.record(), c.subject(), location, consents, photos, history, truncated, withheld);
  }

  /** The case's own records, whoever wrote them; the case filter narrows them. */
  private static final AuditQuery.Scope EVERY_RECORD =
      new AuditQuery.Scope() {
        @Override
        public String sql() {
          return "1 = 1";
        }

        @Override
        public int bind(PreparedStatement ps, int index) {
          return index;
        }
      };

  private static boolean policeBasis(ConsentRecord k) {
    return k.basis() == LegalBasis.STATUTORY_DUTY || k.basis() == LegalBasis.VITAL_EMERGENCY;
  }

  private static boolean policePhoto(CaseRecord c, PhotoRecord p) {
    return c.policeCase() && p.source() == PhotoSource.POLICE;
  }

  /** A photo of the report as a thumbnail for the subject's own eyes, watermarked. */
  public byte[] thumbnail(Actor actor, Purpose purpose, String caseId, String photoId) {
    Instant now = clock.instant();
    CaseSnapshot c = db.inTransaction(tx -> snapshot(tx, caseId));
    PhotoRecord photo =
        c.livePhotos().stream()
            .filter(p -> p.id().equals(photoId) && p.imageRef() != null)
            .findFirst()
            .orElseThrow(() -> new GatewayException(ProblemType.NOT_FOUND, "no such photo"));
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.VIEW, purpose)
            .caseId(caseId)
            .subject(c.subject().id())
            .ageBand(photo.ageAtPhoto())
            .candidate(photoId);
    PolicyDecision decision = require(actor, purpose, Action.SUBJECT_ACCESS_PHOTO, c, draft);
    if (policePhoto(c.record(), photo)) {
      // Withheld from the report: it does not exist here either.
      throw new GatewayException(ProblemType.NOT_FOUND, "no such photo");
    }
    byte[] jpeg =
        renderer.render(
            images.readPlaintext(photo.imageRef()),
            false,
            "subject access "
                + actor.subject()
                + " "
                + actor.organisation()
                + " "
                + now.truncatedTo(ChronoUnit.SECONDS));
    db.inTransaction(
        tx ->
            audit.append(
                tx,
                draft
                    .displayed(Display.CLEAR)
                    .detail("subject access thumbnail")
                    .build(now, decision, true)));
    return jpeg;
  }

  /**
   * Applies a correction of the subject's data; the merged data must pass a new case's checks. The
   * audit names the fields changed, and seals their before and after under the subject's key.
   */
  public Report correct(Actor actor, Purpose purpose, String caseId, SubjectCorrection correction) {
    Instant now = clock.instant();
    if (correction.isEmpty()) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "name at least one field to correct");
    }
    CaseSnapshot c = db.inTransaction(tx -> snapshot(tx, caseId));
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.CASE_CHANGE, purpose)
            .caseId(caseId)
            .subject(c.subject().id());
    PolicyDecision decision = require(actor, purpose, Action.CORRECT_SUBJECT, c, draft);
    SubjectRecord s = c.subject();
    SubjectRecord after =
        new SubjectRecord(
            s.id(),
            s.caseId(),
            correction.sex().orElse(s.sex()),
            correction.birthYearFrom().orElse(s.birthYearFrom()),
            correction.birthYearTo().orElse(s.birthYearTo()),
            correction.eventDate().orElse(s.eventDate()),
            correction.regionCode().orElse(s.regionCode()),
            s.locationSealed(),
            s.protectedPerson(),
            s.disclosureRefused(),
            s.lacksCapacity(),
            s.guardianFlagged(),
            s.missingSide());
    if (after.birthYearFrom() != null
        && after.birthYearTo() != null
        && after.birthYearFrom() > after.birthYearTo()) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, "subject.birthYearFrom is after subject.birthYearTo");
    }
    if (after.birthYearFrom() == null ^ after.birthYearTo() == null) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, "give both ends of the birth-year range, or neither");
    }
    List<String> fields = new ArrayList<>();
    List<String> changes = new ArrayList<>();
    change(fields, changes, "sex", s.sex(), after.sex());
    change(fields, changes, "birthYearFrom", s.birthYearFrom(), after.birthYearFrom());
    change(fields, changes, "birthYearTo", s.birthYearTo(), after.birthYearTo());
    change(fields, changes, "eventDate", s.eventDate(), after.eventDate());
    change(fields, changes, "regionCode", s.regionCode(), after.regionCode());
    // The index holds the subject's sex, birth years and region beside each face, to filter and
    // rank
    // by: a correction of one of them is indexed again, as enrolment indexes (an open case only).
    boolean indexed =
        c.record().status() == CaseStatus.OPEN
            && (fields.contains("sex")
                || fields.contains("birthYearFrom")
                || fields.contains("birthYearTo")
                || fields.contains("regionCode"));
    db.inTransaction(
        tx -> {
          corrections.correct(tx, after);
          if (indexed) {
            for (PhotoRecord p : c.livePhotos()) {
              outbox.enqueue(tx, OutboxStore.Kind.UPSERT, p.id(), p.faceId(), caseId, now);
            }
          }
          return audit.append(
              tx,
              draft
                  .detail(
                      "subject corrected: "
                          + (fields.isEmpty() ? "nothing changed" : String.join(",", fields)))
                  .justification(changes.isEmpty() ? null : String.join("; ", changes))
                  .build(now, decision, true));
        });
    // Composed after the commit: the report reads the audit on a connection of its own, which a
    // transaction still open here would hold one more of (parallel corrections could exhaust the
    // pool).
    return compose(db.inTransaction(tx -> snapshot(tx, caseId)), now);
  }

  private static void change(
      List<String> fields, List<String> changes, String name, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      fields.add(name);
      changes.add(name + " " + before + " -> " + after);
    }
  }

  private PolicyDecision require(
      Actor actor, Purpose purpose, Action action, CaseSnapshot c, AuditDraft draft) {
    return guard.require(
        PolicyRequest.of(actor, action)
            .purpose(purpose)
            .caseFacts(PolicyFacts.caseFacts(c.record(), actor, Optional.empty()))
            .build(),
        draft);
  }

  private CaseSnapshot snapshot(Connection tx, String caseId) throws SQLException {
    if (!Ids.looksLike("c", caseId)) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such case");
    }
    return cases
        .snapshot(tx, caseId)
        .orElseThrow(() -> new GatewayException(ProblemType.NOT_FOUND, "no such case"));
  }
}
