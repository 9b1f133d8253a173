package io.homeward.gateway.store;

import io.homeward.gateway.domain.FacialFeature;
import io.homeward.gateway.domain.FeatureAssessment;

/** One examiner's observation of one facial feature of a review item; the note stays sealed. */
public record ObservationRecord(
    String examiner, FacialFeature feature, FeatureAssessment assessment, byte[] noteSealed) {}
