package io.homeward.search.ranking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeward.support.config.Locations;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Raw cosine to a calibrated score per age-gap band, and calibrated scores to bands. Versioned per
 * model: a file fitted on development data, with its provenance, so every candidate can be traced
 * to the calibration that banded it.
 */
public final class Calibration {
  /** One age-gap band's logistic curve: {@code sigmoid(slope * cosine + intercept)}. */
  public record GapBand(String name, float maxYears, float slope, float intercept) {}

  /**
   * The agreeing-photos bonus of files written before it was fitted (set by hand then): 0.5
   * log-odds per further agreeing photo.
   */
  static final float DEFAULT_SEVERAL_PHOTOS_BONUS = 0.5f;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String version;
  private final String modelId;
  private final String modelVersion;
  private final List<GapBand> gapBands;
  private final GapBand unknownGap;
  private final float possible;
  private final float probable;
  private final float strong;
  private final float severalPhotosBonus;
  private final float severalProbesPenalty;
  private final Band agreementBand;

  private Calibration(
      String version,
      String modelId,
      String modelVersion,
      List<GapBand> gapBands,
      GapBand unknownGap,
      float possible,
      float probable,
      float strong,
      float severalPhotosBonus,
      float severalProbesPenalty,
      Band agreementBand) {
    if (!(0 < possible && possible < probable && probable < strong && strong < 1)) {
      throw new IllegalArgumentException("band thresholds must rise within 0..1");
    }
    this.version = version;
    this.modelId = modelId;
    this.modelVersion = modelVersion;
    this.gapBands = List.copyOf(gapBands);
    this.unknownGap = unknownGap;
    this.possible = possible;
    this.probable = probable;
    this.strong = strong;
    this.severalPhotosBonus = severalPhotosBonus;
    this.severalProbesPenalty = severalProbesPenalty;
    if (agreementBand == Band.WEAK) {
      throw new IllegalArgumentException("a WEAK match is no agreement");
    }
    this.agreementBand = agreementBand;
  }

  /** Reads a calibration from {@code classpath:...} or a file. */
  public static Calibration read(String location) {
    try (InputStream in = Locations.open(location, Calibration.class)) {
      JsonNode root = JSON.readTree(in);
      List<GapBand> known = new ArrayList<>();
      GapBand unknown = null;
      for (JsonNode b : root.get("gapBands")) {
        GapBand band =
            new GapBand(
                b.get("name").asText(),
                (float) b.get("maxYears").asDouble(),
                (float) b.get("slope").asDouble(),
                (float) b.get("intercept").asDouble());
        if (band.maxYears() < 0) {
          unknown = band;
        } else {
          known.add(band);
        }
      }
      if (unknown == null || known.isEmpty()) {
        throw new IllegalArgumentException(
            "a calibration needs known-gap bands and an unknown-gap band");
      }
      known.sort(Comparator.comparingDouble(GapBand::maxYears));
      JsonNode bands = root.get("bands");
      JsonNode bonus = root.get("severalPhotosBonus");
      JsonNode penalty = root.get("severalProbesPenalty");
      JsonNode agreement = root.get("agreementBand");
      return new Calibration(
          root.get("version").asText(),
          root.get("modelId").asText(),
          root.get("modelVersion").asText(),
          known,
          unknown,
          (float) bands.get("possible").asDouble(),
          (float) bands.get("probable").asDouble(),
          (float) bands.get("strong").asDouble(),
          bonus == null ? DEFAULT_SEVERAL_PHOTOS_BONUS : (float) bonus.asDouble(),
          penalty == null ? 0f : (float) penalty.asDouble(),
          agreement == null ? Band.POSSIBLE : Band.valueOf(agreement.asText()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "calibration " + location + " cannot be read: " + e.getMessage(), e);
    }
  }

  public String version() {
    return version;
  }

  public boolean isFor(String id, String modelVersion) {
    return modelId.equals(id) && this.modelVersion.equals(modelVersion);
  }

  /** The band for an age gap in years (negative: unknown). */
  public GapBand gapBand(float gapYears) {
    if (gapYears < 0) {
      return unknownGap;
    }
    for (GapBand b : gapBands) {
      if (gapYears <= b.maxYears()) {
        return b;
      }
    }
    return gapBands.get(gapBands.size() - 1);
  }

  /** The calibrated log-odds of a cosine at an age gap, before metadata evidence. */
  public double logOdds(float cosine, float gapYears) {
    GapBand b = gapBand(gapYears);
    return b.slope() * cosine + b.intercept();
  }

  /**
   * Whether a face pair on its own, before any metadata, reaches the {@link #agreementBand}: the
   * level at which a photo counts as agreeing with a candidate.
   */
  public boolean faceAgrees(float cosine, float gapYears) {
    return band(sigmoid(logOdds(cosine, gapYears))).compareTo(agreementBand) >= 0;
  }

  /**
   * The band a face pair alone must reach for its photo to agree with a candidate ({@code
   * agreementBand}, chosen on training identities where the file says so); {@link Band#POSSIBLE} in
   * older files.
   */
  public Band agreementBand() {
    return agreementBand;
  }

  /**
   * Log-odds added per further agreeing photo beyond the first (at most three): fitted on case
   * searches of training identities where the file says so ({@code severalPhotosBonus}).
   */
  public float severalPhotosBonus() {
    return severalPhotosBonus;
  }

  /**
   * Log-odds taken from every candidate of a case search per unit of the log of its probe photos
   * (the best of several photos' matches overstates a case): fitted on case searches of training
   * identities where the file says so ({@code severalProbesPenalty}); 0 in older files.
   */
  public float severalProbesPenalty() {
    return severalProbesPenalty;
  }

  public static float sigmoid(double logOdds) {
    return (float) (1 / (1 + Math.exp(-logOdds)));
  }

  public Band band(float calibrated) {
    if (calibrated >= strong) {
      return Band.STRONG;
    }
    if (calibrated >= probable) {
      return Band.PROBABLE;
    }
    if (calibrated >= possible) {
      return Band.POSSIBLE;
    }
    return Band.WEAK;
  }
}
