package io.homeward.gateway.search;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.domain.AgeBands;
import io.homeward.gateway.domain.Display;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.Side;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyFacts;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.SubjectRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * What a requester may see of one candidate, asked of the policy: bands, not scores, for NGO roles
 * (rule 10); the image clear, blurred or not at all (rule 11); never a found person's location for
 * a family (rule 13); a protected person not at all (rule 14). Reads nothing from the database: the
 * candidate's facts come with the call.
 */
@ApplicationScoped
public class Redaction {
  private static final String UNDER_REVIEW = "under review";

  private final Guard guard;
  private final FieldSealer sealer;

  public Redaction(Guard guard, FieldSealer sealer) {
    this.guard = guard;
    this.sealer = sealer;
  }

  /** The decisions for one search: asks once whether the requester may see scores. */
  For requester(Actor actor, Purpose purpose, CaseRecord searchedCase) {
    return new For(
        actor,
        purpose,
        searchedCase.side(),
        allowed(
            PolicyRequest.of(actor, Action.VIEW_SCORES)
                .purpose(purpose)
                .caseFacts(
                    PolicyFacts.caseFacts(searchedCase, actor, Optional.of(searchedCase.side())))));
  }

  /**
   * The decisions for a one-time search with a stranger's photo (rule 7): the stranger stands on
   * the FOUND side; scores as the case it runs under allows them, none without a case (bands only).
   */
  For stranger(Actor actor, Purpose purpose, Optional<CaseRecord> underCase) {
    boolean scores =
        underCase.isPresent()
            && allowed(
                PolicyRequest.of(actor, Action.VIEW_SCORES)
                    .purpose(purpose)
                    .caseFacts(
                        PolicyFacts.caseFacts(underCase.get(), actor, Optional.of(Side.FOUND))));
    return new For(actor, purpose, Side.FOUND, scores);
  }

  /** One requester's decisions, from one searched side. */
  final class For {
    private final Actor actor;
    private final Purpose purpose;
    private final Side searchedSide;
    private final boolean scores;

    private For(Actor actor, Purpose purpose, Side searchedSide, boolean scores) {
      this.actor = actor;
      this.purpose = purpose;
      this.searchedSide = searchedSide;
      this.scores = scores;
    }

    /**
     * The candidate as the requester may see it, or empty when it must be left out exactly as if
     * there were no candidate (a protected person, rule 14).
     *
     * @param rank the rank it gets if shown
     * @param c an open candidate case
     */
    Optional<CandidateView> view(int rank, MatchedCase c, Instant now) {
      CaseRecord candidate = c.record().orElseThrow();
      SubjectRecord subject = c.subject();
      Float age = c.best().map(PhotoRecord::ageAtPhoto).orElse(null);
      PolicyRequest.CaseFacts facts =
          PolicyFacts.caseFacts(candidate, actor, Optional.of(searchedSide));
      PolicyRequest.SubjectFacts atPhoto = PolicyFacts.subjectAt(subject, age);
      if (!allowed(ask(Action.SHOW_CANDIDATE, facts).subject(atPhoto))) {
        return Optional.empty();
      }
      Display display = display(facts, atPhoto);
      boolean location =
          allowed(ask(Action.VIEW_LOCATION, facts).subject(PolicyFacts.subjectNow(subject, now)));
      String place =
          location
              ? sealer.openPlaintext("subjects.location", subject.locationSealed())
              : UNDER_REVIEW;
      return Optional.of(
          new CandidateView(
              rank,
              candidate.id(),
              c.match().band(),
              scores ? c.match().calibratedScore() : null,
              scores ? c.match().bestScore() : null,
              c.match().reasons(),
              AgeBands.of(age),
              display == Display.METADATA ? null : c.best().map(PhotoRecord::id).orElse(null),
              display,
              place,
              location ? subject.regionCode() : null,
              null,
              null));
    }

    private Display display(PolicyRequest.CaseFacts facts, PolicyRequest.SubjectFacts atPhoto) {
      if (allowed(ask(Action.VIEW_IMAGE_CLEAR, facts).subject(atPhoto))) {
        return Display.CLEAR;
      }
      if (allowed(ask(Action.VIEW_IMAGE_BLURRED, facts).subject(atPhoto))) {
        return Display.BLURRED;
      }
      return Display.METADATA;
    }

    private PolicyRequest.Builder ask(Action action, PolicyRequest.CaseFacts facts) {
      return PolicyRequest.of(actor, action).purpose(purpose).caseFacts(facts);
    }
  }

  private boolean allowed(PolicyRequest.Builder request) {
    return guard.ask(request.build()).allowed();
  }
}
