package io.homeward.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.homeward.gateway.config.ImportConfig;
import io.homeward.gateway.config.InputConfig;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.ConfirmationKind;
import io.homeward.gateway.domain.FacialFeature;
import io.homeward.gateway.domain.FeatureAssessment;
import io.homeward.gateway.domain.OrganisationKind;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.domain.Verdict;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.imports.Batch;
import io.homeward.gateway.policy.Justifications;
import io.homeward.gateway.registration.Commands;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Coverage-guided fuzzing of the JSON request bodies (issue 17): any bytes as the body of each
 * request type the API accepts, read as Quarkus REST reads them with the gateway's ObjectMapper,
 * then through the mapping the resource applies (CasesResource.newCase, the bulk import's manifest
 * reader, the Parse helpers each resource calls). The outcome is a value the gateway can use, or a
 * 4xx problem: a body Jackson cannot read is INVALID_REQUEST (ProblemMappers.json and .web), a
 * field the resource refuses is INVALID_REQUEST or JUSTIFICATION_REQUIRED; no other exception, so
 * no 500, and no refusal repeats what was sent.
 */
class JsonBodyFuzzTest {
  /**
   * The ObjectMapper Quarkus makes for the gateway: application.properties sets no
   * quarkus.jackson.* and the gateway has no ObjectMapperCustomizer, so it is Quarkus's defaults
   * (ConfigurationCustomizer): unknown properties ignored, dates as text, the modules found.
   */
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .findAndAddModules()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .build();

  /** homeward.gateway.input.json-body-max-bytes: a larger body is answered 413 unread. */
  private static final int JSON_BODY_MAX_BYTES = 65_536;

  private static final Justifications JUSTIFICATIONS = new Justifications(inputConfig());
  private static final ImportArchive IMPORTS =
      new ImportArchive(importConfig(), JSON, JUSTIFICATIONS);
  private static final ProblemMappers MAPPERS = new ProblemMappers();
  private static final Set<ProblemType> REFUSALS =
      EnumSet.of(ProblemType.INVALID_REQUEST, ProblemType.JUSTIFICATION_REQUIRED);

  /** The body types, in the order the first input byte picks them. */
  private static final List<Class<?>> BODIES =
      List.of(
          Dtos.CreateCase.class,
          Dtos.ImportLine.class,
          Dtos.StatusChange.class,
          Dtos.Confirmation.class,
          Dtos.VerdictRequest.class,
          Dtos.DnaConfirmation.class,
          Dtos.AlertNote.class,
          ReferralsResource.ReferralRequest.class,
          AssignmentsResource.NewAssignment.class,
          AdminOrganisationsResource.NewOrganisation.class,
          AdminOrganisationsResource.OrganisationChange.class,
          PostersResource.NewPosterBody.class,
          AdminUsersResource.NewUser.class,
          AdminSpacesResource.NewJob.class,
          OneTimeSearchesResource.Keep.class,
          SessionResource.Credentials.class,
          SessionResource.Code.class,
          SessionResource.PasswordChange.class);

  @FuzzTest(maxDuration = "60s")
  @DictionaryEntries({
    "{",
    "}",
    "[",
    "]",
    "null",
    "true",
    "false",
    "1e999",
    "-0.0",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"side\":",
    "\"subject\":",
    "\"consent\":",
    "\"sex\":",
    "\"birthYearFrom\":",
    "\"birthYearTo\":",
    "\"eventDate\":",
    "\"regionCode\":",
    "\"basis\":",
    "\"givenBy\":",
    "\"justification\":",
    "\"key\":",
    "\"photos\":",
    "\"file\":",
    "\"source\":",
    "\"ageAtPhoto\":",
    "\"photoYear\":",
    "\"status\":",
    "\"kind\":",
    "\"reference\":",
    "\"verdict\":",
    "\"observations\":",
    "\"feature\":",
    "\"assessment\":",
    "\"note\":",
    "\"candidate\":",
    "\"role\":",
    "\"organisation\":",
    "\"active\":",
    "\"validDays\":",
    "\"MISSING\"",
    "\"FOUND\"",
    "\"VITAL_EMERGENCY\"",
    "\"GUARDIAN\"",
    "\"FAMILY\"",
    "\"DNA\"",
    "\"OPEN\"",
    "\"POTENTIAL_CANDIDATE\"",
    "\"2024-01-31\""
  })
  void everyBodyIsReadIntoAUsableValueOrRefusedWithAProblem(FuzzedDataProvider data) {
    int which = data.consumeInt(0, BODIES.size() - 1);
    byte[] body = data.consumeRemainingAsBytes();
    if (body.length > JSON_BODY_MAX_BYTES) {
      return; // answered 413 before a byte is read (BodyLimits)
    }
    Class<?> type = BODIES.get(which);
    try {
      if (type == Dtos.ImportLine.class) {
        manifest(body);
      } else {
        use(type, read(body, type));
      }
    } catch (MismatchedInputException | InvalidDefinitionException e) {
      problem(MAPPERS.json(e, null), body);
    } catch (JsonProcessingException e) {
      throw new AssertionError("Quarkus REST does not let this through: " + e.getClass(), e);
    } catch (WebApplicationException e) {
      problem(MAPPERS.web(e, null), body);
    } catch (CharConversionException e) {
      // A body Jackson takes for UTF-32 with a code point past U+10FFFF (found by this target).
      problem(MAPPERS.undecodable(e, null), body);
    } catch (GatewayException e) {
      assertThat(e.type()).isIn(REFUSALS);
      assertThat(e.verdict()).isEmpty();
      notEchoed(e.getMessage(), body);
      problem(MAPPERS.gateway(e, null), body);
    } catch (IOException e) {
      throw new AssertionError("a body in memory cannot fail to be read", e);
    }
  }

  /**
   * The body as Quarkus REST reads it (FullyFeaturedServerJacksonMessageBodyReader): an empty body
   * is no body; a mismatched or undefined input is thrown as it is (ProblemMappers.json); any other
   * read or binding failure becomes a 400 WebApplicationException (ProblemMappers.web); a body that
   * cannot be decoded as text throws Jackson's CharConversionException as it is.
   */
  static Object read(byte[] body, Class<?> type) throws IOException {
    if (body.length == 0) {
      return null;
    }
    try {
      return JSON.readerFor(type).readValue(new ByteArrayInputStream(body));
    } catch (MismatchedInputException e) {
      if (e.getMessage().startsWith("No content")) {
        return null;
      }
      throw e;
    } catch (InvalidDefinitionException e) {
      throw e;
    } catch (StreamReadException | DatabindException e) {
      throw new WebApplicationException(e, Response.Status.BAD_REQUEST);
    }
  }

  /** What the resource does with the body before it reaches a use case. */
  private static void use(Class<?> type, Object body) {
    if (type == Dtos.CreateCase.class) {
      Commands.NewCase c = CasesResource.newCase((Dtos.CreateCase) body, JUSTIFICATIONS);
      assertUsable(c);
    } else if (type == Dtos.StatusChange.class) {
      Dtos.StatusChange s = (Dtos.StatusChange) body;
      if (s == null) {
        throw new GatewayException(ProblemType.INVALID_REQUEST, "status is required");
      }
      assertThat(Parse.required(CaseStatus.class, s.status(), "status")).isNotNull();
    } else if (type == Dtos.Confirmation.class) {
      Dtos.Confirmation c = (Dtos.Confirmation) body;
      Optional<ConfirmationKind> kind =
          c == null ? Optional.empty() : ConfirmationKind.named(c.kind());
      if (kind.isEmpty() || c.reference() == null || c.reference().isBlank()) {
        throw new GatewayException(
            ProblemType.INVALID_REQUEST,
            "a confirmation has a kind (" + ConfirmationKind.accepted() + ") and a reference");
      }
      assertThat(Parse.text(c.reference(), 128, "reference")).hasSizeLessThanOrEqualTo(128);
    } else if (type == Dtos.VerdictRequest.class) {
      verdict((Dtos.VerdictRequest) body);
    } else if (type == Dtos.DnaConfirmation.class) {
      Dtos.DnaConfirmation d = (Dtos.DnaConfirmation) body;
      if (d == null || d.reference() == null || d.reference().isBlank()) {
        throw new GatewayException(
            ProblemType.INVALID_REQUEST, "a DNA confirmation has the laboratory's reference");
      }
      assertThat(Parse.text(d.reference().strip(), 128, "reference")).isNotBlank();
    } else if (type == ReferralsResource.ReferralRequest.class) {
      var r = (ReferralsResource.ReferralRequest) body;
      if (r == null || r.candidate() == null || r.candidate().isBlank()) {
        throw new GatewayException(
            ProblemType.INVALID_REQUEST, "candidate is required: the id a search returned");
      }
      Parse.text(r.note(), 500, "note");
    } else if (type == AssignmentsResource.NewAssignment.class) {
      var a = (AssignmentsResource.NewAssignment) body;
      if (a == null) {
        throw new GatewayException(
            ProblemType.INVALID_REQUEST, "organisation and role are required");
      }
      assertThat(Parse.required(Role.class, a.role(), "role")).isNotNull();
    } else if (type == AdminOrganisationsResource.NewOrganisation.class) {
      var o = (AdminOrganisationsResource.NewOrganisation) body;
      if (o == null) {
        throw new GatewayException(ProblemType.INVALID_REQUEST, "id and kind are required");
      }
      assertThat(Parse.required(OrganisationKind.class, o.kind(), "kind")).isNotNull();
    } else if (type == AdminOrganisationsResource.OrganisationChange.class) {
      var o = (AdminOrganisationsResource.OrganisationChange) body;
      if (o != null) {
        Parse.optional(OrganisationKind.class, o.kind(), "kind");
      }
    } else if (type == PostersResource.NewPosterBody.class) {
      var p = (PostersResource.NewPosterBody) body;
      if (p == null || p.caseId() == null || p.caseId().isBlank()) {
        throw new GatewayException(ProblemType.INVALID_REQUEST, "caseId is required");
      }
    }
    // The others (accounts, spaces, one-time searches, sign-in) go to their use case as read.
  }

  /** ReviewsResource.verdict's reading of a verdict and its observations. */
  private static void verdict(Dtos.VerdictRequest body) {
    Verdict v = Parse.required(Verdict.class, body == null ? null : body.verdict(), "verdict");
    assertThat(v).isNotNull();
    List<Dtos.ObservationRequest> given =
        body.observations() == null ? List.of() : body.observations();
    if (given.size() > FacialFeature.values().length) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST,
          "at most " + FacialFeature.values().length + " observations, one per feature");
    }
    for (Dtos.ObservationRequest o : given) {
      if (o == null) {
        throw new GatewayException(ProblemType.INVALID_REQUEST, "an observation is empty");
      }
      Parse.required(FacialFeature.class, o.feature(), "observations.feature");
      Parse.required(FeatureAssessment.class, o.assessment(), "observations.assessment");
      Parse.text(o.note(), 500, "observations.note");
    }
  }

  /** A new case the registration can store: the years, dates and codes the database holds. */
  private static void assertUsable(Commands.NewCase c) {
    assertThat(c.side()).isNotNull();
    Commands.NewSubject s = c.subject();
    assertThat(s.birthYearFrom() == null).isEqualTo(s.birthYearTo() == null);
    if (s.birthYearFrom() != null) {
      assertThat(s.birthYearFrom()).isBetween(Parse.MIN_YEAR, s.birthYearTo());
      assertThat(s.birthYearTo()).isLessThanOrEqualTo(Parse.MAX_YEAR);
    }
    if (s.eventDate() != null) {
      assertThat(s.eventDate().getYear()).isBetween(Parse.MIN_YEAR, Parse.MAX_YEAR);
    }
    if (s.regionCode() != null) {
      assertThat(s.regionCode()).matches("[A-Za-z0-9-]{1,16}");
    }
    if (s.location() != null) {
      assertThat(s.location()).hasSizeLessThanOrEqualTo(500);
    }
    if (c.policeCaseNumber() != null) {
      assertThat(c.policeCaseNumber()).hasSizeLessThanOrEqualTo(64);
    }
    if (c.consent() != null) {
      assertThat(c.consent().basis()).isNotNull();
      assertThat(c.consent().givenBy()).isNotNull();
      if (c.consent().justification() != null) {
        String j = c.consent().justification();
        assertThat(j).isEqualTo(j.strip());
        assertThat(j.codePointCount(0, j.length())).isGreaterThanOrEqualTo(20);
      }
    }
  }

  /**
   * The bulk import reads its manifest's lines with the same ObjectMapper (ImportArchive): the body
   * is the manifest of a batch with one photo. Each record is a new case and photos the import can
   * store, or refused with a problem slug and a reason that does not repeat it; the batch itself is
   * refused with INVALID_REQUEST.
   */
  private static void manifest(byte[] manifest) {
    Batch batch = IMPORTS.read(zip(manifest));
    assertThat(batch.lines()).isNotEmpty();
    for (Batch.Line line : batch.lines()) {
      assertThat(line.key()).matches("[A-Za-z0-9._:/-]{1,128}");
      if (line.record() == null) {
        assertThat(REFUSALS.stream().map(ProblemType::slug)).contains(line.problem());
        notEchoed(line.reason(), manifest);
      } else {
        assertUsable(line.record().newCase());
        assertThat(line.record().photos()).isNotEmpty().hasSizeLessThanOrEqualTo(10);
        line.record()
            .photos()
            .forEach(
                p -> {
                  assertThat(p.file()).isNotBlank().doesNotContain("/");
                  assertThat(p.source()).isNotNull();
                  if (p.ageAtPhoto() != null) {
                    assertThat(p.ageAtPhoto()).isBetween(0f, 120f);
                  }
                  if (p.photoYear() != null) {
                    assertThat(p.photoYear()).isBetween(Parse.MIN_YEAR, Parse.MAX_YEAR);
                  }
                });
      }
    }
  }

  private static byte[] zip(byte[] manifest) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(ImportArchive.MANIFEST));
      zip.write(manifest);
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("a.jpg"));
      zip.write(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff});
      zip.closeEntry();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** A problem the gateway answers: 4xx, INVALID_REQUEST or the refusal's, no input in it. */
  private static void problem(Response response, byte[] body) {
    assertThat(response.getStatus()).isBetween(400, 499);
    Problem p = (Problem) response.getEntity();
    assertThat(p.status()).isEqualTo(response.getStatus());
    assertThat(REFUSALS.stream().map(ProblemType::uri)).contains(p.type());
    notEchoed(p.detail(), body);
  }

  /**
   * A refusal names the field and the rule, never a value sent: its text holds letters, digits and
   * plain punctuation only, so nothing with a quote, bracket, control character or any other script
   * (whatever the body holds) can be in it. A manifest's duplicate record key (letters, digits and
   * . _ : / -) is named back, as the client's own reference for its record.
   */
  private static void notEchoed(String message, byte[] body) {
    assertThat(message).as("refusal text").matches("[A-Za-z0-9 .,;:()'_/-]+");
  }

  private static InputConfig inputConfig() {
    return new InputConfig() {
      @Override
      public int justificationMinLength() {
        return 20;
      }

      @Override
      public long jsonBodyMaxBytes() {
        return JSON_BODY_MAX_BYTES;
      }

      @Override
      public long imageBodyMaxBytes() {
        return 20_971_520;
      }
    };
  }

  private static ImportConfig importConfig() {
    return new ImportConfig() {
      @Override
      public int workers() {
        return 1;
      }

      @Override
      public int maxRecordsPerBatch() {
        return 500;
      }

      @Override
      public int maxEntriesPerBatch() {
        return 1000;
      }

      @Override
      public long maxUnpackedBytesPerBatch() {
        return 67_108_864;
      }

      @Override
      public long maxManifestBytes() {
        return 4_194_304;
      }

      @Override
      public int recordsPerDay() {
        return 20_000;
      }

      @Override
      public int maxPhotosPerRecord() {
        return 10;
      }

      @Override
      public Duration resumeEvery() {
        return Duration.ofSeconds(30);
      }
    };
  }
}
