package io.homeward.tools.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything one evaluation run measured, in the shape written to JSON ({@link ReportJson}).
 *
 * @param configuration labels the caller chose (model id and version, flip averaging, dataset, ...)
 * @param identification figures over all probes of the identification set (LAG), or null if not run
 * @param bands the same figures per band (e.g. age gap), empty when no bands were given
 * @param pairVerification cross-fold pair accuracy (CACD-VS), or null if not run
 */
public record EvaluationReport(
    Map<String, String> configuration,
    GroupMetrics identification,
    Map<String, GroupMetrics> bands,
    PairVerificationResult pairVerification) {

  public EvaluationReport {
    configuration =
        configuration == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
    bands = bands == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(bands));
  }

  /** A report from an identification run and an optional pair-verification run. */
  public static EvaluationReport of(
      Map<String, String> configuration, EvaluationResult result, PairVerificationResult pairs) {
    return new EvaluationReport(
        configuration,
        result == null ? null : result.overall(),
        result == null ? Map.of() : result.bands(),
        pairs);
  }
}
