package io.homeward.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.ConsentGiver;
import io.homeward.gateway.domain.LegalBasis;
import io.homeward.gateway.domain.PhotoSource;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.domain.Side;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the Cedar entity building and decisions (issue 17): any policy request
 * (ids, organisations, roles, purpose, case, subject, consent, usage, review and scope facts, its
 * strings holding quotes, backslashes, Cedar syntax, any script, lone surrogates, very long or
 * empty text), mapped and decided by the real engine with the bundled policies. The mapping never
 * throws; the engine always answers, the same twice; a fail-closed answer is a denial; and the
 * strings are only names: the user id never matters, and the organisations matter only through
 * whether they are the same (so no text can make Cedar see another entity or another organisation).
 * Safety, whatever the request: nothing for a locked account or without a purpose, no export, no
 * case, photo or review outside the actor's reach, no NGO role on another organisation's case.
 */
class CedarEntitiesFuzzTest {
  private static final CedarPolicyEngine ENGINE = PolicyFixtures.ENGINE;
  private static final CedarRequestMapper MAPPER = new CedarRequestMapper(PolicyLimits.DEFAULTS);
  private static final Role[] ROLES = Role.values();
  private static final Action[] ACTIONS = Action.values();
  private static final List<String> NAMES =
      List.of(
          "org-1",
          "org-2",
          "",
          " ",
          "request",
          "gateway",
          "\"",
          "\\",
          "\\\"",
          "org-1\"",
          "org-1\\",
          "User::\"user-1\"",
          "Case::\"request\"",
          "\" || true || \"",
          "org-1\u0000",
          "org\u00e9",
          "orge\u0301",
          "\ud800",
          "\udc00",
          "\ud83d\ude00",
          "\uFFFD");

  /** Actions only the case's own organisation (or one it assigned) reaches, NGO roles only own. */
  private static final Set<Action> NGO_OWN_ORGANISATION_ONLY =
      EnumSet.of(
          Action.ENROL_PHOTO,
          Action.ACTIVATE_CASE,
          Action.VERIFY_CONSENT,
          Action.SEARCH,
          Action.VIEW_CANDIDATES,
          Action.READ_CASE,
          Action.CHANGE_CASE_STATUS,
          Action.WITHDRAW_CONSENT,
          Action.RECORD_CONFIRMATION,
          Action.MARK_REUNIFIED,
          Action.NOTIFY_FAMILY,
          Action.PUBLISH_ALERT,
          Action.REFER_CANDIDATE,
          Action.ONE_TIME_SEARCH);

  @FuzzTest(maxDuration = "60s")
  @DictionaryEntries({"org-1", "org-2", "request", "\"", "\\", "::", "User::", "Case::"})
  void anyRequestIsMappedAndDecidedSafelyAndTheStringsAreOnlyNames(FuzzedDataProvider data) {
    Actor actor = actor(data);
    Action action = ACTIONS[data.consumeInt(0, ACTIONS.length - 1)];
    PolicyRequest.Builder b = PolicyRequest.of(actor, action);
    if (data.consumeBoolean()) {
      b.purpose(pick(data, Purpose.values()));
    }
    String caseOrganisation = null;
    if (data.consumeBoolean()) {
      caseOrganisation = data.consumeBoolean() ? actor.organisation() : text(data);
      b.caseFacts(
          new PolicyRequest.CaseFacts(
              pick(data, Side.values()),
              pick(data, CaseStatus.values()),
              caseOrganisation,
              data.consumeBoolean(),
              data.consumeBoolean(),
              data.consumeBoolean(),
              data.consumeBoolean() ? Optional.of(pick(data, Side.values())) : Optional.empty()));
    }
    if (data.consumeBoolean()) {
      b.subject(
          new PolicyRequest.SubjectFacts(
              data.consumeBoolean() ? Optional.of(data.consumeInt()) : Optional.empty(),
              data.consumeBoolean(),
              data.consumeBoolean(),
              data.consumeBoolean(),
              data.consumeBoolean()));
    }
    if (data.consumeBoolean()) {
      b.consent(
          new PolicyRequest.ConsentFacts(
              pick(data, LegalBasis.values()),
              pick(data, ConsentGiver.values()),
              data.consumeBoolean(),
              data.consumeBoolean(),
              data.consumeBoolean(),
              data.consumeBoolean()));
    }
    if (data.consumeBoolean()) {
      b.photoSource(pick(data, PhotoSource.values()));
    }
    if (data.consumeBoolean()) {
      b.usage(
          new PolicyRequest.UsageFacts(
              data.consumeInt(), data.consumeInt(), data.consumeBoolean()));
    }
    if (data.consumeBoolean()) {
      b.review(
          new PolicyRequest.ReviewFacts(
              data.consumeInt(), data.consumeBoolean(), data.consumeBoolean()));
    }
    if (data.consumeBoolean()) {
      b.access(
          new PolicyRequest.AccessFacts(
              data.consumeBoolean(), data.consumeBoolean(), data.consumeBoolean()));
    }
    PolicyRequest request = b.build();

    // The entities and context are built for any text: no refusal there (Cedar refuses later).
    CedarRequestMapper.Mapped mapped = MAPPER.map(request);
    assertThat(mapped.entities()).hasSize(2);

    PolicyDecision decision = ENGINE.decide(request);
    assertThat(decision).isNotNull();
    assertThat(decision.policyVersion()).isEqualTo(ENGINE.version());
    assertThat(ENGINE.decide(request)).as("deterministic").isEqualTo(decision);
    boolean failClosed =
        decision.policyIds().contains(CedarPolicyEngine.FAIL_CLOSED_INVALID_REQUEST)
            || decision.policyIds().contains(CedarPolicyEngine.FAIL_CLOSED_EVALUATION_ERROR);
    if (failClosed) {
      assertThat(decision.allowed()).as("a fail-closed answer is a denial").isFalse();
    }

    // The strings are names only: the same request with plain ids and organisations that are the
    // same (or not) exactly when these are gets the same answer, unless Cedar refused this text
    // (a denial, checked above).
    PolicyDecision plain = ENGINE.decide(plain(request));
    if (!failClosed) {
      assertThat(decision).as("decided as with plain names").isEqualTo(plain);
    }

    if (!decision.allowed()) {
      return;
    }
    assertThat(actor.locked()).as("a locked account does nothing (rule 16)").isFalse();
    assertThat(request.purpose()).as("every request names a purpose (rule 1)").isPresent();
    assertThat(action).as("no export (rule 15)").isNotEqualTo(Action.EXPORT_IMAGE);
    PolicyRequest.AccessFacts access =
        request.access().orElse(new PolicyRequest.AccessFacts(false, false, false));
    switch (action) {
      case ACCESS_CASE, ACCESS_REVIEW ->
          assertThat(access.reachesCase()).as("a case outside reach does not exist").isTrue();
      case ACCESS_PHOTO ->
          assertThat(access.reachesCase() || access.candidateOfVisibleCase())
              .as("a photo outside reach does not exist")
              .isTrue();
      default -> {}
    }
    if ((actor.actingAs() == Role.NGO_VOLUNTEER || actor.actingAs() == Role.NGO_CASEWORKER)
        && caseOrganisation != null) {
      if (NGO_OWN_ORGANISATION_ONLY.contains(action)) {
        assertThat(caseOrganisation)
            .as("NGO staff work on their own organisation's cases only")
            .isEqualTo(actor.organisation());
      }
      if (action == Action.ACCESS_CASE
          || action == Action.ACCESS_REVIEW
          || action == Action.ACCESS_PHOTO) {
        assertThat(access.party() || access.candidateOfVisibleCase())
            .as("an assignment never extends an NGO role's reach")
            .isTrue();
      }
    }
  }

  /** Any actor: any ids, any roles (the acting one among them), locked or not. */
  private static Actor actor(FuzzedDataProvider data) {
    Role acting = pick(data, ROLES);
    EnumSet<Role> roles = EnumSet.of(acting);
    for (Role r : ROLES) {
      if (data.consumeBoolean()) {
        roles.add(r);
      }
    }
    return new Actor(text(data), text(data), roles, acting, text(data), data.consumeBoolean());
  }

  /**
   * Text as a token, a database or the fuzzer may give it: a tricky name, any string, any chars
   * (lone surrogates included) or a very long run.
   */
  private static String text(FuzzedDataProvider data) {
    return switch (data.consumeInt(0, 3)) {
      case 0 -> NAMES.get(data.consumeInt(0, NAMES.size() - 1));
      case 1 -> data.consumeString(64);
      case 2 -> {
        StringBuilder s = new StringBuilder();
        int n = data.consumeInt(0, 16);
        for (int i = 0; i < n; i++) {
          s.append(data.consumeChar());
        }
        yield s.toString();
      }
      default -> {
        String unit = data.consumeString(4);
        yield (unit.isEmpty() ? "x" : unit).repeat(data.consumeInt(1, 5_000));
      }
    };
  }

  /** The request with the user named "u" and organisations "a" and "b", as equal as they were. */
  private static PolicyRequest plain(PolicyRequest r) {
    Actor a = r.actor();
    Actor actor = new Actor("u", "a", a.roles(), a.actingAs(), "m", a.locked());
    Optional<PolicyRequest.CaseFacts> facts =
        r.caseFacts()
            .map(
                c ->
                    new PolicyRequest.CaseFacts(
                        c.side(),
                        c.status(),
                        c.organisation().equals(a.organisation()) ? "a" : "b",
                        c.verified(),
                        c.reportedBySubject(),
                        c.policeCase(),
                        c.requesterSide()));
    return new PolicyRequest(
        actor,
        r.action(),
        r.purpose(),
        facts,
        r.subject(),
        r.consent(),
        r.photoSource(),
        r.usage(),
        r.review(),
        r.access());
  }

  private static <E> E pick(FuzzedDataProvider data, E[] values) {
    return values[data.consumeInt(0, values.length - 1)];
  }
}
