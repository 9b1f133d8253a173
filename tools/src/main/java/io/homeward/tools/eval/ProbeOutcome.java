package io.homeward.tools.eval;

/**
 * Where one probe's match landed, for looking at failures one by one.
 *
 * @param band the probe's band label, or null without a band function
 * @param inGallery whether the probe's subject has any gallery photo
 * @param imageRank 1-based rank of the first correct gallery photo; {@link #NOT_FOUND} when the
 *     probe failed to enrol, all its subject's gallery photos did, or the subject is absent
 * @param identityRank 1-based rank of the correct identity, or {@link #NOT_FOUND}
 */
public record ProbeOutcome(
    String id, String subject, String band, boolean inGallery, int imageRank, int identityRank) {
  public static final int NOT_FOUND = 0;
}
