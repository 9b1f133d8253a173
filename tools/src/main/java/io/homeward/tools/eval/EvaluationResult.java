package io.homeward.tools.eval;

import java.util.List;
import java.util.Map;

/**
 * Output of {@link Evaluator#evaluate}.
 *
 * @param overall figures over all probes
 * @param bands figures per band label, in the order bands were first met; empty without a band
 *     function
 * @param probes one outcome per probe, in input order
 */
public record EvaluationResult(
    GroupMetrics overall, Map<String, GroupMetrics> bands, List<ProbeOutcome> probes) {}
