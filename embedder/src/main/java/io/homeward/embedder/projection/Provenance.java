package io.homeward.embedder.projection;

import java.util.Objects;

/**
 * Where a projection's parameters came from, kept in its file so that every vector space can be
 * traced to the data and the command that made it.
 *
 * @param dataset the data the parameters were fitted on
 * @param terms the terms that data is held under
 * @param researchOnly whether those terms allow research use only; such parameters load only where
 *     the configuration allows them
 * @param fittedAt when (ISO-8601)
 * @param command the command line that fitted them
 * @param split how identities were split into train and test (rule, seed, fraction, digest of the
 *     test identities)
 * @param trainIdentities identities the parameters were fitted on
 * @param testIdentities identities held out (never seen by the fitting)
 * @param choice what was chosen and how (e.g. the regularisation, by inner cross-validation)
 * @param measured before/after figures on the test identities, as printed by the command
 */
public record Provenance(
    String dataset,
    String terms,
    boolean researchOnly,
    String fittedAt,
    String command,
    String split,
    int trainIdentities,
    int testIdentities,
    String choice,
    String measured) {

  public Provenance {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(terms, "terms");
    Objects.requireNonNull(fittedAt, "fittedAt");
    Objects.requireNonNull(command, "command");
    split = split == null ? "" : split;
    choice = choice == null ? "" : choice;
    measured = measured == null ? "" : measured;
  }

  /** This provenance with what was chosen and how. */
  public Provenance withChoice(String newChoice) {
    return new Provenance(
        dataset,
        terms,
        researchOnly,
        fittedAt,
        command,
        split,
        trainIdentities,
        testIdentities,
        newChoice,
        measured);
  }

  /** This provenance with the figures measured on the held-out identities. */
  public Provenance withMeasured(String newMeasured) {
    return new Provenance(
        dataset,
        terms,
        researchOnly,
        fittedAt,
        command,
        split,
        trainIdentities,
        testIdentities,
        choice,
        newMeasured);
  }

  /** The provenance of the identity projection: nothing was fitted. */
  static Provenance none() {
    return new Provenance("none", "none", false, "", "", "", 0, 0, "", "");
  }
}
