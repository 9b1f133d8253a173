package io.homeward.gateway.store;

import java.time.Instant;

/** Who referred a review item's pair to DNA comparison, and when. */
public record DnaReferral(String referredBy, Instant referredAt) {}
