package io.homeward.gateway.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.Context;
import com.cedarpolicy.model.DetailedError;
import com.cedarpolicy.model.Effect;
import com.cedarpolicy.model.ValidationRequest;
import com.cedarpolicy.model.ValidationResponse;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.exception.CacheException;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.schema.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The policy engine on Cedar. Loads the schema and policies once, validates every policy against
 * the schema and refuses to be built on any error, then decides requests with no shared mutable
 * state (thread-safe).
 *
 * <p>Fails closed: a request Cedar rejects (it does not fit the schema), an error while evaluating
 * any policy (Cedar would skip that policy, which could skip a {@code forbid}) or any exception is
 * a denial: {@link #FAIL_CLOSED_INVALID_REQUEST} or {@link #FAIL_CLOSED_EVALUATION_ERROR}. Messages
 * never carry request facts.
 */
public final class CedarPolicyEngine implements PolicyEngine {
  /** Reported when Cedar refused the request itself (it does not fit the schema). */
  public static final String FAIL_CLOSED_INVALID_REQUEST = "engine-fail-closed-invalid-request";

  /** Reported (with the failing policies' ids) when a policy could not be evaluated. */
  public static final String FAIL_CLOSED_EVALUATION_ERROR = "engine-fail-closed-evaluation-error";

  private static final Logger LOG = Logger.getLogger(CedarPolicyEngine.class);
  private static final String ID_ANNOTATION = "id";

  private final BasicAuthorizationEngine cedar = new BasicAuthorizationEngine();
  private final Schema schema;
  private final PolicySet policySet;
  private final List<LoadedPolicy> policies;
  private final String version;
  private final CedarRequestMapper mapper;

  private CedarPolicyEngine(PolicyFiles files, PolicyLimits limits) {
    this.schema = parseSchema(files.schemaText());
    Map<String, LoadedPolicy> loaded = new LinkedHashMap<>();
    Set<Policy> renamed = new HashSet<>();
    files.policies().forEach((file, text) -> parsePolicies(file, text, loaded, renamed));
    this.policySet = new PolicySet(renamed);
    this.policies = List.copyOf(loaded.values());
    this.version = files.version();
    validate();
    cacheParsed();
    this.mapper = new CedarRequestMapper(limits);
    LOG.infof("loaded %d policies, version %s", policies.size(), version);
  }

  /**
   * Has Cedar keep the parsed policies and schema (they never change while the engine lives), so a
   * decision no longer serialises and parses them again: measured about 6 ms a decision without,
   * 0.3 ms with, and a case search asks about five decisions per candidate. Should Cedar refuse,
   * decisions stay correct on the slower path.
   */
  private void cacheParsed() {
    try {
      policySet.cache();
      schema.cache();
    } catch (CacheException | RuntimeException e) {
      LOG.warnf(
          "Cedar could not keep the parsed policies (%s); each decision parses them again",
          e.getClass().getSimpleName());
    }
  }

  /** Whether Cedar keeps the parsed policies and schema (the fast path). */
  boolean keepsParsed() {
    return policySet.cacheKey().isPresent() && schema.cacheKey().isPresent();
  }

  /** The policies shipped in {@code policy/} on the classpath. */
  public static CedarPolicyEngine fromClasspath(PolicyLimits limits) {
    return new CedarPolicyEngine(PolicyFiles.fromClasspath(), limits);
  }

  /**
   * The policies in a directory: {@code homeward.cedarschema}, {@code *.cedar} (name order) and
   * optionally {@code VERSION}.
   */
  public static CedarPolicyEngine fromDirectory(Path dir, PolicyLimits limits) {
    return new CedarPolicyEngine(PolicyFiles.fromDirectory(dir), limits);
  }

  @Override
  public PolicyDecision decide(PolicyRequest request) {
    try {
      CedarRequestMapper.Mapped mapped = mapper.map(request);
      AuthorizationRequest cedarRequest =
          new AuthorizationRequest(
              mapped.principal(),
              mapped.action(),
              mapped.resource(),
              new Context(mapped.context()),
              Optional.of(schema),
              true);
      AuthorizationResponse response =
          cedar.isAuthorized(cedarRequest, policySet, mapped.entities());
      if (response.success.isEmpty()) {
        LOG.warnf(
            "policy request for %s refused by Cedar (%d errors); denied",
            request.action(), response.errors.map(List::size).orElse(0));
        return deny(List.of(FAIL_CLOSED_INVALID_REQUEST));
      }
      AuthorizationSuccessResponse success = response.success.get();
      if (!success.getErrors().isEmpty()) {
        List<String> failing =
            success.getErrors().stream()
                .map(AuthorizationSuccessResponse.AuthorizationError::getPolicyId)
                .distinct()
                .sorted()
                .toList();
        LOG.warnf("policies %s could not be evaluated for %s; denied", failing, request.action());
        List<String> ids = new ArrayList<>();
        ids.add(FAIL_CLOSED_EVALUATION_ERROR);
        ids.addAll(failing);
        return deny(ids);
      }
      List<String> reasons = success.getReason().stream().sorted().toList();
      return new PolicyDecision(success.isAllowed(), reasons, version);
    } catch (AuthException | RuntimeException e) {
      LOG.warnf(
          "policy evaluation failed for %s (%s); denied",
          request.action(), e.getClass().getSimpleName());
      return deny(List.of(FAIL_CLOSED_EVALUATION_ERROR));
    }
  }

  @Override
  public String version() {
    return version;
  }

  /** Every policy loaded, in file order. */
  public List<LoadedPolicy> policies() {
    return policies;
  }

  /** Every policy id loaded. */
  public Set<String> policyIds() {
    return policies.stream().map(LoadedPolicy::id).collect(Collectors.toUnmodifiableSet());
  }

  private PolicyDecision deny(List<String> ids) {
    return new PolicyDecision(false, ids, version);
  }

  private static Schema parseSchema(String text) {
    try {
      return Schema.parse(Schema.JsonOrCedar.Cedar, text);
    } catch (InternalException e) {
      throw new PolicyLoadException(
          "policy schema " + PolicyFiles.SCHEMA + " does not parse: " + e.getErrors(), e);
    }
  }

  private static void parsePolicies(
      String file, String text, Map<String, LoadedPolicy> loaded, Set<Policy> renamed) {
    PolicySet parsed;
    try {
      parsed = PolicySet.parsePolicies(text);
    } catch (InternalException e) {
      throw new PolicyLoadException("policy file " + file + " does not parse: " + e.getErrors(), e);
    }
    if (parsed.getNumTemplates() > 0 || !parsed.templateLinks.isEmpty()) {
      throw new PolicyLoadException(
          "policy file " + file + " holds templates; only static policies are allowed");
    }
    if (parsed.policies.isEmpty()) {
      throw new PolicyLoadException("policy file " + file + " holds no policy");
    }
    // Cedar names parsed policies policy0, policy1, ...; decisions must name them by their @id.
    List<Policy> inOrder = new ArrayList<>(parsed.policies);
    inOrder.sort(Comparator.comparingInt(CedarPolicyEngine::parsedPosition));
    for (Policy policy : inOrder) {
      String id = annotation(file, policy);
      if (id == null || id.isBlank()) {
        throw new PolicyLoadException(
            "policy file "
                + file
                + ": every policy needs an @id(\"...\") annotation; this one has none: "
                + firstLine(policy.getSource()));
      }
      if (loaded.containsKey(id)) {
        throw new PolicyLoadException(
            "policy file "
                + file
                + ": duplicate policy id "
                + id
                + " (also in "
                + loaded.get(id).file()
                + ")");
      }
      boolean forbid;
      try {
        forbid = policy.effect() == Effect.FORBID;
      } catch (InternalException e) {
        throw new PolicyLoadException(
            "policy file " + file + ": cannot read the effect of " + id, e);
      }
      loaded.put(id, new LoadedPolicy(id, forbid, file));
      renamed.add(new Policy(policy.getSource(), id));
    }
  }

  /** Cedar's own ids count up in file order: policy0, policy1, ... */
  private static int parsedPosition(Policy policy) {
    String id = policy.getID();
    try {
      return Integer.parseInt(id.substring(id.lastIndexOf('y') + 1));
    } catch (RuntimeException e) {
      return Integer.MAX_VALUE;
    }
  }

  private static String annotation(String file, Policy policy) {
    try {
      return policy.getAnnotations().get(ID_ANNOTATION);
    } catch (InternalException e) {
      throw new PolicyLoadException("policy file " + file + ": cannot read annotations", e);
    }
  }

  private void validate() {
    ValidationResponse response;
    try {
      response = cedar.validate(new ValidationRequest(schema, policySet));
    } catch (AuthException e) {
      throw new PolicyLoadException("policy validation could not run: " + e.getMessage(), e);
    }
    if (response.errors.isPresent()) {
      throw new PolicyLoadException(
          "policy validation failed: "
              + response.errors.get().stream().map(CedarPolicyEngine::describe).toList());
    }
    ValidationResponse.ValidationSuccessResponse result = response.success.orElseThrow();
    if (!result.validationErrors.isEmpty() || !response.validationPassed()) {
      throw new PolicyLoadException(
          "policies do not validate against "
              + PolicyFiles.SCHEMA
              + ": "
              + result.validationErrors.stream()
                  .map(e -> e.getPolicyId() + ": " + describe(e.getError()))
                  .toList());
    }
    result.validationWarnings.forEach(
        w -> LOG.warnf("policy %s: %s", w.getPolicyId(), describe(w.getError())));
  }

  private static String describe(DetailedError error) {
    return error.message + error.help.filter(h -> !h.isBlank()).map(h -> " (" + h + ")").orElse("");
  }

  private static String firstLine(String source) {
    String line = source.strip().lines().findFirst().orElse("");
    return line.length() > 120 ? line.substring(0, 120) + "..." : line;
  }
}
