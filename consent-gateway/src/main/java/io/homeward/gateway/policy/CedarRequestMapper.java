package io.homeward.gateway.policy;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import io.homeward.gateway.domain.Role;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a {@link PolicyRequest} onto Cedar's principal, action, resource, entities and context, as
 * declared in {@code policy/homeward.cedarschema}:
 *
 * <ul>
 *   <li>principal {@code User::"<actor.subject>"} with {@code roles: Set<Role>}, {@code actingAs:
 *       Role}, {@code organisation: String}, {@code locked: Bool};
 *   <li>action {@code Action::"<Action name>"};
 *   <li>resource {@code Case::"request"} with {@code side}, {@code status}, {@code organisation},
 *       {@code verified}, {@code policeCase} when case facts are given, else {@code
 *       Resource::"gateway"};
 *   <li>context: {@code purpose?}, {@code reportedBySubject}, {@code requesterSide?}, {@code
 *       subject?}, {@code consent?}, {@code photoSource?}, {@code usage?}, {@code review?}, {@code
 *       access?} and {@code limits}. An empty optional fact is an absent attribute.
 * </ul>
 *
 * Enum values become entities of enumerated types ({@code Role::"FACE_EXAMINER"}, {@code
 * Purpose::"FAMILY_TRACING"}, ...), so a misspelt literal in a policy fails validation.
 */
final class CedarRequestMapper {
  static final EntityTypeName USER = type("User");
  static final EntityTypeName CASE = type("Case");
  static final EntityTypeName RESOURCE = type("Resource");
  static final EntityTypeName ACTION = type("Action");

  private final PolicyLimits limits;

  CedarRequestMapper(PolicyLimits limits) {
    this.limits = limits;
  }

  /** What one request becomes in Cedar. */
  record Mapped(
      EntityUID principal,
      EntityUID action,
      EntityUID resource,
      Map<String, Value> context,
      Set<Entity> entities) {}

  Mapped map(PolicyRequest request) {
    Actor actor = request.actor();
    EntityUID principal = USER.of(actor.subject());
    Map<String, Value> userAttrs = new HashMap<>();
    userAttrs.put("roles", roles(actor.roles()));
    userAttrs.put("actingAs", enumValue(actor.actingAs()));
    userAttrs.put("organisation", new PrimString(actor.organisation()));
    userAttrs.put("locked", new PrimBool(actor.locked()));
    Set<Entity> entities = new LinkedHashSet<>();
    entities.add(new Entity(principal, userAttrs, Set.of()));

    Map<String, Value> context = new HashMap<>();
    request.purpose().ifPresent(p -> context.put("purpose", enumValue(p)));
    context.put(
        "reportedBySubject",
        new PrimBool(
            request.caseFacts().map(PolicyRequest.CaseFacts::reportedBySubject).orElse(false)));

    EntityUID resource;
    if (request.caseFacts().isPresent()) {
      PolicyRequest.CaseFacts facts = request.caseFacts().get();
      resource = CASE.of("request");
      Map<String, Value> caseAttrs = new HashMap<>();
      caseAttrs.put("side", enumValue(facts.side()));
      caseAttrs.put("status", enumValue(facts.status()));
      caseAttrs.put("organisation", new PrimString(facts.organisation()));
      caseAttrs.put("verified", new PrimBool(facts.verified()));
      caseAttrs.put("policeCase", new PrimBool(facts.policeCase()));
      entities.add(new Entity(resource, caseAttrs, Set.of()));
      facts.requesterSide().ifPresent(s -> context.put("requesterSide", enumValue(s)));
    } else {
      resource = RESOURCE.of("gateway");
      entities.add(new Entity(resource, Map.of(), Set.of()));
    }

    request
        .subject()
        .ifPresent(
            s -> {
              Map<String, Value> subject = new HashMap<>();
              s.ageYears().ifPresent(age -> subject.put("age", new PrimLong(age)));
              subject.put("protectedPerson", new PrimBool(s.protectedPerson()));
              subject.put("disclosureRefused", new PrimBool(s.disclosureRefused()));
              subject.put("lacksCapacity", new PrimBool(s.lacksCapacity()));
              subject.put("guardianFlagged", new PrimBool(s.guardianFlagged()));
              context.put("subject", new CedarMap(subject));
            });
    request
        .consent()
        .ifPresent(
            c ->
                context.put(
                    "consent",
                    new CedarMap(
                        Map.of(
                            "basis", enumValue(c.basis()),
                            "givenBy", enumValue(c.givenBy()),
                            "verified", new PrimBool(c.verified()),
                            "justificationGiven", new PrimBool(c.justificationGiven()),
                            "expired", new PrimBool(c.expired()),
                            "trainingConsent", new PrimBool(c.trainingConsent())))));
    request.photoSource().ifPresent(p -> context.put("photoSource", enumValue(p)));
    request
        .usage()
        .ifPresent(
            u ->
                context.put(
                    "usage",
                    new CedarMap(
                        Map.of(
                            "searchesToday", new PrimLong(u.searchesToday()),
                            "distinctProbesForCase", new PrimLong(u.distinctProbesForCase()),
                            "newProbe", new PrimBool(u.newProbe())))));
    request
        .review()
        .ifPresent(
            r ->
                context.put(
                    "review",
                    new CedarMap(
                        Map.of(
                            "potentialCandidateVerdicts",
                                new PrimLong(r.potentialCandidateVerdicts()),
                            "confirmationRecorded", new PrimBool(r.confirmationRecorded()),
                            "actorAlreadyRecorded", new PrimBool(r.actorAlreadyRecorded())))));
    request
        .access()
        .ifPresent(
            a ->
                context.put(
                    "access",
                    new CedarMap(
                        Map.of(
                            "party", new PrimBool(a.party()),
                            "assigned", new PrimBool(a.assigned()),
                            "candidateOfVisibleCase", new PrimBool(a.candidateOfVisibleCase())))));
    context.put(
        "limits",
        new CedarMap(
            Map.of(
                "searchesPerDay", new PrimLong(limits.searchesPerDay()),
                "probesPerCase", new PrimLong(limits.probesPerCase()))));

    return new Mapped(principal, ACTION.of(request.action().name()), resource, context, entities);
  }

  /** {@code Role::"FACE_EXAMINER"}, {@code Purpose::"FAMILY_TRACING"}, ... */
  static EntityUID enumValue(Enum<?> value) {
    return type(value.getDeclaringClass().getSimpleName()).of(value.name());
  }

  private static CedarList roles(Set<Role> roles) {
    // A Cedar set travels as a list; the schema makes it a Set<Role>.
    List<Value> values = roles.stream().sorted().<Value>map(CedarRequestMapper::enumValue).toList();
    return new CedarList(values);
  }

  private static EntityTypeName type(String name) {
    return EntityTypeName.parse(name)
        .orElseThrow(() -> new IllegalStateException("bad Cedar type name " + name));
  }
}
