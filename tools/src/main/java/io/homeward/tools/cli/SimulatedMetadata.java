package io.homeward.tools.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * SIMULATED metadata for LAG, which records only young/adult, no ages, dates or sex, so that the
 * search service's metadata evidence can be evaluated at all. Every draw is deterministic, seeded
 * by the subject (and the photo for per-photo draws), so runs are reproducible:
 *
 * <ul>
 *   <li>birth year: uniform in {@value #BIRTH_FROM}..{@value #BIRTH_TO} per subject;
 *   <li>young photo: age uniform in {@value #YOUNG_AGE_FROM}..{@value #YOUNG_AGE_TO}, photo year =
 *       birth year + age;
 *   <li>adult photo: age uniform in {@value #ADULT_AGE_FROM}..{@value #ADULT_AGE_TO}, photo year =
 *       birth year + age;
 *   <li>sex: unknown on both sides;
 *   <li>probe (young photo, the family's side): its age and photo year, birth year +-{@value
 *       #PROBE_BIRTH_SLACK} (families know birth years);
 *   <li>gallery (adult photo, a found person's estimate): its age and photo year, birth year
 *       +-{@value #GALLERY_BIRTH_SLACK}.
 * </ul>
 *
 * <p>These facts are true and error-free, which is generous to metadata. The noisy variant models
 * recollection errors: a subject is misremembered with probability {@value #NOISY_FRACTION}; its
 * probe-side birth year is then off by {@value #NOISE_FROM}..{@value #NOISE_TO} years (either
 * direction); its ages and photo years stay true.
 */
final class SimulatedMetadata {
  static final int BIRTH_FROM = 1960;
  static final int BIRTH_TO = 2000;
  static final int YOUNG_AGE_FROM = 2;
  static final int YOUNG_AGE_TO = 12;
  static final int ADULT_AGE_FROM = 20;
  static final int ADULT_AGE_TO = 50;
  static final int PROBE_BIRTH_SLACK = 1;
  static final int GALLERY_BIRTH_SLACK = 5;
  static final double NOISY_FRACTION = 0.2;
  static final int NOISE_FROM = 5;
  static final int NOISE_TO = 15;

  /** One photo's simulated facts, as sent to the search service. */
  record Facts(int ageAtPhoto, int photoYear, int birthYearFrom, int birthYearTo) {}

  /** Labels for reports: how the metadata was simulated. */
  static final String DESCRIPTION =
      "SIMULATED (LAG has no ages or dates): birth year U["
          + BIRTH_FROM
          + ","
          + BIRTH_TO
          + "] per subject; young photo age U["
          + YOUNG_AGE_FROM
          + ","
          + YOUNG_AGE_TO
          + "], adult photo age U["
          + ADULT_AGE_FROM
          + ","
          + ADULT_AGE_TO
          + "], photo year = birth + age; probe birth year +-"
          + PROBE_BIRTH_SLACK
          + ", gallery birth year +-"
          + GALLERY_BIRTH_SLACK
          + "; sex unknown; seeded by subject";

  static final String NOISY_DESCRIPTION =
      DESCRIPTION
          + "; NOISY: "
          + Math.round(NOISY_FRACTION * 100)
          + "% of subjects (drawn per subject) give a probe birth year off by "
          + NOISE_FROM
          + "-"
          + NOISE_TO
          + " years";

  private SimulatedMetadata() {}

  static int birthYear(String subject) {
    return between(random("birth", subject, ""), BIRTH_FROM, BIRTH_TO);
  }

  /** A young photo as a probe, birth year as the family gives it (true, +-1). */
  static Facts probe(String subject, String photo) {
    return young(subject, photo, birthYear(subject));
  }

  /** A young photo as a probe, with the subject's recollection error if it has one. */
  static Facts noisyProbe(String subject, String photo) {
    return young(subject, photo, birthYear(subject) + birthYearError(subject));
  }

  /** A found adult's photo in the gallery, birth year estimated +-5. */
  static Facts gallery(String subject, String photo) {
    int birth = birthYear(subject);
    int age = between(random("adult-age", subject, photo), ADULT_AGE_FROM, ADULT_AGE_TO);
    return new Facts(age, birth + age, birth - GALLERY_BIRTH_SLACK, birth + GALLERY_BIRTH_SLACK);
  }

  /** Years the subject's family misremembers the birth year by in the noisy variant; 0 for most. */
  static int birthYearError(String subject) {
    SplittableRandom r = random("noise", subject, "");
    if (r.nextDouble() >= NOISY_FRACTION) {
      return 0;
    }
    int years = between(r, NOISE_FROM, NOISE_TO);
    return r.nextBoolean() ? years : -years;
  }

  private static Facts young(String subject, String photo, int statedBirth) {
    int age = between(random("young-age", subject, photo), YOUNG_AGE_FROM, YOUNG_AGE_TO);
    // The photo year follows the true birth year; only the stated birth year may be wrong.
    int photoYear = birthYear(subject) + age;
    return new Facts(
        age, photoYear, statedBirth - PROBE_BIRTH_SLACK, statedBirth + PROBE_BIRTH_SLACK);
  }

  private static int between(SplittableRandom r, int from, int to) {
    return r.nextInt(from, to + 1);
  }

  /** A generator seeded by a digest of the purpose, subject and photo: stable across runs. */
  private static SplittableRandom random(String purpose, String subject, String photo) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest((purpose + '\n' + subject + '\n' + photo).getBytes(StandardCharsets.UTF_8));
      long seed = 0;
      for (int i = 0; i < 8; i++) {
        seed = (seed << 8) | (d[i] & 0xff);
      }
      return new SplittableRandom(seed);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
