package io.homeward.gateway.policy;

import static io.homeward.gateway.domain.CaseStatus.CLOSED;
import static io.homeward.gateway.domain.CaseStatus.PENDING;
import static io.homeward.gateway.domain.ConsentGiver.CARETAKER;
import static io.homeward.gateway.domain.ConsentGiver.GUARDIAN;
import static io.homeward.gateway.domain.ConsentGiver.POLICE;
import static io.homeward.gateway.domain.ConsentGiver.SUBJECT;
import static io.homeward.gateway.domain.LegalBasis.CONSENT;
import static io.homeward.gateway.domain.LegalBasis.GUARDIAN_CONSENT;
import static io.homeward.gateway.domain.LegalBasis.STATUTORY_DUTY;
import static io.homeward.gateway.domain.Purpose.ADMINISTRATION;
import static io.homeward.gateway.domain.Purpose.CANDIDATE_VERIFICATION;
import static io.homeward.gateway.domain.Purpose.FAMILY_TRACING;
import static io.homeward.gateway.domain.Purpose.IDENTIFICATION;
import static io.homeward.gateway.domain.Purpose.PRIVACY_AUDIT;
import static io.homeward.gateway.domain.Role.ADMIN;
import static io.homeward.gateway.domain.Role.FACE_EXAMINER;
import static io.homeward.gateway.domain.Role.NGO_CASEWORKER;
import static io.homeward.gateway.domain.Role.NGO_VOLUNTEER;
import static io.homeward.gateway.domain.Role.POLICE_INVESTIGATOR;
import static io.homeward.gateway.domain.Role.PRIVACY_OFFICER;
import static io.homeward.gateway.domain.Side.FOUND;
import static io.homeward.gateway.domain.Side.MISSING;
import static io.homeward.gateway.policy.PolicyFixtures.ENGINE;
import static io.homeward.gateway.policy.PolicyFixtures.actor;
import static io.homeward.gateway.policy.PolicyFixtures.age;
import static io.homeward.gateway.policy.PolicyFixtures.consent;
import static io.homeward.gateway.policy.PolicyFixtures.emergency;
import static io.homeward.gateway.policy.PolicyFixtures.expired;
import static io.homeward.gateway.policy.PolicyFixtures.lightUsage;
import static io.homeward.gateway.policy.PolicyFixtures.openCase;
import static io.homeward.gateway.policy.PolicyFixtures.protectedPerson;
import static io.homeward.gateway.policy.PolicyFixtures.refusedDisclosure;
import static io.homeward.gateway.policy.PolicyFixtures.review;
import static io.homeward.gateway.policy.PolicyFixtures.training;
import static io.homeward.gateway.policy.PolicyFixtures.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.domain.Role;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, validation, versioning and fail-closed behaviour of the engine itself. */
class CedarPolicyEngineTest {
  private static final Pattern RULE_ID =
      Pattern.compile("(rule-\\d+(-\\d+)?|roles|threat-[a-z]+|scope)-(permit|forbid)-[a-z0-9-]+");

  @TempDir Path dir;

  @Test
  void cedarKeepsTheParsedPoliciesAndSchemaSoADecisionDoesNotParseThemAgain() {
    // The whole suite of rule tests decides through this engine: the fast path gives their answers.
    assertThat(ENGINE.keepsParsed()).isTrue();
  }

  @Test
  void everyShippedPolicyHasAnIdNamedAfterItsRuleAndEffect() {
    List<LoadedPolicy> policies = ENGINE.policies();
    assertThat(policies).hasSizeGreaterThan(50);
    assertThat(ENGINE.policyIds()).hasSameSizeAs(policies);
    for (LoadedPolicy policy : policies) {
      assertThat(policy.id()).matches(RULE_ID);
      assertThat(policy.id()).contains(policy.forbid() ? "-forbid-" : "-permit-");
    }
    assertThat(ENGINE.policyIds())
        .contains(
            "rule-1-forbid-no-purpose", "rule-15-forbid-export-image", "rule-9-permit-search");
  }

  @Test
  void everyPolicyInTheFilesHasAnIdAndACommentCitingPrivacyMd() throws Exception {
    Path shipped = shippedPolicyDir();
    int policies = 0;
    try (Stream<Path> files = Files.list(shipped)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".cedar")).sorted().toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).matches("^(permit|forbid)\\s*\\(.*")) {
            policies++;
            assertThat(lines.get(i - 1)).as(file + ":" + (i + 1)).startsWith("@id(\"");
            StringBuilder comment = new StringBuilder();
            for (int j = i - 2; j >= 0 && lines.get(j).startsWith("//"); j--) {
              comment.insert(0, lines.get(j));
            }
            assertThat(comment).as(file + ":" + (i + 1)).contains("PRIVACY.md");
          }
        }
      }
    }
    assertThat(policies).isEqualTo(ENGINE.policies().size());
  }

  @Test
  void indexListsEveryPolicyFile() throws Exception {
    Path shipped = shippedPolicyDir();
    List<String> onDisk;
    try (Stream<Path> files = Files.list(shipped)) {
      onDisk =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith(".cedar"))
              .sorted()
              .toList();
    }
    List<String> indexed =
        Files.readAllLines(shipped.resolve("INDEX")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .sorted()
            .toList();
    assertThat(indexed).isEqualTo(onDisk);
  }

  @Test
  void versionIsDeclaredVersionPlusDigestAndTravelsWithEveryDecision() throws Exception {
    assertThat(ENGINE.version()).matches("1(\\.\\d+)?\\+sha256:[0-9a-f]{16}");
    PolicyDecision decision =
        ENGINE.decide(
            PolicyRequest.of(actor(ADMIN), Action.CHANGE_CONFIGURATION)
                .purpose(ADMINISTRATION)
                .build());
    assertThat(decision.policyVersion()).isEqualTo(ENGINE.version());

    copyShipped(dir);
    assertThat(CedarPolicyEngine.fromDirectory(dir, PolicyLimits.DEFAULTS).version())
        .isEqualTo(ENGINE.version());
    Files.writeString(
        dir.resolve("20-enrolment.cedar"), "\n// edited\n", StandardOpenOption.APPEND);
    assertThat(CedarPolicyEngine.fromDirectory(dir, PolicyLimits.DEFAULTS).version())
        .startsWith(ENGINE.version().split("\\+")[0] + "+sha256:")
        .isNotEqualTo(ENGINE.version());
  }

  @Test
  void policyThatDoesNotValidateStopsTheStart() throws Exception {
    copyShipped(dir);
    Files.writeString(
        dir.resolve("50-broken.cedar"),
        """
        // PRIVACY.md rule 9: misspelt role
        @id("rule-9-permit-search-broken")
        permit (principal, action == Action::"SEARCH", resource)
        when { principal.actingAs == Role::"POLICE_INVESTIGATR" };
        """);
    assertThatThrownBy(() -> CedarPolicyEngine.fromDirectory(dir, PolicyLimits.DEFAULTS))
        .isInstanceOf(PolicyLoadException.class)
        .hasMessageContaining("do not validate")
        .hasMessageContaining("rule-9-permit-search-broken")
        .hasMessageContaining("POLICE_INVESTIGATR");
  }

  @Test
  void policyReadingAnUnknownOrUnguardedAttributeStopsTheStart() throws Exception {
    copyShipped(dir);
    Files.writeString(
        dir.resolve("50-broken.cedar"),
        """
        @id("rule-11-permit-unguarded-age")
        permit (principal, action == Action::"VIEW_IMAGE_CLEAR", resource)
        when { context.subject.age >= 18 };
        """);
    assertThatThrownBy(() -> CedarPolicyEngine.fromDirectory(dir, PolicyLimits.DEFAULTS))
        .isInstanceOf(PolicyLoadException.class)
        .hasMessageContaining("rule-11-permit-unguarded-age");
  }

  @Test
  void policyWithoutIdStopsTheStart() throws Exception {
    copyShipped(dir);
    Files.writeString(dir.resolve("50-anonymous.cedar"), "permit (principal, action, resource);\n");
    assertThatThrownBy(() -> CedarPolicyEngine.fromDirectory(dir, PolicyLimits.DEFAULTS))
        .isInstanceOf(PolicyLoadException.class)
        .hasMessageContaining("50-anonymous.cedar")
        .hasMessageContaining("@id");
  }

  @Test
  void duplicateIdUnparseablePolicyOrMissingSchemaStopsTheStart() throws Exception {
    copyShipped(dir);
    Files.writeString(
        dir.resolve("50-duplicate.cedar"),
        "@id(\"rule-15-forbid-export-image\")\nforbid (principal, action, resource);\n");
    assertThatThrownBy(() -> CedarPolicyEngine.fromDirectory(dir, PolicyLimits.DEFAULTS))
        .isInstanceOf(PolicyLoadException.class)
        .hasMessageContaining("duplicate policy id rule-15-forbid-export-image");

    Files.writeString(
        dir.resolve("50-duplicate.cedar"), "@id(\"x\") permit (principal, action,;\n");
    assertThatThrownBy(() -> CedarPolicyEngine.fromDirectory(dir, PolicyLimits.DEFAULTS))
        .isInstanceOf(PolicyLoadException.class)
        .hasMessageContaining("50-duplicate.cedar does not parse");

    Files.delete(dir.resolve("50-duplicate.cedar"));
    Files.delete(dir.resolve(PolicyFiles.SCHEMA));
    assertThatThrownBy(() -> CedarPolicyEngine.fromDirectory(dir, PolicyLimits.DEFAULTS))
        .isInstanceOf(PolicyLoadException.class)
        .hasMessageContaining("homeward.cedarschema");
  }

  @Test
  void evaluationErrorDeniesEvenWhenAPermitMatches() throws Exception {
    // Cedar skips a policy it cannot evaluate; here that would skip the forbid and allow.
    Files.writeString(dir.resolve(PolicyFiles.SCHEMA), shippedText(PolicyFiles.SCHEMA));
    Files.writeString(
        dir.resolve("10-test.cedar"),
        """
        @id("test-permit-all")
        permit (principal, action, resource);
        @id("test-forbid-overflowing")
        forbid (principal, action, resource)
        when { context has usage && context.usage.searchesToday * 9000000000000000000 > 0 };
        """);
    CedarPolicyEngine engine = CedarPolicyEngine.fromDirectory(dir, PolicyLimits.DEFAULTS);
    PolicyRequest.Builder request =
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.SEARCH)
            .purpose(FAMILY_TRACING)
            .caseFacts(openCase(MISSING).build());

    assertThat(engine.decide(request.build()).allowed()).isTrue();
    PolicyDecision decision = engine.decide(request.usage(usage(3, 0, false)).build());
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.policyIds())
        .containsExactly(CedarPolicyEngine.FAIL_CLOSED_EVALUATION_ERROR, "test-forbid-overflowing");
    assertThat(decision.policyVersion()).matches("unversioned\\+sha256:[0-9a-f]{16}");
  }

  @Test
  void unknownEnumValueOrFactOutsideTheSchemaIsDenied() throws Exception {
    // A schema without the FACE_EXAMINER role: Cedar refuses the request itself.
    Files.writeString(
        dir.resolve(PolicyFiles.SCHEMA),
        shippedText(PolicyFiles.SCHEMA).replace(", \"FACE_EXAMINER\"", ""));
    Files.writeString(
        dir.resolve("10-test.cedar"),
        "@id(\"test-permit-all\")\npermit (principal, action, resource);\n");
    CedarPolicyEngine engine = CedarPolicyEngine.fromDirectory(dir, PolicyLimits.DEFAULTS);
    PolicyDecision decision =
        engine.decide(
            PolicyRequest.of(actor(FACE_EXAMINER), Action.READ_CASE)
                .purpose(IDENTIFICATION)
                .caseFacts(openCase(MISSING).build())
                .build());
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.policyIds()).containsExactly(CedarPolicyEngine.FAIL_CLOSED_INVALID_REQUEST);
    assertThat(
            engine
                .decide(
                    PolicyRequest.of(actor(NGO_CASEWORKER), Action.READ_CASE)
                        .purpose(IDENTIFICATION)
                        .caseFacts(openCase(MISSING).build())
                        .build())
                .allowed())
        .isTrue();
  }

  @Test
  void everyForbidBeatsAMatchingPermit() throws Exception {
    copyShipped(dir);
    Files.writeString(
        dir.resolve("99-test-permit-all.cedar"),
        "@id(\"test-permit-all\")\npermit (principal, action, resource);\n");
    CedarPolicyEngine engine = CedarPolicyEngine.fromDirectory(dir, PolicyLimits.DEFAULTS);

    Map<String, PolicyRequest> triggers = forbidTriggers();
    List<String> forbids =
        engine.policies().stream().filter(LoadedPolicy::forbid).map(LoadedPolicy::id).toList();
    assertThat(triggers.keySet())
        .as("a trigger for every forbid")
        .containsExactlyInAnyOrderElementsOf(forbids);

    PolicyDecision benign =
        engine.decide(
            PolicyRequest.of(actor(NGO_CASEWORKER), Action.READ_CASE)
                .purpose(FAMILY_TRACING)
                .caseFacts(openCase(MISSING).build())
                .build());
    assertThat(benign.allowed()).isTrue();
    assertThat(benign.policyIds()).contains("test-permit-all");

    List<String> failures = new ArrayList<>();
    triggers.forEach(
        (forbid, request) -> {
          PolicyDecision withPermitAll = engine.decide(request);
          PolicyDecision shipped = ENGINE.decide(request);
          if (withPermitAll.allowed() || !withPermitAll.policyIds().contains(forbid)) {
            failures.add(forbid + " with permit-all: " + withPermitAll);
          }
          if (shipped.allowed() || !shipped.policyIds().contains(forbid)) {
            failures.add(forbid + " shipped: " + shipped);
          }
        });
    assertThat(failures).isEmpty();
  }

  @Test
  void decisionsAreThreadSafe() throws Exception {
    Map<String, PolicyRequest> triggers = forbidTriggers();
    PolicyRequest allowed =
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.SEARCH)
            .purpose(FAMILY_TRACING)
            .caseFacts(openCase(MISSING).build())
            .usage(lightUsage())
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        PolicyRequest request =
            i % 2 == 0 ? allowed : triggers.get("rule-9-forbid-search-by-other-roles");
        boolean expected = i % 2 == 0;
        results.add(pool.submit(() -> ENGINE.decide(request).allowed() == expected));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** For each shipped forbid, a request that should trip it. */
  private static Map<String, PolicyRequest> forbidTriggers() {
    Map<String, PolicyRequest> t = new LinkedHashMap<>();
    PolicyRequest.CaseFacts openMissing = openCase(MISSING).build();
    PolicyRequest.CaseFacts pendingMissing = openCase(MISSING).status(PENDING).build();

    // baseline
    t.put(
        "rule-1-forbid-no-purpose",
        PolicyRequest.of(actor(ADMIN), Action.CHANGE_CONFIGURATION).build());
    t.put(
        "rule-1-forbid-purpose-mismatch-case-work",
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.SEARCH)
            .purpose(ADMINISTRATION)
            .caseFacts(openMissing)
            .usage(lightUsage())
            .build());
    t.put(
        "rule-1-forbid-purpose-mismatch-case-admin",
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.VERIFY_CONSENT)
            .purpose(PRIVACY_AUDIT)
            .caseFacts(pendingMissing)
            .build());
    t.put(
        "rule-1-forbid-purpose-mismatch-data-protection",
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.WITHDRAW_CONSENT)
            .purpose(FAMILY_TRACING)
            .caseFacts(openMissing)
            .build());
    t.put(
        "rule-1-forbid-purpose-mismatch-privacy-oversight",
        PolicyRequest.of(actor(PRIVACY_OFFICER), Action.READ_AUDIT)
            .purpose(ADMINISTRATION)
            .build());
    t.put(
        "rule-1-forbid-purpose-mismatch-administration",
        PolicyRequest.of(actor(ADMIN), Action.CHANGE_CONFIGURATION)
            .purpose(FAMILY_TRACING)
            .build());
    t.put(
        "rule-1-forbid-purpose-mismatch-read-case",
        PolicyRequest.of(actor(PRIVACY_OFFICER), Action.READ_CASE)
            .purpose(ADMINISTRATION)
            .caseFacts(openMissing)
            .build());
    t.put(
        "roles-forbid-face-data-for-privacy-officer-and-admin",
        PolicyRequest.of(actor(PRIVACY_OFFICER), Action.VIEW_IMAGE_CLEAR)
            .purpose(FAMILY_TRACING)
            .caseFacts(openMissing)
            .subject(age(30))
            .build());
    t.put(
        "rule-16-forbid-locked-account",
        PolicyRequest.of(actor(NGO_CASEWORKER).withLocked(true), Action.READ_CASE)
            .purpose(FAMILY_TRACING)
            .caseFacts(openMissing)
            .build());
    t.put(
        "threat-insider-forbid-ngo-roles-outside-own-organisation",
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.READ_CASE)
            .purpose(FAMILY_TRACING)
            .caseFacts(openCase(MISSING).organisation("org-2").build())
            .build());

    // scope by organisation and case
    PolicyRequest.AccessFacts outside = new PolicyRequest.AccessFacts(false, false, false);
    t.put(
        "scope-forbid-case-outside-organisation",
        PolicyRequest.of(actor(POLICE_INVESTIGATOR), Action.ACCESS_CASE)
            .purpose(IDENTIFICATION)
            .caseFacts(openCase(MISSING).organisation("org-2").build())
            .access(outside)
            .build());
    t.put(
        "scope-forbid-ngo-roles-by-assignment",
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.ACCESS_CASE)
            .purpose(FAMILY_TRACING)
            .caseFacts(openCase(MISSING).organisation("org-2").build())
            .access(new PolicyRequest.AccessFacts(false, true, false))
            .build());
    t.put(
        "scope-forbid-photo-outside-organisation",
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.ACCESS_PHOTO)
            .purpose(FAMILY_TRACING)
            .caseFacts(openCase(FOUND).organisation("org-2").build())
            .access(outside)
            .build());
    t.put(
        "scope-forbid-review-outside-organisation",
        PolicyRequest.of(actor(FACE_EXAMINER), Action.ACCESS_REVIEW)
            .purpose(CANDIDATE_VERIFICATION)
            .caseFacts(openCase(MISSING).organisation("org-2").build())
            .access(outside)
            .build());
    t.put(
        "scope-forbid-alert-outside-organisation",
        PolicyRequest.of(actor(PRIVACY_OFFICER), Action.ACCESS_ALERT)
            .purpose(PRIVACY_AUDIT)
            .access(outside)
            .build());
    t.put(
        "scope-forbid-assign-case-outside-owning-organisation",
        PolicyRequest.of(actor(POLICE_INVESTIGATOR), Action.ASSIGN_CASE)
            .purpose(IDENTIFICATION)
            .caseFacts(openCase(MISSING).organisation("org-2").build())
            .access(new PolicyRequest.AccessFacts(false, true, false))
            .build());

    // enrolment
    t.put("rule-1-forbid-no-legal-basis", enrol(NGO_CASEWORKER).build());
    t.put(
        "rule-2-forbid-expired-or-withdrawn-basis",
        enrol(NGO_CASEWORKER).consent(expired(CONSENT, SUBJECT)).build());
    t.put(
        "rule-2-forbid-police-basis-without-police-case-or-investigator",
        enrol(NGO_CASEWORKER).consent(consent(STATUTORY_DUTY, POLICE)).build());
    t.put(
        "rule-2-forbid-vital-emergency-without-justification",
        enrol(POLICE_INVESTIGATOR)
            .caseFacts(openCase(MISSING).status(PENDING).police().build())
            .consent(emergency(false, false))
            .build());
    t.put(
        "rule-2-forbid-consent-not-given-by-subject",
        enrol(NGO_CASEWORKER).consent(consent(CONSENT, GUARDIAN)).build());
    t.put(
        "rule-2-forbid-own-consent-under-14-or-lacking-capacity",
        enrol(NGO_CASEWORKER).subject(age(12)).consent(consent(CONSENT, SUBJECT)).build());
    t.put(
        "rule-2-forbid-guardian-consent-not-by-guardian",
        enrol(NGO_CASEWORKER).subject(age(8)).consent(consent(GUARDIAN_CONSENT, SUBJECT)).build());
    t.put(
        "rule-3-forbid-activate-child-without-verified-guardian-consent-or-police-case",
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.ACTIVATE_CASE)
            .purpose(FAMILY_TRACING)
            .caseFacts(pendingMissing)
            .subject(age(8))
            .consent(consent(GUARDIAN_CONSENT, GUARDIAN))
            .build());
    t.put(
        "rule-3-forbid-verify-consent-by-reporter",
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.VERIFY_CONSENT)
            .purpose(FAMILY_TRACING)
            .caseFacts(openCase(MISSING).status(PENDING).reportedByActor().build())
            .build());
    t.put(
        "rule-4-forbid-found-child-without-police-case-or-welfare-guardian",
        enrol(NGO_CASEWORKER)
            .caseFacts(openCase(FOUND).status(PENDING).build())
            .subject(age(10))
            .consent(consent(GUARDIAN_CONSENT, GUARDIAN))
            .build());
    t.put(
        "rule-4-forbid-caretaker-consent",
        enrol(NGO_CASEWORKER)
            .subject(age(8))
            .consent(consent(GUARDIAN_CONSENT, CARETAKER))
            .build());
    t.put(
        "rule-7-forbid-enrol-unknown-photo-source",
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.ENROL_PHOTO)
            .purpose(FAMILY_TRACING)
            .caseFacts(pendingMissing)
            .subject(age(30))
            .consent(consent(CONSENT, SUBJECT))
            .build());
    t.put(
        "rule-7-forbid-enrol-scraped-social-media-or-street-photo",
        enrol(NGO_CASEWORKER)
            .consent(consent(CONSENT, SUBJECT))
            .photoSource(PhotoSource.SCRAPED)
            .build());
    t.put(
        "rule-7-forbid-one-time-search-by-other-roles",
        PolicyRequest.of(actor(FACE_EXAMINER), Action.ONE_TIME_SEARCH)
            .purpose(IDENTIFICATION)
            .photoSource(PhotoSource.STREET)
            .usage(lightUsage())
            .build());
    t.put(
        "rule-7-forbid-one-time-search-under-a-case-not-open",
        PolicyRequest.of(actor(POLICE_INVESTIGATOR), Action.ONE_TIME_SEARCH)
            .purpose(IDENTIFICATION)
            .photoSource(PhotoSource.STREET)
            .caseFacts(openCase(MISSING).status(CLOSED).build())
            .usage(lightUsage())
            .build());
    t.put(
        "rule-7-forbid-one-time-search-under-another-organisations-case-for-ngo-roles",
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.ONE_TIME_SEARCH)
            .purpose(FAMILY_TRACING)
            .photoSource(PhotoSource.STREET)
            .caseFacts(openCase(MISSING).organisation("org-2").build())
            .usage(lightUsage())
            .build());
    t.put(
        "rule-8-forbid-training-without-separate-consent",
        PolicyRequest.of(actor(ADMIN), Action.USE_FOR_TRAINING)
            .purpose(ADMINISTRATION)
            .consent(training(false))
            .build());

    // search and display
    t.put(
        "rule-6-forbid-unverified-case-candidates-to-reporter",
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.VIEW_CANDIDATES)
            .purpose(FAMILY_TRACING)
            .caseFacts(openCase(MISSING).unverified().reportedByActor().build())
            .build());
    t.put(
        "rule-6-forbid-unverified-case-candidates-to-volunteer",
        PolicyRequest.of(actor(NGO_VOLUNTEER), Action.VIEW_CANDIDATES)
            .purpose(FAMILY_TRACING)
            .caseFacts(openCase(MISSING).unverified().build())
            .build());
    t.put(
        "rule-9-forbid-search-outside-open-case",
        search(POLICE_INVESTIGATOR).caseFacts(openCase(MISSING).status(CLOSED).build()).build());
    t.put("rule-9-forbid-search-by-other-roles", search(NGO_VOLUNTEER).build());
    t.put(
        "rule-10-forbid-raw-scores-for-ngo-roles",
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.VIEW_SCORES)
            .purpose(CANDIDATE_VERIFICATION)
            .caseFacts(openMissing)
            .build());
    t.put(
        "rule-11-forbid-clear-minor-image-for-ngo-roles",
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.VIEW_IMAGE_CLEAR)
            .purpose(FAMILY_TRACING)
            .caseFacts(openMissing)
            .subject(age(12))
            .build());
    t.put(
        "rule-11-forbid-images-for-volunteers",
        PolicyRequest.of(actor(NGO_VOLUNTEER), Action.VIEW_IMAGE_BLURRED)
            .purpose(FAMILY_TRACING)
            .caseFacts(openMissing)
            .subject(age(30))
            .build());
    t.put(
        "rule-11-forbid-images-outside-open-case",
        PolicyRequest.of(actor(FACE_EXAMINER), Action.VIEW_IMAGE_BLURRED)
            .purpose(CANDIDATE_VERIFICATION)
            .caseFacts(pendingMissing)
            .subject(age(30))
            .build());
    t.put(
        "rule-12-forbid-refer-candidate-outside-searching-roles-or-open-case",
        PolicyRequest.of(actor(NGO_VOLUNTEER), Action.REFER_CANDIDATE)
            .purpose(FAMILY_TRACING)
            .caseFacts(openMissing)
            .build());
    t.put(
        "rule-22-forbid-reconfirm-case-no-longer-missing",
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.RECONFIRM_CASE)
            .purpose(FAMILY_TRACING)
            .caseFacts(openCase(MISSING).status(CLOSED).build())
            .build());
    t.put(
        "rule-12-forbid-verdict-by-non-examiner",
        PolicyRequest.of(actor(POLICE_INVESTIGATOR), Action.RECORD_VERDICT)
            .purpose(CANDIDATE_VERIFICATION)
            .caseFacts(openMissing)
            .review(review(0, false, false))
            .build());
    t.put(
        "rule-12-forbid-second-verdict-by-same-examiner",
        PolicyRequest.of(actor(FACE_EXAMINER), Action.RECORD_VERDICT)
            .purpose(CANDIDATE_VERIFICATION)
            .caseFacts(openMissing)
            .review(review(1, false, true))
            .build());
    t.put(
        "rule-12-forbid-review-step-without-review-facts",
        PolicyRequest.of(actor(FACE_EXAMINER), Action.RECORD_VERDICT)
            .purpose(CANDIDATE_VERIFICATION)
            .caseFacts(openMissing)
            .build());
    t.put(
        "rule-12-forbid-notify-before-two-potential-candidate-verdicts",
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.NOTIFY_FAMILY)
            .purpose(FAMILY_TRACING)
            .caseFacts(openMissing)
            .review(review(1, false, false))
            .build());
    t.put(
        "rule-12-forbid-reunified-without-confirmation",
        PolicyRequest.of(actor(POLICE_INVESTIGATOR), Action.MARK_REUNIFIED)
            .purpose(IDENTIFICATION)
            .caseFacts(openMissing)
            .review(review(2, false, false))
            .build());
    t.put(
        "rule-13-forbid-location-to-missing-side-requester",
        PolicyRequest.of(actor(POLICE_INVESTIGATOR), Action.VIEW_LOCATION)
            .purpose(IDENTIFICATION)
            .caseFacts(openCase(FOUND).requesterSide(MISSING).build())
            .subject(age(19))
            .build());
    t.put(
        "rule-13-forbid-location-disclosure-refused",
        PolicyRequest.of(actor(POLICE_INVESTIGATOR), Action.VIEW_LOCATION)
            .purpose(IDENTIFICATION)
            .caseFacts(openCase(FOUND).build())
            .subject(refusedDisclosure(19))
            .build());
    t.put(
        "rule-13-forbid-location-for-ngo-roles",
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.VIEW_LOCATION)
            .purpose(FAMILY_TRACING)
            .caseFacts(openCase(FOUND).build())
            .subject(age(19))
            .build());
    t.put(
        "rule-14-forbid-show-protected-person",
        PolicyRequest.of(actor(POLICE_INVESTIGATOR), Action.SHOW_CANDIDATE)
            .purpose(IDENTIFICATION)
            .caseFacts(openMissing)
            .subject(protectedPerson(25))
            .build());
    t.put(
        "rule-15-forbid-export-image",
        PolicyRequest.of(actor(POLICE_INVESTIGATOR), Action.EXPORT_IMAGE)
            .purpose(IDENTIFICATION)
            .caseFacts(openMissing)
            .build());
    t.put(
        "rule-15-forbid-publish-alert-unless-police-on-open-missing-case",
        PolicyRequest.of(actor(POLICE_INVESTIGATOR), Action.PUBLISH_ALERT)
            .purpose(IDENTIFICATION)
            .caseFacts(openCase(FOUND).build())
            .build());
    t.put(
        "rule-16-forbid-search-without-usage-counts",
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.SEARCH)
            .purpose(FAMILY_TRACING)
            .caseFacts(openMissing)
            .build());
    t.put(
        "rule-16-forbid-search-daily-limit",
        search(NGO_CASEWORKER).usage(usage(31, 0, false)).build());
    t.put(
        "rule-16-forbid-search-probe-limit",
        search(NGO_CASEWORKER).usage(usage(0, 25, true)).build());
    // issue 11: police-only facts
    t.put(
        "rule-2-5-forbid-police-only-facts-from-non-police",
        PolicyRequest.of(actor(NGO_CASEWORKER), Action.CREATE_CASE)
            .purpose(FAMILY_TRACING)
            .caseFacts(openCase(MISSING).status(PENDING).build())
            .subject(new PolicyRequest.SubjectFacts(Optional.of(16), false, false, false, true))
            .consent(consent(CONSENT, SUBJECT))
            .build());
    return t;
  }

  private static PolicyRequest.Builder enrol(Role role) {
    return PolicyRequest.of(actor(role), Action.ENROL_PHOTO)
        .purpose(FAMILY_TRACING)
        .caseFacts(openCase(MISSING).status(PENDING).build())
        .subject(age(30))
        .photoSource(PhotoSource.FAMILY);
  }

  private static PolicyRequest.Builder search(Role role) {
    return PolicyRequest.of(actor(role), Action.SEARCH)
        .purpose(FAMILY_TRACING)
        .caseFacts(openCase(MISSING).build())
        .usage(lightUsage());
  }

  private static Path shippedPolicyDir() throws URISyntaxException {
    // Tests run from target/test-classes next to target/classes, so the resource is a directory.
    return Path.of(CedarPolicyEngineTest.class.getResource("/policy/INDEX").toURI()).getParent();
  }

  private static String shippedText(String name) throws IOException {
    try (InputStream in = CedarPolicyEngineTest.class.getResourceAsStream("/policy/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void copyShipped(Path target) throws Exception {
    try (Stream<Path> files = Files.list(shippedPolicyDir())) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()));
      }
    }
  }
}
