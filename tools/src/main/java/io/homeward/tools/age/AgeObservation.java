package io.homeward.tools.age;

import io.homeward.embedder.domain.AgeClass;

/**
 * One face's age estimate next to what is known about it.
 *
 * @param set where the photo comes from ({@code synthetic}, {@code lag}, {@code cacd})
 * @param subject the identity, for identity-disjoint splits ({@code ""} when unknown)
 * @param labelledAge the age the set states, or {@code NaN} when it states none
 * @param minor whether the set says the person is under 18 (LAG's childhood photos count as such)
 * @param years the estimate, or {@code NaN} for a classifier that estimates no age
 * @param minorScore higher means more likely a minor (a probability, or minus the estimate)
 * @param ageClass the estimate's class
 */
public record AgeObservation(
    String set,
    String subject,
    double labelledAge,
    boolean minor,
    double years,
    double minorScore,
    AgeClass ageClass) {}
